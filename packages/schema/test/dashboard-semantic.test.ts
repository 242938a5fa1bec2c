import { describe, expect, it } from 'vitest';
import {
  checkDashboards,
  validateAppDefinition,
  type AppDefinition,
  type ChartWidget,
  type Dashboard,
  type FilterWidget,
  type Widget,
} from '../src/index.js';

const layout = { x: 0, y: 0, w: 6, h: 4 };

/** A sales app: orders with lines (a subform), and a customers form. */
const app = (dashboard: Partial<Dashboard>): AppDefinition => ({
  id: 'sales',
  name: { en: 'Sales' },
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: { en: 'Orders' },
      fields: [
        { id: 'region', type: 'text', label: { en: 'Region' } },
        { id: 'city', type: 'text', label: { en: 'City' } },
        { id: 'orderDate', type: 'date', label: { en: 'Date' } },
        { id: 'amount', type: 'number', label: { en: 'Amount' } },
        { id: 'stage', type: 'text', label: { en: 'Stage' } },
        { id: 'rep', type: 'member', label: { en: 'Rep' } },
        { id: 'dept', type: 'department', label: { en: 'Dept' } },
        {
          id: 'lines',
          type: 'subform',
          label: { en: 'Lines' },
          config: {
            fields: [
              { id: 'product', type: 'text', label: { en: 'Product' } },
              { id: 'qty', type: 'number', label: { en: 'Qty' } },
            ],
          },
        },
      ],
    },
    {
      id: 'customers',
      name: { en: 'Customers' },
      fields: [{ id: 'name', type: 'text', label: { en: 'Name' } }],
    },
  ],
  dashboards: [{ id: 'd1', name: { en: 'D' }, widgets: [], ...dashboard }],
});

const chart = (w: Partial<ChartWidget>): Widget => ({
  type: 'bar',
  id: 'w1',
  layout,
  source: { form: 'orders' },
  dimensions: [{ field: 'region' }],
  measures: [{ op: 'count', as: 'n' }],
  ...w,
});

const issues = (d: Partial<Dashboard>) => checkDashboards(app(d));

describe('dashboard semantic checks', () => {
  it('accepts a dashboard with every widget type and feature (schema and semantics)', () => {
    const widgets: Widget[] = [
      chart({
        id: 'kpi',
        type: 'kpi',
        dimensions: [],
        measures: [{ op: 'sum', field: 'amount', as: 'total' }],
        compare: { field: 'orderDate', period: 'previous', range: 'thisMonth' },
      }),
      chart({
        id: 'byMonth',
        dimensions: [{ field: 'orderDate', bucket: 'year' }],
        drill: {
          levels: [
            { field: 'orderDate', bucket: 'month' },
            { field: 'orderDate', bucket: 'day' },
          ],
        },
      }),
      chart({
        id: 'funnel',
        type: 'funnel',
        dimensions: [],
        measures: [
          { op: 'count', as: 'all' },
          { op: 'count', as: 'won', filter: { kind: 'cmp', field: 'stage', op: 'eq', value: 'won' } },
          { op: 'formula', formula: '{won} / {all}', as: 'rate', hidden: true, format: { percent: true } },
        ],
      }),
      chart({
        id: 'gauge',
        type: 'gauge',
        dimensions: [],
        measures: [{ op: 'avg', field: 'amount', as: 'avg' }],
        options: { gauge: { min: 0, max: 100, target: 80 } },
      }),
      chart({
        id: 'scatter',
        type: 'scatter',
        dimensions: [{ field: 'city' }],
        measures: [
          { op: 'count', as: 'n' },
          { op: 'sum', field: 'amount', as: 's' },
        ],
      }),
      chart({
        id: 'pivot',
        type: 'pivot',
        dimensions: [{ field: 'region' }, { field: 'city' }],
        pivot: {
          columns: [{ field: 'orderDate', bucket: 'quarter' }],
          rowSubtotals: true,
          grandTotals: true,
        },
        measures: [{ op: 'sum', field: 'amount', as: 's' }],
      }),
      chart({
        id: 'top',
        dimensions: [{ field: 'city', top: { n: 10, by: 's', others: true } }],
        measures: [{ op: 'sum', field: 'amount', as: 's' }],
      }),
      chart({
        id: 'lines',
        source: { form: 'orders', subform: 'lines' },
        dimensions: [{ field: 'product' }, { field: 'region' }],
        measures: [{ op: 'sum', field: 'qty', as: 'q' }],
      }),
    ];
    const filters: FilterWidget[] = [
      { id: 'f1', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['byMonth', 'lines'] },
      { id: 'f2', type: 'member', form: 'orders', field: 'rep', widgets: ['top'] },
      { id: 'f3', type: 'department', form: 'orders', field: 'dept', widgets: ['pivot'] },
      { id: 'f4', type: 'select', form: 'orders', field: 'region', widgets: ['funnel'] },
    ];
    const definition = app({ widgets, filters, refreshSeconds: 60 });
    const result = validateAppDefinition(definition);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('points at an unknown field in a measure', () => {
    expect(issues({ widgets: [chart({ measures: [{ op: 'sum', field: 'nope', as: 's' }] })] })).toEqual([
      {
        path: '/dashboards/0/widgets/0/measures/0/field',
        code: 'unknown_field',
        message: 'source "orders" has no field "nope"',
      },
    ]);
  });

  it('points at a formula measure that names a missing measure', () => {
    const found = issues({
      widgets: [
        chart({
          measures: [
            { op: 'count', as: 'all' },
            { op: 'formula', formula: '{won} / {all}', as: 'rate' },
          ],
        }),
      ],
    });
    expect(found).toEqual([
      {
        path: '/dashboards/0/widgets/0/measures/1/formula',
        code: 'unknown_measure',
        message: 'formula measure "rate" uses {won}, which is not a measure of this widget',
      },
    ]);
  });

  it('refuses a formula measure with a field, and a later formula measure referenced early', () => {
    const found = issues({
      widgets: [
        chart({
          measures: [
            { op: 'formula', formula: '{b} * 2', as: 'a' },
            { op: 'formula', formula: '{n} + 1', as: 'b', field: 'amount' },
            { op: 'count', as: 'n' },
          ],
        }),
      ],
    });
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['/dashboards/0/widgets/0/measures/0/formula', 'unknown_measure'],
      ['/dashboards/0/widgets/0/measures/1/field', 'not_allowed'],
    ]);
  });

  it('accepts every system field, the approval status included, in filters and dimensions', () => {
    const found = issues({
      widgets: [
        chart({
          dimensions: [{ field: 'workflowStatus' }],
          filter: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' },
        }),
      ],
    });
    expect(found).toEqual([]);
  });

  it('points at a field of another form in a widget filter and in a measure filter', () => {
    const found = issues({
      widgets: [
        chart({
          filter: { kind: 'and', items: [{ kind: 'cmp', field: 'name', op: 'eq', value: 'x' }] },
          measures: [{ op: 'count', as: 'n', filter: { kind: 'cmp', field: 'name', op: 'isEmpty' } }],
        }),
      ],
    });
    expect(found).toEqual([
      {
        path: '/dashboards/0/widgets/0/filter/items/0/field',
        code: 'unknown_field',
        message: 'source "orders" has no field "name"',
      },
      {
        path: '/dashboards/0/widgets/0/measures/0/filter/field',
        code: 'unknown_field',
        message: 'source "orders" has no field "name"',
      },
    ]);
  });

  it('checks type-specific shapes: pivot, gauge, scatter, funnel, compare and drill placement', () => {
    const found = issues({
      widgets: [
        chart({ id: 'a', type: 'pivot' }),
        chart({ id: 'b', type: 'gauge', dimensions: [] }),
        chart({ id: 'c', type: 'scatter' }),
        chart({ id: 'd', type: 'funnel', dimensions: [] }),
        chart({ id: 'e', compare: { field: 'orderDate', period: 'lastYear' } }),
        chart({ id: 'f', type: 'kpi', dimensions: [], drill: { levels: [{ field: 'city' }] } }),
        chart({ id: 'g', type: 'gauge', dimensions: [], options: { gauge: { min: 5, max: 5 } } }),
      ],
    });
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['/dashboards/0/widgets/0/pivot', 'missing_pivot'],
      ['/dashboards/0/widgets/1/options/gauge', 'missing_gauge'],
      ['/dashboards/0/widgets/2/measures', 'measure_count'],
      ['/dashboards/0/widgets/3/measures', 'measure_count'],
      ['/dashboards/0/widgets/4/compare', 'not_allowed'],
      ['/dashboards/0/widgets/5/drill', 'not_allowed'],
      ['/dashboards/0/widgets/5/drill', 'not_allowed'],
      ['/dashboards/0/widgets/6/options/gauge/max', 'invalid_range'],
    ]);
  });

  it('checks top N: one dimension, ranked by a computed measure', () => {
    const found = issues({
      widgets: [
        chart({
          dimensions: [
            { field: 'region', top: { n: 3, by: 'rate' } },
            { field: 'city', top: { n: 3 } },
          ],
          measures: [
            { op: 'count', as: 'n' },
            { op: 'formula', formula: '{n} * 2', as: 'rate' },
          ],
        }),
      ],
    });
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['/dashboards/0/widgets/0/dimensions/1/top', 'too_many_top'],
      ['/dashboards/0/widgets/0/dimensions/0/top/by', 'unknown_measure'],
    ]);
  });

  it('checks subform sources: the subform exists, and fields resolve in it or its parent', () => {
    expect(
      issues({ widgets: [chart({ source: { form: 'orders', subform: 'region' } })] }).map((i) => [
        i.path,
        i.code,
      ]),
    ).toEqual([['/dashboards/0/widgets/0/source/subform', 'unknown_subform']]);
    expect(
      issues({
        widgets: [chart({ source: { form: 'orders', subform: 'lines' }, dimensions: [{ field: 'name' }] })],
      }),
    ).toEqual([
      {
        path: '/dashboards/0/widgets/0/dimensions/0/field',
        code: 'unknown_field',
        message: 'source "orders.lines" has no field "name"',
      },
    ]);
  });

  it('checks filter widgets: field type per kind, per-widget fields, linked widgets', () => {
    const found = issues({
      widgets: [
        chart({ id: 'w1' }),
        chart({ id: 'w2', source: { form: 'customers' }, dimensions: [{ field: 'name' }] }),
      ],
      filters: [
        { id: 'f1', type: 'member', form: 'orders', field: 'region', widgets: ['w1'] },
        { id: 'f2', type: 'select', form: 'orders', field: 'region', widgets: ['w1', 'w2'] },
        {
          id: 'f3',
          type: 'select',
          form: 'orders',
          field: 'region',
          widgets: ['w2'],
          fields: { w2: 'name', w9: 'x' },
        },
        { id: 'f4', type: 'dateRange', form: 'orders', field: 'createdAt', widgets: ['w1'] },
      ],
    });
    expect(found.map((i) => [i.path, i.code])).toEqual([
      ['/dashboards/0/filters/0/field', 'wrong_field_type'],
      ['/dashboards/0/filters/0/widgets/0', 'wrong_field_type'],
      ['/dashboards/0/filters/1/widgets/1', 'unknown_field'],
      ['/dashboards/0/filters/2/fields/w9', 'unknown_widget'],
    ]);
    expect(found[0]!.message).toBe('a member filter needs a member or members field; "region" is text');
    expect(found[2]!.message).toBe('widget "w2" (source "customers") has no field "region"');
  });

  it('checks sort keys against the widget result columns', () => {
    expect(issues({ widgets: [chart({ sort: [{ key: 'nope', dir: 'asc' }] })] })).toEqual([
      {
        path: '/dashboards/0/widgets/0/sort/0/key',
        code: 'unknown_alias',
        message: 'sort key "nope" is not a dimension or measure of this widget',
      },
    ]);
  });
});
