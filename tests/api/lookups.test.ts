/**
 * Lookup fields computed by the server (decision 0031): exact decimal rollups (0.1 + 0.2 is 0.3) in
 * list, single and query answers, up to date the moment a related record changes, filterable and
 * sortable in SQL, readable by formulas of the same form, and never leaking a related field the
 * reader may not see. Data linkage defaults: applied on create when the value is absent, and
 * answered by the linkage endpoint with the user's grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, type AppDefinition } from '@tangram/schema';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en });
const SECRET = 424_242;

let server: TestServer;
let admin: SignedIn;
let mia: SignedIn; // sees invoices without the secret field
const ids: Record<string, string> = {};
const BASE = '/api/v1/apps/crm/forms';

function crmApp(miaId: string): AppDefinition {
  const lookup = (id: string, aggregate: string, field: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'lookup',
    label: l(id),
    config: { relation: 'invoices', field, aggregate, ...extra },
  });
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: CURRENT_FORMAT_VERSION,
    forms: [
      {
        id: 'invoices',
        name: l('Invoices'),
        fields: [
          { id: 'no', type: 'text', label: l('No') },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          {
            id: 'status',
            type: 'select',
            label: l('Status'),
            config: {
              options: [
                { value: 'open', label: l('Open') },
                { value: 'paid', label: l('Paid') },
              ],
            },
          },
          { id: 'secret', type: 'number', label: l('Secret') },
          { id: 'customerCode', type: 'text', label: l('Customer code') },
          {
            id: 'customerName',
            type: 'text',
            label: l('Customer name'),
            default: {
              kind: 'linkage',
              form: 'customers',
              match: [{ source: 'code', target: 'customerCode' }],
              take: 'name',
            },
          },
          {
            id: 'customerSecret',
            type: 'number',
            label: l('Customer secret'),
            default: {
              kind: 'linkage',
              form: 'customers',
              match: [{ source: 'code', target: 'customerCode' }],
              take: 'rating',
            },
          },
        ],
        permissionGroups: [
          {
            id: 'clerks',
            name: l('Clerks'),
            members: [{ kind: 'users', ids: [miaId] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'all' },
            fields: {
              visible: ['no', 'amount', 'status', 'customerCode', 'customerName', 'customerSecret'],
              editable: ['no', 'amount', 'status', 'customerCode', 'customerName', 'customerSecret'],
            },
          },
        ],
      },
      {
        id: 'customers',
        name: l('Customers'),
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'code', type: 'text', label: l('Code') },
          { id: 'rating', type: 'number', label: l('Rating') },
          {
            id: 'invoices',
            type: 'relation',
            label: l('Invoices'),
            config: { form: 'invoices', multiple: true },
          },
          { id: 'main', type: 'relation', label: l('Main invoice'), config: { form: 'invoices' } },
          lookup('total', 'sum', 'amount'),
          lookup('openTotal', 'sum', 'amount', {
            filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'open' },
          }),
          lookup('count', 'count', 'amount'),
          lookup('average', 'avg', 'amount'),
          lookup('smallest', 'min', 'amount'),
          lookup('largest', 'max', 'amount'),
          lookup('numbers', 'concat', 'no'),
          lookup('allNumbers', 'none', 'no'),
          { id: 'mainNo', type: 'lookup', label: l('Main no'), config: { relation: 'main', field: 'no' } },
          lookup('secretSum', 'sum', 'secret'),
          {
            id: 'doubled',
            type: 'formula',
            label: l('Doubled'),
            config: { formula: '{total} * 2', resultType: 'number', precision: 2 },
          },
        ],
        permissionGroups: [
          {
            id: 'all',
            name: l('Everyone'),
            members: [{ kind: 'everyone' }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'all' },
            // The rating is for the org admin only: a linkage must not copy it for anyone else.
            fields: {
              visible: [
                'name',
                'code',
                'invoices',
                'main',
                'total',
                'openTotal',
                'count',
                'average',
                'smallest',
                'largest',
                'numbers',
                'allNumbers',
                'mainNo',
                'secretSum',
                'doubled',
              ],
              editable: ['name', 'code', 'invoices', 'main'],
            },
          },
        ],
      },
    ],
  } as unknown as AppDefinition;
}

const invoice = async (data: Record<string, unknown>) => {
  const res = await admin.agent.post(`${BASE}/invoices/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};
const customer = async (data: Record<string, unknown>) => {
  const res = await admin.agent.post(`${BASE}/customers/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};
const getCustomer = async (who: SignedIn, id: string) => {
  const res = await who.agent.get(`${BASE}/customers/records/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.record.data as Record<string, unknown>;
};

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  mia = await createUser(server, admin, { email: 'mia@example.com' });
  const me = await mia.agent.get('/api/v1/auth/me');
  const res = await admin.agent.post('/api/v1/apps').send(crmApp(me.body.user?.id ?? me.body.id));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  ids.a = await invoice({ no: 'A-1', amount: 0.1, status: 'open', secret: SECRET });
  ids.b = await invoice({ no: 'B-2', amount: 0.2, status: 'paid', secret: 1 });
  ids.c = await invoice({ no: 'C-3', amount: 10, status: 'open' });
  ids.acme = await customer({ name: 'Acme', code: 'ACME', rating: 7, invoices: [ids.a, ids.b], main: ids.b });
  ids.big = await customer({ name: 'Big', code: 'BIG', invoices: [ids.c] });
  ids.none = await customer({ name: 'Nobody', code: 'NONE' });
}, 60_000);
afterAll(() => server.close());

describe('lookups on the server', () => {
  it('sums exactly: 0.1 + 0.2 is 0.3, with count, avg, min, max, concat and shown fields', async () => {
    const data = await getCustomer(admin, ids.acme!);
    expect(data.total).toBe(0.3);
    expect(data.openTotal).toBe(0.1);
    expect(data.count).toBe(2);
    expect(data.average).toBe(0.15);
    expect(data.smallest).toBe(0.1);
    expect(data.largest).toBe(0.2);
    expect(data.numbers).toBe('A-1, B-2');
    expect(data.allNumbers).toEqual(['A-1', 'B-2']);
    expect(data.mainNo).toBe('B-2');
    expect(data.secretSum).toBe(SECRET + 1);
    const empty = await getCustomer(admin, ids.none!);
    expect(empty).toMatchObject({ total: 0, count: 0, average: null, numbers: null, mainNo: null });
  });

  it('is returned in list and query answers', async () => {
    const list = await admin.agent.get(`${BASE}/customers/records?sort=name`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { data: { total: number } }) => r.data.total)).toEqual([0.3, 10, 0]);
    const query = await admin.agent.post(`${BASE}/customers/records/query`).send({
      filter: { kind: 'cmp', field: 'total', op: 'gt', value: 0.25 },
      sort: [{ field: 'total', dir: 'desc' }],
    });
    expect(query.status, JSON.stringify(query.body)).toBe(200);
    expect(query.body.items.map((r: { data: { name: string } }) => r.data.name)).toEqual(['Big', 'Acme']);
  });

  it('filters and sorts by a lookup in SQL, keyset pages included', async () => {
    const eq = await admin.agent
      .post(`${BASE}/customers/records/query`)
      .send({ filter: { kind: 'cmp', field: 'total', op: 'eq', value: 0.3 } });
    expect(eq.body.items.map((r: { data: { name: string } }) => r.data.name)).toEqual(['Acme']);
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.agent
        .post(`${BASE}/customers/records/query`)
        .send({ sort: [{ field: 'total', dir: 'asc' }], limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      names.push(...page.body.items.map((r: { data: { name: string } }) => r.data.name));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(names).toEqual(['Nobody', 'Acme', 'Big']);
    const text = await admin.agent
      .post(`${BASE}/customers/records/query`)
      .send({ filter: { kind: 'cmp', field: 'numbers', op: 'contains', value: 'b-2' } });
    expect(text.body.items.map((r: { data: { name: string } }) => r.data.name)).toEqual(['Acme']);
  });

  it('is up to date the moment a related record changes', async () => {
    const before = await admin.agent.get(`${BASE}/invoices/records/${ids.b}`);
    const res = await admin.agent
      .patch(`${BASE}/invoices/records/${ids.b}`)
      .send({ version: before.body.record.version, data: { amount: 0.25 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await getCustomer(admin, ids.acme!)).total).toBe(0.35);
    const del = await admin.agent.delete(`${BASE}/invoices/records/${ids.b}`);
    expect(del.status).toBeLessThan(300);
    const after = await getCustomer(admin, ids.acme!);
    expect(after).toMatchObject({ total: 0.1, count: 1, numbers: 'A-1', mainNo: null });
    await admin.agent.post(`${BASE}/invoices/records/${ids.b}/restore`).send({});
  });

  it('hides a lookup of a related field the reader may not see, and refuses filtering by it', async () => {
    const data = await getCustomer(mia, ids.acme!);
    expect(data.total).toBeTypeOf('number');
    expect(data).not.toHaveProperty('secretSum');
    const list = await mia.agent.get(`${BASE}/customers/records`);
    expect(JSON.stringify(list.body)).not.toContain(String(SECRET));
    const probe = await mia.agent
      .post(`${BASE}/customers/records/query`)
      .send({ filter: { kind: 'cmp', field: 'secretSum', op: 'gt', value: 1000 } });
    expect(probe.status).toBe(422);
    expect(probe.body.error.code).toBe('hidden_field');
  });

  it('feeds formulas of the same form with the server-side value', async () => {
    const data = await getCustomer(admin, ids.big!);
    expect(data.doubled).toBe(20);
  });
});

describe('data linkage defaults', () => {
  const createInvoice = (who: SignedIn, data: Record<string, unknown>) =>
    who.agent.post(`${BASE}/invoices/records`).send({ data });

  it('applies on create when the value is absent, reading as the writer', async () => {
    const byAdmin = await createInvoice(admin, { no: 'L-1', customerCode: 'ACME' });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
    expect(byAdmin.body.record.data).toMatchObject({ customerName: 'Acme', customerSecret: 7 });
    const given = await createInvoice(admin, { no: 'L-2', customerCode: 'ACME', customerName: 'Mine' });
    expect(given.body.record.data.customerName).toBe('Mine');
    const unknown = await createInvoice(admin, { no: 'L-3', customerCode: 'NOPE' });
    expect(unknown.body.record.data.customerName).toBeNull();
    // Mia cannot see the customers' rating: the linkage leaves it empty instead of copying it.
    const byMia = await createInvoice(mia, { no: 'L-4', customerCode: 'ACME' });
    expect(byMia.status, JSON.stringify(byMia.body)).toBe(201);
    expect(byMia.body.record.data.customerName).toBe('Acme');
    expect(byMia.body.record.data.customerSecret).toBeNull();
  });

  it("answers the linked value through the endpoint with the user's grant", async () => {
    const url = (field: string) => `${BASE}/invoices/fields/${field}/linkage`;
    const big = await mia.agent.post(url('customerName')).send({ data: { customerCode: 'BIG' } });
    expect(big.status, JSON.stringify(big.body)).toBe(200);
    expect(big.body).toEqual({ value: 'Big' });
    const none = await mia.agent.post(url('customerName')).send({ data: { customerCode: 'NOPE' } });
    expect(none.body).toEqual({ value: null });
    const hidden = await mia.agent.post(url('customerSecret')).send({ data: { customerCode: 'ACME' } });
    expect(hidden.status).toBe(422);
    expect(hidden.body.error.code).toBe('hidden_field');
    const rating = await admin.agent.post(url('customerSecret')).send({ data: { customerCode: 'ACME' } });
    expect(rating.body).toEqual({ value: 7 });
    const plain = await admin.agent.post(url('no')).send({ data: {} });
    expect(plain.status).toBe(422);
    expect(plain.body.error.code).toBe('no_linkage');
  });

  it('previews the lookups of an unsaved record', async () => {
    const res = await mia.agent
      .post(`${BASE}/customers/lookups/preview`)
      .send({ data: { invoices: [ids.a, ids.c], main: ids.c } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.values).toMatchObject({ total: 10.1, count: 2, numbers: 'A-1, C-3', mainNo: 'C-3' });
    expect(res.body.values).not.toHaveProperty('secretSum');
  });
});

describe('lookup definitions', () => {
  it('refuses an aggregate the related field cannot give, naming the lookup and the field', async () => {
    const app = crmApp('nobody') as unknown as { id: string; forms: { fields: unknown[] }[] };
    app.id = 'crm2';
    app.forms[1]!.fields.push({
      id: 'badSum',
      type: 'lookup',
      label: l('Bad'),
      config: { relation: 'invoices', field: 'no', aggregate: 'sum' },
    });
    const res = await admin.agent.post('/api/v1/apps').send(app);
    expect(res.status).toBe(400);
    const issue = res.body.error.details.find((d: { code: string }) => d.code === 'invalid_lookup');
    expect(issue.path).toMatch(/\/forms\/1\/fields\/\d+\/config\/aggregate$/);
    expect(issue.message).toContain('sum needs a number field');
  });
});
