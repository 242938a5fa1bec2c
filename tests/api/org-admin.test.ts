import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  loginAs,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

const tokenOf = (link: { path: string }) => link.path.slice(link.path.indexOf('#') + 1);

interface ListedUser {
  id: string;
  name: string;
  email: string;
  active: boolean;
  passwordPending: boolean;
}

describe('org administration (users, invites, resets, departments, roles)', () => {
  let server: TestServer;
  let admin: SignedIn;
  let member: SignedIn;

  beforeAll(async () => {
    server = await createTestServer();
    admin = await setupAdmin(server);
    member = await createUser(server, admin, { email: 'max@acme.test', name: 'Max Member' });
    await createOtherOrg(server); // its users must never show up in our lists
  });
  afterAll(() => server.close());

  const listAll = async (query: Record<string, string | number>) => {
    const seen: ListedUser[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const res: { body: { items: ListedUser[]; nextCursor: string | null } } = await admin.agent
        .get('/api/v1/admin/users')
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('paging did not end');
  };

  it('pages users by keyset and searches by name or email, department, role and state', async () => {
    const dep = (await admin.agent.post('/api/v1/admin/departments').send({ name: 'Paging' }).expect(201))
      .body.department;
    const role = (await admin.agent.post('/api/v1/admin/roles').send({ name: 'Pager' }).expect(201)).body
      .role;
    for (let i = 0; i < 7; i++) {
      await admin.agent
        .post('/api/v1/admin/users')
        .send({
          name: `Pat ${i}`,
          email: `pat${i}@paging.test`,
          password: 'member password 1',
          departmentIds: i % 2 === 0 ? [dep.id] : [],
          roleIds: i < 3 ? [role.id] : [],
        })
        .expect(201);
    }
    const all = await listAll({ limit: 3 });
    const ids = all.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length); // no row twice across pages
    expect(all.map((u) => u.name)).toEqual(expect.arrayContaining(['Ada Admin', 'Max Member', 'Pat 6']));
    expect(all.length).toBe(9); // admin + member + 7, not the other org's admin
    const names = all.map((u) => u.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const byEmail = await listAll({ q: 'PAT3@', limit: 2 });
    expect(byEmail.map((u) => u.email)).toEqual(['pat3@paging.test']);
    expect((await listAll({ q: 'pat ' })).length).toBe(7);
    expect((await listAll({ q: '%' })).length).toBe(0); // LIKE wildcards are literal
    expect((await listAll({ departmentId: dep.id })).map((u) => u.name)).toEqual([
      'Pat 0',
      'Pat 2',
      'Pat 4',
      'Pat 6',
    ]);
    expect((await listAll({ roleId: role.id })).map((u) => u.name)).toEqual(['Pat 0', 'Pat 1', 'Pat 2']);

    const bad = await admin.agent
      .get('/api/v1/admin/users')
      .query({ limit: 0, active: 'maybe', cursor: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      '/query/active',
      '/query/cursor',
      '/query/limit',
    ]);
  });

  it('invites a user: one-time link, password policy, sign-in, then the link is dead', async () => {
    const created = await admin.agent
      .post('/api/v1/admin/users')
      .send({ name: 'Ivy Invitee', email: 'ivy@acme.test' })
      .expect(201);
    expect(created.body.user).toMatchObject({ email: 'ivy@acme.test', passwordPending: true, active: true });
    const link = created.body.link;
    expect(link.purpose).toBe('invite');
    expect(link.url).toMatch(/^http:\/\/[^/]+\/invite#[A-Za-z0-9_-]{40,}$/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    const token = tokenOf(link);

    // Only the hash is stored, and the audit row does not carry the token.
    const stored = await server.db.query('SELECT id FROM user_links WHERE id = $1', [token]);
    expect(stored.rows).toHaveLength(0);
    const audit = await server.db.query<{ detail: unknown }>('SELECT detail FROM audit_log');
    expect(JSON.stringify(audit.rows)).not.toContain(token);

    // Without a password nobody can sign in as the invitee, not even with an empty one.
    const anon = server.agent();
    expect(
      (await anon.post('/api/v1/auth/login').send({ email: 'ivy@acme.test', password: '' })).status,
    ).toBe(401);

    const info = await anon.post('/api/v1/auth/password-links/inspect').send({ token }).expect(200);
    expect(info.body.link).toMatchObject({ purpose: 'invite', name: 'Ivy Invitee', email: 'ivy@acme.test' });
    expect(info.body.link.orgName).toBe('Acme');

    const common = await anon
      .post('/api/v1/auth/password-links/accept')
      .send({ token, password: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body.error.details[0]).toMatchObject({ path: '/password', code: 'common_password' });
    const short = await anon.post('/api/v1/auth/password-links/accept').send({ token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('/password');

    const accepted = await anon
      .post('/api/v1/auth/password-links/accept')
      .send({ token, password: 'ivy chooses well' })
      .expect(200);
    expect(accepted.body.user.email).toBe('ivy@acme.test');
    const me = await anon.get('/api/v1/auth/me').expect(200);
    expect(me.body.user.email).toBe('ivy@acme.test');
    await loginAs(server, 'ivy@acme.test', 'ivy chooses well');

    const again = await server
      .agent()
      .post('/api/v1/auth/password-links/accept')
      .send({ token, password: 'another good one' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('link_used');
    const used = await server.agent().post('/api/v1/auth/password-links/inspect').send({ token });
    expect(used.body.error.code).toBe('link_used');

    const listed = await listAll({ q: 'ivy@' });
    expect(listed[0]).toMatchObject({ passwordPending: false });
  });

  it('refuses unknown and expired links, and links of deactivated users', async () => {
    const unknown = await server
      .agent()
      .post('/api/v1/auth/password-links/accept')
      .send({ token: 'not-a-real-token', password: 'a good long password' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('link_not_found');

    const created = (
      await admin.agent
        .post('/api/v1/admin/users')
        .send({ name: 'Ed Expired', email: 'ed@acme.test' })
        .expect(201)
    ).body;
    await server.db.query(
      `UPDATE user_links SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [created.user.id],
    );
    const expired = await server
      .agent()
      .post('/api/v1/auth/password-links/accept')
      .send({ token: tokenOf(created.link), password: 'a good long password' });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('link_expired');

    // A new link voids the old one; deactivating the user voids the new one.
    const reissued = (
      await admin.agent.post(`/api/v1/admin/users/${created.user.id}/reset-password`).send({}).expect(200)
    ).body;
    expect(reissued.link.purpose).toBe('invite'); // still waiting for a first password
    await admin.agent.delete(`/api/v1/admin/users/${created.user.id}`).expect(204);
    const inactive = await server
      .agent()
      .post('/api/v1/auth/password-links/accept')
      .send({ token: tokenOf(reissued.link), password: 'a good long password' });
    expect(inactive.status).toBe(404);
  });

  it('ends every session of a user on deactivation (401) and lets them back after reactivation', async () => {
    const dee = await createUser(server, admin, { email: 'dee@acme.test' });
    const second = await loginAs(server, 'dee@acme.test', dee.password);
    await dee.agent.get('/api/v1/auth/me').expect(200);
    await admin.agent.delete(`/api/v1/admin/users/${dee.user.id}`).expect(204);
    for (const s of [dee, second]) {
      const res = await s.agent.get('/api/v1/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect((await s.agent.get('/api/v1/apps')).status).toBe(401);
    }
    await expect(loginAs(server, 'dee@acme.test', dee.password)).rejects.toThrow(/401/);
    const listed = await listAll({ q: 'dee@', active: 'false' });
    expect(listed.map((u) => u.id)).toEqual([dee.user.id]);
    expect(await listAll({ q: 'dee@', active: 'true' })).toEqual([]);

    const back = await admin.agent.post(`/api/v1/admin/users/${dee.user.id}/reactivate`).expect(200);
    expect(back.body.user.active).toBe(true);
    await loginAs(server, 'dee@acme.test', dee.password);
  });

  it('ends sessions on a password reset, both to a set password and to a reset link', async () => {
    const rex = await createUser(server, admin, { email: 'rex@acme.test' });
    const set = await admin.agent
      .post(`/api/v1/admin/users/${rex.user.id}/reset-password`)
      .send({ password: 'rex new password' })
      .expect(200);
    expect(set.body.link).toBeUndefined();
    expect((await rex.agent.get('/api/v1/auth/me')).status).toBe(401);
    await expect(loginAs(server, 'rex@acme.test', rex.password)).rejects.toThrow(/401/);
    const rex2 = await loginAs(server, 'rex@acme.test', 'rex new password');

    const weak = await admin.agent
      .post(`/api/v1/admin/users/${rex.user.id}/reset-password`)
      .send({ password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('/password');
    await rex2.agent.get('/api/v1/auth/me').expect(200); // a refused reset changes nothing

    const viaLink = await admin.agent
      .post(`/api/v1/admin/users/${rex.user.id}/reset-password`)
      .send({})
      .expect(200);
    expect(viaLink.body.link.purpose).toBe('reset');
    expect(viaLink.body.user.passwordPending).toBe(true);
    expect((await rex2.agent.get('/api/v1/auth/me')).status).toBe(401);
    await expect(loginAs(server, 'rex@acme.test', 'rex new password')).rejects.toThrow(/401/);
    const fresh = server.agent();
    await fresh
      .post('/api/v1/auth/password-links/accept')
      .send({ token: tokenOf(viaLink.body.link), password: 'rex third password' })
      .expect(200);
    await fresh.get('/api/v1/auth/me').expect(200);
  });

  it('moves departments, refuses cycles and sets a leader', async () => {
    const a = (await admin.agent.post('/api/v1/admin/departments').send({ name: 'A' }).expect(201)).body
      .department;
    const b = (
      await admin.agent.post('/api/v1/admin/departments').send({ name: 'B', parentId: a.id }).expect(201)
    ).body.department;
    const c = (
      await admin.agent.post('/api/v1/admin/departments').send({ name: 'C', parentId: b.id }).expect(201)
    ).body.department;
    for (const parentId of [a.id, c.id]) {
      const res = await admin.agent.patch(`/api/v1/admin/departments/${a.id}`).send({ parentId });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'department_cycle' });
      expect(res.body.error.details[0].path).toBe('/parentId');
    }
    // Re-parent C to the top, then B under C, and name a leader.
    await admin.agent.patch(`/api/v1/admin/departments/${c.id}`).send({ parentId: null }).expect(200);
    const moved = await admin.agent
      .patch(`/api/v1/admin/departments/${b.id}`)
      .send({ parentId: c.id, leaderId: member.user.id })
      .expect(200);
    expect(moved.body.department).toMatchObject({ parentId: c.id, leaderId: member.user.id });
  });

  it('manages role members', async () => {
    const role = (await admin.agent.post('/api/v1/admin/roles').send({ name: 'Auditors' }).expect(201)).body
      .role;
    const other = await createUser(server, admin, { email: 'ora@acme.test' });
    await admin.agent
      .post(`/api/v1/admin/roles/${role.id}/members`)
      .send({ userIds: [member.user.id, other.user.id] })
      .expect(204);
    await admin.agent
      .post(`/api/v1/admin/roles/${role.id}/members`)
      .send({ userIds: [member.user.id] })
      .expect(204);
    const listed = await admin.agent.get('/api/v1/admin/roles').expect(200);
    expect(listed.body.items.find((r: { id: string }) => r.id === role.id).memberCount).toBe(2);
    await admin.agent.delete(`/api/v1/admin/roles/${role.id}/members/${other.user.id}`).expect(204);
    await admin.agent.delete(`/api/v1/admin/roles/${role.id}/members/${other.user.id}`).expect(404);
    expect((await listAll({ roleId: role.id })).map((u) => u.id)).toEqual([member.user.id]);
    const unknown = await admin.agent
      .post(`/api/v1/admin/roles/${role.id}/members`)
      .send({ userIds: ['usr_nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('/userIds/0');
    const me = await member.agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.user.roleIds).toContain(role.id);
  });

  it('answers 403 to a member on every admin endpoint and changes nothing', async () => {
    const target = member.user.id;
    const calls: [string, string, object?][] = [
      ['get', '/api/v1/admin/users'],
      ['get', '/api/v1/admin/users?q=a&limit=5'],
      ['post', '/api/v1/admin/users', { name: 'X', email: 'x@acme.test' }],
      ['patch', `/api/v1/admin/users/${target}`, { isAdmin: true }],
      ['delete', `/api/v1/admin/users/${target}`],
      ['post', `/api/v1/admin/users/${target}/reactivate`],
      ['post', `/api/v1/admin/users/${target}/reset-password`, {}],
      ['get', '/api/v1/admin/departments'],
      ['post', '/api/v1/admin/departments', { name: 'X' }],
      ['patch', '/api/v1/admin/departments/dep_x', { name: 'X' }],
      ['delete', '/api/v1/admin/departments/dep_x'],
      ['get', '/api/v1/admin/roles'],
      ['post', '/api/v1/admin/roles', { name: 'X' }],
      ['patch', '/api/v1/admin/roles/rol_x', { name: 'X' }],
      ['delete', '/api/v1/admin/roles/rol_x'],
      ['post', '/api/v1/admin/roles/rol_x/members', { userIds: [target] }],
      ['delete', `/api/v1/admin/roles/rol_x/members/${target}`],
    ];
    const before = await server.db.query('SELECT count(*) AS n FROM audit_log');
    for (const [method, path, body] of calls) {
      const agent = member.agent as unknown as Record<
        string,
        (p: string) => { send(b?: object): Promise<{ status: number; body: { error: { code: string } } }> }
      >;
      const res = await agent[method]!(path).send(body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const after = await server.db.query('SELECT count(*) AS n FROM audit_log');
    expect(after.rows).toEqual(before.rows);
    await member.agent.get('/api/v1/auth/me').expect(200);
  });
});
