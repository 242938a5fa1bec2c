import { describe, expect, it } from 'vitest';
import type { FormDefinition, RecordDto } from '@tangram/client';
import {
  boardColumns,
  canMoveCards,
  columnFilter,
  eventsByDay,
  movePatch,
  refusalText,
  ruleMessageOf,
  roleFields,
  stepAnchor,
  visibleDays,
} from '../../src/views/core/view-kinds';
import { createViewStore } from '../../src/views/core/view-store';
import { createPageLoader } from '../../src/views/core/page-loader';

const l = (en: string) => ({ en, 'zh-CN': en });
const form = {
  id: 'deals',
  name: l('Deals'),
  fields: [
    { id: 'title', type: 'text', label: l('Title') },
    {
      id: 'stage',
      type: 'select',
      label: l('Stage'),
      config: {
        options: [
          { value: 'lead', label: l('Lead'), color: '#4263eb' },
          { value: 'won', label: l('Won') },
        ],
      },
    },
    { id: 'owner', type: 'member', label: l('Owner') },
    { id: 'amount', type: 'money', label: l('Amount') },
    { id: 'start', type: 'date', label: l('Start') },
    { id: 'end', type: 'date', label: l('End') },
    { id: 'at', type: 'datetime', label: l('At') },
  ],
} as unknown as FormDefinition;

const rec = (id: string, data: Record<string, unknown>): RecordDto =>
  ({ id, version: 1, data, createdAt: '2026-01-01T00:00:00Z' }) as unknown as RecordDto;

describe('view kinds core', () => {
  it('offers the fields that fit each role', () => {
    expect(roleFields(form, 'group')).toEqual(['stage', 'owner']);
    expect(roleFields(form, 'sum')).toEqual(['amount']);
    expect(roleFields(form, 'date')).toEqual(['start', 'end', 'at', 'createdAt', 'updatedAt']);
    expect(roleFields({ ...form, workflowId: 'wf' } as FormDefinition, 'group')).toContain('workflowStatus');
  });

  it('lays out board columns: no value, options in order with zero counts, then other values', () => {
    const cols = boardColumns(form, 'stage', [
      { value: 'won', count: 2, sum: '30.5' },
      { value: 'legacy', count: 1, sum: null },
      { value: null, count: 4, sum: 1 },
    ]);
    expect(cols.map((c) => [c.key, c.count, c.sum])).toEqual([
      ['', 4, 1],
      ['lead', 0, null],
      ['won', 2, 30.5],
      ['legacy', 1, null],
    ]);
    expect(cols[1]!.color).toBe('#4263eb');
  });

  it('offers dragging only with edit rights on a writable group field', () => {
    expect(canMoveCards(form, 'stage', true)).toBe(true);
    expect(canMoveCards(form, 'stage', false)).toBe(false);
    const readOnly = {
      ...form,
      fields: form.fields!.map((f) => (f.id === 'stage' ? { ...f, readOnly: true } : f)),
    };
    expect(canMoveCards(readOnly as FormDefinition, 'stage', true)).toBe(false);
    // The approval state groups a board but is never written by a record edit.
    expect(canMoveCards(form, 'workflowStatus', true)).toBe(false);
  });

  it("filters a column's cards by its value within the view's filter", () => {
    const viewFilter = { kind: 'cmp', field: 'amount', op: 'gt', value: 5 } as const;
    expect(columnFilter('stage', null, undefined)).toEqual({ kind: 'cmp', field: 'stage', op: 'isEmpty' });
    expect(columnFilter('stage', 'won', viewFilter)).toEqual({
      kind: 'and',
      items: [viewFilter, { kind: 'cmp', field: 'stage', op: 'eq', value: 'won' }],
    });
  });

  it('lays out month and week grids from Monday and steps between them', () => {
    const month = visibleDays('2026-03-18', 'month');
    expect(month).toHaveLength(42);
    expect(month[0]).toBe('2026-02-23'); // the Monday before Sunday 1 March
    expect(visibleDays('2026-03-18', 'week')).toEqual([
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
    ]);
    expect(stepAnchor('2026-12-31', 'month', 1)).toBe('2027-01-01');
    expect(stepAnchor('2026-01-15', 'month', -1)).toBe('2025-12-01');
    expect(stepAnchor('2026-03-18', 'week', -1)).toBe('2026-03-11');
  });

  it('places spans on every visible day they cover, date-times on their day in the zone', () => {
    const days = visibleDays('2026-03-18', 'week');
    const byDay = eventsByDay(
      [
        rec('a', { start: '2026-03-14', end: '2026-03-17' }),
        rec('b', { start: '2026-03-20' }),
        rec('c', { start: '2026-03-21', end: '2026-03-19' }), // an end before the start: one day
      ],
      { dateField: 'start', endField: 'end' },
      days,
      'Asia/Shanghai',
    );
    expect(byDay.get('2026-03-16')!.map((r) => r.id)).toEqual(['a']);
    expect(byDay.get('2026-03-17')!.map((r) => r.id)).toEqual(['a']);
    expect(byDay.get('2026-03-18')).toEqual([]);
    expect(byDay.get('2026-03-21')!.map((r) => r.id)).toEqual(['c']);
    // 23:30 UTC on the 17th is the 18th in Shanghai.
    const zoned = eventsByDay(
      [rec('d', { at: '2026-03-17T23:30:00Z' })],
      { dateField: 'at' },
      days,
      'Asia/Shanghai',
    );
    expect(zoned.get('2026-03-18')!.map((r) => r.id)).toEqual(['d']);
  });

  it('moves a start and its end by the days dragged, keeping a time of day', () => {
    const r = rec('a', { start: '2026-03-14', end: '2026-03-17', at: '2026-03-17T01:30:00Z' });
    expect(movePatch(r, { dateField: 'start', endField: 'end' }, '2026-03-16', '2026-03-18', 'UTC')).toEqual({
      start: '2026-03-16',
      end: '2026-03-19',
    });
    expect(movePatch(r, { dateField: 'at' }, '2026-03-17', '2026-03-20', 'Asia/Shanghai')).toEqual({
      at: '2026-03-20T01:30:00.000Z',
    });
    expect(movePatch(r, { dateField: 'start' }, '2026-03-16', '2026-03-16', 'UTC')).toBeNull();
  });

  it("tells a refusal by the server's per-value messages", () => {
    const error = Object.assign(new Error('The record has invalid values.'), {
      details: [{ message: 'A won deal needs an amount' }, { message: 'A won deal needs an amount' }],
    });
    expect(refusalText(error)).toBe('A won deal needs an amount');
    expect(refusalText(new Error('Forbidden'))).toBe('Forbidden');
    // A failed rule is told in the user's language from the form's own rule.
    const ruled = {
      ...form,
      rules: { validation: [{ id: 'r', formula: 'TRUE', message: { en: 'Too low', 'zh-CN': '太低' } }] },
    };
    const ruleError = Object.assign(new Error('invalid'), {
      details: [{ path: '/data/rules/validation/0', code: 'rule_failed', message: 'Too low' }],
    });
    const zh = (t: unknown) => (t as Record<string, string>)['zh-CN'] ?? '';
    expect(refusalText(ruleError, ruleMessageOf(ruled as FormDefinition, zh))).toBe('太低');
  });

  it('saves the kind and its settings with the view, and a grid without a kind', () => {
    const store = createViewStore(form);
    expect(store.getState().toConfig()).not.toHaveProperty('kind');
    store.getState().setKind({ kind: 'kanban', kanban: { groupField: 'stage', collapsed: [''] } });
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().toConfig()).toMatchObject({
      kind: 'kanban',
      kanban: { groupField: 'stage', collapsed: [''] },
    });
  });

  it('lets a card be inserted into a loaded column without listing it twice later', async () => {
    const pages = [
      { items: [rec('a', {}), rec('b', {})], nextCursor: 'c1' },
      { items: [rec('c', {}), rec('x', {})], nextCursor: null },
    ];
    let n = 0;
    const loader = createPageLoader({ pageSize: 2, fetchPage: async () => pages[n++]! });
    loader.reset();
    await expect.poll(() => loader.getState().rows.length).toBe(2);
    loader.insert(rec('x', { moved: true }), 0);
    loader.ensure(3);
    await expect.poll(() => loader.getState().done).toBe(true);
    expect(loader.getState().rows.map((r) => r.id)).toEqual(['x', 'a', 'b', 'c']);
  });
});
