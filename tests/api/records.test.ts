import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherOrg, createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp, fullOrder } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;
const ORDERS = '/api/v1/apps/sales/forms/orders';
const CUSTOMERS = '/api/v1/apps/sales/forms/customers';

/** Every row of the orders table and its lines, to prove a refused write changed nothing. */
async function snapshot(): Promise<string> {
  const tables = await server.db.query<{ table_name: string }>(
    `SELECT table_name FROM form_tables WHERE app_id = 'sales' ORDER BY form_id`,
  );
  const parts: unknown[] = [];
  for (const { table_name } of tables.rows) {
    parts.push((await server.db.query(`SELECT * FROM "${table_name}" ORDER BY id`)).rows);
  }
  parts.push((await server.db.query(`SELECT * FROM record_history ORDER BY id`)).rows);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp()).expect(201);
});
afterAll(() => server.close());

describe('records: create, read, update, delete', () => {
  let id: string;
  let version: number;

  it('creates a record with every field type; the server computes formulas and serials', async () => {
    const customer = await admin.agent
      .post(`${CUSTOMERS}/records`)
      .send({ data: { name: 'Acme', city: 'Shenzhen' } })
      .expect(201);
    const res = await admin.agent.post(`${ORDERS}/records`).send({
      data: fullOrder({
        owner: admin.user.id,
        helpers: [admin.user.id],
        customer: customer.body.record.id,
      }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { record } = res.body;
    id = record.id;
    version = record.version;
    expect(record.version).toBe(1);
    expect(record.createdBy).toBe(admin.user.id);
    expect(record.data).toMatchObject({
      title: '年度合同 Annual contract',
      qty: 3,
      price: 1999.99,
      discount: 0.125,
      due: '2024-02-29',
      meetingAt: '2024-03-01T01:30:00.000Z',
      opensAt: '09:00:00',
      tags: ['vip', 'new'],
      paid: false,
      address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
      code: 'SO-0001',
      // 2 × 10.1 + 1 × 0.2, exact decimal arithmetic (a value sent for it is refused: definition-hardening).
      total: 20.4,
    });
    expect(record.data.lines).toHaveLength(2);
    expect(record.data.lines[0]).toMatchObject({
      item: 'Widget',
      lineQty: 2,
      linePrice: 10.1,
      lineTotal: 20.2,
    });
    expect(typeof record.data.lines[0].id).toBe('string');
    const read = await admin.agent.get(`${ORDERS}/records/${id}`).expect(200);
    expect(read.body.record).toEqual(record);
  });

  it('assigns consecutive serial numbers', async () => {
    const res = await admin.agent
      .post(`${ORDERS}/records/batch?return=records`)
      .send({ items: [{ data: { title: 'b1' } }, { data: { title: 'b2' } }] })
      .expect(201);
    expect(res.body.records.map((r: { data: { code: string } }) => r.data.code)).toEqual([
      'SO-0002',
      'SO-0003',
    ]);
  });

  it('updates with optimistic locking and records field-level history', async () => {
    const res = await admin.agent
      .patch(`${ORDERS}/records/${id}`)
      .send({ version, data: { qty: 4, lines: [{ item: 'Solo', lineQty: 3, linePrice: 0.1 }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.record.version).toBe(2);
    expect(res.body.record.data.total).toBe(0.3);
    expect(res.body.record.data.lines).toHaveLength(1);

    const stale = await admin.agent
      .patch(`${ORDERS}/records/${id}`)
      .send({ version, data: { qty: 5 } })
      .expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current.version).toBe(2);
    expect(stale.body.error.details.current.data.qty).toBe(4);
    // In the user's language, like every refusal a person reads.
    const staleZh = await admin.agent
      .patch(`${ORDERS}/records/${id}`)
      .set('Accept-Language', 'zh-CN')
      .send({ version, data: { qty: 5 } })
      .expect(409);
    expect(staleZh.body.error.message).toBe('这条数据已被他人修改（现为第 2 版），请查看最新内容后再保存。');

    const history = await admin.agent.get(`${ORDERS}/records/${id}/history`).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    const update = history.body.items[1];
    expect(update.by).toBe(admin.user.id);
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'qty', from: 3, to: 4 },
        { field: 'total', from: 20.4, to: 0.3 },
      ]),
    );
  });

  it('soft-deletes and restores', async () => {
    await admin.agent.delete(`${ORDERS}/records/${id}`).expect(204);
    await admin.agent.get(`${ORDERS}/records/${id}`).expect(404);
    const list = await admin.agent.get(`${ORDERS}/records`).expect(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    const restored = await admin.agent.post(`${ORDERS}/records/${id}/restore`).expect(200);
    expect(restored.body.record.deletedAt).toBeNull();
    await admin.agent.get(`${ORDERS}/records/${id}`).expect(200);
  });

  it('returns the first result for a retried Idempotency-Key, never a second record', async () => {
    const body = { data: { title: 'retry me' } };
    const first = await admin.agent
      .post(`${ORDERS}/records`)
      .set('Idempotency-Key', 'key-000001')
      .send(body)
      .expect(201);
    const second = await admin.agent
      .post(`${ORDERS}/records`)
      .set('Idempotency-Key', 'key-000001')
      .send(body)
      .expect(201);
    expect(second.body).toEqual(first.body);
    const other = await admin.agent
      .post(`${ORDERS}/records`)
      .set('Idempotency-Key', 'key-000001')
      .send({ data: { title: 'different' } })
      .expect(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${(await server.db.query<{ table_name: string }>(`SELECT table_name FROM form_tables WHERE form_id = 'orders'`)).rows[0]!.table_name}" WHERE c_title = 'retry me'`,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('records: listing', () => {
  beforeAll(async () => {
    const regions = ['north', 'south'];
    const items = Array.from({ length: 30 }, (_, i) => ({
      data: {
        title: `Item ${String(i).padStart(2, '0')}${i % 5 === 0 ? ' 合同' : ''}`,
        qty: i,
        region: regions[i % 2],
        price: i * 1.5,
        paid: i % 3 === 0,
      },
    }));
    await admin.agent
      .post(`${CUSTOMERS}/records/batch`)
      .send({ items: [{ data: { name: 'Zed' } }] })
      .expect(201);
    await admin.agent.post(`${ORDERS}/records/batch`).send({ items }).expect(201);
  });

  it('filters, sorts and walks every page with a keyset cursor', async () => {
    const filter = {
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'region', op: 'eq', value: 'south' },
        { kind: 'cmp', field: 'qty', op: 'gte', value: 10 },
      ],
    };
    const seen: number[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const res: {
        status: number;
        body: { total?: number; nextCursor: string | null; items: { data: { qty: number } }[] };
      } = await admin.agent.post(`${ORDERS}/records/query`).send({
        filter,
        sort: [{ field: 'qty', dir: 'desc' }],
        limit: 4,
        count: true,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      total ??= res.body.total;
      seen.push(...res.body.items.map((r: { data: { qty: number } }) => r.data.qty));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([29, 27, 25, 23, 21, 19, 17, 15, 13, 11]);
    expect(total).toBe(10);
  });

  it('lists through the query string: filter JSON, sort, q', async () => {
    const filter = JSON.stringify({ kind: 'cmp', field: 'paid', op: 'eq', value: true });
    const res = await admin.agent
      .get(`${ORDERS}/records`)
      .query({ filter, sort: '-qty', limit: 3 })
      .expect(200);
    expect(res.body.items.map((r: { data: { qty: number } }) => r.data.qty)).toEqual([27, 24, 21]);
    const search = await admin.agent
      .get(`${ORDERS}/records`)
      .query({ q: '合同', sort: 'qty', count: 'true' })
      .expect(200);
    expect(search.body.items.map((r: { data: { qty: number } }) => r.data.qty)).toEqual([
      0, 4, 5, 10, 15, 20, 25,
    ]);
    expect(search.body.total).toBe(7);
  });

  it('aggregates in SQL: sum and count grouped by a select field', async () => {
    const res = await admin.agent.post(`${ORDERS}/aggregate`).send({
      groupBy: [{ field: 'region' }],
      measures: [
        { op: 'count', as: 'n' },
        { op: 'sum', field: 'price', as: 'amount' },
      ],
      filter: {
        kind: 'and',
        items: [
          { kind: 'cmp', field: 'qty', op: 'lt', value: 10 },
          { kind: 'cmp', field: 'title', op: 'startsWith', value: 'item' },
        ],
      },
      sort: [{ key: 'region', dir: 'asc' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows).toEqual([
      { region: 'north', n: 5, amount: 30 },
      { region: 'south', n: 5, amount: 37.5 },
    ]);
  });

  it('refuses filters, sorts and cursors that do not fit the form, and never runs them', async () => {
    const bad = [
      { filter: { kind: 'cmp', field: "amount') OR 1=1 --", op: 'eq', value: 1 } },
      { filter: { kind: 'cmp', field: 'qty', op: '$raw', value: 1 } },
      { filter: { kind: 'cmp', field: 'qty', op: 'contains', value: 'x' } },
      { filter: { kind: 'cmp', field: 'nope', op: 'eq', value: 1 } },
      { sort: [{ field: '(SELECT pg_sleep(5))', dir: 'asc' }] },
      { cursor: 'not-a-cursor' },
      { limit: 100000 },
      { filter: nested(1000) },
    ];
    for (const body of bad) {
      const res = await admin.agent.post(`${ORDERS}/records/query`).send(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    const res = await admin.agent
      .get(`${ORDERS}/records`)
      .query({ sort: 'title;DROP TABLE users' })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});

function nested(depth: number): unknown {
  let f: unknown = { kind: 'cmp', field: 'qty', op: 'eq', value: 1 };
  for (let i = 0; i < depth; i++) f = { kind: 'and', items: [f] };
  return f;
}

describe('records: visibility rules', () => {
  it('asks for a required field only while a rule shows it', async () => {
    const app = {
      id: 'leave',
      name: { en: 'Leave' },
      formatVersion: 1,
      forms: [
        {
          id: 'requests',
          name: { en: 'Requests' },
          fields: [
            {
              id: 'kind',
              type: 'select',
              label: { en: 'Kind' },
              config: {
                options: [
                  { value: 'annual', label: { en: 'Annual' } },
                  { value: 'other', label: { en: 'Other' } },
                ],
              },
            },
            { id: 'reason', type: 'text', label: { en: 'Reason' }, required: true },
          ],
          rules: {
            visibility: [
              { id: 'r1', when: { kind: 'cmp', field: 'kind', op: 'eq', value: 'other' }, show: ['reason'] },
            ],
          },
        },
      ],
    };
    await admin.agent.post('/api/v1/apps').send(app).expect(201);
    const url = '/api/v1/apps/leave/forms/requests/records';
    await admin.agent
      .post(url)
      .send({ data: { kind: 'annual' } })
      .expect(201);
    const refused = await admin.agent
      .post(url)
      .send({ data: { kind: 'other' } })
      .expect(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: '/data/reason', code: 'required' });
    await admin.agent
      .post(url)
      .send({ data: { kind: 'other', reason: 'Wedding' } })
      .expect(201);

    const badRule = structuredClone(app);
    badRule.id = 'leave2';
    badRule.forms[0]!.rules.visibility[0]!.when = { kind: 'cmp', field: 'kind', op: 'gt', value: 'other' };
    const res = await admin.agent.post('/api/v1/apps').send(badRule).expect(400);
    expect(res.body.error.details[0].path).toMatch(/^\/forms\/0\/rules\/visibility\/0\/when/);
  });
});

describe('records: bad input changes nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown field', { title: 'x', bogus: 1 }, '/data/bogus'],
    ['wrong type', { title: 'x', qty: '12abc' }, '/data/qty'],
    ['too many decimals for money', { title: 'x', price: 1.234 }, '/data/price'],
    ['not a calendar day', { title: 'x', due: '2023-02-29' }, '/data/due'],
    ['option not in the list', { title: 'x', region: 'east' }, '/data/region'],
    ['missing required', { qty: 1 }, '/data/title'],
    ['blank required', { title: '   ' }, '/data/title'],
    ['javascript url', { title: 'x', site: 'javascript:alert(1)' }, '/data/site'],
    ['prototype key', JSON.parse('{"title":"x","__proto__":{"isAdmin":true}}'), ''],
    ['subform row missing its required item', { title: 'x', lines: [{ lineQty: 1 }] }, '/data/lines/0/item'],
    [
      'foreign subform row id',
      { title: 'x', lines: [{ id: 'someone-elses-row', item: 'a' }] },
      '/data/lines/0/id',
    ],
  ];
  for (const [name, data, path] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await snapshot();
      const res = await admin.agent.post(`${ORDERS}/records`).send({ data });
      expect([400, 422]).toContain(res.status);
      if (path) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(await snapshot()).toBe(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  }

  it('stores rich text sanitized: no scripts, handlers or javascript: links', async () => {
    const body =
      '<p onclick="steal()">Hi <img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a><b>bold</b></p>';
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'rt', body } })
      .expect(201);
    const stored: string = res.body.record.data.body;
    expect(stored).toContain('<b>bold</b>');
    expect(stored).not.toMatch(/script|onerror|onclick|javascript:/i);
  });

  it('stores SQL-looking text as plain data', async () => {
    const title = "Robert'); DROP TABLE users; --";
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title, notes: '$1 $$ \\x00' } })
      .expect(201);
    expect(res.body.record.data.title).toBe(title);
    await admin.agent.get('/api/v1/auth/me').expect(200);
  });

  it('refuses a duplicate unique value with 409 naming the field, and a batch all or nothing', async () => {
    await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'u1', email: 'dup@example.com' } })
      .expect(201);
    const before = await snapshot();
    const dup = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'u2', email: 'DUP@example.com' } })
      .expect(409);
    expect(dup.body.error.details[0].path).toBe('/data/email');
    const batch = await admin.agent
      .post(`${ORDERS}/records/batch`)
      .send({ items: [{ data: { title: 'ok' } }, { data: { title: 'u3', email: 'dup@example.com' } }] })
      .expect(409);
    expect(batch.body.error.code).toBe('duplicate_value');
    const invalid = await admin.agent
      .post(`${ORDERS}/records/batch`)
      .send({ items: [{ data: { title: 'ok' } }, { data: { qty: 'x' } }] })
      .expect(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['/items/1/data/qty', '/items/1/data/title']),
    );
    expect(await snapshot()).toBe(before);
  });

  it('refuses system columns in the body (mass assignment)', async () => {
    const before = await snapshot();
    await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'x' }, createdBy: 'someone', version: 9 })
      .expect(400);
    expect(await snapshot()).toBe(before);
  });

  it('answers 401 without a session and 403 without the CSRF token', async () => {
    await server.agent().get(`${ORDERS}/records`).expect(401);
    await server
      .agent()
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'x' } })
      .expect(401);
    const before = await snapshot();
    const res = await server
      .agent()
      .post(`${ORDERS}/records`)
      .set('Cookie', admin.cookie)
      .send({ data: { title: 'x' } })
      .expect(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect(await snapshot()).toBe(before);
  });

  it("hides another org's records (404)", async () => {
    const list = await admin.agent.get(`${ORDERS}/records`).query({ limit: 1 }).expect(200);
    const id = list.body.items[0].id;
    const other = await createOtherOrg(server);
    await other.agent.get(`${ORDERS}/records/${id}`).expect(404);
    await other.agent
      .patch(`${ORDERS}/records/${id}`)
      .send({ version: 1, data: { title: 'mine now' } })
      .expect(404);
    await other.agent.delete(`${ORDERS}/records/${id}`).expect(404);
  });
});
