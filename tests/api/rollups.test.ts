/**
 * Rollups (decision 0053): after random creates, edits (records moving between days, months, keys
 * and amounts, decimals and empty values), deletes and restores, every query a rollup answers
 * equals the direct query over the records; widgets answer the same through the API with and
 * without rollups; a reader whose grant narrows the rows never gets rollup numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateQuery, AppDefinition, Dashboard } from '@tangram/schema';
import { rollupProbe } from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let alice: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const opts = (...v: string[]) => v.map((value) => ({ value, label: l(value) }));
const BASE = '/api/v1/apps/shop/forms/orders';
const REGIONS = ['east', 'west', 'north'];
const STATUSES = ['open', 'won', 'lost'];
const AMOUNTS = [0.1, 0.2, 0.3, 1234.56, 99.99, 1e9 + 0.01, -5.5, 7, null];
const DATES = ['2024-01-31', '2024-02-01', '2024-02-29', '2024-03-15', '2024-12-31', '2025-01-01', null];

const at = (x: number, y: number) => ({ x, y, w: 12, h: 8 });
const dashboard: Dashboard = {
  id: 'sales',
  name: l('Sales'),
  widgets: [
    {
      id: 'kpi',
      type: 'kpi',
      layout: at(0, 0),
      source: { form: 'orders' },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'sales' },
        { op: 'count', as: 'orders' },
        { op: 'avg', field: 'amount', as: 'avgAmount' },
      ],
      compare: { field: 'orderDate', period: 'previous' },
    },
    {
      id: 'byMonth',
      type: 'bar',
      layout: at(12, 0),
      source: { form: 'orders' },
      dimensions: [{ field: 'orderDate', bucket: 'month' }],
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
    },
    {
      id: 'pivot',
      type: 'pivot',
      layout: at(0, 8),
      source: { form: 'orders' },
      dimensions: [{ field: 'region' }],
      pivot: { columns: [{ field: 'orderDate', bucket: 'quarter' }], grandTotals: true, rowSubtotals: true },
      measures: [
        { op: 'sum', field: 'amount', as: 'sales' },
        { op: 'count', field: 'amount', as: 'priced' },
      ],
    },
    {
      id: 'topRegions',
      type: 'bar',
      layout: at(12, 8),
      source: { form: 'orders' },
      dimensions: [{ field: 'region', top: { n: 2, others: true } }],
      measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
      sort: [{ key: 'qty', dir: 'desc' }],
    },
    {
      id: 'funnel',
      type: 'funnel',
      layout: at(0, 16),
      source: { form: 'orders' },
      dimensions: [],
      measures: [
        { op: 'count', as: 'all' },
        { op: 'count', as: 'won', filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'won' } },
        {
          op: 'count',
          as: 'paidWon',
          filter: {
            kind: 'and',
            items: [
              { kind: 'cmp', field: 'status', op: 'eq', value: 'won' },
              { kind: 'cmp', field: 'paid', op: 'eq', value: true },
            ],
          },
        },
      ],
    },
    {
      id: 'byStatus',
      type: 'pie',
      layout: at(12, 16),
      source: { form: 'orders' },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
    },
  ],
  filters: [
    { id: 'period', type: 'dateRange', form: 'orders', field: 'orderDate', widgets: ['kpi'] },
    { id: 'regions', type: 'select', form: 'orders', field: 'region', widgets: ['byStatus'] },
  ],
} as unknown as Dashboard;

function shopApp(aliceId: string): AppDefinition {
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: 1,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete'],
    },
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'region', type: 'select', label: l('Region'), config: { options: opts(...REGIONS) } },
          { id: 'status', type: 'select', label: l('Status'), config: { options: opts(...STATUSES) } },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          { id: 'qty', type: 'number', label: l('Quantity'), config: { precision: 0 } },
          { id: 'orderDate', type: 'date', label: l('Order date') },
          { id: 'paid', type: 'boolean', label: l('Paid') },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own orders'),
            members: [{ kind: 'users', ids: [aliceId] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'own' },
          },
        ],
      },
    ],
    dashboards: [dashboard],
    navigation: [{ kind: 'form', target: 'orders' }],
  } as unknown as AppDefinition;
}

/** A seeded generator, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(16053);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const randomData = () => {
  const data: Record<string, unknown> = { title: `o${Math.floor(rand() * 1e6)}` };
  const put = (k: string, v: unknown) => {
    if (v !== null) data[k] = v;
  };
  put('region', rand() < 0.1 ? null : pick(REGIONS));
  put('status', pick(STATUSES));
  put('amount', pick(AMOUNTS));
  put('qty', rand() < 0.2 ? null : Math.floor(rand() * 50));
  put('orderDate', pick(DATES));
  put('paid', rand() < 0.5);
  return data;
};

const live = new Map<string, number>(); // id -> version
const deleted: string[] = [];

async function create(who: SignedIn, count = 1) {
  const items = Array.from({ length: count }, () => ({ data: randomData() }));
  const res = await who.agent.post(`${BASE}/records/batch`).send({ items });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  for (const r of res.body.records as { id: string; version: number }[]) live.set(r.id, r.version);
}

/** Queries the rollups must answer (each checked to be answered from a rollup, not direct). */
const ROLLED: AggregateQuery[] = [
  {
    measures: [
      { op: 'sum', field: 'amount', as: 's' },
      { op: 'count', as: 'n' },
      { op: 'avg', field: 'amount', as: 'a' },
    ],
  },
  {
    groupBy: [{ field: 'orderDate', bucket: 'month' }],
    measures: [{ op: 'sum', field: 'amount', as: 's' }],
  },
  {
    groupBy: [{ field: 'orderDate', bucket: 'year' }],
    measures: [{ op: 'sum', field: 'amount', as: 's' }],
  },
  {
    measures: [
      { op: 'sum', field: 'amount', as: 's' },
      { op: 'avg', field: 'amount', as: 'a' },
    ],
    filter: { kind: 'cmp', field: 'orderDate', op: 'between', value: ['2024-02-01', '2024-12-31'] },
  },
  {
    groupBy: [{ field: 'region' }, { field: 'orderDate', bucket: 'quarter' }],
    measures: [
      { op: 'sum', field: 'amount', as: 'sales' },
      { op: 'count', field: 'amount', as: 'priced' },
    ],
    groupingSets: [['region', 'orderDate_quarter'], ['region'], []],
  },
  {
    groupBy: [{ field: 'region' }],
    measures: [{ op: 'sum', field: 'qty', as: 'qty' }],
    top: { group: 'region', n: 2, by: 'qty', others: true },
    sort: [{ key: 'qty', dir: 'desc' }],
  },
  {
    measures: [
      { op: 'count', as: 'all' },
      { op: 'count', as: 'won', filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'won' } },
      { op: 'count', as: 'none', filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'nobody' } },
    ],
  },
  {
    groupBy: [{ field: 'status' }],
    measures: [{ op: 'count', as: 'n' }],
    filter: { kind: 'cmp', field: 'region', op: 'in', value: ['east', 'north'] },
  },
];

/** Queries no rollup may answer (min/max, an unrolled field, a date-time bucket). */
const DIRECT: AggregateQuery[] = [
  { measures: [{ op: 'max', field: 'amount', as: 'm' }] },
  { groupBy: [{ field: 'title' }], measures: [{ op: 'count', as: 'n' }] },
  { groupBy: [{ field: 'createdAt', bucket: 'day' }], measures: [{ op: 'count', as: 'n' }] },
  {
    groupBy: [{ field: 'orderDate', bucket: 'week' }, { field: 'status' }],
    measures: [{ op: 'sum', field: 'qty', as: 'q' }],
  },
];

async function expectConformance(round: string) {
  const ref = { orgId: admin.org.id, appId: 'shop', formId: 'orders' };
  for (const [i, q] of ROLLED.entries()) {
    const { rolled, direct } = await rollupProbe(server.db, ref, q);
    expect(rolled, `${round}: query ${i} is answered from a rollup`).not.toBeNull();
    expect(rolled, `${round}: query ${i}`).toEqual(direct);
  }
  for (const [i, q] of DIRECT.entries()) {
    const { rolled } = await rollupProbe(server.db, ref, q);
    expect(rolled, `${round}: direct query ${i}`).toBeNull();
  }
}

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  alice = await createUser(server, admin, { email: 'alice@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(shopApp(alice.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  await create(admin, 30);
  await create(alice, 6);
});
afterAll(() => server.close());

describe('rollups', () => {
  it('derives rollups from the dashboard and builds them (app admins only)', async () => {
    const refused = await alice.agent.post(`${BASE}/rollups/rebuild`).send({});
    expect(refused.status).toBe(403);
    const res = await admin.agent.post(`${BASE}/rollups/rebuild`).send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const built = res.body.rollups.filter((r: { id: string | null }) => r.id);
    expect(built.length).toBeGreaterThanOrEqual(3);
    const listed = await admin.agent.get(`${BASE}/rollups`).expect(200);
    expect(listed.body.wanted.every((w: { built: boolean }) => w.built)).toBe(true);
    expect(
      listed.body.built.every((b: { current: boolean; records: number }) => b.current && b.records === 36),
    ).toBe(true);
    await expectConformance('after the build');
  });

  it('keeps every rollup equal to the direct query through random writes', async () => {
    for (let round = 0; round < 5; round++) {
      await create(admin, 4);
      const ids = [...live.keys()];
      for (let i = 0; i < 8; i++) {
        const id = pick(ids);
        if (!live.has(id)) continue;
        // Partial edits too: a record moves between days, months, regions, statuses and amounts.
        const data = randomData();
        const partial =
          rand() < 0.5 ? Object.fromEntries(Object.entries(data).filter(() => rand() < 0.5)) : data;
        if (rand() < 0.3) partial.amount = null;
        const res = await admin.agent
          .patch(`${BASE}/records/${id}`)
          .send({ data: partial, version: live.get(id) });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        live.set(id, res.body.record.version);
      }
      for (let i = 0; i < 3; i++) {
        const id = pick([...live.keys()]);
        await admin.agent.delete(`${BASE}/records/${id}`).expect(204);
        live.delete(id);
        deleted.push(id);
      }
      if (deleted.length) {
        const id = deleted.shift()!;
        const res = await admin.agent.post(`${BASE}/records/${id}/restore`).send({});
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        live.set(id, res.body.record.version);
      }
      await expectConformance(`round ${round}`);
    }
  });

  it('answers every widget through the API the same with and without rollups', async () => {
    const widgetAnswer = async (who: SignedIn, widget: unknown) => {
      const res = await who.agent.post('/api/v1/apps/shop/widget-data').send({ widget });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.error).toBeUndefined();
      return res.body;
    };
    const aggregate = async (who: SignedIn, q: AggregateQuery) => {
      const res = await who.agent.post(`${BASE}/aggregate`).send(q);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.rows;
    };
    const withRollups = await Promise.all(dashboard.widgets.map((w) => widgetAnswer(admin, w)));
    const viaApi = await Promise.all(ROLLED.map((q) => aggregate(admin, q)));
    const aliceBefore = await Promise.all(ROLLED.map((q) => aggregate(alice, q)));

    // The API really reads the rollups: skewed cells show in the admin's answer...
    await server.db.query(`UPDATE rollup_cells SET cnt = cnt + 1000 WHERE cnt > 0`);
    const skewed = await aggregate(admin, ROLLED[0]!);
    expect(skewed[0].n).toBeGreaterThan(1000);
    // ...but never in the answer of a reader whose grant narrows the rows (own orders only).
    expect(await Promise.all(ROLLED.map((q) => aggregate(alice, q)))).toEqual(aliceBefore);
    expect(aliceBefore[0][0].n).toBe(6);

    await server.db.query(`DELETE FROM rollups`);
    const without = await Promise.all(dashboard.widgets.map((w) => widgetAnswer(admin, w)));
    expect(withRollups).toEqual(without);
    expect(await Promise.all(ROLLED.map((q) => aggregate(admin, q)))).toEqual(viaApi);
  });
});
