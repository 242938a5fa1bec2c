/**
 * Aggregate tables as a data source (issue 12, decision 0036): dashboard widgets that group and
 * sum balances in SQL (key titles as the viewer may read them, xlsx export), and balance lookups
 * ("available stock" on an order line = stock at line.product and the order's warehouse), exact
 * and current after a shipment. Bad definitions are refused with the path of the bad part.
 */
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let bob: SignedIn; // sells: sees orders, but not the products' names
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const APP = '/api/v1/apps/shop';
const form = (id: string) => `${APP}/forms/${id}`;
const ids: Record<string, string> = {};
const layout = { x: 0, y: 0, w: 8, h: 4 };

function app(bobId: string): AppDefinition {
  const rel = (id: string, target: string) => ({
    id,
    type: 'relation' as const,
    label: l(id),
    config: { form: target, multiple: false },
  });
  const qty = (id: string) => ({ id, type: 'number' as const, label: l(id), config: { precision: 2 } });
  const lines = (id: string) => ({
    id: 'lines',
    type: 'subform' as const,
    label: l('Lines'),
    config: { fields: [rel('product', 'products'), qty('qty')] },
    ...(id ? {} : {}),
  });
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: CURRENT_FORMAT_VERSION,
    forms: [
      {
        id: 'products',
        name: l('Products'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'sku', type: 'text', label: l('SKU') },
        ],
        permissionGroups: [
          {
            id: 'sales',
            name: l('Sales'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view'],
            scope: { kind: 'all' },
            fields: { visible: ['sku'], editable: [] },
          },
        ],
      },
      {
        id: 'warehouses',
        name: l('Warehouses'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name') }],
      },
      {
        id: 'receipts',
        name: l('Receipts'),
        fields: [rel('warehouse', 'warehouses'), lines('r')],
      },
      {
        id: 'shipments',
        name: l('Shipments'),
        fields: [rel('warehouse', 'warehouses'), lines('s')],
      },
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          rel('warehouse', 'warehouses'),
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines'),
            config: {
              fields: [
                rel('product', 'products'),
                qty('qty'),
                {
                  id: 'available',
                  type: 'lookup',
                  label: l('Available', '可用库存'),
                  config: {
                    balance: {
                      aggregate: 'stock',
                      measure: 'qty',
                      keys: {
                        product: { field: 'product' },
                        warehouse: { field: 'warehouse', from: 'record' },
                      },
                    },
                  },
                },
              ],
            },
          },
        ],
        permissionGroups: [
          {
            id: 'sales',
            name: l('Sales'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'all' },
            fields: { visible: ['warehouse', 'lines'], editable: ['warehouse', 'lines'] },
          },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock', '库存'),
        keys: [
          { id: 'product', label: l('Product', '产品'), type: 'record', form: 'products' },
          { id: 'warehouse', label: l('Warehouse', '仓库'), type: 'record', form: 'warehouses' },
        ],
        measures: [{ id: 'qty', label: l('Quantity', '数量'), decimals: 2 }],
        sources: [
          {
            id: 'in',
            form: 'receipts',
            subform: 'lines',
            keys: { product: { field: 'product' }, warehouse: { field: 'warehouse', from: 'record' } },
            measures: { qty: { field: 'qty', sign: 1 } },
          },
          {
            id: 'out',
            form: 'shipments',
            subform: 'lines',
            keys: { product: { field: 'product' }, warehouse: { field: 'warehouse', from: 'record' } },
            measures: { qty: { field: 'qty', sign: -1 } },
          },
        ],
      },
    ],
    dashboards: [
      {
        id: 'stockboard',
        name: l('Stock'),
        widgets: [
          {
            type: 'kpi',
            id: 'total',
            title: l('Total stock', '总库存'),
            layout,
            source: { aggregate: 'stock' },
            dimensions: [],
            measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
          },
          {
            type: 'bar',
            id: 'byProduct',
            title: l('By product', '按产品'),
            layout,
            source: { aggregate: 'stock' },
            dimensions: [{ field: 'product' }],
            measures: [
              { op: 'sum', field: 'qty', as: 'qty' },
              { op: 'count', as: 'keys' },
              { op: 'formula', formula: '{qty} / {keys}', as: 'perKey' },
            ],
            sort: [{ key: 'qty', dir: 'desc' }],
          },
          {
            type: 'pivot',
            id: 'grid',
            layout,
            source: { aggregate: 'stock' },
            dimensions: [{ field: 'product' }],
            measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
            pivot: { columns: [{ field: 'warehouse' }], grandTotals: true },
          },
        ],
      },
    ],
  } as AppDefinition;
}

async function create(formId: string, data: Record<string, unknown>, who = admin): Promise<string> {
  const res = await who.agent.post(`${form(formId)}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
}

async function dashboard(who: SignedIn) {
  const res = await who.agent.post(`${APP}/dashboards/stockboard/data`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.widgets as Record<string, { rows: Record<string, unknown>[]; error?: unknown }>;
}

/** Saves a changed definition; answers the response (expected to fail in the bad-definition tests). */
async function saveApp(change: (a: AppDefinition) => void) {
  const current = await admin.agent.get(APP).expect(200);
  const next = structuredClone(current.body.definition ?? current.body.app ?? current.body) as AppDefinition;
  change(next);
  return admin.agent.put(APP).send({ app: next, baseVersion: current.body.version });
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test', name: 'Bob Sales' });
  const res = await admin.agent.post('/api/v1/apps').send(app(bob.user.id));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids.a = await create('products', { name: 'Widget A', sku: 'SKU-A' });
  ids.b = await create('products', { name: 'Widget B', sku: 'SKU-B' });
  ids.sh = await create('warehouses', { name: 'Shanghai' });
  ids.bj = await create('warehouses', { name: 'Beijing' });
  // 0.1 + 0.2 of A in Shanghai (exact: 0.3), 2 of A in Beijing, 5 of B in Shanghai.
  await create('receipts', {
    warehouse: ids.sh,
    lines: [
      { product: ids.a, qty: 0.1 },
      { product: ids.a, qty: 0.2 },
      { product: ids.b, qty: 5 },
    ],
  });
  await create('receipts', { warehouse: ids.bj, lines: [{ product: ids.a, qty: 2 }] });
}, 60_000);
afterAll(() => server.close());

describe('dashboard widgets over an aggregate table', () => {
  it('sums balances in SQL, groups by key with titles, and computes formula measures', async () => {
    const widgets = await dashboard(admin);
    expect(widgets.total!.rows).toEqual([{ qty: 7.3 }]);
    expect(widgets.byProduct!.rows).toEqual([
      { product: 'Widget B', qty: 5, keys: 1, perKey: 5 },
      { product: 'Widget A', qty: 2.3, keys: 2, perKey: 1.15 },
    ]);
    const grid = widgets.grid!.rows;
    const cell = (p: string | null, w: string | null) =>
      grid.find((r) => r.product === p && r.warehouse === w)?.qty;
    expect(cell('Widget A', 'Shanghai')).toBe(0.3);
    expect(cell('Widget A', 'Beijing')).toBe(2);
    expect(cell(null, null)).toBe(7.3);
  });

  it('shows a key by a title the viewer may read: hidden product names never appear', async () => {
    const widgets = await dashboard(bob);
    const products = widgets.byProduct!.rows.map((r) => r.product);
    expect(products).toHaveLength(2);
    expect(JSON.stringify(widgets)).not.toContain('Widget');
    // The sums are the same: balances are the app members' to see (decision 0028).
    expect(widgets.total!.rows).toEqual([{ qty: 7.3 }]);
  });

  it('exports an aggregate widget as xlsx with the key and measure labels', async () => {
    const res = await admin.agent
      .get(`${APP}/dashboards/stockboard/widgets/byProduct/export`)
      .set('Accept-Language', 'zh-CN')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '产品', '数量', 'keys', 'perKey']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Widget B', 5, 1, 5]);
  });

  it('refuses a click-through on balances (there are no records behind a balance)', async () => {
    const res = await admin.agent
      .post(`${APP}/dashboards/stockboard/widgets/byProduct/records-filter`)
      .send({ point: { product: 'Widget A' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('not_supported');
  });
});

describe('available stock on an order line', () => {
  it('answers the exact balance for line.product at the order warehouse, and follows a shipment', async () => {
    const order = await create(
      'orders',
      { warehouse: ids.sh, lines: [{ product: ids.a, qty: 1 }, { product: ids.b, qty: 1 }, { qty: 1 }] },
      bob,
    );
    const read = async () => {
      const res = await bob.agent.get(`${form('orders')}/records/${order}`).expect(200);
      return (res.body.record.data.lines as { available: unknown }[]).map((r) => r.available);
    };
    expect(await read()).toEqual([0.3, 5, null]);
    await create('shipments', { warehouse: ids.sh, lines: [{ product: ids.a, qty: 0.1 }] });
    expect(await read()).toEqual([0.2, 5, null]);
    // List and query pages carry it too (one statement for the page).
    const list = await bob.agent.get(`${form('orders')}/records`).expect(200);
    expect(list.body.items[0].data.lines.map((r: { available: unknown }) => r.available)).toEqual([
      0.2,
      5,
      null,
    ]);
    // The value is the server's: sent back it is refused like any computed value, and nothing is stored.
    const current = await bob.agent.get(`${form('orders')}/records/${order}`).expect(200);
    const lines = current.body.record.data.lines as Record<string, unknown>[];
    const patch = (rows: Record<string, unknown>[]) =>
      bob.agent
        .patch(`${form('orders')}/records/${order}`)
        .send({ version: current.body.record.version, data: { lines: rows } });
    const refused = await patch(lines.map((r) => ({ ...r, available: 1000 })));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({
      path: '/data/lines/0/available',
      code: 'read_only',
    });
    const saved = await patch(lines.map(({ available: _shown, ...r }) => r));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await read()).toEqual([0.2, 5, null]);
  });

  it('previews the balance as the user picks product and warehouse', async () => {
    const url = `${form('orders')}/fields/available/balance`;
    const ask = (data: Record<string, unknown>, row: Record<string, unknown>) =>
      bob.agent.post(url).send({ data, row });
    expect((await ask({ warehouse: ids.bj }, { product: ids.a })).body).toEqual({ value: 2, text: '2.00' });
    expect((await ask({ warehouse: ids.sh }, { product: ids.a })).body).toEqual({ value: 0.2, text: '0.20' });
    // A key nobody posted to is 0; an empty key shows nothing.
    expect((await ask({ warehouse: ids.bj }, { product: ids.b })).body).toEqual({ value: 0, text: '0.00' });
    expect((await ask({ warehouse: ids.bj }, {})).body).toEqual({ value: null, text: null });
  });

  it('refuses a field that is no balance lookup (422) and a stranger (404)', async () => {
    const res = await bob.agent.post(`${form('orders')}/fields/warehouse/balance`).send({ data: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('no_balance');
    const stranger = await createUser(server, admin, { email: 'eve@acme.test', name: 'Eve' });
    const denied = await stranger.agent.post(`${form('orders')}/fields/available/balance`).send({ data: {} });
    expect([403, 404]).toContain(denied.status);
  });
});

describe('bad definitions are refused with the path of the bad part', () => {
  const widgetAt = '/dashboards/0/widgets';
  const cases: [string, (a: AppDefinition) => void, string][] = [
    [
      'an unknown aggregate table',
      (a) => ((a.dashboards![0]!.widgets[0] as { source: unknown }).source = { aggregate: 'nope' }),
      `${widgetAt}/0/source/aggregate`,
    ],
    [
      'an unknown measure',
      (a) =>
        ((a.dashboards![0]!.widgets[0] as { measures: unknown }).measures = [
          { op: 'sum', field: 'amount', as: 'x' },
        ]),
      `${widgetAt}/0/measures/0/field`,
    ],
    [
      'a dimension that is no key',
      (a) => ((a.dashboards![0]!.widgets[1] as { dimensions: unknown }).dimensions = [{ field: 'qty' }]),
      `${widgetAt}/1/dimensions/0/field`,
    ],
    [
      'a balance lookup key mapped to a field that does not fit',
      (a) => {
        const lines = a.forms[4]!.fields[1] as unknown as {
          config: { fields: { config: Record<string, unknown> }[] };
        };
        lines.config.fields[2]!.config.balance = {
          aggregate: 'stock',
          measure: 'qty',
          keys: { product: { field: 'qty' }, warehouse: { field: 'warehouse', from: 'record' } },
        };
      },
      '/forms/4/fields/1/config/fields/2/config/balance/keys/product/field',
    ],
    [
      'a balance lookup with an unmapped key',
      (a) => {
        const lines = a.forms[4]!.fields[1] as unknown as {
          config: { fields: { config: Record<string, unknown> }[] };
        };
        lines.config.fields[2]!.config.balance = {
          aggregate: 'stock',
          measure: 'qty',
          keys: { product: { field: 'product' } },
        };
      },
      '/forms/4/fields/1/config/fields/2/config/balance/keys/warehouse',
    ],
  ];
  for (const [name, change, path] of cases) {
    it(`refuses ${name}`, async () => {
      const res = await saveApp(change);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths).toContain(path);
    });
  }
});
