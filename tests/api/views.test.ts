import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
let other: SignedIn;
const FORM = '/api/v1/apps/crm/forms/deals';
const l = (en: string) => ({ en, 'zh-CN': en });

export function dealsApp(): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM'),
    formatVersion: 1,
    forms: [
      {
        id: 'deals',
        name: l('Deals'),
        titleField: 'name',
        fields: [
          { id: 'name', type: 'text', label: l('Name'), required: true },
          {
            id: 'region',
            type: 'select',
            label: l('Region'),
            config: {
              options: [
                { value: 'east', label: l('East') },
                { value: 'west', label: l('West') },
              ],
            },
          },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 2 } },
          { id: 'note', type: 'divider', label: l('Divider') },
        ],
      },
    ],
  };
}

const config = {
  columns: [{ field: 'name', width: 200 }, { field: 'amount' }, { field: 'region', hidden: true }],
  filter: { kind: 'cmp', field: 'region', op: 'eq', value: 'east' },
  sort: [{ field: 'amount', dir: 'desc' }],
  pageSize: 100,
};

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(dealsApp()).expect(201);
  member = await createUser(server, admin, { email: 'mia@acme.test' });
  other = await createOtherOrg(server);
  await other.agent.post('/api/v1/apps').send(dealsApp()).expect(201);
});
afterAll(() => server.close());

describe('saved views', () => {
  let shared: string;
  let personal: string;

  it('lets an admin create a shared view and a member a personal one', async () => {
    const res = await admin.agent
      .post(`${FORM}/views`)
      .send({ name: 'East, biggest first', shared: true, config });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.view).toMatchObject({ name: 'East, biggest first', shared: true, ownerId: null, config });
    shared = res.body.view.id;
    const mine = await member.agent
      .post(`${FORM}/views`)
      .send({ name: 'Mine', config: { columns: [{ field: 'createdAt' }, { field: 'name' }] } })
      .expect(201);
    expect(mine.body.view).toMatchObject({ shared: false, ownerId: member.user.id });
    personal = mine.body.view.id;
  });

  it('lists shared views and only the caller’s personal views', async () => {
    const forMember = await member.agent.get(`${FORM}/views`).expect(200);
    expect(forMember.body.items.map((v: { id: string }) => v.id)).toEqual([shared, personal]);
    const forAdmin = await admin.agent.get(`${FORM}/views`).expect(200);
    expect(forAdmin.body.items.map((v: { id: string }) => v.id)).toEqual([shared]);
  });

  it('refuses shared views from members and other users’ personal views', async () => {
    await member.agent.post(`${FORM}/views`).send({ name: 'Team', shared: true, config }).expect(403);
    await member.agent.patch(`${FORM}/views/${shared}`).send({ name: 'Hijack' }).expect(403);
    await member.agent.delete(`${FORM}/views/${shared}`).expect(403);
    await admin.agent.patch(`${FORM}/views/${personal}`).send({ name: 'Not yours' }).expect(404);
    await admin.agent.delete(`${FORM}/views/${personal}`).expect(404);
  });

  it('updates and deletes own views', async () => {
    const res = await member.agent
      .patch(`${FORM}/views/${personal}`)
      .send({ name: ' Renamed ', config: { columns: [{ field: 'name', width: 320 }], sort: [] } })
      .expect(200);
    expect(res.body.view).toMatchObject({
      name: 'Renamed',
      config: { columns: [{ field: 'name', width: 320 }] },
    });
    await admin.agent.patch(`${FORM}/views/${shared}`).send({ name: 'East' }).expect(200);
    await member.agent.delete(`${FORM}/views/${personal}`).expect(204);
    await member.agent.delete(`${FORM}/views/${personal}`).expect(404);
  });

  it('keeps a view named in both languages through layout changes, until it is renamed', async () => {
    const names = { 'zh-CN': '大单', en: 'Big deals' };
    const created = await admin.agent
      .post(`${FORM}/views`)
      .send({ name: '大单', shared: true, config: { ...config, names } })
      .expect(201);
    const id = created.body.view.id as string;
    expect(created.body.view.config.names).toEqual(names);
    // The data view saves its layout without the names; the studio saves the name it shows.
    const layout = await admin.agent
      .patch(`${FORM}/views/${id}`)
      .send({ config: { columns: [{ field: 'name' }] } })
      .expect(200);
    expect(layout.body.view.config).toEqual({ columns: [{ field: 'name' }], names });
    const same = await admin.agent
      .patch(`${FORM}/views/${id}`)
      .send({ name: 'Big deals', config })
      .expect(200);
    expect(same.body.view).toMatchObject({ name: 'Big deals', config: { names } });
    // Renamed to something else: that is its name in every language now.
    const renamed = await admin.agent.patch(`${FORM}/views/${id}`).send({ name: 'Whales' }).expect(200);
    expect(renamed.body.view.name).toBe('Whales');
    expect(renamed.body.view.config).not.toHaveProperty('names');
    const bad = await admin.agent
      .post(`${FORM}/views`)
      .send({ name: 'X', config: { ...config, names: { fr: 'Grandes' } } });
    expect(bad.status).toBe(400);
    await admin.agent.delete(`${FORM}/views/${id}`).expect(204);
  });

  it('validates the filter against the form and the config shape', async () => {
    const bad = async (cfg: unknown, path: string) => {
      const res = await admin.agent.post(`${FORM}/views`).send({ name: 'Bad', config: cfg });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad(
      { columns: [], filter: { kind: 'cmp', field: 'nope', op: 'eq', value: 1 } },
      '/config/filter/field',
    );
    await bad(
      { columns: [], filter: { kind: 'cmp', field: 'amount', op: 'contains', value: 'x' } },
      '/config/filter/op',
    );
    await bad({ columns: [], sort: [{ field: 'ghost', dir: 'asc' }] }, '/config/sort/0/field');
    await bad({ columns: [{ field: 'ghost' }] }, '/config/columns/0/field');
    await bad({ columns: [{ field: 'name', width: 5 }] }, '/config/columns/0/width');
    await bad({ columns: [], extra: true }, '/config/extra');
    await bad({ filter: { kind: 'and', items: [] } }, '/config/columns');
    const empty = await admin.agent.post(`${FORM}/views`).send({ name: '   ', config: { columns: [] } });
    expect(empty.status).toBe(400);
    const count = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM views`);
    expect(count.rows[0]!.n).toBe(1);
  });

  it('hides views across orgs (404)', async () => {
    await other.agent.patch(`${FORM}/views/${shared}`).send({ name: 'x' }).expect(404);
    await other.agent.delete(`${FORM}/views/${shared}`).expect(404);
    const list = await other.agent.get(`${FORM}/views`).expect(200);
    expect(list.body.items).toEqual([]);
    await admin.agent.get('/api/v1/apps/crm/forms/ghost/views').expect(404);
  });
});

describe('comments', () => {
  let recordId: string;

  beforeAll(async () => {
    const res = await admin.agent
      .post(`${FORM}/records`)
      .send({ data: { name: 'Big deal', region: 'east' } });
    recordId = res.body.record.id;
  });

  it('adds and lists comments with their author, oldest first', async () => {
    const first = await admin.agent
      .post(`${FORM}/records/${recordId}/comments`)
      .send({ body: '  Called the buyer.  ' })
      .expect(201);
    expect(first.body.comment).toMatchObject({
      body: 'Called the buyer.',
      authorId: admin.user.id,
      authorName: admin.user.name,
    });
    await member.agent.post(`${FORM}/records/${recordId}/comments`).send({ body: '好的 👍' }).expect(201);
    const list = await member.agent.get(`${FORM}/records/${recordId}/comments`).expect(200);
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['Called the buyer.', '好的 👍']);
    expect(list.body.items[1].authorName).toBe(member.user.name);
  });

  it('refuses empty and too long comments, and other orgs’ or unknown records', async () => {
    await admin.agent.post(`${FORM}/records/${recordId}/comments`).send({ body: '   ' }).expect(400);
    await admin.agent
      .post(`${FORM}/records/${recordId}/comments`)
      .send({ body: 'x'.repeat(5001) })
      .expect(400);
    await admin.agent
      .post(`${FORM}/records/${recordId}/comments`)
      .send({ body: 'x'.repeat(5000) })
      .expect(201);
    await admin.agent.post(`${FORM}/records/${recordId}/comments`).send({ body: 'hi', by: 'x' }).expect(400);
    await other.agent.get(`${FORM}/records/${recordId}/comments`).expect(404);
    await other.agent.post(`${FORM}/records/${recordId}/comments`).send({ body: 'spy' }).expect(404);
    await admin.agent.get(`${FORM}/records/nope/comments`).expect(404);
    const count = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments`);
    expect(count.rows[0]!.n).toBe(3);
  });
});
