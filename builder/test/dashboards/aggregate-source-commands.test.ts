/**
 * Dashboard editor commands over an aggregate table's balances (decision 0036): a new widget reads
 * the aggregate, a type change keeps the source, a detail table is refused (it lists records) and
 * dashboard filters never link to it.
 */
import { describe, expect, it } from 'vitest';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import { aggregateAsForm } from '@tangram/runtime';
import { applyDashboardCommand } from '../../src/dashboards/dashboard-commands';

const l = (en: string) => ({ en });
const app = {
  forms: [{ id: 'orders', name: l('Orders'), fields: [{ id: 'region', type: 'text', label: l('Region') }] }],
} as unknown as AppDefinition;
const withFilter: Dashboard = {
  id: 'd',
  name: l('D'),
  widgets: [],
  filters: [{ id: 'f', type: 'select', form: 'orders', field: 'region', widgets: [] }],
};

describe('widgets over an aggregate table', () => {
  it('adds a widget reading the balances, keeps the source on a type change, links no filter', () => {
    let d = applyDashboardCommand(
      withFilter,
      { kind: 'addWidget', type: 'bar', form: undefined, aggregate: 'stock' },
      app,
    );
    d = applyDashboardCommand(d, { kind: 'addDimension', id: 'bar_1', field: 'product' }, app);
    d = applyDashboardCommand(d, { kind: 'addMeasure', id: 'bar_1', field: 'qty', op: 'sum' }, app);
    d = applyDashboardCommand(d, { kind: 'setType', id: 'bar_1', type: 'pivot' }, app);
    expect(d.widgets[0]).toMatchObject({
      type: 'pivot',
      source: { aggregate: 'stock' },
      dimensions: [{ field: 'product' }],
      measures: [{ op: 'sum', field: 'qty', as: 'sum_qty' }],
    });
    expect(d.filters![0]!.widgets).toEqual([]);
  });

  it('refuses a detail table over balances', () => {
    expect(() =>
      applyDashboardCommand(
        withFilter,
        { kind: 'addWidget', type: 'table', form: undefined, aggregate: 'stock' },
        app,
      ),
    ).toThrow(/lists records/);
  });

  it('shows an aggregate as a form: keys as text, measures as numbers with their places', () => {
    const form = aggregateAsForm({
      id: 'stock',
      name: l('Stock'),
      keys: [{ id: 'product', label: l('Product'), type: 'record', form: 'products' }],
      measures: [{ id: 'qty', label: l('Qty'), decimals: 2 }],
      sources: [],
    });
    expect(form.fields).toEqual([
      { id: 'product', type: 'text', label: l('Product') },
      { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 2 } },
    ]);
  });
});
