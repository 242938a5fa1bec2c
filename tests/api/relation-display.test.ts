/**
 * Relation values are answered with the linked records' titles (decision 0035): `display` is read
 * through the read door with the reader's own grant, so a linked record the reader may not see is
 * `null` ("no access"), never its title; a hidden title field falls back to what the reader may see;
 * a form without a title field is named by its serial number or a summary, never "untitled". `q`
 * finds a record by the title of a record it links to, within the reader's scope.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Sees only their own customers, every order. */
let bob: SignedIn;
/** Sees every customer but not their names (credit only), every order. */
let carol: SignedIn;
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const CUSTOMERS = '/api/v1/apps/crm/forms/customers';
const ORDERS = '/api/v1/apps/crm/forms/orders';
const VENDORS = '/api/v1/apps/crm/forms/vendors';

function crmApp(bobId: string, carolId: string): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 2,
    access: {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create', 'edit', 'delete'],
    },
    forms: [
      {
        id: 'customers',
        name: l('Customers'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'credit', type: 'number', label: l('Credit'), config: { precision: 0 } },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own customers'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit', 'delete'],
            scope: { kind: 'own' },
          },
          {
            id: 'credit_only',
            name: l('Credit only'),
            members: [{ kind: 'users', ids: [carolId] }],
            actions: ['view'],
            scope: { kind: 'all' },
            fields: { visible: ['credit'], editable: [] },
          },
        ],
      },
      {
        // No title field: named by its serial number.
        id: 'vendors',
        name: l('Vendors'),
        fields: [
          {
            id: 'code',
            type: 'serial',
            label: l('Code'),
            config: {
              parts: [
                { kind: 'text', text: 'V-' },
                { kind: 'counter', digits: 3 },
              ],
            },
          },
          { id: 'city', type: 'text', label: l('City') },
        ],
      },
      {
        id: 'orders',
        name: l('Orders'),
        titleField: 'title',
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } },
          {
            id: 'partners',
            type: 'relation',
            label: l('Partners'),
            config: { form: 'customers', multiple: true },
          },
          { id: 'vendor', type: 'relation', label: l('Vendor'), config: { form: 'vendors' } },
        ],
      },
    ],
  };
}

const create = async (who: SignedIn, path: string, data: Record<string, unknown>): Promise<string> => {
  const res = await who.agent.post(`${path}/records`).send({ data });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};

let acme: string;
let bobco: string;
let vendor: string;
let adminsOrder: string;
let bobsOrder: string;

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test' });
  carol = await createUser(server, admin, { email: 'carol@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(crmApp(bob.user.id, carol.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  acme = await create(admin, CUSTOMERS, { name: 'Acme Trading', credit: 5 });
  bobco = await create(bob, CUSTOMERS, { name: 'Bobco Supplies', credit: 7 });
  vendor = await create(admin, VENDORS, { city: 'Hangzhou' });
  adminsOrder = await create(admin, ORDERS, {
    title: 'First order',
    customer: acme,
    partners: [acme, bobco],
    vendor,
  });
  bobsOrder = await create(bob, ORDERS, { title: 'Second order', customer: bobco });
});
afterAll(() => server.close());

type Display = Record<string, Record<string, string | null>>;
const byId = (items: { id: string; display?: Display }[]) =>
  Object.fromEntries(items.map((r) => [r.id, r.display ?? {}]));

describe('relation titles in record answers', () => {
  it('answers titles instead of ids in lists, queries and single reads', async () => {
    const list = await admin.agent.get(`${ORDERS}/records`).expect(200);
    const shown = byId(list.body.items);
    expect(shown[adminsOrder]).toEqual({
      customer: { [acme]: 'Acme Trading' },
      partners: { [acme]: 'Acme Trading', [bobco]: 'Bobco Supplies' },
      vendor: { [vendor]: 'V-001' },
    });
    const one = await admin.agent.get(`${ORDERS}/records/${bobsOrder}`).expect(200);
    expect(one.body.record.display).toEqual({ customer: { [bobco]: 'Bobco Supplies' } });
    const queried = await admin.agent.post(`${ORDERS}/records/query`).send({ limit: 10 }).expect(200);
    expect(byId(queried.body.items)[adminsOrder]).toEqual(shown[adminsOrder]);
  });

  it('answers a create and an update with the titles the writer may see, as a read does', async () => {
    const created = await bob.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'Third order', customer: bobco } })
      .expect(201);
    expect(created.body.record.display).toEqual({ customer: { [bobco]: 'Bobco Supplies' } });
    const updated = await admin.agent
      .patch(`${ORDERS}/records/${created.body.record.id}`)
      .send({ data: { partners: [acme] }, version: created.body.record.version })
      .expect(200);
    expect(updated.body.record.display).toEqual({
      customer: { [bobco]: 'Bobco Supplies' },
      partners: { [acme]: 'Acme Trading' },
    });
    const read = await admin.agent.get(`${ORDERS}/records/${created.body.record.id}`).expect(200);
    expect(read.body.record).toEqual(updated.body.record);
    await admin.agent.delete(`${ORDERS}/records/${created.body.record.id}`).expect(204);
  });

  it('answers a bulk update with the titles too: the data view replaces its rows with it', async () => {
    const order = await create(admin, ORDERS, { title: 'Bulk order', customer: acme, partners: [bobco] });
    const res = await admin.agent
      .post(`${ORDERS}/records/bulk-update`)
      .send({ ids: [order], data: { title: 'Bulk order, renamed' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.records[0].display).toEqual({
      customer: { [acme]: 'Acme Trading' },
      partners: { [bobco]: 'Bobco Supplies' },
    });
    await admin.agent.delete(`${ORDERS}/records/${order}`).expect(204);
  });

  it('never shows the title of a linked record outside the reader’s scope', async () => {
    const list = await bob.agent.get(`${ORDERS}/records`).expect(200);
    const shown = byId(list.body.items);
    // Bob sees every order, but of the customers only his own.
    expect(shown[adminsOrder]).toEqual({
      customer: { [acme]: null },
      partners: { [acme]: null, [bobco]: 'Bobco Supplies' },
      vendor: { [vendor]: 'V-001' },
    });
    expect(JSON.stringify(list.body)).not.toContain('Acme Trading');
    const one = await bob.agent.get(`${ORDERS}/records/${adminsOrder}`).expect(200);
    expect(one.body.record.display.customer).toEqual({ [acme]: null });
  });

  it('never shows a title field hidden from the reader, and falls back to what they may see', async () => {
    const list = await carol.agent.get(`${ORDERS}/records`).expect(200);
    const shown = byId(list.body.items);
    expect(shown[adminsOrder]?.customer).toEqual({ [acme]: '5' });
    expect(JSON.stringify(list.body)).not.toContain('Acme Trading');
    expect(JSON.stringify(list.body)).not.toContain('Bobco Supplies');
  });

  it('shows a deleted linked record as no access', async () => {
    const gone = await create(admin, CUSTOMERS, { name: 'Gone Ltd' });
    const order = await create(admin, ORDERS, { title: 'Orphan', customer: gone });
    await admin.agent.delete(`${CUSTOMERS}/records/${gone}`).expect(204);
    const one = await admin.agent.get(`${ORDERS}/records/${order}`).expect(200);
    expect(one.body.record.display).toEqual({ customer: { [gone]: null } });
  });
});

describe('q finds records by their linked records’ titles', () => {
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((r) => r.id).sort();

  it('finds orders by a customer’s name, single and multiple relations', async () => {
    const res = await admin.agent.get(`${ORDERS}/records`).query({ q: 'Bobco' }).expect(200);
    expect(ids(res)).toEqual([adminsOrder, bobsOrder].sort());
    const acmeOrders = await admin.agent.get(`${ORDERS}/records`).query({ q: 'acme' }).expect(200);
    expect(ids(acmeOrders)).toEqual([adminsOrder]);
    // The order's own text still matches, and a count agrees with the page.
    const own = await admin.agent.get(`${ORDERS}/records`).query({ q: 'Second', count: 'true' }).expect(200);
    expect(ids(own)).toEqual([bobsOrder]);
    expect(own.body.total).toBe(1);
  });

  it('does not find a record through a linked title the reader may not see', async () => {
    const res = await bob.agent.get(`${ORDERS}/records`).query({ q: 'Acme', count: 'true' }).expect(200);
    expect(ids(res)).toEqual([]);
    expect(res.body.total).toBe(0);
    // Carol may not see customer names at all: their text is not searched for her either.
    const carols = await carol.agent.get(`${ORDERS}/records`).query({ q: 'Bobco' }).expect(200);
    expect(ids(carols)).toEqual([]);
  });
});
