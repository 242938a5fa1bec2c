/**
 * Insert throughput (decisions 0052, 0064, 0065): one trigram search index per form instead of one
 * per text field, built when the form is first searched; multi-row statements for records, history
 * and outbox; batch answers built from the inserted values. What must not change: `q` finds the
 * same records (any text field, case-insensitive ASCII, never through a field the reader may not
 * see), a batch answer and each event equal the records as read, a batch with a bad item writes
 * nothing, and app saves and migration 021 keep at most one search index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition, AutomationDefinition, PermissionGroup } from '@tangram/schema';
import { migration021SearchIndex } from '../../server/src/db/migrations/021_search_index';
import { indexDemand } from '../../server/src/storage/index-demand';
import { createAutomationEngine, createRecordWrites } from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp, fullOrder } from './fixtures/apps';

const l = (en: string) => ({ en, 'zh-CN': en });
const NOTES = '/api/v1/apps/desk/forms/tickets';
const ORDERS = '/api/v1/apps/sales/forms/orders';

let server: TestServer;
let admin: SignedIn;
/** Sees every field of tickets except `secret`. */
let alice: SignedIn;

function deskApp(aliceId: string, secretType: 'text' | 'number' = 'text'): AppDefinition {
  const group = (id: string, over: Partial<PermissionGroup>): PermissionGroup => ({
    id,
    name: l(id),
    members: [{ kind: 'users', ids: [aliceId] }],
    actions: ['view', 'create'],
    scope: { kind: 'all' },
    ...over,
  });
  return {
    id: 'desk',
    name: l('Desk'),
    formatVersion: 2,
    access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view', 'create', 'edit'] },
    forms: [
      {
        id: 'tickets',
        name: l('Tickets'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'customer', type: 'text', label: l('Customer') },
          { id: 'body', type: 'textarea', label: l('Body') },
          secretType === 'text'
            ? { id: 'secret', type: 'text', label: l('Secret') }
            : { id: 'secret', type: 'number', label: l('Secret'), config: { precision: 0 } },
          { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0 } },
        ],
        permissionGroups: [
          group('staff', {
            fields: {
              visible: ['title', 'customer', 'body', 'qty'],
              editable: ['title', 'customer', 'body', 'qty'],
            },
          }),
        ],
      },
    ],
  };
}

/** Reads the records of `record.created` events on orders: their events carry them (decision 0066). */
const greetNewOrders = {
  id: 'greet',
  name: l('Greet new orders'),
  trigger: { type: 'record', form: 'orders', events: ['created'] },
  actions: [{ type: 'notify', userFields: ['owner'], title: l('New order') }],
} satisfies AutomationDefinition;

async function createdEvents(ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const { rows } = await server.db.query<{ payload: Record<string, unknown> }>(
    `SELECT payload FROM outbox WHERE topic = 'record.created' AND payload->>'recordId' = ANY($1) ORDER BY id`,
    [ids],
  );
  return rows.map((r) => r.payload);
}

async function ticketsTable(): Promise<string> {
  const { rows } = await server.db.query<{ table_name: string }>(
    `SELECT table_name FROM form_tables WHERE app_id = 'desk' AND form_id = 'tickets'`,
  );
  return rows[0]!.table_name;
}

async function searchIndexes(table: string): Promise<string[]> {
  const { rows } = await server.db.query<{ indexdef: string }>(
    `SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname LIKE 'qx\\_%' ORDER BY indexname`,
    [table],
  );
  return rows.map((r) => r.indexdef);
}

async function titlesFound(who: SignedIn, q: string): Promise<string[]> {
  const res = await who.agent.post(`${NOTES}/records/query`).send({ q, limit: 100 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { data: { title: string } }[]).map((r) => r.data.title).sort();
}

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  alice = await createUser(server, admin, { email: 'alice@desk.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(deskApp(alice.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  await admin.agent
    .post('/api/v1/apps')
    .send({ ...everyFieldApp(), automations: [greetNewOrders] })
    .expect(201);
  const items = [
    { title: 'Printer jam', customer: 'Acme Ltd', body: 'Paper stuck in TRAY two', secret: 'zebra' },
    { title: 'VPN down', customer: '华南贸易', body: null, secret: null },
    { title: '发票 问题', customer: 'Globex', body: 'line one\nline two', secret: 'yak' },
    { title: 'Login', customer: null, body: 'cannot sign in after reset', secret: null },
  ].map((data) => ({ data }));
  const res = await admin.agent.post(`${NOTES}/records/batch`).send({ items });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});
afterAll(() => server.close());

describe('one search index per form', () => {
  it('builds one trigram index over the joined searchable text fields when a page is first searched', async () => {
    const table = await ticketsTable();
    // None while records are loaded (decision 0065): it would cost every insert before anyone searched.
    expect(await searchIndexes(table)).toEqual([]);
    expect(await titlesFound(admin, 'printer')).toEqual(['Printer jam']);
    await indexDemand(server.db).idle();
    const indexes = await searchIndexes(table);
    expect(indexes).toHaveLength(1);
    for (const column of ['c_title', 'c_customer', 'c_body', 'c_secret'])
      expect(indexes[0]).toContain(column);
    expect(indexes[0]).not.toContain('c_qty');
    expect(indexes[0]).toContain('gin_trgm_ops');
  });

  it('finds a fragment in any text field, ASCII case-insensitively, and only within one field', async () => {
    expect(await titlesFound(admin, 'JAM')).toEqual(['Printer jam']);
    expect(await titlesFound(admin, 'acme')).toEqual(['Printer jam']);
    expect(await titlesFound(admin, 'tray TWO')).toEqual(['Printer jam']);
    expect(await titlesFound(admin, '华南')).toEqual(['VPN down']);
    expect(await titlesFound(admin, 'e\nline')).toEqual(['发票 问题']);
    expect(await titlesFound(admin, 'zebr')).toEqual(['Printer jam']);
    expect(await titlesFound(admin, 'in')).toEqual(['Login', 'Printer jam', '发票 问题']);
    // Across two fields' texts (title then customer) is not a match, even with the separator typed.
    expect(await titlesFound(admin, 'jamAcme')).toEqual([]);
    // The joined text is body, customer, secret, title (column order): body's end meets customer's
    // start there, so this needle passes the index's pre-filter and the per-field check refuses it.
    expect(await titlesFound(admin, 'two\x1fAcme')).toEqual([]);
    expect(await titlesFound(admin, 'r jam')).toEqual(['Printer jam']);
  });

  it('never finds a record through a field the reader may not see', async () => {
    expect(await titlesFound(alice, 'zebr')).toEqual([]);
    expect(await titlesFound(alice, 'yak')).toEqual([]);
    expect(await titlesFound(alice, 'jam')).toEqual(['Printer jam']);
    // "a": Printer jam (title, customer, body) and Login (body); 发票 问题 only through secret "yak".
    const count = await alice.agent.post(`${NOTES}/records/query`).send({ q: 'a', count: true, limit: 1 });
    expect(count.body.total).toBe(2);
    const all = await admin.agent.post(`${NOTES}/records/query`).send({ q: 'a', count: true, limit: 1 });
    expect(all.body.total).toBe(3);
  });

  it('serves q through the index (the statement and the index use the same expression)', async () => {
    const table = await ticketsTable();
    const [def] = await searchIndexes(table);
    const expression = def!.slice(def!.indexOf('gin (') + 5, def!.lastIndexOf(' gin_trgm_ops'));
    await server.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`);
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM "${table}" t WHERE ${expression} LIKE '%jam%'`,
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('qx_');
    });
  });

  it('rebuilds the index when the searchable set changes, and search still answers', async () => {
    const table = await ticketsTable();
    const before = await searchIndexes(table);
    const base = await admin.agent.get('/api/v1/apps/desk').expect(200);
    // text -> number empties the values that are not numbers: confirmed, as the studio does.
    const res = await admin.agent
      .put('/api/v1/apps/desk')
      .send({ app: deskApp(alice.user.id, 'number'), baseVersion: base.body.version, confirmDataLoss: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The old set's index is dropped with the save; the next search builds the new set's.
    expect(await searchIndexes(table)).toEqual([]);
    expect(await titlesFound(admin, 'acme')).toEqual(['Printer jam']);
    await indexDemand(server.db).idle();
    const after = await searchIndexes(table);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(after[0]).not.toContain('c_secret');
    expect(await titlesFound(admin, 'acme')).toEqual(['Printer jam']);
    expect(await titlesFound(admin, 'zebr')).toEqual([]);
  });

  it('migration 021 turns per-column search indexes into the one joined index', async () => {
    const table = await ticketsTable();
    for (const def of await searchIndexes(table)) {
      const name = /INDEX (\S+) ON/.exec(def)![1]!;
      await server.db.query(`DROP INDEX ${name}`);
    }
    // The indexes a table had before 0052: one per searchable text column.
    const { createHash } = await import('node:crypto');
    const qx = (column: string) =>
      `qx_${table}_${createHash('sha1').update(column).digest('hex').slice(0, 8)}`;
    for (const column of ['c_title', 'c_customer', 'c_body'])
      await server.db.query(
        `CREATE INDEX "${qx(column)}" ON "${table}" USING gin (lower("${column}" COLLATE "C") gin_trgm_ops)`,
      );
    await server.db.transaction((tx) => migration021SearchIndex.up(tx));
    const after = await searchIndexes(table);
    expect(after).toHaveLength(1);
    expect(after[0]).toContain(
      `qx_${table}_${createHash('sha1').update('c_body,c_customer,c_title').digest('hex').slice(0, 8)}`,
    );
    expect(await titlesFound(admin, 'TRAY')).toEqual(['Printer jam']);
  });
});

describe('sort indexes made when a read first needs them', () => {
  const sortIndexes = async (table: string) => {
    const { rows } = await server.db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname LIKE 'ix\\_%'`,
      [table],
    );
    return rows.map((r) => r.indexdef);
  };
  const onColumn = (defs: string[], column: string) => defs.some((d) => d.includes(`(${column}`));

  it('gives a new form no field b-trees, then builds the ones a page filters and sorts by', async () => {
    const table = await ticketsTable();
    const before = await sortIndexes(table);
    expect(onColumn(before, 'c_qty')).toBe(false);
    expect(onColumn(before, 'c_title')).toBe(false);
    expect(onColumn(before, 'created_at')).toBe(true);
    const filter = { kind: 'cmp', field: 'qty', op: 'gt', value: 0 };
    const page = await admin.agent
      .post(`${NOTES}/records/query`)
      .send({ filter, sort: [{ field: 'title', dir: 'desc' }], limit: 5 });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    // Built in the background after the answer, by the database handle's builder.
    await indexDemand(server.db).idle();
    const after = await sortIndexes(table);
    expect(onColumn(after, 'c_qty')).toBe(true);
    expect(onColumn(after, 'c_title')).toBe(true);
    expect(onColumn(after, 'c_customer')).toBe(false);
  });

  it('builds without the statement timeout of request work, which no pooled connection loses', async () => {
    const setting = async () => {
      const { rows } = await server.db.query<{ v: string }>(
        `SELECT current_setting('statement_timeout') AS v`,
      );
      return rows[0]!.v;
    };
    const bounded = await setting();
    if (server.db.kind === 'postgres') expect(bounded).toBe('15s');
    // A GIN build over millions of rows takes longer than 15 s: it must not be cut off.
    await server.db.runUnbounded(
      `CREATE TABLE unbounded_probe AS SELECT current_setting('statement_timeout') AS v`,
    );
    const { rows } = await server.db.query<{ v: string }>(`SELECT v FROM unbounded_probe`);
    expect(rows[0]!.v).toBe('0');
    await server.db.query(`DROP TABLE unbounded_probe`);
    // Every connection of the pool still cuts request statements off.
    expect(await Promise.all(Array.from({ length: 12 }, setting))).toEqual(Array(12).fill(bounded));
  });
});

describe('batch create', () => {
  it('answers ids and versions by default, and the records as read with ?return=records', async () => {
    const items = [
      fullOrder({ owner: admin.user.id, title: 'He said "hi", {x} \\ NULL' }),
      fullOrder({ owner: admin.user.id, title: 'NULL', tags: [], notes: '' }),
      fullOrder({
        owner: admin.user.id,
        helpers: [admin.user.id],
        address: { detail: '1 号', province: '广东省' },
      }),
    ].map((data, i) => ({ data: { ...data, email: `buyer${i}@example.com` } }));
    const ids = await admin.agent
      .post(`${ORDERS}/records/batch`)
      .send({ items: [{ data: { ...items[0]!.data, email: 'first@example.com' } }] });
    expect(ids.status, JSON.stringify(ids.body)).toBe(201);
    expect(ids.body.records).toEqual([{ id: expect.any(String), version: 1 }]);

    const res = await admin.agent.post(`${ORDERS}/records/batch?return=records`).send({ items });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.records).toHaveLength(3);
    for (const record of res.body.records) {
      const read = await admin.agent.get(`${ORDERS}/records/${record.id}`).expect(200);
      expect(record).toEqual(read.body.record);
      // Same key order as a read, too (jsonb orders object keys).
      expect(JSON.stringify(record.data.address)).toBe(JSON.stringify(read.body.record.data.address));
    }
    expect(res.body.records[0].data.title).toBe('He said "hi", {x} \\ NULL');
    expect(res.body.records[1].data).toMatchObject({ title: 'NULL', tags: null, notes: null });
  });

  it('stores a value every record of a batch shares as it stores it for one record', async () => {
    // Shared plain values travel once as parameters, the rest as JSON members (recordsetInsert).
    const same = { qty: 7, paid: true, notes: null, lines: [{ item: 'Only', lineQty: 1, linePrice: 0.5 }] };
    const items = [0, 1, 2].map((i) => ({
      data: fullOrder({ owner: admin.user.id, email: `same${i}@example.com`, ...same }),
    }));
    const res = await admin.agent.post(`${ORDERS}/records/batch?return=records`).send({ items });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const one = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: { ...items[0]!.data, email: 'same-single@example.com' } });
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    const comparable = (data: Record<string, unknown>) => ({
      ...data,
      email: null, // unique
      code: null, // a serial number
      lines: (data.lines as Record<string, unknown>[]).map(({ id: _id, ...row }) => row),
    });
    for (const record of res.body.records) {
      const read = (await admin.agent.get(`${ORDERS}/records/${record.id}`).expect(200)).body.record;
      expect(record).toEqual(read);
      expect(comparable(read.data)).toEqual(comparable(one.body.record.data));
      expect(read.data).toMatchObject({ qty: 7, paid: true, notes: null, lines: [{ item: 'Only' }] });
      expect(read).toMatchObject({ createdBy: admin.user.id, ownerId: admin.user.id });
    }
  });

  it('writes one history row per record, in order, and one event for the batch nobody listens to', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ data: { title: `Bulk ${i}`, qty: i } }));
    const res = await admin.agent.post(`${NOTES}/records/batch`).send({ items });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ids = (res.body.records as { id: string }[]).map((r) => r.id);
    const history = await server.db.query<{ record_id: string; action: string; version: number }>(
      `SELECT record_id, action, version FROM record_history WHERE record_id = ANY($1) ORDER BY id`,
      [ids],
    );
    expect(history.rows.map((r) => r.record_id)).toEqual(ids);
    expect(history.rows.every((r) => r.action === 'create' && r.version === 1)).toBe(true);
    // No automation of the desk app listens: one event names the batch's records, in order.
    const { rows } = await server.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox WHERE topic = 'record.created' AND payload->'recordIds' ? $1`,
      [ids[0]],
    );
    expect(rows.map((r) => r.payload)).toEqual([
      { appId: 'desk', formId: 'tickets', recordIds: ids, version: 1 },
    ]);
  });

  it('puts the records in the events while an enabled automation listens, and only then', async () => {
    const create = async (title: string) => {
      const items = [{ data: { title, email: `${title.replace(/ /g, '-')}@example.com` } }];
      const res = await admin.agent.post(`${ORDERS}/records/batch`).send({ items });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const { rows } = await server.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox WHERE topic = 'record.created'
            AND (payload->>'recordId' = $1 OR payload->'recordIds' ? $1)`,
        [res.body.records[0].id],
      );
      expect(rows).toHaveLength(1);
      return rows[0]!.payload;
    };
    const switchGreet = (enabled: boolean) =>
      admin.agent.put('/api/v1/apps/sales/automations/greet/enabled').send({ enabled }).expect(200);

    expect((await create('listened')).record).toMatchObject({ title: 'listened' });
    await switchGreet(false);
    const off = await create('unheard');
    expect(off).not.toHaveProperty('record');
    expect(off).toMatchObject({
      appId: 'sales',
      formId: 'orders',
      recordIds: [expect.any(String)],
      version: 1,
    });

    // Switched on again: new events carry records; the one written while off fires nothing.
    await switchGreet(true);
    expect((await create('heard again')).record).toMatchObject({ title: 'heard again' });
    const engine = createAutomationEngine({
      db: server.db,
      config: server.config,
      writes: createRecordWrites(),
    });
    await engine.processAll();
    const runs = await admin.agent.get('/api/v1/apps/sales/automations/greet/runs?limit=100').expect(200);
    const fired = (runs.body.runs as { eventKey: string }[]).map((r) => r.eventKey);
    const { rows } = await server.db.query<{ id: string; title: string }>(
      `SELECT id::text, payload->'record'->>'title' AS title FROM outbox
        WHERE topic = 'record.created' AND payload->>'formId' = 'orders' ORDER BY id`,
    );
    const eventOf = (title: string | null) => rows.find((r) => r.title === title)!.id;
    expect(fired).toContain(eventOf('heard again'));
    expect(fired).toContain(eventOf('listened'));
    expect(fired).not.toContain(eventOf(null));
  });

  it('gives each record.created event the record exactly as a read answers it (every field kind)', async () => {
    const items = [
      fullOrder({ owner: admin.user.id, email: 'event1@example.com' }),
      fullOrder({
        owner: admin.user.id,
        email: 'event2@example.com',
        title: 'He said "hi", {x} \\ NULL',
        tags: [],
        notes: '',
        lines: [],
        meetingAt: '2024-12-31T23:59:59.999-05:00',
        price: 0.1,
      }),
    ].map((data) => ({ data }));
    const res = await admin.agent.post(`${ORDERS}/records/batch`).send({ items });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ids = (res.body.records as { id: string }[]).map((r) => r.id);
    const events = await createdEvents(ids);
    expect(events.map((e) => e.recordId)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const read = (await admin.agent.get(`${ORDERS}/records/${id}`).expect(200)).body.record;
      // A lookup is worked out when read, never stored, so events (like a single write's) lack it.
      const { customerCity, ...stored } = read.data;
      expect(customerCity).toBeNull();
      expect(events[i]).toEqual({
        appId: 'sales',
        formId: 'orders',
        recordId: id,
        record: {
          ...stored,
          id,
          createdAt: read.createdAt,
          createdBy: read.createdBy,
          updatedAt: read.updatedAt,
          updatedBy: read.updatedBy,
          ownerId: read.ownerId,
          workflowStatus: read.workflowStatus,
        },
      });
    }
    const [first, second] = events.map((e) => e.record as Record<string, unknown>);
    expect((first!.lines as unknown[]).length).toBe(2);
    expect(second).toMatchObject({ lines: [], tags: null, notes: null, price: 0.1 });
    expect(second!.meetingAt).toBe('2025-01-01T04:59:59.999Z');
  });

  it('reports the bad item of a mixed batch and writes nothing', async () => {
    const counts = async () => {
      const { rows } = await server.db.query<{ r: number; h: number; o: number }>(
        `SELECT (SELECT count(*)::int FROM "${await ticketsTable()}") AS r,
                (SELECT count(*)::int FROM record_history) AS h, (SELECT count(*)::int FROM outbox) AS o`,
      );
      return rows[0];
    };
    const before = await counts();
    const items = [
      { data: { title: 'fine 1', qty: 1 } },
      { data: { title: 'fine 2', qty: 'many' } },
      { data: { title: 'fine 3', qty: 3 } },
    ];
    const res = await admin.agent.post(`${NOTES}/records/batch`).send({ items });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/items/1/data/qty' })]);
    expect(await counts()).toEqual(before);
  });
});
