import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

// A relation's choice filter (关联数据 → 数据过滤) is honoured by the picker's list request and
// enforced by the server on every write path: a crafted request cannot link a record the filter
// keeps out.

let server: TestServer;
let admin: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const BASE = '/api/v1/apps/crm';
const CUSTOMERS = `${BASE}/forms/customers`;
const DEALS = `${BASE}/forms/deals`;

const ACTIVE = { kind: 'cmp', field: 'status', op: 'eq', value: 'active' } as const;

function crmApp(filter: unknown = ACTIVE): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 1,
    forms: [
      {
        id: 'customers',
        name: l('Customers'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          {
            id: 'status',
            type: 'select',
            label: l('Status'),
            config: {
              options: [
                { value: 'active', label: l('Active') },
                { value: 'closed', label: l('Closed') },
              ],
            },
          },
          { id: 'rep', type: 'member', label: l('Rep') },
        ],
      },
      {
        id: 'deals',
        name: l('Deals'),
        fields: [
          { id: 'title', type: 'text', label: l('Title') },
          {
            id: 'customer',
            type: 'relation',
            label: l('Customer'),
            config: { form: 'customers', displayField: 'name', filter },
          },
          {
            id: 'partners',
            type: 'relation',
            label: l('Partners'),
            config: { form: 'customers', multiple: true, filter },
          },
        ],
      },
    ],
  } as AppDefinition;
}

async function customer(name: string, status: string, rep?: string): Promise<string> {
  const res = await admin.agent
    .post(`${CUSTOMERS}/records`)
    .send({ data: { name, status, ...(rep ? { rep } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
}

let active: string;
let closed: string;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(crmApp()).expect(201);
  active = await customer('Acme', 'active');
  closed = await customer('Gone Ltd', 'closed');
});
afterAll(() => server.close());

describe('relation filter', () => {
  it('refuses to save a filter that does not fit the target form', async () => {
    const res = await admin.agent
      .put(BASE)
      .send({ app: crmApp({ kind: 'cmp', field: 'nope', op: 'eq', value: 'x' }), baseVersion: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(
      '/forms/1/fields/1/config/filter/field',
    );
  });

  it("lists only the records the filter allows (the picker's request)", async () => {
    const filter = JSON.stringify(ACTIVE);
    const res = await admin.agent.get(`${CUSTOMERS}/records`).query({ filter }).expect(200);
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([active]);
  });

  it('refuses a record outside the filter on create, with the field path; accepts one inside', async () => {
    const res = await admin.agent
      .post(`${DEALS}/records`)
      .send({ data: { title: 'x', customer: closed, partners: [active, closed] } })
      .expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: '/data/customer', code: 'outside_filter' }),
      expect.objectContaining({ path: '/data/partners/1', code: 'outside_filter' }),
    ]);
    expect(res.body.error.details[0].message).toMatch(/does not match the field's filter/);
    await admin.agent
      .post(`${DEALS}/records`)
      .send({ data: { title: 'ok', customer: active, partners: [active] } })
      .expect(201);
  });

  it('keeps an existing link that left the filter, but refuses a new one on update and bulk update', async () => {
    const linked = await customer('Soon closed', 'active');
    const deal = (
      await admin.agent
        .post(`${DEALS}/records`)
        .send({ data: { title: 'd', customer: linked } })
        .expect(201)
    ).body.record;
    const list = await admin.agent.get(`${CUSTOMERS}/records/${linked}`).expect(200);
    await admin.agent
      .patch(`${CUSTOMERS}/records/${linked}`)
      .send({ version: list.body.record.version, data: { status: 'closed' } })
      .expect(200);
    // Editing another field (the client sends the whole record back) still saves.
    const edited = await admin.agent
      .patch(`${DEALS}/records/${deal.id}`)
      .send({ version: deal.version, data: { title: 'd2', customer: linked } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const relinked = await admin.agent
      .patch(`${DEALS}/records/${deal.id}`)
      .send({ version: edited.body.record.version, data: { partners: [closed] } })
      .expect(400);
    expect(relinked.body.error.details[0]).toMatchObject({
      path: '/data/partners/0',
      code: 'outside_filter',
    });
    const bulk = await admin.agent
      .post(`${DEALS}/records/bulk-update`)
      .send({ ids: [deal.id], data: { customer: closed } })
      .expect(400);
    expect(bulk.body.error.details[0]).toMatchObject({ path: '/data/customer', code: 'outside_filter' });
  });

  it('resolves dynamic values for the writer (current user)', async () => {
    await admin.agent
      .put(BASE)
      .send({
        app: crmApp({ kind: 'cmp', field: 'rep', op: 'eq', value: { dynamic: 'currentUser' } }),
        baseVersion: (await admin.agent.get(BASE).expect(200)).body.version,
      })
      .expect(200);
    const mine = await customer('Mine', 'closed', admin.user.id);
    const res = await admin.agent
      .post(`${DEALS}/records`)
      .send({ data: { title: 'x', customer: active } })
      .expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: '/data/customer', code: 'outside_filter' });
    await admin.agent
      .post(`${DEALS}/records`)
      .send({ data: { title: 'x', customer: mine } })
      .expect(201);
  });
});
