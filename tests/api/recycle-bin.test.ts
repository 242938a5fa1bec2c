/**
 * The recycle bin of a form (decision 0035): deleted records the caller may restore, newest first,
 * keyset-paged; restore needs `delete` on the record; purge is for app admins, only for records
 * already in the bin, and audited. A member never sees deleted records outside their scope.
 */
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';

let server: TestServer;
let admin: SignedIn;
/** Views and deletes only their own tickets. */
let bob: SignedIn;
/** Views every ticket, may not delete. */
let vera: SignedIn;
const l = (en: string) => ({ en, 'zh-CN': en });
const TICKETS = '/api/v1/apps/desk/forms/tickets';

function deskApp(bobId: string, veraId: string): AppDefinition {
  return {
    id: 'desk',
    name: l('Desk'),
    formatVersion: 2,
    access: { members: [{ kind: 'everyone' }], admins: [], defaultFormActions: ['view'] },
    forms: [
      {
        id: 'tickets',
        name: l('Tickets'),
        titleField: 'subject',
        fields: [
          { id: 'subject', type: 'text', label: l('Subject') },
          {
            id: 'lines',
            type: 'subform',
            label: l('Lines'),
            config: { fields: [{ id: 'qty', type: 'number', label: l('Qty') }] },
          },
        ],
        permissionGroups: [
          {
            id: 'own',
            name: l('Own'),
            members: [{ kind: 'users', ids: [bobId] }],
            actions: ['view', 'create', 'edit', 'delete'],
            scope: { kind: 'own' },
          },
          {
            id: 'readers',
            name: l('Readers'),
            members: [{ kind: 'users', ids: [veraId] }],
            actions: ['view'],
            scope: { kind: 'all' },
          },
        ],
      },
    ],
  };
}

const create = async (who: SignedIn, subject: string): Promise<string> => {
  const res = await who.agent
    .post(`${TICKETS}/records`)
    .send({ data: { subject, lines: [{ qty: 1 }, { qty: 2 }] } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.record.id as string;
};
const bin = async (who: SignedIn, query: Record<string, string> = {}) =>
  who.agent.get(`${TICKETS}/recycle-bin`).query(query);
const subjects = (res: { body: { items: { data: { subject: string } }[] } }) =>
  res.body.items.map((r) => r.data.subject);

beforeAll(async () => {
  server = await createTestServer({ permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  bob = await createUser(server, admin, { email: 'bob@desk.test' });
  vera = await createUser(server, admin, { email: 'vera@desk.test' });
  const saved = await admin.agent.post('/api/v1/apps').send(deskApp(bob.user.id, vera.user.id));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
});
afterAll(() => server.close());

describe('recycle bin', () => {
  it('lists deleted records newest first, with their rows, in pages', async () => {
    const ids: string[] = [];
    for (const s of ['one', 'two', 'three']) ids.push(await create(admin, `admin ${s}`));
    await create(admin, 'admin live');
    for (const id of ids) await admin.agent.delete(`${TICKETS}/records/${id}`).expect(204);

    const first = await bin(admin, { limit: '2' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(subjects(first)).toEqual(['admin three', 'admin two']);
    expect(first.body.items[0].deletedAt).toEqual(expect.any(String));
    expect(first.body.items[0].data.lines).toHaveLength(2);
    const second = await bin(admin, { limit: '2', cursor: first.body.nextCursor });
    expect(subjects(second)).toEqual(['admin one']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows a member only the deleted records they could restore', async () => {
    const mine = await create(bob, 'bob mine');
    await bob.agent.delete(`${TICKETS}/records/${mine}`).expect(204);
    expect(subjects(await bin(bob))).toEqual(['bob mine']);
    // Vera sees every ticket but may not delete, so she has no recycle bin.
    const refused = await bin(vera);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('form_not_writable');
  });

  it('restores a record from the bin, which takes it out of the bin', async () => {
    const id = await create(bob, 'bob restored');
    await bob.agent.delete(`${TICKETS}/records/${id}`).expect(204);
    const restored = await bob.agent.post(`${TICKETS}/records/${id}/restore`).expect(200);
    expect(restored.body.record.deletedAt).toBeNull();
    expect(subjects(await bin(bob))).not.toContain('bob restored');
    await bob.agent.get(`${TICKETS}/records/${id}`).expect(200);
  });

  it('lets only an app admin purge, only records in the bin, and audits it', async () => {
    const id = await create(bob, 'bob purged');
    const live = await create(bob, 'bob live');
    await bob.agent.delete(`${TICKETS}/records/${id}`).expect(204);
    const refused = await bob.agent.delete(`${TICKETS}/recycle-bin/${id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('purge_not_allowed');
    const notDeleted = await admin.agent.delete(`${TICKETS}/recycle-bin/${live}`);
    expect(notDeleted.status).toBe(409);
    expect(notDeleted.body.error.code).toBe('record_not_deleted');

    await admin.agent.delete(`${TICKETS}/recycle-bin/${id}`).expect(204);
    expect(subjects(await bin(admin))).not.toContain('bob purged');
    await admin.agent.post(`${TICKETS}/records/${id}/restore`).expect(404);
    await admin.agent.delete(`${TICKETS}/recycle-bin/${id}`).expect(404);
    const { rows } = await server.db.query<{ action: string; target_id: string }>(
      `SELECT action, target_id FROM audit_log WHERE action = 'record.purge'`,
    );
    expect(rows).toEqual([expect.objectContaining({ target_id: id })]);
  });

  it('refuses a bad page request with the parameter named', async () => {
    const res = await bin(admin, { limit: '0', cursor: 'x'.repeat(300), sort: 'subject' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(
      ['/cursor', '/limit', '/sort'].sort(),
    );
    const garbled = await bin(admin, { cursor: 'not-a-cursor' });
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.details[0].path).toBe('/cursor');
  });
});
