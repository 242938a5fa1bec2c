/**
 * Report widgets end to end (decision 0010): a sales dashboard with every widget type, KPI
 * comparison, drill-down, click-through to exactly the records behind a bar, top N + others,
 * formula measures, subform (order lines) sources, member filters, the studio preview endpoint,
 * xlsx export parsed back, and bad definitions / requests with clear errors and JSON paths.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, ChartWidget, Dashboard, Widget } from '@tangram/schema';
import {
  binaryBody,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const BASE = '/api/v1/apps/shop';
const DATA = `${BASE}/dashboards/sales/data`;
const ORDERS = `${BASE}/forms/orders/records`;
const layout = { x: 0, y: 0, w: 6, h: 4 };
const options = (...values: string[]) => values.map((value) => ({ value, label: l(value) }));

const chart = (w: Partial<ChartWidget> & Pick<ChartWidget, 'id' | 'type'>): Widget => ({
  layout,
  source: { form: 'orders' },
  dimensions: [],
  measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
  ...w,
});

const widgets: Widget[] = [
  chart({
    id: 'kpi',
    type: 'kpi',
    measures: [
      { op: 'sum', field: 'amount', as: 'sales' },
      { op: 'count', as: 'n' },
    ],
    compare: { field: 'orderDate', period: 'previous' },
  }),
  chart({
    id: 'byDate',
    type: 'bar',
    dimensions: [{ field: 'orderDate', bucket: 'year' }],
    drill: {
      levels: [
        { field: 'orderDate', bucket: 'month' },
        { field: 'orderDate', bucket: 'day' },
      ],
    },
  }),
  chart({
    id: 'byStage',
    type: 'pie',
    dimensions: [{ field: 'stage' }],
    measures: [{ op: 'count', as: 'n' }],
  }),
  chart({
    id: 'funnel',
    type: 'funnel',
    measures: [
      { op: 'count', as: 'all' },
      { op: 'count', as: 'notLost', filter: { kind: 'cmp', field: 'stage', op: 'ne', value: 'lost' } },
      { op: 'count', as: 'won', filter: { kind: 'cmp', field: 'stage', op: 'eq', value: 'won' } },
      { op: 'formula', formula: '{won} / {all}', as: 'rate', hidden: true },
    ],
  }),
  chart({
    id: 'gauge',
    type: 'gauge',
    measures: [{ op: 'avg', field: 'amount', as: 'avg' }],
    options: { gauge: { min: 0, max: 500, target: 300 } },
  }),
  chart({
    id: 'scatter',
    type: 'scatter',
    dimensions: [{ field: 'city' }],
    measures: [
      { op: 'count', as: 'n' },
      { op: 'sum', field: 'amount', as: 'sales' },
    ],
  }),
  chart({
    id: 'pivot',
    type: 'pivot',
    dimensions: [{ field: 'region' }],
    pivot: { columns: [{ field: 'orderDate', bucket: 'quarter' }], grandTotals: true },
  }),
  chart({
    id: 'top',
    type: 'bar',
    title: l('Top customers', '前十客户'),
    dimensions: [{ field: 'customer', top: { n: 2, others: true } }],
    sort: [{ key: 'sales', dir: 'desc' }],
  }),
  chart({
    id: 'conversion',
    type: 'bar',
    dimensions: [{ field: 'region' }],
    measures: [
      { op: 'count', as: 'all', hidden: true },
      {
        op: 'count',
        as: 'won',
        hidden: true,
        filter: { kind: 'cmp', field: 'stage', op: 'eq', value: 'won' },
      },
      { op: 'formula', formula: '{won} / {all}', as: 'rate', format: { percent: true } },
    ],
    sort: [{ key: 'rate', dir: 'desc' }],
  }),
  chart({
    id: 'lines',
    type: 'bar',
    source: { form: 'orders', subform: 'lines' },
    dimensions: [{ field: 'product' }],
    measures: [
      { op: 'sum', field: 'qty', as: 'qty' },
      { op: 'distinctCount', field: 'customer', as: 'buyers' },
    ],
  }),
  {
    id: 'latest',
    type: 'table',
    layout,
    source: { form: 'orders' },
    columns: ['orderNo', 'customer', 'amount'],
    sort: [{ field: 'orderNo', dir: 'asc' }],
  },
];

const dashboard: Dashboard = {
  id: 'sales',
  name: l('Sales'),
  refreshSeconds: 300,
  widgets,
  filters: [
    { id: 'period', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['kpi', 'lines'] },
    { id: 'rep', type: 'member', form: 'orders', field: 'rep', widgets: ['byStage'] },
    { id: 'dept', type: 'department', form: 'orders', field: 'dept', widgets: ['gauge'] },
  ],
};

function shopApp(dashboards: Dashboard[] = [dashboard]): AppDefinition {
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'orderNo', type: 'text', label: l('Order') },
          { id: 'customer', type: 'text', label: l('Customer', '客户') },
          {
            id: 'region',
            type: 'select',
            label: l('Region'),
            config: { options: options('east', 'west', 'north') },
          },
          { id: 'city', type: 'text', label: l('City') },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          {
            id: 'stage',
            type: 'select',
            label: l('Stage'),
            config: { options: options('open', 'won', 'lost') },
          },
          { id: 'orderDate', type: 'date', label: l('Order date') },
          { id: 'rep', type: 'member', label: l('Rep') },
          { id: 'dept', type: 'department', label: l('Dept') },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines'),
            config: {
              fields: [
                { id: 'product', type: 'text', label: l('Product') },
                { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
              ],
            },
          },
        ],
      },
      { id: 'events', name: l('Events'), fields: [{ id: 'code', type: 'text', label: l('Code') }] },
    ],
    dashboards,
  };
}

type Line = [string, number];
// orderNo, customer, region, city, amount, stage, date, rep (a = admin, m = member), lines
const orders: [string, string, string, string, number, string, string, 'a' | 'm', Line[]][] = [
  [
    'O1',
    'C1',
    'east',
    'Shanghai',
    100,
    'won',
    '2024-01-05',
    'a',
    [
      ['pen', 2],
      ['ink', 1],
    ],
  ],
  ['O2', 'C2', 'east', 'Hangzhou', 250, 'open', '2024-01-20', 'm', [['pen', 5]]],
  ['O3', 'C1', 'west', 'Chengdu', 300, 'won', '2024-02-03', 'a', [['paper', 10]]],
  ['O4', '@evil', 'west', 'Chengdu', 50, 'lost', '2024-02-14', 'm', []],
  [
    'O5',
    'C4',
    'north',
    'Beijing',
    400,
    'won',
    '2024-03-01',
    'a',
    [
      ['pen', 1],
      ['paper', 3],
    ],
  ],
  ['O6', 'C2', 'east', 'Shanghai', 120, 'won', '2024-03-15', 'm', []],
  ['O7', 'C5', 'north', 'Beijing', 80, 'open', '2024-03-30', 'a', [['ink', 4]]],
  ['O8', 'C1', 'west', 'Xian', 200, 'lost', '2024-04-02', 'm', []],
];

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  member = await createUser(server, admin, { email: 'rep@acme.test' });
  const created = await admin.agent.post('/api/v1/apps').send(shopApp());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const res = await admin.agent.post(`${ORDERS}/batch`).send({
    items: orders.map(([orderNo, customer, region, city, amount, stage, orderDate, rep, lines]) => ({
      data: {
        orderNo,
        customer,
        region,
        city,
        amount,
        stage,
        orderDate,
        rep: rep === 'a' ? admin.user.id : member.user.id,
        lines: lines.map(([product, qty]) => ({ product, qty })),
      },
    })),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => server.close());

const data = async (body: object, who = member) => {
  const res = await who.agent.post(DATA).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.widgets;
};

describe('a sales dashboard with every widget type', () => {
  it('answers each widget type with exact numbers', async () => {
    const w = await data({ filterState: { period: { from: '2024-03-01', to: '2024-03-31' } } });
    // KPI: March against the 31 days before it (30 Jan .. 29 Feb: O3, O4).
    expect(w.kpi.rows).toEqual([{ sales: 600, n: 3 }]);
    expect(w.kpi.comparison).toEqual({
      field: 'orderDate',
      period: 'previous',
      current: { from: '2024-03-01', to: '2024-03-31' },
      previous: { from: '2024-01-30', to: '2024-02-29' },
      measures: {
        sales: { current: 600, previous: 350, delta: 250, deltaPercent: (250 / 350) * 100 },
        n: { current: 3, previous: 2, delta: 1, deltaPercent: 50 },
      },
    });
    expect(w.byDate.rows).toEqual([{ orderDate_year: '2024-01-01', sales: 1500 }]);
    expect(w.byDate.drill).toEqual({ level: 0, levels: 3, path: [], field: 'orderDate', bucket: 'year' });
    expect(w.funnel.stages).toEqual([
      { key: 'all', value: 8, percentOfFirst: 100, percentOfPrevious: 100 },
      { key: 'notLost', value: 6, percentOfFirst: 75, percentOfPrevious: 75 },
      { key: 'won', value: 4, percentOfFirst: 50, percentOfPrevious: (4 / 6) * 100 },
    ]);
    expect(w.funnel.rows).toEqual([{ all: 8, notLost: 6, won: 4, rate: 0.5 }]);
    expect(w.gauge.gauge).toEqual({ value: 187.5, min: 0, max: 500, target: 300 });
    expect(w.scatter.rows).toEqual([
      { city: 'Beijing', n: 2, sales: 480 },
      { city: 'Chengdu', n: 2, sales: 350 },
      { city: 'Hangzhou', n: 1, sales: 250 },
      { city: 'Shanghai', n: 2, sales: 220 },
      { city: 'Xian', n: 1, sales: 200 },
    ]);
    expect(w.pivot.pivot).toEqual({ rows: ['region'], columns: ['orderDate_quarter'], measures: ['sales'] });
    expect(w.pivot.columns.map((c: { axis?: string }) => c.axis)).toEqual(['row', 'column', undefined]);
    const cell = (region: string | null, q: string | null) =>
      w.pivot.rows.find((r: Record<string, unknown>) => r.region === region && r.orderDate_quarter === q);
    expect(cell('east', '2024-01-01')).toEqual({
      region: 'east',
      orderDate_quarter: '2024-01-01',
      sales: 470,
    });
    expect(cell('west', '2024-04-01').sales).toBe(200);
    expect(cell('east', null)).toEqual({
      region: 'east',
      orderDate_quarter: null,
      sales: 470,
      $totals: ['orderDate_quarter'],
    });
    expect(cell(null, '2024-01-01')).toEqual({
      region: null,
      orderDate_quarter: '2024-01-01',
      sales: 1300,
      $totals: ['region'],
    });
    expect(cell(null, null)).toEqual({
      region: null,
      orderDate_quarter: null,
      sales: 1500,
      $totals: ['region', 'orderDate_quarter'],
    });
    // Top 2 customers by sales, the rest merged (C2 370, C5 80, @evil 50) and last.
    expect(w.top.rows).toEqual([
      { customer: 'C1', sales: 600 },
      { customer: 'C4', sales: 400 },
      { customer: null, sales: 500, $others: true },
    ]);
    expect(w.conversion.rows).toEqual([
      { region: 'east', all: 3, won: 2, rate: 2 / 3 },
      { region: 'north', all: 2, won: 1, rate: 0.5 },
      { region: 'west', all: 3, won: 1, rate: 1 / 3 },
    ]);
    // Order lines of March orders only (the date range is on the parent's field).
    expect(w.lines.rows).toEqual([
      { product: 'ink', qty: 4, buyers: 1 },
      { product: 'paper', qty: 3, buyers: 1 },
      { product: 'pen', qty: 1, buyers: 1 },
    ]);
  });

  it('aggregates order lines over all orders without a filter, and skips deleted orders', async () => {
    const w = await data({});
    expect(w.lines.rows).toEqual([
      { product: 'ink', qty: 5, buyers: 2 },
      { product: 'paper', qty: 13, buyers: 2 },
      { product: 'pen', qty: 8, buyers: 3 },
    ]);
    const extra = await admin.agent
      .post(ORDERS)
      .send({
        data: {
          orderNo: 'X',
          customer: 'CX',
          amount: 1,
          orderDate: '2024-05-01',
          lines: [{ product: 'pen', qty: 100 }],
        },
      })
      .expect(201);
    expect((await data({})).lines.rows.find((r: { product: string }) => r.product === 'pen').qty).toBe(108);
    await admin.agent.delete(`${ORDERS}/${extra.body.record.id}`).expect(204);
    expect((await data({})).lines.rows.find((r: { product: string }) => r.product === 'pen').qty).toBe(8);
  });

  it('filters by member and department filter widgets', async () => {
    const w = await data({
      filterState: { rep: { values: [member.user.id] }, dept: { values: ['no-such-dept'] } },
    });
    expect(w.byStage.rows).toEqual([
      { stage: 'lost', n: 2 },
      { stage: 'open', n: 1 },
      { stage: 'won', n: 1 },
    ]);
    expect(w.gauge.gauge.value).toBeNull();
  });

  it('compares with the same period last year and with the default range', async () => {
    const lastYear = await admin.agent.get(`${BASE}`).expect(200);
    const withYear: Dashboard = {
      ...dashboard,
      widgets: dashboard.widgets.map((w) =>
        w.id === 'kpi' ? { ...(w as ChartWidget), compare: { field: 'orderDate', period: 'lastYear' } } : w,
      ),
    };
    await admin.agent
      .put(BASE)
      .send({ app: shopApp([withYear]), baseVersion: lastYear.body.version })
      .expect(200);
    const w = await data({ filterState: { period: { from: '2025-03-01', to: '2025-03-31' } } });
    expect(w.kpi.comparison.previous).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(w.kpi.comparison.measures.sales).toEqual({
      current: null,
      previous: 600,
      delta: null,
      deltaPercent: null,
    });
    // Without a linked range the KPI shows this month (no orders) against the previous period.
    const now = await data({});
    expect(now.kpi.rows).toEqual([{ sales: null, n: 0 }]);
    const back = await admin.agent.get(`${BASE}`).expect(200);
    await admin.agent.put(BASE).send({ app: shopApp(), baseVersion: back.body.version }).expect(200);
  });
});

describe('drill-down and click-through', () => {
  it('drills year -> month -> day and says the level', async () => {
    const months = await data({ drill: { byDate: ['2024-01-01'] } });
    expect(months.byDate.rows).toEqual([
      { orderDate_year: '2024-01-01', sales: 350 },
      { orderDate_year: '2024-02-01', sales: 350 },
      { orderDate_year: '2024-03-01', sales: 600 },
      { orderDate_year: '2024-04-01', sales: 200 },
    ]);
    expect(months.byDate.drill).toEqual({
      level: 1,
      levels: 3,
      path: ['2024-01-01'],
      field: 'orderDate',
      bucket: 'month',
    });
    expect(months.byDate.columns[0]).toEqual({
      key: 'orderDate_year',
      role: 'dimension',
      field: 'orderDate',
      bucket: 'month',
    });
    const days = await data({ drill: { byDate: ['2024-01-01', '2024-03-01'] } });
    expect(days.byDate.rows).toEqual([
      { orderDate_year: '2024-03-01', sales: 400 },
      { orderDate_year: '2024-03-15', sales: 120 },
      { orderDate_year: '2024-03-30', sales: 80 },
    ]);
  });

  it('gives the exact filter of the records behind a bar, which lists exactly them', async () => {
    const res = await member.agent
      .post(`${BASE}/dashboards/sales/widgets/byDate/records-filter`)
      .send({ drill: { byDate: ['2024-01-01'] }, point: { orderDate_year: '2024-03-01' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.form).toBe('orders');
    const list = await member.agent
      .get(ORDERS)
      .query({ filter: JSON.stringify(res.body.filter), sort: 'orderNo' })
      .expect(200);
    expect(list.body.items.map((r: { data: { orderNo: string } }) => r.data.orderNo)).toEqual([
      'O5',
      'O6',
      'O7',
    ]);

    // A stacked point with two dimensions and a linked filter: the conversion bar of "west".
    const west = await member.agent
      .post(`${BASE}/dashboards/sales/widgets/scatter/records-filter`)
      .send({ point: { city: 'Chengdu' } })
      .expect(200);
    const picked = await member.agent
      .get(ORDERS)
      .query({ filter: JSON.stringify(west.body.filter), sort: 'orderNo' })
      .expect(200);
    expect(picked.body.items.map((r: { data: { orderNo: string } }) => r.data.orderNo)).toEqual(['O3', 'O4']);
  });

  it('refuses bad drill paths and points with paths', async () => {
    const bad = async (url: string, body: object, path: string, code = 400) => {
      const res = await member.agent.post(url).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(code);
      expect(res.body.error.details?.map((d: { path: string }) => d.path) ?? [res.body.error.code]).toContain(
        path,
      );
    };
    await bad(DATA, { drill: { byDate: ['2024-01-01', '2024-03-01', '2024-03-01'] } }, '/drill/byDate');
    await bad(DATA, { drill: { byDate: ['January'] } }, '/drill/byDate/0');
    await bad(DATA, { drill: { byStage: ['won'] } }, '/drill/byStage');
    const filterUrl = `${BASE}/dashboards/sales/widgets/byDate/records-filter`;
    await bad(filterUrl, { point: { region: 'east' } }, '/point/region');
    await bad(
      `${BASE}/dashboards/sales/widgets/top/records-filter`,
      { point: { customer: null, $others: true } },
      'not_supported',
    );
    await bad(
      `${BASE}/dashboards/sales/widgets/lines/records-filter`,
      { point: { product: 'pen' } },
      'not_supported',
    );
  });
});

describe('export', () => {
  const load = async (buffer: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { sheet, rows };
  };

  it('exports a widget as xlsx with labels, others row and a UTF-8 file name', async () => {
    const res = await member.agent
      .post(`${BASE}/dashboards/sales/widgets/top/export?format=xlsx`)
      .set('Accept-Language', 'zh-CN')
      .send({})
      .buffer(true)
      .parse(binaryBody);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="____.xlsx"; filename*=UTF-8''${encodeURIComponent('前十客户.xlsx')}`,
    );
    const { rows } = await load(res.body as Buffer);
    expect(rows).toEqual([
      ['客户', 'Amount'], // the measure has no label: its field's
      ['C1', 600],
      ['C4', 400],
      ['其他', 500],
    ]);
  });

  it('writes formula-like texts as text, never as formulas', async () => {
    const res = await member.agent
      .get(`${BASE}/dashboards/sales/widgets/latest/export?format=xlsx`)
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''latest.xlsx`);
    const { sheet, rows } = await load(res.body as Buffer);
    expect(rows[0]).toEqual(['Order', 'Customer', 'Amount']);
    expect(rows[4]).toEqual(['O4', '@evil', 50]);
    const cell = sheet.getRow(5).getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    expect(cell.numFmt).toBe('@');
  });

  it('refuses other formats and unknown widgets', async () => {
    await member.agent.get(`${BASE}/dashboards/sales/widgets/top/export?format=csv`).expect(400);
    await member.agent.get(`${BASE}/dashboards/sales/widgets/nope/export?format=xlsx`).expect(404);
  });
});

describe('preview and bad definitions', () => {
  const save = async (dashboards: Dashboard[]) => {
    const current = await admin.agent.get(BASE).expect(200);
    return admin.agent.put(BASE).send({ app: shopApp(dashboards), baseVersion: current.body.version });
  };
  const details = (res: {
    body: { error: { details: { path: string; code: string; message: string }[] } };
  }) => res.body.error.details;

  it('previews a widget of an app whose navigation links its saved dashboards', async () => {
    const current = await admin.agent.get(BASE).expect(200);
    await admin.agent
      .put(BASE)
      .send({
        app: { ...shopApp(), navigation: [{ kind: 'dashboard', target: dashboard.id }] },
        baseVersion: current.body.version,
      })
      .expect(200);
    const ok = await admin.agent
      .post(`${BASE}/widget-data`)
      .send({ widget: widgets.find((w) => w.id === 'conversion') })
      .expect(200);
    expect(ok.body.rows[0]).toEqual({ region: 'east', all: 3, won: 2, rate: 2 / 3 });
  });

  it('previews an unsaved widget, and points at its bad parts under /widget', async () => {
    const ok = await admin.agent
      .post(`${BASE}/widget-data`)
      .send({ widget: widgets.find((w) => w.id === 'conversion') })
      .expect(200);
    expect(ok.body.rows[0]).toEqual({ region: 'east', all: 3, won: 2, rate: 2 / 3 });
    const bad = await admin.agent.post(`${BASE}/widget-data`).send({
      widget: chart({
        id: 'w',
        type: 'bar',
        dimensions: [{ field: 'region' }],
        measures: [{ op: 'sum', field: 'ghost', as: 's' }],
      }),
    });
    expect(bad.status).toBe(400);
    expect(details(bad)).toEqual([
      {
        path: '/widget/measures/0/field',
        code: 'unknown_field',
        message: 'source "orders" has no field "ghost"',
      },
    ]);
  });

  it('refuses an unknown field in a measure, a formula over a missing measure and a filter on another form', async () => {
    const res = await save([
      {
        id: 'bad',
        name: l('Bad'),
        widgets: [
          chart({ id: 'w1', type: 'kpi', measures: [{ op: 'sum', field: 'price', as: 's' }] }),
          chart({
            id: 'w2',
            type: 'kpi',
            measures: [
              { op: 'count', as: 'all' },
              { op: 'formula', formula: '{won} / {all}', as: 'rate' },
            ],
          }),
          chart({ id: 'w3', type: 'kpi', filter: { kind: 'cmp', field: 'code', op: 'eq', value: 'x' } }),
          chart({
            id: 'w4',
            type: 'kpi',
            measures: [
              { op: 'count', as: 'n' },
              { op: 'formula', formula: 'SUM({n}', as: 'f' },
            ],
          }),
          chart({ id: 'w5', type: 'bar', dimensions: [{ field: 'region', bucket: 'month' }] }),
        ],
        filters: [
          {
            id: 'f',
            type: 'dateRange',
            form: 'events',
            field: 'createdAt',
            widgets: ['w1'],
            fields: { w1: 'code' },
          },
        ],
      },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const found = details(res).map((d) => [d.path, d.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['/dashboards/0/widgets/0/measures/0/field', 'unknown_field'],
        ['/dashboards/0/widgets/1/measures/1/formula', 'unknown_measure'],
        ['/dashboards/0/widgets/2/filter/field', 'unknown_field'],
        ['/dashboards/0/filters/0/fields/w1', 'unknown_field'],
      ]),
    );
    expect(details(res).find((d) => d.path === '/dashboards/0/widgets/1/measures/1/formula')!.message).toBe(
      'formula measure "rate" uses {won}, which is not a measure of this widget',
    );
    expect(details(res).find((d) => d.path === '/dashboards/0/widgets/2/filter/field')!.message).toBe(
      'source "orders" has no field "code"',
    );
    // The formula's syntax and a bucket on a select are checked once the references are right.
    const second = await save([
      {
        id: 'bad',
        name: l('Bad'),
        widgets: [
          chart({
            id: 'w4',
            type: 'kpi',
            measures: [
              { op: 'count', as: 'n' },
              { op: 'formula', formula: 'SUM({n}', as: 'f' },
            ],
          }),
          chart({ id: 'w5', type: 'bar', dimensions: [{ field: 'region', bucket: 'month' }] }),
          chart({ id: 'w6', type: 'kpi', compare: { field: 'amount', period: 'previous' } }),
        ],
      },
    ]);
    expect(second.status, JSON.stringify(second.body)).toBe(400);
    expect(details(second).map((d) => [d.path, d.code])).toEqual([
      ['/dashboards/0/widgets/0/measures/1/formula', 'invalid_formula'],
      ['/dashboards/0/widgets/1/dimensions/0/bucket', 'invalidBucket'],
      ['/dashboards/0/widgets/2/compare/field', 'wrong_field_type'],
    ]);
  });

  it('answers pivot_too_large for a pivot with more than 10,000 cells', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => ({
      data: { code: `E${String(i).padStart(4, '0')}` },
    }));
    await admin.agent
      .post(`${BASE}/forms/events/records/batch`)
      .send({ items: items.slice(0, 1000) })
      .expect(201);
    await admin.agent
      .post(`${BASE}/forms/events/records/batch`)
      .send({ items: items.slice(1000) })
      .expect(201);
    const measures = Array.from({ length: 10 }, (_, i) => ({ op: 'count' as const, as: `n${i}` }));
    const res = await admin.agent
      .post(`${BASE}/widget-data`)
      .send({
        widget: chart({
          id: 'big',
          type: 'pivot',
          source: { form: 'events' },
          dimensions: [{ field: 'code' }],
          pivot: { columns: [] },
          measures,
        }),
      })
      .expect(200);
    expect(res.body.error.code).toBe('pivot_too_large');
    expect(res.body.error.message).toMatch(/more than 10000 cells/);
  });
});
