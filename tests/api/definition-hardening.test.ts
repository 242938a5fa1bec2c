import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isReservedFieldId, type AppDefinition, type FieldDefinition } from '@tangram/schema';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp, fullOrder } from './fixtures/apps';

// Issue 10, point 7: definitions. Reserved field ids, one rule for values sent for computed fields,
// a unique index that fails on save names its field, permission groups refused until enforced.

let server: TestServer;
let admin: SignedIn;

const l = (en: string) => ({ en });
const text = (id: string, extra: Partial<FieldDefinition> = {}): FieldDefinition =>
  ({ id, type: 'text', label: l(id), ...extra }) as FieldDefinition;

const oneForm = (id: string, fields: FieldDefinition[], form: Record<string, unknown> = {}) =>
  ({
    id,
    name: l(id),
    formatVersion: 1,
    forms: [{ id: 'people', name: l('People'), fields, ...form }],
  }) as AppDefinition;

type Detail = { path: string; code: string; message: string };
const details = (res: { body: { error: { details: Detail[] } } }) => res.body.error.details;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp()).expect(201);
});
afterAll(() => server.close());

describe('reserved field ids', () => {
  it.each([['id'], ['createdAt'], ['CreatedAt'], ['deleted_at'], ['workflowStatus'], ['version'], ['SEQ']])(
    'refuses a field with id "%s", naming its path',
    async (id) => {
      const res = await admin.agent
        .post('/api/v1/apps')
        .send(oneForm('reserved', [text('name'), text(id)]))
        .expect(400);
      expect(details(res)).toEqual([
        expect.objectContaining({ path: '/forms/0/fields/1/id', code: 'reserved_id' }),
      ]);
      expect(details(res)[0]!.message).toContain(`"${id}"`);
      await admin.agent.get('/api/v1/apps/reserved').expect(404);
    },
  );

  it('refuses a reserved id on a subform column and on save of an existing app', async () => {
    const app = everyFieldApp();
    const lines = app.forms[1]!.fields.find((f) => f.id === 'lines') as Extract<
      FieldDefinition,
      { type: 'subform' }
    >;
    lines.config.fields.push(text('ID'));
    const current = await admin.agent.get('/api/v1/apps/sales').expect(200);
    const res = await admin.agent
      .put('/api/v1/apps/sales')
      .send({ app, baseVersion: current.body.version })
      .expect(400);
    const index = app.forms[1]!.fields.indexOf(lines);
    expect(details(res)).toEqual([
      expect.objectContaining({
        path: `/forms/1/fields/${index}/config/fields/${lines.config.fields.length - 1}/id`,
        code: 'reserved_id',
      }),
    ]);
  });

  it('reserves every system column of a record table (the list cannot drift from storage)', async () => {
    const { rows } = await server.db.query<{ column_name: string }>(
      `SELECT c.column_name FROM information_schema.columns c
         JOIN form_tables t ON t.table_name = c.table_name
        WHERE t.form_id = 'orders' AND t.parent_table IS NULL`,
    );
    const system = rows.map((r) => r.column_name).filter((name) => !name.startsWith('c_'));
    expect(system).toContain('deleted_at');
    expect(system.filter((name) => !isReservedFieldId(name))).toEqual([]);
  });
});

describe('values sent for computed fields', () => {
  const ORDERS = '/api/v1/apps/sales/forms/orders';
  let recordId: string;
  let version: number;

  it('creates a record without them and computes them', async () => {
    const res = await admin.agent.post(`${ORDERS}/records`).send({ data: fullOrder() }).expect(201);
    recordId = res.body.record.id;
    version = res.body.record.version;
    expect(res.body.record.data.total).toBe(20.4);
    expect(res.body.record.data.code).toMatch(/^SO-\d{4}$/);
    expect(res.body.record.data.lines[0].lineTotal).toBe(20.2);
  });

  it.each([
    ['a formula', 'total', 999999, 'Total'],
    ['a serial number', 'code', 'SO-9999', 'Code'],
    ['a lookup', 'customerCity', ['Paris'], 'Customer city'],
    ['a formula, even null', 'total', null, 'Total'],
  ])('refuses %s on create with 400 naming the field', async (_what, id, value, label) => {
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: fullOrder({ [id]: value }) })
      .expect(400);
    expect(details(res)).toEqual([expect.objectContaining({ path: `/data/${id}`, code: 'read_only' })]);
    expect(details(res)[0]!.message).toBe(`${label} is computed by the server and cannot be set`);
  });

  it('refuses a subform row formula, with the path of the cell', async () => {
    const res = await admin.agent
      .post(`${ORDERS}/records`)
      .send({ data: fullOrder({ lines: [{ item: 'Widget', lineQty: 2, linePrice: 1, lineTotal: 2 }] }) })
      .expect(400);
    expect(details(res)).toEqual([
      expect.objectContaining({ path: '/data/lines/0/lineTotal', code: 'read_only' }),
    ]);
  });

  it('refuses them on update, batch create and bulk update too', async () => {
    const update = await admin.agent
      .patch(`${ORDERS}/records/${recordId}`)
      .send({ version, data: { qty: 4, code: 'forged' } })
      .expect(400);
    expect(details(update)).toEqual([expect.objectContaining({ path: '/data/code', code: 'read_only' })]);

    const batch = await admin.agent
      .post(`${ORDERS}/records/batch`)
      .send({ items: [{ data: { title: 'ok' } }, { data: { title: 'bad', customerCity: null } }] })
      .expect(400);
    expect(details(batch)).toEqual([
      expect.objectContaining({ path: '/items/1/data/customerCity', code: 'read_only' }),
    ]);

    const bulk = await admin.agent
      .post(`${ORDERS}/records/bulk-update`)
      .send({ ids: [recordId], data: { total: 1 } })
      .expect(400);
    expect(details(bulk)).toEqual([expect.objectContaining({ path: '/data/total', code: 'read_only' })]);

    // Nothing was written by the refused requests.
    const read = await admin.agent.get(`${ORDERS}/records/${recordId}`).expect(200);
    expect(read.body.record.version).toBe(version);
    expect(read.body.record.data.total).toBe(20.4);
  });
});

describe('making a field unique when records share values', () => {
  const PEOPLE = '/api/v1/apps/uniq/forms/people';
  const fields = (unique: boolean) => [text('name'), text('email', unique ? { unique: true } : {})];

  it('answers 409 naming the field and counting the duplicated values', async () => {
    await admin.agent
      .post('/api/v1/apps')
      .send(oneForm('uniq', fields(false)))
      .expect(201);
    const emails = ['a@x.cn', 'a@x.cn', 'b@x.cn', 'b@x.cn', 'b@x.cn', 'c@x.cn', null, null];
    await admin.agent
      .post(`${PEOPLE}/records/batch`)
      .send({ items: emails.map((email, i) => ({ data: { name: `p${i}`, email } })) })
      .expect(201);

    const res = await admin.agent
      .put('/api/v1/apps/uniq')
      .send({ app: oneForm('uniq', fields(true)), baseVersion: 1 })
      .expect(409);
    expect(res.body.error.code).toBe('duplicate_values');
    expect(res.body.error.message).toContain('email');
    expect(details(res)).toEqual([
      expect.objectContaining({
        path: '/forms/0/fields/1/unique',
        code: 'duplicate_values',
        fieldId: 'email',
        duplicateValues: 2,
      }),
    ]);
    // Nothing was saved: same version, no unique flag, no index.
    const current = await admin.agent.get('/api/v1/apps/uniq').expect(200);
    expect(current.body.version).toBe(1);
    expect(current.body.app.forms[0].fields[1].unique).toBeUndefined();
  });

  it('succeeds once the duplicates are gone (soft-deleted records do not count)', async () => {
    const list = await admin.agent.get(`${PEOPLE}/records?limit=100`).expect(200);
    const items = list.body.items as { id: string; data: { email: string | null } }[];
    const seen = new Set<string>();
    for (const record of items) {
      const email = record.data.email;
      if (email === null) continue;
      if (seen.has(email)) await admin.agent.delete(`${PEOPLE}/records/${record.id}`).expect(204);
      seen.add(email);
    }
    await admin.agent
      .put('/api/v1/apps/uniq')
      .send({ app: oneForm('uniq', fields(true)), baseVersion: 1 })
      .expect(200);
    const dup = await admin.agent
      .post(`${PEOPLE}/records`)
      .send({ data: { name: 'again', email: 'a@x.cn' } })
      .expect(409);
    expect(dup.body.error.code).toBe('duplicate_value');
  });
});

describe('permission groups', () => {
  const group = {
    id: 'sales',
    name: l('Sales'),
    members: [{ kind: 'everyone' }],
    actions: ['view'],
    scope: { kind: 'all' },
  };

  it('saves permission groups on a form: they are enforced by default', async () => {
    const res = await admin.agent
      .post('/api/v1/apps')
      .send(oneForm('guarded', [text('name')], { permissionGroups: [group] }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const saved = await admin.agent.get('/api/v1/apps/guarded').expect(200);
    expect(saved.body.app.forms[0].permissionGroups).toEqual([expect.objectContaining({ id: 'sales' })]);
  });
});
