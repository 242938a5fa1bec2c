import { describe, expect, it } from 'vitest';
import type { Dashboard } from '@tangram/schema';
import {
  applyDashboardCommand,
  DashboardCommandError,
  type DashboardCommand,
} from '../../src/dashboards/dashboard-commands';
import { finer } from '../../src/dashboards/chart-settings-commands';
import { dashboardStore } from '../support/dashboard-store';

const base: Dashboard = { id: 'd', name: { en: 'D' }, widgets: [] };
const run = (d: Dashboard, ...commands: DashboardCommand[]) =>
  commands.reduce((acc, c) => applyDashboardCommand(acc, c), d);
const codeOf = (d: Dashboard, c: DashboardCommand) => {
  try {
    run(d, c);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(DashboardCommandError);
    return (e as DashboardCommandError).code;
  }
};

describe('chart settings commands', () => {
  it('new types come with what they need, and conversions drop what the new type cannot hold', () => {
    let d = run(
      base,
      { kind: 'addWidget', type: 'gauge', form: 'orders' },
      { kind: 'addWidget', type: 'pivot', form: 'orders' },
    );
    expect(d.widgets[0]).toMatchObject({
      type: 'gauge',
      options: { gauge: { min: 0, max: 100 } },
      measures: [{ op: 'count' }],
    });
    expect(d.widgets[1]).toMatchObject({
      type: 'pivot',
      pivot: { columns: [], grandTotals: true },
      layout: { w: 24 },
    });
    d = run(
      d,
      { kind: 'addDimension', id: 'pivot_1', field: 'region' },
      { kind: 'addDimension', id: 'pivot_1', field: 'city' },
      { kind: 'addDimension', id: 'pivot_1', field: 'product' },
      { kind: 'addPivotColumn', id: 'pivot_1', field: 'orderDate', bucket: 'quarter' },
      { kind: 'setPivot', id: 'pivot_1', patch: { rowSubtotals: true } },
    );
    expect(d.widgets[1]).toMatchObject({
      dimensions: [{ field: 'region' }, { field: 'city' }, { field: 'product' }],
      pivot: { columns: [{ field: 'orderDate', bucket: 'quarter' }], rowSubtotals: true, grandTotals: true },
    });
    d = run(d, { kind: 'setType', id: 'pivot_1', type: 'pie' });
    expect(d.widgets[1]).not.toHaveProperty('pivot');
    expect(d.widgets[1]).toMatchObject({ type: 'pie', dimensions: [{ field: 'region' }] });
    expect(codeOf(d, { kind: 'addPivotColumn', id: 'pivot_1', field: 'x' })).toBe('not_a_pivot');
  });

  it('sets dimension buckets and one top-N, measure labels, formats, colours and formulas; undefined removes', () => {
    let d = run(
      base,
      { kind: 'addWidget', type: 'bar', form: 'orders' },
      { kind: 'addDimension', id: 'bar_1', field: 'customer' },
      { kind: 'addDimension', id: 'bar_1', field: 'orderDate' },
      { kind: 'addMeasure', id: 'bar_1', field: undefined, op: 'count' },
      { kind: 'addMeasure', id: 'bar_1', field: 'amount', op: 'sum' },
      { kind: 'setDimension', id: 'bar_1', index: 1, patch: { bucket: 'month' } },
      { kind: 'setDimension', id: 'bar_1', index: 1, patch: { top: { n: 3 } } },
      { kind: 'setDimension', id: 'bar_1', index: 0, patch: { top: { n: 10, others: true } } },
      {
        kind: 'setMeasure',
        id: 'bar_1',
        index: 1,
        patch: { format: { decimals: 2, prefix: '¥' }, color: '#123456' },
      },
      { kind: 'addFormulaMeasure', id: 'bar_1', formula: '{sum_amount} / {count}' },
      { kind: 'setMeasure', id: 'bar_1', index: 0, patch: { hidden: true } },
    );
    const w = d.widgets[0]!;
    expect(w).toMatchObject({
      dimensions: [
        { field: 'customer', top: { n: 10, others: true } },
        { field: 'orderDate', bucket: 'month' },
      ],
      measures: [
        { op: 'count', as: 'count', hidden: true },
        { op: 'sum', field: 'amount', format: { decimals: 2, prefix: '¥' }, color: '#123456' },
        { op: 'formula', formula: '{sum_amount} / {count}', as: 'formula' },
      ],
    });
    // Only one dimension keeps a top-N.
    expect(w.type !== 'text' && w.type !== 'table' && w.dimensions[1]).not.toHaveProperty('top');
    d = run(d, { kind: 'setMeasure', id: 'bar_1', index: 1, patch: { color: undefined, format: undefined } });
    expect(d.widgets[0]).toMatchObject({ measures: [{}, { op: 'sum', as: 'sum_amount' }, {}] });
    expect((d.widgets[0] as { measures: object[] }).measures[1]).not.toHaveProperty('color');
    expect(codeOf(d, { kind: 'setMeasure', id: 'bar_1', index: 1, patch: { formula: 'x' } })).toBe(
      'not_a_formula',
    );
    expect(codeOf(d, { kind: 'setMeasure', id: 'bar_1', index: 9, patch: {} })).toBe('bad_index');
  });

  it('sets options, a KPI comparison, drill levels and the refresh interval', () => {
    let d = run(
      base,
      { kind: 'addWidget', type: 'kpi', form: 'orders' },
      { kind: 'addWidget', type: 'bar', form: 'orders' },
      { kind: 'setCompare', id: 'kpi_1', compare: { field: 'orderDate', period: 'lastYear' } },
      { kind: 'setOptions', id: 'bar_1', patch: { stacked: true, numberFormat: { percent: true } } },
      { kind: 'addDimension', id: 'bar_1', field: 'orderDate', bucket: 'year' },
      { kind: 'addDrillLevel', id: 'bar_1', level: { field: 'orderDate', bucket: 'month' } },
      { kind: 'addDrillLevel', id: 'bar_1', level: { field: 'orderDate', bucket: 'day' } },
      { kind: 'setRefresh', seconds: 300 },
    );
    expect(d.refreshSeconds).toBe(300);
    expect(d.widgets[0]).toMatchObject({ compare: { field: 'orderDate', period: 'lastYear' } });
    expect(d.widgets[1]).toMatchObject({
      options: { stacked: true, numberFormat: { percent: true } },
      drill: { levels: [{ bucket: 'month' }, { bucket: 'day' }] },
    });
    d = run(
      d,
      { kind: 'removeDrillLevel', id: 'bar_1', index: 0 },
      { kind: 'removeDrillLevel', id: 'bar_1', index: 0 },
      { kind: 'setOptions', id: 'bar_1', patch: { stacked: undefined, numberFormat: undefined } },
      { kind: 'setCompare', id: 'kpi_1', compare: undefined },
      { kind: 'setRefresh', seconds: undefined },
    );
    expect(d).not.toHaveProperty('refreshSeconds');
    expect(d.widgets[0]).not.toHaveProperty('compare');
    expect(d.widgets[1]).not.toHaveProperty('drill');
    expect(d.widgets[1]).not.toHaveProperty('options');
    expect(
      codeOf(d, { kind: 'setCompare', id: 'bar_1', compare: { field: 'orderDate', period: 'previous' } }),
    ).toBe('not_a_kpi');
    expect(codeOf(d, { kind: 'setRefresh', seconds: 5 })).toBe('bad_interval');
    expect([finer('year'), finer('quarter'), finer('month'), finer('week'), finer('day')]).toEqual([
      'month',
      'month',
      'day',
      'day',
      undefined,
    ]);
  });

  it('undoes a formula edit in the store', () => {
    const store = dashboardStore(base);
    store.getState().dispatch({ kind: 'addWidget', type: 'kpi', form: 'orders' });
    store.getState().dispatch({ kind: 'addFormulaMeasure', id: 'kpi_1', formula: '{count} * 2' });
    store
      .getState()
      .dispatch({ kind: 'setMeasure', id: 'kpi_1', index: 1, patch: { formula: '{count} * 3' } });
    store.getState().undo();
    expect(store.getState().dashboard.widgets[0]).toMatchObject({
      measures: [{}, { formula: '{count} * 2' }],
    });
  });
});
