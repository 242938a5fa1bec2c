/**
 * Aggregate tables (issue 12, decision 0028): stock by product and warehouse kept from receipts
 * (+qty, only approved ones count) and shipments (-qty, two products per shipment), with the rule
 * "qty >= 0". Balances change in the write's transaction on create, update, delete, restore and
 * workflow status changes; a refused write stores nothing; concurrent shipments never oversell and
 * never deadlock; a rebuild finds a tampered balance.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let mia: SignedIn;
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const APP = '/api/v1/apps/inv';
const form = (id: string) => `${APP}/forms/${id}`;
const ids: Record<string, string> = {};

function app(): AppDefinition {
  const rel = (id: string, target: string) => ({
    id,
    type: 'relation' as const,
    label: l(id),
    config: { form: target, multiple: false },
  });
  const qty = (id: string) => ({ id, type: 'number' as const, label: l(id), config: { precision: 0 } });
  return {
    id: 'inv',
    name: l('Inventory'),
    formatVersion: 2,
    forms: [
      {
        id: 'products',
        name: l('Products'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name') }],
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
        workflowId: 'approval',
        fields: [rel('product', 'products'), rel('warehouse', 'warehouses'), qty('qty')],
      },
      {
        id: 'shipments',
        name: l('Shipments'),
        fields: [
          rel('product', 'products'),
          rel('warehouse', 'warehouses'),
          qty('qty'),
          rel('product2', 'products'),
          qty('qty2'),
        ],
      },
    ],
    workflows: [
      {
        id: 'approval',
        name: l('Approval'),
        form: 'receipts',
        nodes: [
          { type: 'start', id: 'start', next: 'mgr' },
          {
            type: 'approve',
            id: 'mgr',
            assignees: [{ kind: 'users', ids: [mia.user.id] }],
            actions: ['reject'],
            rejectTo: ['end'],
            next: 'end',
          },
          { type: 'end', id: 'end' },
        ],
      },
    ],
    aggregates: [
      {
        id: 'stock',
        name: l('Stock', '库存'),
        keys: [
          { id: 'product', label: l('Product'), type: 'record', form: 'products' },
          { id: 'warehouse', label: l('Warehouse'), type: 'record', form: 'warehouses' },
        ],
        measures: [{ id: 'qty', label: l('Quantity'), decimals: 0 }],
        sources: [
          {
            id: 'received',
            form: 'receipts',
            keys: { product: { field: 'product' }, warehouse: { field: 'warehouse' } },
            measures: { qty: { field: 'qty', sign: 1 } },
            when: { kind: 'cmp', field: 'workflowStatus', op: 'eq', value: 'approved' },
          },
          {
            id: 'shipped',
            form: 'shipments',
            keys: { product: { field: 'product' }, warehouse: { field: 'warehouse' } },
            measures: { qty: { field: 'qty', sign: -1 } },
          },
          {
            id: 'shipped2',
            form: 'shipments',
            keys: { product: { field: 'product2' }, warehouse: { field: 'warehouse' } },
            measures: { qty: { field: 'qty2', sign: -1 } },
          },
        ],
        rules: [{ measure: 'qty', op: '>=', value: 0 }],
      },
    ],
  } as AppDefinition;
}

/** PATCH with the record's current version. */
async function patch(formId: string, id: string, data: Record<string, unknown>) {
  const current = await admin.agent.get(`${form(formId)}/records/${id}`).expect(200);
  return admin.agent
    .patch(`${form(formId)}/records/${id}`)
    .send({ version: current.body.record.version, data });
}

async function create(formId: string, data: Record<string, unknown>): Promise<string> {
  const res = await admin.agent.post(`${form(formId)}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
}

/** A receipt of `qty`, approved by Mia so that it counts. */
async function receive(product: string, qty: number): Promise<string> {
  const id = await create('receipts', { product, warehouse: ids.sh, qty });
  await decide(id, 'approve');
  return id;
}

async function decide(recordId: string, action: 'approve' | 'reject') {
  const v = await mia.agent.get(`${form('receipts')}/records/${recordId}/workflow`).expect(200);
  const res = await mia.agent.post(`/api/v1/tasks/${v.body.me.taskId}/${action}`).send({});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function balance(product: string): Promise<string> {
  const res = await admin.agent.get(`${APP}/aggregates/stock/balances`).query({ 'k.product': product });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items[0]?.values.qty as string | undefined) ?? '0';
}

async function postingSum(product: string): Promise<string> {
  const { rows } = await server.db.query<{ sum: string | null }>(
    `SELECT sum(p.value)::text AS sum FROM aggregate_postings p
       JOIN aggregate_balances b USING (org_id, app_id, aggregate_id, key_text, measure_id)
      WHERE p.aggregate_id = 'stock' AND b.key_values->>'product' = $1`,
    [product],
  );
  return rows[0]?.sum ?? '0';
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  mia = await createUser(server, admin, { email: 'mia@acme.test', name: 'Mia Manager' });
  const res = await admin.agent.post('/api/v1/apps').send(app());
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const products: [string, string][] = [
    ['a', 'Widget A'],
    ['b', 'Widget B'],
    ['c', 'Widget C'],
    ['d', 'Widget D'],
  ];
  for (const [key, name] of products) ids[key] = await create('products', { name });
  ids.sh = await create('warehouses', { name: 'Shanghai' });
}, 60_000);
afterAll(() => server.close());

describe('definition checks', () => {
  it('refuses a source whose key field is not a relation to the key form', async () => {
    const bad = app();
    bad.aggregates![0]!.sources[1]!.keys.product = { field: 'qty' };
    const current = await admin.agent.get(APP).expect(200);
    const res = await admin.agent.put(APP).send({ app: bad, baseVersion: current.body.version });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('/aggregates/0/sources/1/keys/product/field');
  });
});

describe('balances follow every write', () => {
  it('counts a receipt only once it is approved, and a status change moves the balance', async () => {
    const id = await create('receipts', { product: ids.c, warehouse: ids.sh, qty: 10 });
    expect(await balance(ids.c!)).toBe('0');
    await decide(id, 'approve');
    expect(await balance(ids.c!)).toBe('10');
    const rejected = await create('receipts', { product: ids.c, warehouse: ids.sh, qty: 5 });
    await decide(rejected, 'reject');
    expect(await balance(ids.c!)).toBe('10');
  });

  it('applies the difference on update and reverses exactly on delete; restore posts again', async () => {
    const s = await create('shipments', { product: ids.c, warehouse: ids.sh, qty: 3 });
    expect(await balance(ids.c!)).toBe('7');
    const patched = await patch('shipments', s, { qty: 4 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(await balance(ids.c!)).toBe('6');
    await admin.agent.delete(`${form('shipments')}/records/${s}`).expect(204);
    expect(await balance(ids.c!)).toBe('10');
    const restored = await admin.agent.post(`${form('shipments')}/records/${s}/restore`).send({});
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(await balance(ids.c!)).toBe('6');
    expect(await postingSum(ids.c!)).toBe('6');
  });

  it('refuses a shipment beyond stock naming the key and the shortfall, in en and zh-CN, writing nothing', async () => {
    const before = await server.db.query(`SELECT count(*)::int AS n FROM record_history`);
    const res = await admin.agent
      .post(`${form('shipments')}/records`)
      .send({ data: { product: ids.c, warehouse: ids.sh, qty: 85 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('balance_rule');
    expect(res.body.error.message).toBe('Widget C / Shanghai: 6 available, 85 requested');
    expect(res.body.error.details.violations[0]).toMatchObject({
      available: '6',
      requested: '85',
      keyTitle: 'Widget C / Shanghai',
    });
    const zh = await admin.agent
      .post(`${form('shipments')}/records`)
      .set('Accept-Language', 'zh-CN,zh;q=0.9')
      .send({ data: { product: ids.c, warehouse: ids.sh, qty: 85 } });
    expect(zh.body.error.message).toBe('Widget C / Shanghai：可用 6，需要 85');
    const after = await server.db.query(`SELECT count(*)::int AS n FROM record_history`);
    expect(after.rows).toEqual(before.rows);
    expect(await balance(ids.c!)).toBe('6');
    expect(await postingSum(ids.c!)).toBe('6');
  });

  it('refuses an edit that would oversell, and lets a receipt repair a balance', async () => {
    const s = await create('shipments', { product: ids.c, warehouse: ids.sh, qty: 6 });
    expect(await balance(ids.c!)).toBe('0');
    const res = await patch('shipments', s, { qty: 7 });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Widget C / Shanghai: 0 available, 1 requested');
    expect(await balance(ids.c!)).toBe('0');
  });
});

describe('concurrency', () => {
  it('20 concurrent shipments of 3 against 42: 14 succeed, 6 refused, balance 0 = sum of postings', async () => {
    await receive(ids.a!, 42);
    expect(await balance(ids.a!)).toBe('42');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        admin.agent
          .post(`${form('shipments')}/records`)
          .send({ data: { product: ids.a, warehouse: ids.sh, qty: 3 } }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(14);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'balance_rule')).toHaveLength(6);
    expect(await balance(ids.a!)).toBe('0');
    expect(await postingSum(ids.a!)).toBe('0');
  }, 60_000);

  it('two products in opposite orders: no deadlock, no oversell', async () => {
    await receive(ids.b!, 30);
    await receive(ids.d!, 30);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const [first, second] = i % 2 === 0 ? [ids.b, ids.d] : [ids.d, ids.b];
        return admin.agent
          .post(`${form('shipments')}/records`)
          .send({ data: { product: first, qty: 2, product2: second, qty2: 2, warehouse: ids.sh } });
      }),
    );
    const statuses = results.map((r) => r.status);
    // Every shipment takes 2 of each: 15 fit into 30, the rest are refused by the rule (none by a deadlock).
    expect(statuses.filter((s) => s === 201)).toHaveLength(15);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'balance_rule')).toHaveLength(5);
    expect(await balance(ids.b!)).toBe('0');
    expect(await balance(ids.d!)).toBe('0');
    expect(await postingSum(ids.b!)).toBe('0');
    expect(await postingSum(ids.d!)).toBe('0');
  }, 60_000);
});

describe('rebuild', () => {
  it('finds a tampered balance, reports it, and fixes it (dry run changes nothing)', async () => {
    await server.db.query(
      `UPDATE aggregate_balances SET value = 99 WHERE aggregate_id = 'stock' AND key_values->>'product' = $1`,
      [ids.a],
    );
    const dry = await admin.agent.post(`${APP}/aggregates/stock/rebuild`).send({ dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.differenceCount).toBe(1);
    expect(dry.body.differences[0]).toMatchObject({ measure: 'qty', stored: '99', computed: '0' });
    expect(await balance(ids.a!)).toBe('99');
    const fixed = await admin.agent.post(`${APP}/aggregates/stock/rebuild`).send({});
    expect(fixed.body).toMatchObject({ differenceCount: 1, applied: true });
    expect(await balance(ids.a!)).toBe('0');
    const again = await admin.agent.post(`${APP}/aggregates/stock/rebuild`).send({ dryRun: true });
    expect(again.body.differenceCount).toBe(0);
  });

  it('is for app admins only', async () => {
    const res = await mia.agent.post(`${APP}/aggregates/stock/rebuild`).send({});
    expect([403, 404]).toContain(res.status);
  });
});

describe('balances API', () => {
  it('pages by key with titles and exact values', async () => {
    const first = await admin.agent.get(`${APP}/aggregates/stock/balances`).query({ limit: 2 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].titles.warehouse).toBe('Shanghai');
    const rest = await admin.agent
      .get(`${APP}/aggregates/stock/balances`)
      .query({ limit: 10, cursor: first.body.nextCursor });
    expect(rest.body.items).toHaveLength(2);
    expect(rest.body.nextCursor).toBeNull();
    const bad = await admin.agent.get(`${APP}/aggregates/stock/balances`).query({ 'k.colour': 'x' });
    expect(bad.status).toBe(400);
  });
});
