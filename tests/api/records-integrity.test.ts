import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherOrg, createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;
const ORDERS = '/api/v1/apps/sales/forms/orders';
const CUSTOMERS = '/api/v1/apps/sales/forms/customers';

async function countOrders(where = 'TRUE', params: unknown[] = []): Promise<number> {
  const table = (
    await server.db.query<{ table_name: string }>(
      `SELECT table_name FROM form_tables WHERE form_id = 'orders'`,
    )
  ).rows[0]!.table_name;
  const { rows } = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`,
    params,
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp()).expect(201);
});
afterAll(() => server.close());

describe('references must exist in the same org', () => {
  it("refuses another org's member and an unknown department", async () => {
    const other = await createOtherOrg(server);
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({
        data: { title: 'x', owner: other.user.id, helpers: [admin.user.id, other.user.id], dept: 'dep_nope' },
      })
      .expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/data/dept',
      '/data/helpers/1',
      '/data/owner',
    ]);
    expect(await countOrders()).toBe(0);
  });

  it('refuses a link to a missing or deleted record, accepts a live one', async () => {
    const customer = (
      await admin.agent
        .post(`${CUSTOMERS}/records`)
        .send({ data: { name: 'Gone Ltd' } })
        .expect(201)
    ).body.record;
    await admin.agent.delete(`${CUSTOMERS}/records/${customer.id}`).expect(204);
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'x', customer: customer.id } })
      .expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: '/data/customer', code: 'unknown_reference' });
    await admin.agent.post(`${CUSTOMERS}/records/${customer.id}/restore`).expect(200);
    await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'x', customer: customer.id, owner: admin.user.id } })
      .expect(201);
  });
});

describe('concurrent writes', () => {
  it('gives concurrent creates gap-free, unique serial numbers', async () => {
    const before = await countOrders();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.agent.post(`${ORDERS}/records`).send({ data: { title: `c${i}` } }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const codes = results.map((r) => r.body.record.data.code as string).sort();
    const first = before + 1;
    expect(codes).toEqual(Array.from({ length: 20 }, (_, i) => `SO-${String(first + i).padStart(4, '0')}`));
  });

  it('lets exactly one of many concurrent creates take a unique value', async () => {
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        admin.agent.post(`${ORDERS}/records`).send({ data: { title: 'race', email: 'race@example.com' } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'duplicate_value'),
    ).toBe(true);
    expect(await countOrders(`c_email = $1`, ['race@example.com'])).toBe(1);
  });

  it('creates one record for many concurrent retries with one Idempotency-Key', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        admin.agent
          .post(`${ORDERS}/records`)
          .set('Idempotency-Key', 'same-key-123')
          .send({ data: { title: 'once' } }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.record.id)).size).toBe(1);
    expect(await countOrders(`c_title = 'once'`)).toBe(1);
  });

  it('accepts exactly one of concurrent updates made from the same version', async () => {
    const { record } = (
      await admin.agent
        .post(`${ORDERS}/records`)
        .send({ data: { title: 'counter', qty: 0 } })
        .expect(201)
    ).body;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        admin.agent.patch(`${ORDERS}/records/${record.id}`).send({ version: 1, data: { qty: i + 1 } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const history = await admin.agent.get(`${ORDERS}/records/${record.id}/history`).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
  });

  it('never loses an increment when clients retry on 409', async () => {
    const { record } = (
      await admin.agent
        .post(`${ORDERS}/records`)
        .send({ data: { title: 'increments', qty: 0 } })
        .expect(201)
    ).body;
    const increment = async () => {
      for (;;) {
        const current = (await admin.agent.get(`${ORDERS}/records/${record.id}`).expect(200)).body.record;
        const res = await admin.agent
          .patch(`${ORDERS}/records/${record.id}`)
          .send({ version: current.version, data: { qty: current.data.qty + 1 } });
        if (res.status === 200) return;
        expect(res.status).toBe(409);
      }
    };
    await Promise.all(Array.from({ length: 10 }, increment));
    const final = (await admin.agent.get(`${ORDERS}/records/${record.id}`).expect(200)).body.record;
    expect(final.data.qty).toBe(10);
    expect(final.version).toBe(11);
  });
});
