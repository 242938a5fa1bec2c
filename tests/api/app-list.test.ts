/**
 * `GET /apps` lists only the apps the caller can open (decision 0022's app access): org admins see
 * every app as admins, a member sees the apps whose access names them (directly, by department
 * with or without sub-departments, or by role), with their role in it; an app they cannot open is
 * left out, as `GET /apps/:app` answers 404 for it.
 */
import { CURRENT_FORMAT_VERSION, type AppAccess, type AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

const l = (en: string) => ({ en });

let server: TestServer;
let admin: SignedIn;
let ann: SignedIn; // in Sales East (below Sales)
let ben: SignedIn; // in Ops, role Auditor
let cat: SignedIn; // in no department, no role

function app(id: string, access?: AppAccess): AppDefinition {
  return {
    id,
    name: l(id),
    formatVersion: CURRENT_FORMAT_VERSION,
    ...(access ? { access } : {}),
    forms: [{ id: 'items', name: l('Items'), fields: [{ id: 'title', type: 'text', label: l('Title') }] }],
  } as AppDefinition;
}

const ACTIONS: AppAccess['defaultFormActions'] = ['view', 'create'];

/** The ids and roles `who` gets from `GET /apps`, sorted by id. */
async function listed(who: SignedIn): Promise<[string, string][]> {
  const res = await who.agent.get('/api/v1/apps').expect(200);
  return res.body.items
    .map((a: { id: string; appRole: string }) => [a.id, a.appRole] as [string, string])
    .sort((a: [string, string], b: [string, string]) => a[0].localeCompare(b[0]));
}

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
  const dept = async (name: string, parentId?: string) =>
    (
      await admin.agent
        .post('/api/v1/admin/departments')
        .send({ name, ...(parentId ? { parentId } : {}) })
        .expect(201)
    ).body.department.id as string;
  const sales = await dept('Sales');
  const east = await dept('Sales East', sales);
  const ops = await dept('Ops');
  const auditor = (await admin.agent.post('/api/v1/admin/roles').send({ name: 'Auditor' }).expect(201)).body
    .role.id as string;
  ann = await createUser(server, admin, { email: 'ann@acme.test', departmentIds: [east] });
  ben = await createUser(server, admin, { email: 'ben@acme.test', departmentIds: [ops], roleIds: [auditor] });
  cat = await createUser(server, admin, { email: 'cat@acme.test' });
  const apps = [
    // No access: the legacy-open default, every member.
    app('open'),
    // Sales and below as members, Ben as its admin.
    app('sales', {
      members: [{ kind: 'departments', ids: [sales], includeSubDepartments: true }],
      admins: [{ kind: 'users', ids: [ben.user.id] }],
      defaultFormActions: ACTIONS,
    }),
    // Sales only, without sub-departments: Ann (in Sales East) is not a member.
    app('salesonly', {
      members: [{ kind: 'departments', ids: [sales] }],
      admins: [],
      defaultFormActions: ACTIONS,
    }),
    // Auditors only.
    app('audit', { members: [{ kind: 'roles', ids: [auditor] }], admins: [], defaultFormActions: ACTIONS }),
    // Nobody but admins.
    app('closed', { members: [], admins: [], defaultFormActions: ACTIONS }),
  ];
  for (const a of apps) {
    const res = await admin.agent.post('/api/v1/apps').send(a);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(() => server.close());

describe('GET /apps', () => {
  it('lists every app to an org admin, as its admin', async () => {
    expect(await listed(admin)).toEqual([
      ['audit', 'admin'],
      ['closed', 'admin'],
      ['open', 'admin'],
      ['sales', 'admin'],
      ['salesonly', 'admin'],
    ]);
  });

  it('lists to a member only the apps they can open, with their role in each', async () => {
    expect(await listed(ann)).toEqual([
      ['open', 'member'],
      ['sales', 'member'],
    ]);
    expect(await listed(ben)).toEqual([
      ['audit', 'member'],
      ['open', 'member'],
      ['sales', 'admin'],
    ]);
    expect(await listed(cat)).toEqual([['open', 'member']]);
  });

  it('agrees with GET /apps/:app for every app and caller', async () => {
    for (const who of [ann, ben, cat]) {
      const shown = new Set((await listed(who)).map(([id]) => id));
      for (const id of ['open', 'sales', 'salesonly', 'audit', 'closed']) {
        const res = await who.agent.get(`/api/v1/apps/${id}`);
        expect(res.status, `${who.user.id} ${id}`).toBe(shown.has(id) ? 200 : 404);
      }
    }
  });

  it('follows a change of access at once', async () => {
    const current = (await admin.agent.get('/api/v1/apps/closed').expect(200)).body;
    const next = {
      ...current.app,
      access: { ...current.app.access, members: [{ kind: 'users', ids: [cat.user.id] }] },
    };
    await admin.agent
      .put('/api/v1/apps/closed')
      .send({ app: next, baseVersion: current.version })
      .expect(200);
    expect(await listed(cat)).toEqual([
      ['closed', 'member'],
      ['open', 'member'],
    ]);
  });
});
