import { describe, expect, it } from 'vitest';
import { filterRecords } from '@tangram/query';
import type { ChartWidget, Dashboard, FormDefinition } from '@tangram/schema';
import { dimensionCondition, pointFilter, recordsHref } from '../../src/dashboards/core/click-through';
import { filterParts, readUrlFilter, withoutUrlFilter } from '../../src/views/core/url-filter';

const form = {
  id: 'orders',
  name: { en: 'Orders' },
  fields: [
    {
      id: 'region',
      type: 'select',
      label: { en: 'Region' },
      config: { options: [{ value: 'east' }, { value: 'west' }] },
    },
    {
      id: 'status',
      type: 'select',
      label: { en: 'Status' },
      config: { options: [{ value: 'won' }, { value: 'lost' }] },
    },
    { id: 'amount', type: 'money', label: { en: 'Amount' }, config: {} },
    { id: 'orderDate', type: 'date', label: { en: 'Order date' } },
  ],
} as unknown as FormDefinition;

const widget = (over: Partial<ChartWidget> = {}): ChartWidget => ({
  id: 'w',
  type: 'bar',
  layout: { x: 0, y: 0, w: 12, h: 6 },
  source: { form: 'orders' },
  dimensions: [{ field: 'orderDate', bucket: 'month' }, { field: 'region' }],
  measures: [{ op: 'sum', field: 'amount', as: 'total' }],
  ...over,
});

describe("bucket ranges (the server's groupValueFilter)", () => {
  it.each([
    ['2024-02-01', 'month', '2024-02-29'],
    ['2023-02-01', 'month', '2023-02-28'],
    ['2024-12-01', 'month', '2024-12-31'],
    ['2024-10-01', 'quarter', '2024-12-31'],
    ['2024-01-01', 'year', '2024-12-31'],
    ['2024-12-30', 'week', '2025-01-05'],
    ['2024-03-09', 'day', '2024-03-09'],
  ] as const)('%s as a %s ends on %s', (start, bucket, end) => {
    expect((dimensionCondition({ field: 'orderDate', bucket }, start) as { value: unknown }).value).toEqual([
      start,
      end,
    ]);
  });
  it('refuses a bucket value that is not a date', () => {
    expect(() => dimensionCondition({ field: 'orderDate', bucket: 'month' }, 'soon')).toThrow(
      /cannot filter/,
    );
  });
});

describe('dimensionCondition', () => {
  it('is the whole bucket for a bucketed date, equality for a value, isEmpty for the empty group', () => {
    expect(dimensionCondition({ field: 'orderDate', bucket: 'month' }, '2024-03-01')).toEqual({
      kind: 'cmp',
      field: 'orderDate',
      op: 'between',
      value: ['2024-03-01', '2024-03-31'],
    });
    expect(dimensionCondition({ field: 'region' }, 'east')).toEqual({
      kind: 'cmp',
      field: 'region',
      op: 'eq',
      value: 'east',
    });
    expect(dimensionCondition({ field: 'region' }, null)).toEqual({
      kind: 'cmp',
      field: 'region',
      op: 'isEmpty',
    });
  });
});

describe('pointFilter', () => {
  const records = [
    { id: '1', region: 'east', status: 'won', amount: 10, orderDate: '2024-03-01' },
    { id: '2', region: 'east', status: 'lost', amount: 20, orderDate: '2024-03-31' },
    { id: '3', region: 'west', status: 'won', amount: 30, orderDate: '2024-03-15' },
    { id: '4', region: 'east', status: 'won', amount: 40, orderDate: '2024-04-01' },
    { id: '5', region: 'east', status: 'won', amount: 50, orderDate: '2024-02-29' },
  ];
  const dashboard: Pick<Dashboard, 'filters'> = {
    filters: [
      { id: 's', type: 'select', form: 'orders', field: 'status', widgets: ['w'] },
      { id: 'other', type: 'select', form: 'orders', field: 'region', widgets: ['x'] },
    ],
  };
  const ids = (filter: ReturnType<typeof pointFilter>) =>
    filterRecords(records, filter ?? { kind: 'and', items: [] }, form, {
      now: new Date('2024-06-01T00:00:00Z'),
      timeZone: 'UTC',
      userId: 'u',
      userDepartmentIds: [],
    }).map((r) => r.id);

  it('keeps exactly the records aggregated under the point: both dimensions, linked filters, the widget filter', () => {
    const w = widget({ filter: { kind: 'cmp', field: 'amount', op: 'lt', value: 35 } });
    const filter = pointFilter(w, { values: ['2024-03-01', 'east'] }, dashboard, {
      s: { values: ['won', 'lost'] },
      other: { values: ['west'] },
    });
    expect(ids(filter)).toEqual(['1', '2']);
    // A flat AND: widget filter, linked "status" filter (not the unlinked one), then the dimensions.
    expect(filterParts(filter!)?.map((p) => p.field)).toEqual(['amount', 'status', 'orderDate', 'region']);
    expect(
      ids(pointFilter(w, { values: ['2024-03-01', 'east'] }, dashboard, { s: { values: ['won'] } })),
    ).toEqual(['1']);
  });

  it('uses only the dimensions the point has (a one-dimension chart)', () => {
    const w = widget({ dimensions: [{ field: 'region' }] });
    expect(ids(pointFilter(w, { values: ['east'] }, {}, {}))).toEqual(['1', '2', '4', '5']);
  });

  it('adds the drill path, and the point at the current level; a filter may name another field per widget', () => {
    const w = widget({
      dimensions: [{ field: 'orderDate', bucket: 'year' }],
      drill: {
        levels: [
          { field: 'orderDate', bucket: 'month' },
          { field: 'orderDate', bucket: 'day' },
        ],
      },
    });
    const f = pointFilter(
      w,
      { values: ['2024-03-01'] },
      {
        filters: [
          { id: 'r', type: 'select', form: 'other', field: 'area', fields: { w: 'region' }, widgets: ['w'] },
        ],
      },
      { r: { values: ['east'] } },
      ['2024-01-01'],
    );
    expect(filterParts(f!)).toEqual([
      { field: 'region', op: 'in', value: ['east'] },
      { field: 'orderDate', op: 'between', value: ['2024-01-01', '2024-12-31'] },
      { field: 'orderDate', op: 'between', value: ['2024-03-01', '2024-03-31'] },
    ]);
    expect(ids(f)).toEqual(['1', '2']);
  });

  it('links into the data view address and back out of it', () => {
    const filter = pointFilter(widget(), { values: ['2024-03-01', 'west'] }, {}, {});
    const href = recordsHref('app 1', 'orders', filter);
    expect(href.startsWith('/apps/app%201/forms/orders?filter=')).toBe(true);
    const search = href.slice(href.indexOf('?'));
    expect(readUrlFilter(search, form)).toEqual({ ok: true, filter });
    expect(withoutUrlFilter('/apps/a/forms/orders', `${search}&x=1`)).toBe('/apps/a/forms/orders?x=1');
  });
});

describe('readUrlFilter', () => {
  it('is null without the parameter and says why a bad one is refused', () => {
    expect(readUrlFilter('', form)).toBeNull();
    expect(readUrlFilter('?filter=%7B', form)).toEqual({ ok: false, message: 'not valid JSON' });
    const unknown = readUrlFilter(
      `?filter=${encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'nope', op: 'eq', value: 1 }))}`,
      form,
    );
    expect(unknown).toMatchObject({ ok: false });
    expect(unknown && !unknown.ok && unknown.message).toMatch(/field/);
    const badOp = readUrlFilter(
      `?filter=${encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'orderDate', op: 'contains', value: 'x' }))}`,
      form,
    );
    expect(badOp).toMatchObject({ ok: false });
    expect(readUrlFilter(`?filter=${'x'.repeat(9000)}`, form)).toMatchObject({ ok: false });
  });
});
