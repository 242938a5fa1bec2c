/**
 * Aggregate tables as a source (decision 0036): the definition checks of widgets over balances and
 * of balance lookups, each bad part reported at its own path; and the JSON Schema's either-or of a
 * lookup (a relation lookup or a balance, never both).
 */
import { describe, expect, it } from 'vitest';
import {
  checkAppSemantics,
  checkDashboards,
  validateAppDefinition,
  type AppDefinition,
  type ChartWidget,
  type FieldDefinition,
} from '../src/index.js';

const layout = { x: 0, y: 0, w: 6, h: 4 };
const l = (en: string) => ({ en });

function shop(
  opts: { widget?: Partial<ChartWidget>; line?: Record<string, unknown>; own?: FieldDefinition } = {},
) {
  const balance = {
    aggregate: 'stock',
    measure: 'qty',
    keys: { product: { field: 'product' }, warehouse: { field: 'warehouse', from: 'record' } },
    ...opts.line,
  };
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: 2,
    forms: [
      { id: 'products', name: l('Products'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
      { id: 'warehouses', name: l('Warehouses'), fields: [{ id: 'name', type: 'text', label: l('Name') }] },
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'warehouse', type: 'relation', label: l('W'), config: { form: 'warehouses' } },
          { id: 'note', type: 'text', label: l('Note') },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines'),
            config: {
              fields: [
                { id: 'product', type: 'relation', label: l('P'), config: { form: 'products' } },
                { id: 'qty', type: 'number', label: l('Q') },
                { id: 'available', type: 'lookup', label: l('A'), config: { balance } },
              ],
            },
          },
          ...(opts.own ? [opts.own] : []),
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock'),
        keys: [
          { id: 'product', label: l('Product'), type: 'record', form: 'products' },
          { id: 'warehouse', label: l('Warehouse'), type: 'record', form: 'warehouses' },
        ],
        measures: [{ id: 'qty', label: l('Qty'), decimals: 2 }],
        sources: [
          {
            id: 'in',
            form: 'orders',
            subform: 'lines',
            keys: { product: { field: 'product' }, warehouse: { field: 'warehouse', from: 'record' } },
            measures: { qty: { field: 'qty', sign: -1 } },
          },
        ],
      },
    ],
    dashboards: [
      {
        id: 'd',
        name: l('D'),
        widgets: [
          {
            type: 'bar',
            id: 'w',
            layout,
            source: { aggregate: 'stock' },
            dimensions: [{ field: 'product' }],
            measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
            ...opts.widget,
          } as ChartWidget,
        ],
      },
    ],
  } as AppDefinition;
}

const paths = (app: AppDefinition) => checkAppSemantics(app).map((i) => `${i.path} ${i.code}`);

describe('widgets over an aggregate table', () => {
  it('accepts keys as dimensions, measures summed, count of keys and formulas', () => {
    const app = shop({
      widget: {
        measures: [
          { op: 'sum', field: 'qty', as: 'qty' },
          { op: 'count', as: 'keys' },
          { op: 'formula', formula: '{qty} / {keys}', as: 'avg' },
        ],
        sort: [{ key: 'qty', dir: 'desc' }],
      },
    });
    expect(validateAppDefinition(app).ok).toBe(true);
    expect(checkDashboards(app)).toEqual([]);
  });

  it('names the path of an unknown aggregate, key, measure and what balances cannot do', () => {
    const at = '/dashboards/0/widgets/0';
    expect(checkDashboards(shop({ widget: { source: { aggregate: 'nope' } } })).map((i) => i.path)).toEqual([
      `${at}/source/aggregate`,
    ]);
    const issues = checkDashboards(
      shop({
        widget: {
          dimensions: [{ field: 'qty', bucket: 'month' }],
          measures: [
            { op: 'sum', field: 'product', as: 'a' },
            { op: 'distinctCount', field: 'qty', as: 'b' },
            { op: 'count', field: 'qty', as: 'c' },
          ],
          filter: { kind: 'cmp', field: 'product', op: 'eq', value: 'x' },
        },
      }),
    ).map((i) => `${i.path} ${i.code}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        `${at}/dimensions/0/field unknown_key`,
        `${at}/dimensions/0/bucket not_allowed`,
        `${at}/measures/0/field unknown_measure`,
        `${at}/measures/1/op not_allowed`,
        `${at}/measures/2/field not_allowed`,
        `${at}/filter not_allowed`,
      ]),
    );
  });

  it('refuses a dashboard filter linked to a widget over balances', () => {
    const app = shop();
    app.dashboards![0]!.filters = [
      { id: 'f', type: 'select', form: 'orders', field: 'note', widgets: ['w'] },
    ];
    expect(checkDashboards(app).map((i) => `${i.path} ${i.code}`)).toEqual([
      '/dashboards/0/filters/0/widgets/0 not_filterable',
    ]);
  });

  it('keeps a table widget on forms only (JSON Schema)', () => {
    const app = shop();
    app.dashboards![0]!.widgets = [
      { type: 'table', id: 't', layout, source: { aggregate: 'stock' } as never, columns: ['x'] },
    ];
    expect(validateAppDefinition(app).ok).toBe(false);
  });
});

describe('balance lookups', () => {
  const at = '/forms/2/fields/2/config/fields/2/config/balance';

  it('accepts a lookup in a subform row with keys from the row and the record', () => {
    const app = shop();
    expect(validateAppDefinition(app).ok).toBe(true);
    expect(paths(app)).toEqual([]);
  });

  it('names an unknown aggregate, measure, key, a missing key and a field that does not fit', () => {
    expect(paths(shop({ line: { aggregate: 'nope' } }))).toEqual([`${at}/aggregate unknown_aggregate`]);
    expect(paths(shop({ line: { measure: 'amount' } }))).toEqual([`${at}/measure unknown_measure`]);
    expect(paths(shop({ line: { keys: { product: { field: 'product' }, bin: { field: 'qty' } } } }))).toEqual(
      [`${at}/keys/bin unknown_key`, `${at}/keys/warehouse missing_key`],
    );
    expect(
      paths(
        shop({
          line: { keys: { product: { field: 'qty' }, warehouse: { field: 'warehouse', from: 'record' } } },
        }),
      ),
    ).toEqual([`${at}/keys/product/field wrong_field_type`]);
    expect(
      paths(shop({ line: { keys: { product: { field: 'product' }, warehouse: { field: 'warehouse' } } } })),
    ).toEqual([`${at}/keys/warehouse/field unknown_field`]);
  });

  it('refuses "from: record" on a record-level lookup, and a relation lookup in a subform', () => {
    const own = {
      id: 'own',
      type: 'lookup',
      label: l('Own'),
      config: {
        balance: {
          aggregate: 'stock',
          measure: 'qty',
          keys: { product: { field: 'warehouse', from: 'record' }, warehouse: { field: 'warehouse' } },
        },
      },
    } as FieldDefinition;
    expect(paths(shop({ own }))).toEqual(
      expect.arrayContaining(['/forms/2/fields/3/config/balance/keys/product/from not_allowed']),
    );
    const app = shop();
    const lines = app.forms[2]!.fields[2] as Extract<FieldDefinition, { type: 'subform' }>;
    lines.config.fields[2] = {
      id: 'available',
      type: 'lookup',
      label: l('A'),
      config: { relation: 'x', field: 'y' },
    } as FieldDefinition;
    expect(paths(app)).toContain('/forms/2/fields/2/config/fields/2/type not_in_subform');
  });

  it('is either a relation lookup or a balance, never both (JSON Schema)', () => {
    const app = shop();
    const lines = app.forms[2]!.fields[2] as Extract<FieldDefinition, { type: 'subform' }>;
    const lookup = lines.config.fields[2] as Extract<FieldDefinition, { type: 'lookup' }>;
    lookup.config.relation = 'warehouse';
    expect(validateAppDefinition(app).ok).toBe(false);
    delete lookup.config.balance;
    delete lookup.config.relation;
    expect(validateAppDefinition(app).ok).toBe(false);
  });
});
