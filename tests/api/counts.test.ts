/**
 * Counts that never block a page (decision 0050): `count=estimate` (the planner's estimate for a
 * large set, exact for a small one), `count=capped` (exact up to 10,000, else "at least 10,000"),
 * `count=true` exact as before; the count respects the caller's filter and view scope; bad modes
 * are 400s. The cap itself is exercised without seeding 10,000 records: a generated series in the
 * same statement shape stands in (see the last test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en, 'zh-CN': en });
const FORM = '/api/v1/apps/shop/forms/orders';

const shop: AppDefinition = {
  id: 'shop',
  name: l('Shop'),
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('Name') },
        { id: 'qty', type: 'number', label: l('Quantity'), config: { precision: 0 } },
      ],
    },
  ],
};

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(shop).expect(201);
  const items = Array.from({ length: 12 }, (_, i) => ({ data: { name: `Order ${i}`, qty: i } }));
  const res = await admin.agent.post(`${FORM}/records/batch?return=ids`).send({ items });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => server.close());

describe('record counts', () => {
  it('answers capped and estimated counts of a small set exactly, with their kind', async () => {
    const filter = { kind: 'cmp', field: 'qty', op: 'gte', value: 4 };
    for (const count of ['capped', 'estimate'] as const) {
      const res = await admin.agent.post(`${FORM}/records/query`).send({ filter, count, limit: 2 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ total: 8, totalKind: 'exact' });
      expect(res.body.items).toHaveLength(2);
    }
    const get = await admin.agent.get(`${FORM}/records`).query({ count: 'capped', q: 'Order 1' });
    expect(get.status, JSON.stringify(get.body)).toBe(200);
    expect(get.body).toMatchObject({ total: 3, totalKind: 'exact' }); // Order 1, 10, 11
  });

  it('keeps count=true as it was: an exact bare total', async () => {
    const res = await admin.agent.get(`${FORM}/records`).query({ count: 'true', limit: 1 }).expect(200);
    expect(res.body.total).toBe(12);
    expect(res.body).not.toHaveProperty('totalKind');
    const exact = await admin.agent.post(`${FORM}/records/query`).send({ count: 'exact', limit: 1 });
    expect(exact.body).toMatchObject({ total: 12, totalKind: 'exact' });
    const none = await admin.agent.get(`${FORM}/records`).query({ count: 'false' }).expect(200);
    expect(none.body).not.toHaveProperty('total');
  });

  it('refuses an unknown count mode with 400 naming it', async () => {
    for (const send of [
      () => admin.agent.get(`${FORM}/records`).query({ count: 'approximately' }),
      () => admin.agent.post(`${FORM}/records/query`).send({ count: 'approximately' }),
      () => admin.agent.post(`${FORM}/records/query`).send({ count: 3 }),
    ]) {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/count' })]);
    }
  });

  it('estimates a large set from the planner and caps the capped count', async () => {
    // Planner statistics of a big table without writing it: a fake form table of 20,000 rows.
    await server.db.query(`CREATE TABLE count_probe AS SELECT g AS n FROM generate_series(1, 20000) g`);
    await server.db.query(`ANALYZE count_probe`);
    const { countRows } = await import('../../server/src/records/kernel/reader-count');
    const estimate = await countRows(server.db, 'count_probe t WHERE t.n > $1', [0], 'estimate');
    expect(estimate.totalKind).toBe('estimate');
    expect(estimate.total).toBeGreaterThan(10_000);
    const capped = await countRows(server.db, 'count_probe t WHERE t.n > $1', [0], 'capped');
    expect(capped).toEqual({ total: 10_000, totalKind: 'atLeast' });
    const under = await countRows(server.db, 'count_probe t WHERE t.n > $1', [15_000], 'capped');
    expect(under).toEqual({ total: 5_000, totalKind: 'exact' });
    // A selective filter the planner knows is small: the estimate mode counts exactly.
    const small = await countRows(server.db, 'count_probe t WHERE t.n > $1', [19_990], 'estimate');
    expect(small).toEqual({ total: 10, totalKind: 'exact' });
    await server.db.query(`DROP TABLE count_probe`);
  });

  it.runIf(process.env.TANGRAM_TEST_DB === 'postgres')(
    'cuts off an exact count that takes too long with 503 count_timeout',
    async () => {
      const { countRows } = await import('../../server/src/records/kernel/reader-count');
      // pg_sleep stands in for a slow count: 6 s against the 5 s bound.
      const slow = countRows(server.db, '(SELECT pg_sleep(6)) t WHERE $1::int = 1', [1], 'exact');
      await expect(slow).rejects.toMatchObject({ status: 503, code: 'count_timeout' });
      // The bound was for that statement only: the connection's own timeout is back.
      const { rows } = await server.db.query<{ v: string }>(
        `SELECT current_setting('statement_timeout') AS v`,
      );
      expect(rows[0]!.v).toBe('15s');
    },
  );
});
