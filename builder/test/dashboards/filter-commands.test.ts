import { describe, expect, it } from 'vitest';
import type { AppDefinition, Dashboard } from '@tangram/schema';
import {
  applyDashboardCommand,
  DashboardCommandError,
  type DashboardCommand,
} from '../../src/dashboards/dashboard-commands';
import { dashboardStore } from '../support/dashboard-store';
import { filterFieldChoices } from '../../src/dashboards/filter-commands';

const app = {
  forms: [
    {
      id: 'orders',
      name: { en: 'Orders' },
      fields: [
        { id: 'region', type: 'select', label: { en: 'Region' }, config: { options: [] } },
        { id: 'orderDate', type: 'date', label: { en: 'Order date' } },
        { id: 'shipDate', type: 'datetime', label: { en: 'Shipped' } },
        { id: 'seller', type: 'member', label: { en: 'Seller' } },
        { id: 'amount', type: 'money', label: { en: 'Amount' } },
      ],
    },
    { id: 'notes', name: { en: 'Notes' }, fields: [{ id: 'text', type: 'text', label: { en: 'Text' } }] },
  ],
} as unknown as Pick<AppDefinition, 'forms'>;

const base: Dashboard = { id: 'd', name: { en: 'D' }, widgets: [] };
const run = (d: Dashboard, ...commands: DashboardCommand[]) =>
  commands.reduce((acc, c) => applyDashboardCommand(acc, c, app), d);

describe('filter commands', () => {
  it('offers the fields each filter type can stand on, system columns last', () => {
    expect(filterFieldChoices(app.forms[0], 'dateRange').map((c) => c.id)).toEqual([
      'orderDate',
      'shipDate',
      'createdAt',
      'updatedAt',
    ]);
    expect(filterFieldChoices(app.forms[0], 'member').map((c) => c.id)).toEqual([
      'seller',
      'createdBy',
      'updatedBy',
      'ownerId',
    ]);
    expect(filterFieldChoices(app.forms[0], 'department')).toEqual([]);
  });

  it('adds a filter on the first suitable field, linked to every widget of its form, and links new widgets', () => {
    const d = run(
      base,
      { kind: 'addWidget', type: 'bar', form: 'orders' },
      { kind: 'addWidget', type: 'text', form: undefined },
      { kind: 'addWidget', type: 'kpi', form: 'notes' },
      { kind: 'addFilter', type: 'dateRange', form: 'orders' },
      { kind: 'addWidget', type: 'table', form: 'orders' },
    );
    expect(d.filters).toEqual([
      {
        id: 'filter_1',
        type: 'dateRange',
        form: 'orders',
        field: 'orderDate',
        widgets: ['bar_1', 'table_1'],
      },
    ]);
  });

  it('changes field, type, label and links; refuses what cannot work with a clear code', () => {
    let d = run(
      base,
      { kind: 'addWidget', type: 'bar', form: 'orders' },
      { kind: 'addWidget', type: 'pie', form: 'orders' },
      { kind: 'addWidget', type: 'kpi', form: 'notes' },
      { kind: 'addFilter', type: 'dateRange', form: 'orders' },
      { kind: 'linkFilter', id: 'filter_1', widget: 'pie_1', linked: false },
      { kind: 'setFilterSource', id: 'filter_1', form: 'orders', field: 'shipDate' },
      { kind: 'setFilterLabel', id: 'filter_1', label: { en: 'Shipped in' } },
    );
    // The kept link stays after the field change; the unlinked pie stays unlinked.
    expect(d.filters?.[0]).toMatchObject({
      field: 'shipDate',
      widgets: ['bar_1'],
      label: { en: 'Shipped in' },
    });
    d = run(d, { kind: 'setFilterType', id: 'filter_1', type: 'member' });
    expect(d.filters?.[0]).toMatchObject({ type: 'member', field: 'seller', widgets: ['bar_1'] });

    const code = (c: DashboardCommand) => {
      try {
        run(d, c);
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(DashboardCommandError);
        return (e as DashboardCommandError).code;
      }
    };
    expect(code({ kind: 'setFilterSource', id: 'filter_1', form: 'orders', field: 'amount' })).toBe(
      'bad_field',
    );
    expect(code({ kind: 'linkFilter', id: 'filter_1', widget: 'kpi_1', linked: true })).toBe('not_linkable');
    expect(code({ kind: 'setFilterType', id: 'filter_1', type: 'department' })).toBe('no_field');
    expect(code({ kind: 'addFilter', type: 'select', form: 'notes' })).toBe('no_field');
    expect(code({ kind: 'removeFilter', id: 'nope' })).toBe('unknown_filter');

    // Removing the last filter drops the list; removing a widget drops its links.
    expect(run(d, { kind: 'removeFilter', id: 'filter_1' }).filters).toBeUndefined();
    expect(run(d, { kind: 'removeWidget', id: 'bar_1' }).filters?.[0]?.widgets).toEqual([]);
  });

  it('undoes and redoes filter changes in the store, selecting a new filter', () => {
    const store = dashboardStore(base, app.forms);
    store.getState().dispatch({ kind: 'addWidget', type: 'bar', form: 'orders' });
    store.getState().dispatch({ kind: 'addFilter', type: 'select', form: 'orders' });
    expect(store.getState().selected).toBe('filter_1');
    store.getState().dispatch({ kind: 'linkFilter', id: 'filter_1', widget: 'bar_1', linked: false });
    expect(store.getState().dashboard.filters?.[0]?.widgets).toEqual([]);
    store.getState().undo();
    expect(store.getState().dashboard.filters?.[0]?.widgets).toEqual(['bar_1']);
    store.getState().undo();
    expect(store.getState().dashboard.filters).toBeUndefined();
    store.getState().redo();
    expect(store.getState().dashboard.filters?.[0]).toMatchObject({ type: 'select', field: 'region' });
  });
});
