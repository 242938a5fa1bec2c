import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, ChartWidget, Dashboard } from '@tangram/schema';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
let other: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const DATA = '/api/v1/apps/sales/dashboards/overview/data';
const ORDERS = '/api/v1/apps/sales/forms/orders/records';

const options = (...values: string[]) => values.map((value) => ({ value, label: l(value) }));

const overview: Dashboard = {
  id: 'overview',
  name: l('Sales overview'),
  widgets: [
    {
      id: 'total',
      type: 'kpi',
      title: l('Total amount'),
      layout: { x: 0, y: 0, w: 6, h: 4 },
      source: { form: 'orders' },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'total' },
        { op: 'count', as: 'orders' },
      ],
    },
    {
      id: 'byRegion',
      type: 'bar',
      layout: { x: 6, y: 0, w: 18, h: 8 },
      source: { form: 'orders' },
      dimensions: [{ field: 'region' }],
      measures: [{ op: 'sum', field: 'amount', as: 'amount' }],
    },
    {
      id: 'byMonth',
      type: 'line',
      layout: { x: 0, y: 8, w: 12, h: 8 },
      source: { form: 'orders' },
      dimensions: [{ field: 'orderDate', bucket: 'month' }],
      measures: [
        { op: 'sum', field: 'amount', as: 'amount' },
        { op: 'avg', field: 'amount', as: 'avgAmount' },
      ],
    },
    {
      id: 'byStatus',
      type: 'pie',
      layout: { x: 12, y: 8, w: 12, h: 8 },
      source: { form: 'orders' },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
      options: { donut: true },
    },
    {
      id: 'latest',
      type: 'table',
      layout: { x: 0, y: 16, w: 24, h: 8 },
      source: { form: 'orders' },
      columns: ['orderNo', 'amount', 'orderDate'],
      sort: [{ field: 'orderDate', dir: 'desc' }],
      limit: 3,
    },
    {
      id: 'note',
      type: 'text',
      layout: { x: 0, y: 24, w: 24, h: 2 },
      content: l('Amounts in CNY.'),
    },
  ],
  filters: [
    { id: 'period', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['total', 'byRegion'] },
    { id: 'regions', type: 'select', form: 'orders', field: 'region', widgets: ['byStatus'] },
  ],
};

function salesApp(dashboards: Dashboard[] = [overview]): AppDefinition {
  return {
    id: 'sales',
    name: l('Sales'),
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'orderNo', type: 'text', label: l('Order') },
          {
            id: 'region',
            type: 'select',
            label: l('Region'),
            config: { options: options('east', 'west', 'north') },
          },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          {
            id: 'status',
            type: 'select',
            label: l('Status'),
            config: { options: options('open', 'won', 'lost') },
          },
          { id: 'orderDate', type: 'date', label: l('Order date') },
        ],
      },
    ],
    dashboards,
    navigation: [
      { kind: 'form', target: 'orders' },
      { kind: 'dashboard', target: 'overview' },
    ],
  };
}

const orders: [string, string, number, string, string][] = [
  ['A1', 'east', 100, 'won', '2024-01-05'],
  ['A2', 'east', 250.5, 'open', '2024-01-20'],
  ['A3', 'west', 300, 'won', '2024-02-03'],
  ['A4', 'west', 50, 'lost', '2024-02-14'],
  ['A5', 'north', 400, 'won', '2024-03-01'],
  ['A6', 'east', 120, 'won', '2024-03-15'],
  ['A7', 'north', 80, 'open', '2024-03-30'],
  ['A8', 'west', 200, 'lost', '2024-04-02'],
];

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  const created = await admin.agent.post('/api/v1/apps').send(salesApp());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await admin.agent
    .post(`${ORDERS}/batch`)
    .send({
      items: orders.map(([orderNo, region, amount, status, orderDate]) => ({
        data: { orderNo, region, amount, status, orderDate },
      })),
    })
    .expect(201);
  member = await createUser(server, admin, { email: 'mia@acme.test' });
  other = await createOtherOrg(server);
});
afterAll(() => server.close());

describe('dashboard data', () => {
  it('answers every widget of a sales dashboard with exact numbers', async () => {
    const res = await member.agent.post(DATA).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const w = res.body.widgets;
    expect(Object.keys(w).sort()).toEqual(['byMonth', 'byRegion', 'byStatus', 'latest', 'total']);
    expect(w.total.rows).toEqual([{ total: 1500.5, orders: 8 }]);
    expect(w.byRegion).toEqual({
      columns: [
        { key: 'region', role: 'dimension', field: 'region' },
        { key: 'amount', role: 'measure', op: 'sum', field: 'amount' },
      ],
      rows: [
        { region: 'east', amount: 470.5 },
        { region: 'north', amount: 480 },
        { region: 'west', amount: 550 },
      ],
    });
    expect(w.byMonth.columns[0]).toEqual({
      key: 'orderDate_month',
      role: 'dimension',
      field: 'orderDate',
      bucket: 'month',
    });
    expect(w.byMonth.rows).toEqual([
      { orderDate_month: '2024-01-01', amount: 350.5, avgAmount: 175.25 },
      { orderDate_month: '2024-02-01', amount: 350, avgAmount: 175 },
      { orderDate_month: '2024-03-01', amount: 600, avgAmount: 200 },
      { orderDate_month: '2024-04-01', amount: 200, avgAmount: 200 },
    ]);
    expect(w.byStatus.rows).toEqual([
      { status: 'lost', n: 2 },
      { status: 'open', n: 2 },
      { status: 'won', n: 4 },
    ]);
    expect(w.latest.columns.map((c: { key: string }) => c.key)).toEqual(['orderNo', 'amount', 'orderDate']);
    expect(w.latest.rows.map((r: { orderNo: string; amount: number }) => [r.orderNo, r.amount])).toEqual([
      ['A8', 200],
      ['A7', 80],
      ['A6', 120],
    ]);
    expect(typeof w.latest.rows[0].id).toBe('string');
  });

  it('applies linked filter widgets only to the widgets they are linked to', async () => {
    const res = await member.agent
      .post(DATA)
      .send({
        filterState: { period: { from: '2024-02-01', to: '2024-03-15' }, regions: { values: ['east'] } },
      })
      .expect(200);
    const w = res.body.widgets;
    expect(w.total.rows).toEqual([{ total: 870, orders: 4 }]);
    expect(w.byRegion.rows).toEqual([
      { region: 'east', amount: 120 },
      { region: 'north', amount: 400 },
      { region: 'west', amount: 350 },
    ]);
    // Not linked to the period: every month still shows; the status pie sees only east.
    expect(w.byMonth.rows).toHaveLength(4);
    expect(w.byStatus.rows).toEqual([
      { status: 'open', n: 1 },
      { status: 'won', n: 2 },
    ]);
    const open = await member.agent
      .post(DATA)
      .send({ filterState: { period: { from: '2024-03-01' } } })
      .expect(200);
    expect(open.body.widgets.total.rows).toEqual([{ total: 800, orders: 4 }]);
  });

  it('serves repeated requests from the cache until a record of the org changes', async () => {
    const first = await admin.agent.post(DATA).send({}).expect(200);
    const again = await admin.agent.post(DATA).send({}).expect(200);
    expect(again.body.computedAt).toBe(first.body.computedAt);
    // Filter keys in another order are the same state.
    const a = await admin.agent
      .post(DATA)
      .send({ filterState: { regions: { values: ['west'] }, period: { to: '2024-12-31' } } })
      .expect(200);
    const b = await admin.agent
      .post(DATA)
      .send({ filterState: { period: { to: '2024-12-31' }, regions: { values: ['west'] } } })
      .expect(200);
    expect(b.body.computedAt).toBe(a.body.computedAt);

    await admin.agent
      .post(ORDERS)
      .send({ data: { orderNo: 'A9', region: 'east', amount: 99.5, status: 'won', orderDate: '2024-04-10' } })
      .expect(201);
    const after = await admin.agent.post(DATA).send({}).expect(200);
    expect(after.body.widgets.total.rows).toEqual([{ total: 1600, orders: 9 }]);
    expect(after.body.widgets.latest.rows[0].orderNo).toBe('A9');

    // A deleted record changes the numbers too.
    const id = after.body.widgets.latest.rows[0].id as string;
    await admin.agent.delete(`${ORDERS}/${id}`).expect(204);
    const deleted = await admin.agent.post(DATA).send({}).expect(200);
    expect(deleted.body.widgets.total.rows).toEqual([{ total: 1500.5, orders: 8 }]);
  });

  it('refuses bad filter states with paths', async () => {
    const bad = async (filterState: unknown, path: string) => {
      const res = await member.agent.post(DATA).send({ filterState });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad({ nope: { values: ['x'] } }, '/filterState/nope');
    await bad({ period: { from: '01/02/2024' } }, '/filterState/period');
    await bad({ period: { from: '2024-05-01', to: '2024-01-01' } }, '/filterState/period');
    await bad({ period: { values: ['east'] } }, '/filterState/period');
    await bad({ regions: { values: [{ x: 1 }] } }, '/filterState/regions');
    await bad([], '/filterState');
    const extra = await member.agent.post(DATA).send({ filter: {} });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details[0].path).toBe('/filter');
  });

  it('answers 404 for unknown dashboards and other orgs', async () => {
    await member.agent.post('/api/v1/apps/sales/dashboards/missing/data').send({}).expect(404);
    await other.agent.post(DATA).send({}).expect(404);
  });
});

describe('dashboard definitions', () => {
  const save = async (dashboards: Dashboard[]) => {
    const current = await admin.agent.get('/api/v1/apps/sales').expect(200);
    return admin.agent
      .put('/api/v1/apps/sales')
      .send({ app: { ...salesApp(dashboards), navigation: [] }, baseVersion: current.body.version });
  };
  const paths = (res: { body: { error: { details: { path: string }[] } } }) =>
    res.body.error.details.map((d) => d.path);
  const chart = overview.widgets[1] as ChartWidget;

  it('refuses widgets with unknown forms, fields and widgets or duplicate ids, with JSON paths', async () => {
    const res = await save([
      {
        id: 'bad',
        name: l('Bad'),
        widgets: [
          { ...chart, id: 'w1' },
          { ...chart, id: 'w2', dimensions: [{ field: 'nope' }] },
          { ...chart, id: 'w2' },
          { ...chart, id: 'w4', type: 'pie', dimensions: [{ field: 'region' }, { field: 'status' }] },
          { ...chart, id: 'w5', source: { form: 'ghost' } },
          { ...chart, id: 'w6', measures: [{ op: 'count', as: 'region' }] },
        ],
        filters: [{ id: 'f1', type: 'select', form: 'orders', field: 'region', widgets: ['w1', 'zzz'] }],
      },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(paths(res).sort()).toEqual([
      '/dashboards/0/filters/0/widgets/1',
      '/dashboards/0/widgets/1/dimensions/0/field',
      '/dashboards/0/widgets/2/id',
      '/dashboards/0/widgets/3/dimensions',
      '/dashboards/0/widgets/4/source/form',
      '/dashboards/0/widgets/5/measures/0/as',
    ]);
  });

  it('refuses measures and buckets that do not fit the field type, with JSON paths', async () => {
    const res = await save([
      {
        id: 'bad',
        name: l('Bad'),
        widgets: [
          { ...chart, id: 'w1', measures: [{ op: 'sum', field: 'orderNo', as: 'x' }] },
          { ...chart, id: 'w2', dimensions: [{ field: 'region', bucket: 'month' }] },
          { ...chart, id: 'w3', filter: { kind: 'cmp', field: 'amount', op: 'contains', value: 'x' } },
        ],
      },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        '/dashboards/0/widgets/0/measures/0/field',
        '/dashboards/0/widgets/1/dimensions/0/bucket',
      ]),
    );
    expect(paths(res).some((p) => p.startsWith('/dashboards/0/widgets/2/filter'))).toBe(true);
  });

  it('refuses widgets that do not match the JSON Schema', async () => {
    const res = await save([
      {
        id: 'bad',
        name: l('Bad'),
        widgets: [
          {
            id: 'w',
            type: 'donut',
            layout: { x: 30, y: 0, w: 0, h: 1 },
          } as unknown as Dashboard['widgets'][number],
        ],
      },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(paths(res).some((p) => p.startsWith('/dashboards/0/widgets/0'))).toBe(true);
  });

  it('keeps answering after a saved change of the dashboard (new app version)', async () => {
    const changed: Dashboard = {
      ...overview,
      widgets: [
        {
          id: 'total',
          type: 'kpi',
          layout: { x: 0, y: 0, w: 6, h: 4 },
          source: { form: 'orders' },
          dimensions: [],
          measures: [{ op: 'max', field: 'amount', as: 'top' }],
        },
      ],
      filters: [],
    };
    const res = await save([changed]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const data = await member.agent.post(DATA).send({}).expect(200);
    expect(data.body.widgets).toEqual({
      total: { columns: [{ key: 'top', role: 'measure', op: 'max', field: 'amount' }], rows: [{ top: 400 }] },
    });
  });
});
