/**
 * Linking records goes through the read door (decision 0023): a new link must be a record the
 * writer can see (their view scope on the linked form), and one outside it is refused exactly like
 * a record that does not exist, so a crafted id does not reveal that it exists. A link the record
 * already had only has to exist: it was not the writer's choice, and editing another field keeps it.
 * MAPX reads the other form as the system: a formula's value does not depend on who saves.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Sees and edits only their own customers; every order. */
let bob: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const CUSTOMERS = '/api/v1/apps/crm/forms/customers';
const ORDERS = '/api/v1/apps/crm/forms/orders';

function crmApp(bobId: string): AppDefinition {
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
        ],
      },
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          { id: 'customer', type: 'relation', label: l('Customer'), config: { form: 'customers' } },
          {
            id: 'partners',
            type: 'relation',
            label: l('Partners'),
            config: { form: 'customers', multiple: true },
          },
          {
            id: 'credit',
            type: 'formula',
            label: l('Credit of all customers named like the title'),
            config: {
              formula: 'MAPX("SUM", {title}, {customers.name}, {customers.credit})',
              resultType: 'number',
            },
          },
        ],
      },
    ],
  };
}

const customer = async (who: SignedIn, name: string, credit = 0): Promise<string> =>
  (await who.agent.post(`${CUSTOMERS}/records`).send({ data: { name, credit } }).expect(201)).body.record
    .id as string;

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(crmApp(bob.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

describe('relation links and the view scope', () => {
  it('refuses a new link to a record outside the writer’s view scope as an unknown record', async () => {
    const theirs = await customer(admin, 'Admin’s customer');
    const mine = await customer(bob, 'Bob’s customer');
    const res = await bob.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'o', customer: theirs, partners: [mine, theirs] } })
      .expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: '/data/customer', code: 'unknown_reference' }),
      expect.objectContaining({ path: '/data/partners/1', code: 'unknown_reference' }),
    ]);
    // The same words as for an id that does not exist at all.
    const unknown = await bob.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'o', customer: 'no-such-record' } })
      .expect(400);
    expect(res.body.error.details[0].message.replace(theirs, 'ID')).toBe(
      unknown.body.error.details[0].message.replace('no-such-record', 'ID'),
    );
    await bob.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'o', customer: mine, partners: [mine] } })
      .expect(201);
  });

  it('keeps a link the record already had when the writer edits another field, but refuses it as a new link', async () => {
    const theirs = await customer(admin, 'Linked by admin');
    const order = (
      await admin.agent
        .post(`${ORDERS}/records`)
        .send({ data: { title: 'kept', customer: theirs } })
        .expect(201)
    ).body.record;
    const edited = await bob.agent
      .patch(`${ORDERS}/records/${order.id}`)
      .send({ version: order.version, data: { title: 'kept 2', customer: theirs } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const added = await bob.agent
      .patch(`${ORDERS}/records/${order.id}`)
      .send({ version: edited.body.record.version, data: { partners: [theirs] } })
      .expect(400);
    expect(added.body.error.details[0]).toMatchObject({
      path: '/data/partners/0',
      code: 'unknown_reference',
    });
  });

  it('computes MAPX over every live record of the other form, whoever saves', async () => {
    await customer(admin, 'Acme', 100);
    await customer(bob, 'Acme', 5);
    const byBob = await bob.agent
      .post(`${ORDERS}/records`)
      .send({ data: { title: 'Acme' } })
      .expect(201);
    expect(byBob.body.record.data.credit).toBe(105);
  });
});
