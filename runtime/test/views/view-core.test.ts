import { describe, expect, it, vi } from 'vitest';
import type { FormDefinition, RecordDto } from '@tangram/client';
import { checkFilter } from '@tangram/query';
import { createPageLoader, type Page } from '../../src/views/core/page-loader';
import {
  emptyCondition,
  emptyGroup,
  fromFilter,
  operatorsFor,
  toFilter,
  valueEditor,
  dynamicChoices,
  type ConditionDraft,
} from '../../src/views/core/filter-draft';
import { createViewStore, reconcileColumns } from '../../src/views/core/view-store';

const l = (en: string) => ({ en, 'zh-CN': en });
const form: FormDefinition = {
  id: 'deals',
  name: l('Deals'),
  fields: [
    { id: 'name', type: 'text', label: l('Name') },
    {
      id: 'region',
      type: 'select',
      label: l('Region'),
      config: {
        options: [
          { value: 'east', label: l('East') },
          { value: 'west', label: l('West') },
        ],
      },
    },
    { id: 'amount', type: 'number', label: l('Amount') },
    { id: 'due', type: 'date', label: l('Due') },
    { id: 'owner', type: 'member', label: l('Owner') },
    { id: 'line', type: 'divider', label: l('Line') },
  ],
} as FormDefinition;

const record = (i: number): RecordDto =>
  ({ id: `r${i}`, version: 1, data: { name: `N${i}` } }) as unknown as RecordDto;
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('page loader', () => {
  function fakeServer(total: number) {
    const calls: (string | undefined)[] = [];
    const fetchPage = vi.fn(async (cursor: string | undefined, limit: number): Promise<Page> => {
      calls.push(cursor);
      const start = cursor ? Number(cursor) : 0;
      const end = Math.min(total, start + limit);
      return {
        items: Array.from({ length: end - start }, (_, i) => record(start + i)),
        nextCursor: end < total ? String(end) : null,
      };
    });
    return { calls, fetchPage, fetchCount: vi.fn(async () => total) };
  }

  it('fetches bigger pages (up to the maximum) when the table jumps far ahead', async () => {
    const server = fakeServer(10_000);
    const loader = createPageLoader({ ...server, pageSize: 100, maxPageSize: 500 });
    loader.reset();
    await flush();
    loader.ensure(5_000);
    await flush();
    const limits = server.fetchPage.mock.calls.map((call) => call[1]);
    expect(limits[0]).toBe(100);
    expect(limits.slice(1).every((limit) => limit === 500)).toBe(true);
    expect(loader.getState().rows.length).toBeGreaterThan(5_000);
    expect(server.fetchPage.mock.calls.length).toBeLessThanOrEqual(12);
  });

  it('doubles the page while the reader keeps scrolling into the placeholders, not for a slow reader', async () => {
    // The table lays out loaded rows plus one page of placeholders; scrolled to the bottom it asks
    // for the last placeholder, as the deep-scroll benchmark does.
    const scroll = async (pause: number) => {
      let clock = 0;
      const server = fakeServer(100_000);
      const loader = createPageLoader({ ...server, pageSize: 100, maxPageSize: 500, now: () => clock });
      loader.reset();
      await flush();
      while (loader.getState().rows.length < 5_000) {
        clock += pause;
        loader.ensure(loader.displayCount() - 1);
        await flush();
      }
      return server.fetchPage.mock.calls.map((call) => call[1]);
    };
    const fast = await scroll(50);
    expect(fast.slice(0, 5)).toEqual([100, 199, 398, 500, 500]);
    expect(fast.length).toBeLessThanOrEqual(13);
    // Someone reading as they go (pages landing seconds apart) gets ordinary pages.
    const slow = await scroll(5_000);
    expect(new Set(slow.slice(1))).toEqual(new Set([199]));
    expect(slow.length).toBeGreaterThan(24);
  });

  it('loads keyset pages on demand, passing the previous cursor, and counts once after the first page', async () => {
    const server = fakeServer(250);
    const loader = createPageLoader({ ...server, pageSize: 100 });
    loader.reset();
    await flush();
    expect(loader.getState().rows).toHaveLength(100);
    expect(server.fetchCount).toHaveBeenCalledTimes(1);
    expect(loader.getState().total).toBe(250);
    expect(loader.displayCount()).toBe(200);
    loader.ensure(50);
    await flush();
    expect(server.fetchPage).toHaveBeenCalledTimes(1);
    loader.ensure(120);
    loader.ensure(130);
    await flush();
    expect(server.calls).toEqual([undefined, '100']);
    loader.ensure(240);
    await flush();
    // ensure(120) asked for rows 100..219 in one page; the next page starts after them.
    expect(server.calls).toEqual([undefined, '100', '220']);
    expect(loader.getState()).toMatchObject({ done: true, total: 250 });
    expect(loader.displayCount()).toBe(250);
    loader.ensure(400);
    await flush();
    expect(server.fetchPage).toHaveBeenCalledTimes(3);
  });

  it('ignores answers of a previous query after reset', async () => {
    let release!: (p: Page) => void;
    const fetchPage = vi
      .fn<(c: string | undefined, n: number) => Promise<Page>>()
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValue({ items: [record(9)], nextCursor: null });
    const loader = createPageLoader({ fetchPage });
    loader.reset();
    loader.reset();
    await flush();
    release({ items: [record(1), record(2)], nextCursor: 'x' });
    await flush();
    expect(loader.getState().rows.map((r) => r.id)).toEqual(['r9']);
  });

  it('replaces and removes loaded rows without reloading', async () => {
    const server = fakeServer(3);
    const loader = createPageLoader(server);
    loader.reset();
    await flush();
    loader.replace({ ...record(1), version: 2 });
    expect(loader.getState().rows[1]!.version).toBe(2);
    loader.remove(new Set(['r0', 'r2']));
    expect(loader.getState().rows.map((r) => r.id)).toEqual(['r1']);
    expect(loader.getState().total).toBe(1);
  });
});

describe('filter drafts', () => {
  const cond = (patch: Partial<ConditionDraft>): ConditionDraft => ({ ...emptyCondition(), ...patch });

  it('offers the registry operators and a value editor per field type', () => {
    expect(operatorsFor(form, 'amount')).toContain('between');
    expect(operatorsFor(form, 'region')).not.toContain('gt');
    expect(operatorsFor(form, 'line')).toEqual([]);
    expect(valueEditor(form, 'region', 'eq')).toBe('option');
    expect(valueEditor(form, 'region', 'in')).toBe('options');
    expect(valueEditor(form, 'amount', 'between')).toBe('numberRange');
    expect(valueEditor(form, 'due', 'gte')).toBe('date');
    expect(valueEditor(form, 'owner', 'eq')).toBe('member');
    expect(valueEditor(form, 'name', 'isEmpty')).toBe('none');
    expect(dynamicChoices(form, 'due', 'eq')).toContain('thisMonth');
    expect(dynamicChoices(form, 'owner', 'eq')).toEqual(['currentUser']);
    expect(dynamicChoices(form, 'name', 'eq')).toEqual([]);
  });

  it('builds valid nested ASTs and leaves incomplete conditions out', () => {
    const draft = {
      ...emptyGroup('and'),
      items: [
        cond({ field: 'region', op: 'eq', value: 'east' }),
        cond({ field: 'amount', op: 'between', value: [10, 20] }),
        cond({ field: 'name', op: 'contains', value: '' }),
        cond({ field: 'amount' }),
        {
          ...emptyGroup('or'),
          items: [
            cond({ field: 'due', op: 'eq', value: { dynamic: 'thisMonth' } }),
            cond({ field: 'owner', op: 'eq', value: { dynamic: 'currentUser' } }),
            cond({ field: 'name', op: 'isEmpty' }),
            cond({ field: 'amount', op: 'in', value: ['1', '2.5'] }),
          ],
        },
        emptyGroup('or'),
      ],
    };
    const filter = toFilter(form, draft);
    expect(filter).toEqual({
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'region', op: 'eq', value: 'east' },
        { kind: 'cmp', field: 'amount', op: 'between', value: [10, 20] },
        {
          kind: 'or',
          items: [
            { kind: 'cmp', field: 'due', op: 'eq', value: { dynamic: 'thisMonth' } },
            { kind: 'cmp', field: 'owner', op: 'eq', value: { dynamic: 'currentUser' } },
            { kind: 'cmp', field: 'name', op: 'isEmpty' },
            { kind: 'cmp', field: 'amount', op: 'in', value: [1, 2.5] },
          ],
        },
      ],
    });
    expect(checkFilter(filter, form)).toEqual([]);
    expect(toFilter(form, fromFilter(filter))).toEqual(filter);
    expect(toFilter(form, emptyGroup())).toBeUndefined();
    expect(
      toFilter(form, { ...emptyGroup(), items: [cond({ field: 'region', op: 'gt', value: 'x' })] }),
    ).toBeUndefined();
  });
});

describe('view store', () => {
  it('keeps columns in order, toggles, moves and resizes them', () => {
    const store = createViewStore(form);
    const visible = () =>
      store
        .getState()
        .columns.filter((c) => !c.hidden)
        .map((c) => c.field);
    expect(visible()).toEqual(['name', 'region', 'amount', 'due', 'owner']);
    store.getState().moveColumn('amount', -1);
    store.getState().toggleColumn('due');
    store.getState().toggleColumn('createdAt');
    store.getState().resizeColumn('name', 5000);
    expect(visible()).toEqual(['name', 'amount', 'region', 'owner', 'createdAt']);
    expect(store.getState().columns[0]).toEqual({ field: 'name', width: 800 });
    expect(store.getState().dirty).toBe(true);
    expect(reconcileColumns(form, [{ field: 'gone' }, { field: 'amount', width: 90 }])[0]).toEqual({
      field: 'amount',
      width: 90,
    });
  });

  it('sorts by header clicks, multi-key with shift', () => {
    const store = createViewStore(form);
    const s = store.getState();
    s.toggleSort('amount', false);
    expect(store.getState().sort).toEqual([{ field: 'amount', dir: 'asc' }]);
    s.toggleSort('amount', false);
    expect(store.getState().sort).toEqual([{ field: 'amount', dir: 'desc' }]);
    s.toggleSort('name', true);
    expect(store.getState().sort).toEqual([
      { field: 'amount', dir: 'desc' },
      { field: 'name', dir: 'asc' },
    ]);
    s.toggleSort('amount', true);
    expect(store.getState().sort).toEqual([{ field: 'name', dir: 'asc' }]);
    s.toggleSort('line', false);
    expect(store.getState().sort).toEqual([{ field: 'name', dir: 'asc' }]);
  });

  it('selects rows, clears the selection when the query changes, and saves a config', () => {
    const store = createViewStore(form);
    const s = store.getState();
    s.toggleSelected('a');
    s.toggleSelected('b');
    s.toggleSelected('a');
    expect([...store.getState().selection]).toEqual(['b']);
    s.setQ('acme');
    expect(store.getState().selection.size).toBe(0);
    s.setFilter({ kind: 'cmp', field: 'region', op: 'eq', value: 'east' });
    expect(store.getState().toConfig()).toMatchObject({
      q: 'acme',
      filter: { kind: 'cmp', field: 'region', op: 'eq', value: 'east' },
    });
    s.applyView({
      id: 'v1',
      name: 'V',
      config: { columns: [{ field: 'amount' }], sort: [{ field: 'amount', dir: 'desc' }] },
    } as never);
    expect(store.getState()).toMatchObject({ viewId: 'v1', q: '', filter: undefined, dirty: false });
    expect(store.getState().columns[0]!.field).toBe('amount');
  });
});
