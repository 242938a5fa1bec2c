import { describe, expect, it } from 'vitest';
import type { Dashboard } from '@tangram/schema';
import { applyDashboardCommand, DashboardCommandError } from '../src/dashboards/dashboard-commands';
import { dashboardStore } from './support/dashboard-store';

const empty: Dashboard = { id: 'd', name: { en: 'D' }, widgets: [] };

describe('dashboard commands', () => {
  it('builds a bar chart from dropped fields with unique measure aliases', () => {
    let d = applyDashboardCommand(empty, { kind: 'addWidget', type: 'bar', form: 'orders' });
    d = applyDashboardCommand(d, { kind: 'addDimension', id: 'bar_1', field: 'region' });
    d = applyDashboardCommand(d, { kind: 'addMeasure', id: 'bar_1', field: 'amount', op: 'sum' });
    d = applyDashboardCommand(d, { kind: 'addMeasure', id: 'bar_1', field: 'amount', op: 'sum' });
    d = applyDashboardCommand(d, { kind: 'setMeasureOp', id: 'bar_1', index: 1, op: 'avg' });
    expect(d.widgets[0]).toMatchObject({
      type: 'bar',
      layout: { x: 0, y: 0, w: 12, h: 7 },
      dimensions: [{ field: 'region' }],
      measures: [
        { op: 'sum', field: 'amount', as: 'sum_amount' },
        { op: 'avg', field: 'amount', as: 'avg_amount' },
      ],
    });
  });

  it('keeps one dimension on a pie and none on a KPI', () => {
    let d = applyDashboardCommand(empty, { kind: 'addWidget', type: 'pie', form: 'orders' });
    d = applyDashboardCommand(d, { kind: 'addDimension', id: 'pie_1', field: 'region' });
    d = applyDashboardCommand(d, { kind: 'addDimension', id: 'pie_1', field: 'status' });
    expect(d.widgets[0]).toMatchObject({ dimensions: [{ field: 'status' }] });
    d = applyDashboardCommand(d, { kind: 'setType', id: 'pie_1', type: 'kpi' });
    expect(d.widgets[0]).toMatchObject({ type: 'kpi', dimensions: [] });
    expect(() => applyDashboardCommand(d, { kind: 'addDimension', id: 'pie_1', field: 'x' })).toThrow(
      DashboardCommandError,
    );
  });

  it('pushes covered widgets down when one moves or grows onto them', () => {
    let d = applyDashboardCommand(empty, { kind: 'addWidget', type: 'bar', form: 'orders' });
    d = applyDashboardCommand(d, { kind: 'addWidget', type: 'kpi', form: 'orders' });
    expect(d.widgets[1]?.layout).toEqual({ x: 0, y: 7, w: 6, h: 3 });
    d = applyDashboardCommand(d, { kind: 'moveWidget', id: 'kpi_1', x: 2, y: 0 });
    expect(d.widgets.map((w) => w.layout)).toEqual([
      { x: 0, y: 3, w: 12, h: 7 },
      { x: 2, y: 0, w: 6, h: 3 },
    ]);
    d = applyDashboardCommand(d, { kind: 'resizeWidget', id: 'kpi_1', w: 30, h: 5 });
    expect(d.widgets.map((w) => w.layout)).toEqual([
      { x: 0, y: 5, w: 12, h: 7 },
      { x: 2, y: 0, w: 22, h: 5 },
    ]);
    // Dropped far below, it floats up under the chart, and the chart up to the top.
    d = applyDashboardCommand(d, { kind: 'moveWidget', id: 'kpi_1', x: 0, y: 40 });
    expect(d.widgets.map((w) => w.layout)).toEqual([
      { x: 0, y: 0, w: 12, h: 7 },
      { x: 0, y: 7, w: 22, h: 5 },
    ]);
  });

  it('undoes and redoes in the store', () => {
    const store = dashboardStore(empty);
    store.getState().dispatch({ kind: 'addWidget', type: 'line', form: 'orders' });
    store.getState().dispatch({ kind: 'addDimension', id: 'line_1', field: 'orderDate', bucket: 'month' });
    store.getState().undo();
    expect(store.getState().dashboard.widgets[0]).toMatchObject({ dimensions: [] });
    store.getState().redo();
    expect(store.getState().dashboard.widgets[0]).toMatchObject({
      dimensions: [{ field: 'orderDate', bucket: 'month' }],
    });
    expect(store.getState().dirty).toBe(true);
  });
});
