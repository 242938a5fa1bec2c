/**
 * A relation picker's choices (`GET …/fields/:field/choices`, decision 0027): the relation's choice
 * filter is part of the definition, so it applies even when it names a field hidden from the user
 * on the target form (the generic list refuses such a filter from the request with 422). It is
 * AND-ed with the user's view scope on the target, and hidden values never appear in the answer.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Sees their own customers, without the credit field; may create orders. */
let bob: SignedIn;
/** May only view orders: no picker. */
let vic: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const CUSTOMERS = '/api/v1/apps/crm/forms/customers';
const ORDERS = '/api/v1/apps/crm/forms/orders';
const CHOICES = `${ORDERS}/fields/customer/choices`;
const CREDIT_CANARY = 987654;

function crmApp(bobId: string, vicId: string): AppDefinition {
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
            name: l('Own customers, no credit'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'own' },
            fields: { visible: ['name'], editable: ['name'] },
          },
        ],
      },
      {
        id: 'orders',
        name: l('Orders'),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          {
            id: 'customer',
            type: 'relation',
            label: l('Customer'),
            // Only customers in good standing: a condition on a field Bob does not see.
            config: { form: 'customers', filter: { kind: 'cmp', field: 'credit', op: 'gt', value: 100 } },
          },
        ],
        permissionGroups: [
          {
            id: 'writers',
            name: l('Writers'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit'],
            scope: { kind: 'all' },
          },
          {
            id: 'readers',
            name: l('Readers'),
            members: [{ kind: 'users', ids: [vicId] }],
            actions: ['view'],
            scope: { kind: 'all' },
          },
        ],
      },
    ],
  };
}

/** A customer created by `owner`, its credit set by the admin. */
async function customer(owner: SignedIn, name: string, credit: number): Promise<string> {
  const created = (await owner.agent.post(`${CUSTOMERS}/records`).send({ data: { name } }).expect(201)).body
    .record;
  await admin.agent
    .patch(`${CUSTOMERS}/records/${created.id}`)
    .send({ version: created.version, data: { credit } })
    .expect(200);
  return created.id as string;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@acme.test' });
  vic = await createUser(server, admin, { email: 'vic@acme.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(crmApp(bob.user.id, vic.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  ids.rich = await customer(bob, 'Rich Co', CREDIT_CANARY);
  ids.wealthy = await customer(bob, 'Wealthy Ltd', 500);
  ids.poor = await customer(bob, 'Poor Co', 10);
  // Outside Bob's scope, though it matches the filter.
  ids.admins = await customer(admin, 'Admin Rich', 900);
});
afterAll(() => server.close());

const names = (body: { items: { data: { name: string } }[] }) => body.items.map((r) => r.data.name).sort();

describe('relation choices', () => {
  it('applies the choice filter on a hidden field, inside the view scope, without hidden values', async () => {
    const res = await bob.agent.get(CHOICES).expect(200);
    expect(names(res.body)).toEqual(['Rich Co', 'Wealthy Ltd']);
    expect(JSON.stringify(res.body)).not.toContain(String(CREDIT_CANARY));
    for (const item of res.body.items) expect(item.data).not.toHaveProperty('credit');
    // The same filter sent by Bob himself is still refused: it probes a hidden field.
    const filter = encodeURIComponent(JSON.stringify({ kind: 'cmp', field: 'credit', op: 'gt', value: 100 }));
    const direct = await bob.agent.get(`${CUSTOMERS}/records?filter=${filter}`).expect(422);
    expect(direct.body.error.code).toBe('hidden_field');
    // An admin sees every matching customer.
    const all = await admin.agent.get(CHOICES).expect(200);
    expect(names(all.body)).toEqual(['Admin Rich', 'Rich Co', 'Wealthy Ltd']);
  });

  it('names each choice as record answers name linked records (the picker never shows an id)', async () => {
    const res = await bob.agent.get(CHOICES).expect(200);
    expect(res.body.titles).toEqual({ [ids.rich!]: 'Rich Co', [ids.wealthy!]: 'Wealthy Ltd' });
  });

  it('names the records a picker holds, as the caller may see them, to readers too', async () => {
    const TITLES = `${ORDERS}/fields/customer/titles`;
    // The choice filter does not apply (a held value may predate it); the view scope does.
    const held = [ids.rich, ids.poor, ids.admins].join(',');
    const res = await bob.agent.get(`${TITLES}?ids=${held}`).expect(200);
    expect(res.body.titles).toEqual({ [ids.rich!]: 'Rich Co', [ids.poor!]: 'Poor Co', [ids.admins!]: null });
    expect(JSON.stringify(res.body)).not.toContain('Admin Rich');
    // A read-only form holds values too.
    const read = await vic.agent.get(`${TITLES}?ids=${ids.rich}`).expect(200);
    expect(Object.keys(read.body.titles)).toEqual([ids.rich]);
    const bad = await bob.agent.get(TITLES).expect(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: '/ids', code: 'invalid_ids' });
    const many = Array.from({ length: 101 }, (_, i) => `rec${i}`).join(',');
    await bob.agent.get(`${TITLES}?ids=${many}`).expect(400);
    await bob.agent.get(`${TITLES}?ids=${encodeURIComponent('a\u0000b')}`).expect(400);
    await bob.agent.get(`${ORDERS}/fields/title/titles?ids=${ids.rich}`).expect(404);
  });

  it('searches visible fields only and pages with a cursor', async () => {
    const searched = await bob.agent.get(`${CHOICES}?q=wealthy`).expect(200);
    expect(names(searched.body)).toEqual(['Wealthy Ltd']);
    // A hidden value is not matched by the search.
    const probe = await bob.agent.get(`${CHOICES}?q=${CREDIT_CANARY}`).expect(200);
    expect(probe.body.items).toEqual([]);
    const first = await bob.agent.get(`${CHOICES}?limit=1`).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await bob.agent
      .get(`${CHOICES}?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .expect(200);
    expect(names({ items: [...first.body.items, ...second.body.items] })).toEqual(['Rich Co', 'Wealthy Ltd']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses a caller filter or sort, an unknown or non-relation field, and a caller who cannot write', async () => {
    const filtered = await bob.agent.get(`${CHOICES}?filter=${encodeURIComponent('{"kind":"and","of":[]}')}`);
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(400);
    expect(filtered.body.error.details[0]).toMatchObject({ path: '/filter', code: 'unknown_property' });
    await bob.agent.get(`${CHOICES}?sort=name`).expect(400);
    await bob.agent.get(`${ORDERS}/fields/nope/choices`).expect(404);
    await bob.agent.get(`${ORDERS}/fields/title/choices`).expect(404);
    const reader = await vic.agent.get(CHOICES).expect(403);
    expect(reader.body.error.code).toBe('form_not_writable');
  });
});
