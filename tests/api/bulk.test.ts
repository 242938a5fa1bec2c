import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { createOtherOrg, createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
let other: SignedIn;
const FORM = '/api/v1/apps/shop/forms/orders';
const l = (en: string) => ({ en, 'zh-CN': en });

function shopApp(): AppDefinition {
  return {
    id: 'shop',
    name: l('Shop'),
    formatVersion: 1,
    forms: [
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name'), required: true },
          { id: 'code', type: 'text', label: l('Code'), unique: true },
          {
            id: 'status',
            type: 'select',
            label: l('Status'),
            config: {
              options: [
                { value: 'open', label: l('Open') },
                { value: 'done', label: l('Done') },
              ],
            },
          },
          { id: 'qty', type: 'number', label: l('Quantity'), config: { precision: 0 } },
          { id: 'price', type: 'number', label: l('Price'), config: { precision: 2 } },
          {
            id: 'total',
            type: 'formula',
            label: l('Total'),
            config: { formula: '{qty} * {price}', resultType: 'number', precision: 2 },
          },
        ],
      },
    ],
  };
}

/** Every row of the table and the history, to prove a refused request changed nothing. */
async function snapshot(): Promise<string> {
  const { rows } = await server.db.query<{ table_name: string }>(
    `SELECT table_name FROM form_tables WHERE app_id = 'shop' AND org_id = $1`,
    [admin.org.id],
  );
  const data = await server.db.query(`SELECT * FROM "${rows[0]!.table_name}" ORDER BY id`);
  const history = await server.db.query(`SELECT * FROM record_history ORDER BY id`);
  return JSON.stringify([data.rows, history.rows]);
}

let ids: string[] = [];

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  other = await createOtherOrg(server);
  await admin.agent.post('/api/v1/apps').send(shopApp()).expect(201);
  await other.agent.post('/api/v1/apps').send(shopApp()).expect(201);
  const items = Array.from({ length: 6 }, (_, i) => ({
    data: { name: `Order ${i}`, code: `C${i}`, status: 'open', qty: i + 1, price: 10 },
  }));
  const res = await admin.agent.post(`${FORM}/records/batch`).send({ items }).expect(201);
  ids = res.body.records.map((r: { id: string }) => r.id);
});
afterAll(() => server.close());

describe('bulk update', () => {
  it('sets fields on many records, recomputes formulas and writes history per record', async () => {
    const res = await admin.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: ids.slice(0, 3), data: { status: 'done', price: 2.5 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.updated).toBe(3);
    expect(res.body.records.map((r: { data: { total: number } }) => r.data.total)).toEqual([2.5, 5, 7.5]);
    for (const [i, id] of ids.slice(0, 3).entries()) {
      const record = (await admin.agent.get(`${FORM}/records/${id}`).expect(200)).body.record;
      expect(record).toMatchObject({
        version: 2,
        data: { status: 'done', price: 2.5, total: (i + 1) * 2.5 },
      });
      const history = (await admin.agent.get(`${FORM}/records/${id}/history`).expect(200)).body.items;
      expect(history.at(-1)).toMatchObject({ action: 'update', by: admin.user.id });
      expect(history.at(-1).changes).toEqual(
        expect.arrayContaining([
          { field: 'status', from: 'open', to: 'done' },
          { field: 'price', from: 10, to: 2.5 },
          { field: 'total', from: (i + 1) * 10, to: (i + 1) * 2.5 },
        ]),
      );
    }
    const untouched = (await admin.agent.get(`${FORM}/records/${ids[3]}`).expect(200)).body.record;
    expect(untouched.version).toBe(1);
  });

  it('refuses bad data, unknown fields and bad bodies with 400 and changes nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ ids, data: { ghost: 1 } }, '/data/ghost'],
      [{ ids, data: { qty: 'many' } }, '/data/qty'],
      [{ ids, data: { status: 'lost' } }, '/data/status'],
      [{ ids, data: { name: null } }, '/data/name'],
      [{ ids, data: {} }, '/data'],
      [{ ids: [], data: { qty: 1 } }, '/ids'],
      [{ ids: [ids[0], ids[0]], data: { qty: 1 } }, '/ids'],
      [{ ids, data: { qty: 1 }, version: 1 }, '/version'],
    ];
    for (const [body, path] of cases) {
      const res = await admin.agent.post(`${FORM}/records/bulk-update`).send(body as object);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.error.details.some((d: { path: string }) => d.path.startsWith(path)),
        JSON.stringify(res.body),
      ).toBe(true);
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses more than 1,000 ids', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `id${i}`);
    const res = await admin.agent.post(`${FORM}/records/bulk-update`).send({ ids: many, data: { qty: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('/ids');
    await admin.agent.post(`${FORM}/records/bulk-delete`).send({ ids: many }).expect(400);
  });

  it('answers 404 listing unknown, deleted and other orgs’ ids, and changes nothing', async () => {
    const foreign = await other.agent
      .post(`${FORM}/records`)
      .send({ data: { name: 'Theirs', qty: 1 } })
      .expect(201);
    await admin.agent.delete(`${FORM}/records/${ids[5]}`).expect(204);
    const before = await snapshot();
    const res = await admin.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: [ids[3], 'nope', ids[5], foreign.body.record.id], data: { qty: 9 } });
    expect(res.status).toBe(404);
    expect(res.body.error.details.missing).toEqual(['nope', ids[5], foreign.body.record.id]);
    expect(await snapshot()).toBe(before);
    const theirs = await other.agent.get(`${FORM}/records/${foreign.body.record.id}`).expect(200);
    expect(theirs.body.record.data.qty).toBe(1);
  });

  it('rolls back every record when one fails (duplicate unique value)', async () => {
    const before = await snapshot();
    const res = await admin.agent
      .post(`${FORM}/records/bulk-update`)
      .send({ ids: [ids[3], ids[4]], data: { code: 'SAME' } });
    expect(res.status).toBe(409);
    expect(await snapshot()).toBe(before);
  });
});

describe('bulk delete', () => {
  it('soft-deletes many records with history, all or nothing', async () => {
    const before = await snapshot();
    await admin.agent
      .post(`${FORM}/records/bulk-delete`)
      .send({ ids: [ids[0], ids[5]] })
      .expect(404);
    expect(await snapshot()).toBe(before);
    const res = await admin.agent
      .post(`${FORM}/records/bulk-delete`)
      .send({ ids: [ids[0], ids[1]] })
      .expect(200);
    expect(res.body).toEqual({ deleted: 2 });
    await admin.agent.get(`${FORM}/records/${ids[0]}`).expect(404);
    const list = await admin.agent.get(`${FORM}/records?count=true`).expect(200);
    expect(list.body.total).toBe(3);
    const history = (await admin.agent.get(`${FORM}/records/${ids[1]}/history`).expect(200)).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'delete', by: admin.user.id });
    await other.agent
      .post(`${FORM}/records/bulk-delete`)
      .send({ ids: [ids[2]] })
      .expect(404);
    await admin.agent.get(`${FORM}/records/${ids[2]}`).expect(200);
  });
});
