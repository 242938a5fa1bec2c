import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

// The studio's order of a form's shared views (decision 0056).
let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
const FORM = '/api/v1/apps/crm/forms/deals';
const config = { columns: [{ field: 'name' }] };
const l = (en: string) => ({ en, 'zh-CN': en });
// Importing views.test.ts's app would run its tests here too.
const dealsApp = () => ({
  id: 'crm',
  name: l('CRM'),
  formatVersion: 1,
  forms: [
    {
      id: 'deals',
      name: l('Deals'),
      titleField: 'name',
      fields: [{ id: 'name', type: 'text', label: l('Name') }],
    },
  ],
});

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(dealsApp()).expect(201);
  member = await createUser(server, admin, { email: 'mo@acme.test' });
});
afterAll(() => server.close());

const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((v) => v.name);

describe('shared view order', () => {
  const ids: Record<string, string> = {};

  it('lists never-ordered shared views by name, then keeps the chosen order', async () => {
    for (const name of ['Bravo', 'Alpha', 'Charlie'])
      ids[name] = (
        await admin.agent.post(`${FORM}/views`).send({ name, shared: true, config }).expect(201)
      ).body.view.id;
    await member.agent.post(`${FORM}/views`).send({ name: 'Aardvark (mine)', config }).expect(201);
    expect(names(await admin.agent.get(`${FORM}/views`).expect(200))).toEqual(['Alpha', 'Bravo', 'Charlie']);

    const res = await admin.agent
      .put(`${FORM}/views/order`)
      .send({ ids: [ids.Charlie, ids.Alpha, ids.Bravo] })
      .expect(200);
    expect(names(res)).toEqual(['Charlie', 'Alpha', 'Bravo']);
    // Members see the same order, their own views after the shared ones.
    expect(names(await member.agent.get(`${FORM}/views`).expect(200))).toEqual([
      'Charlie',
      'Alpha',
      'Bravo',
      'Aardvark (mine)',
    ]);
    // A new shared view goes last once the form's views have an order.
    await admin.agent.post(`${FORM}/views`).send({ name: 'Able', shared: true, config }).expect(201);
    expect(names(await admin.agent.get(`${FORM}/views`).expect(200))).toEqual([
      'Charlie',
      'Alpha',
      'Bravo',
      'Able',
    ]);
  });

  it('refuses members (403), duplicates (400) and stale lists (409)', async () => {
    const all = (await admin.agent.get(`${FORM}/views`).expect(200)).body.items.map(
      (v: { id: string }) => v.id,
    );
    await member.agent.put(`${FORM}/views/order`).send({ ids: all }).expect(403);
    const dup = await admin.agent
      .put(`${FORM}/views/order`)
      .send({ ids: [all[0], all[0], ...all.slice(2)] })
      .expect(400);
    expect(dup.body.error.details[0].path).toBe('/ids/1');
    const stale = await admin.agent
      .put(`${FORM}/views/order`)
      .send({ ids: all.slice(1) })
      .expect(409);
    expect(stale.body.error.code).toBe('views_changed');
    await admin.agent.put(`${FORM}/views/order`).send({ order: all }).expect(400);
  });
});
