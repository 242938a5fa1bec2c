import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

describe('org directory and admin endpoints', () => {
  let server: TestServer;
  let admin: SignedIn;
  let member: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    server = await createTestServer();
    admin = await setupAdmin(server);
    member = await createUser(server, admin, { email: 'max@acme.test' });
    other = await createOtherOrg(server);
  });
  afterAll(() => server.close());

  const snapshot = async () =>
    (
      await server.db.query(`SELECT
       (SELECT json_agg(d ORDER BY id) FROM departments d) AS d,
       (SELECT json_agg(u ORDER BY id) FROM users u) AS u,
       (SELECT json_agg(r ORDER BY id) FROM roles r) AS r,
       (SELECT json_agg(m ORDER BY user_id, department_id) FROM memberships m) AS m`)
    ).rows[0];

  it('refuses admin endpoints to members (403) and unchanged data', async () => {
    const before = await snapshot();
    for (const [method, path] of [
      ['get', '/api/v1/admin/users'],
      ['post', '/api/v1/admin/users'],
      ['get', '/api/v1/admin/departments'],
      ['post', '/api/v1/admin/departments'],
      ['get', '/api/v1/admin/roles'],
      ['post', '/api/v1/admin/roles'],
    ] as const) {
      const res = await member.agent[method](path).send(
        method === 'post' ? { name: 'X', email: 'x@acme.test', password: 'password 12' } : undefined,
      );
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets members read the directory', async () => {
    const members = await member.agent.get('/api/v1/org/members').expect(200);
    expect(members.body.items.map((m: { email: string }) => m.email).sort()).toEqual([
      'admin@acme.test',
      'max@acme.test',
    ]);
    expect(members.body.items[0]).not.toHaveProperty('password_hash');
    await member.agent.get('/api/v1/org/departments').expect(200);
  });

  it('builds a department tree and refuses cycles', async () => {
    const root = (await admin.agent.post('/api/v1/admin/departments').send({ name: 'HQ' }).expect(201)).body
      .department;
    const sales = (
      await admin.agent
        .post('/api/v1/admin/departments')
        .send({ name: 'Sales', parentId: root.id })
        .expect(201)
    ).body.department;
    const east = (
      await admin.agent
        .post('/api/v1/admin/departments')
        .send({ name: 'East', parentId: sales.id, leaderId: member.user.id })
        .expect(201)
    ).body.department;
    expect(east).toMatchObject({ name: 'East', parentId: sales.id, leaderId: member.user.id });

    const before = await snapshot();
    for (const parentId of [east.id, sales.id, root.id]) {
      const res = await admin.agent.patch(`/api/v1/admin/departments/${root.id}`).send({ parentId });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('department_cycle');
    }
    expect(await snapshot()).toEqual(before);

    // Moving a leaf elsewhere is fine.
    await admin.agent.patch(`/api/v1/admin/departments/${east.id}`).send({ parentId: root.id }).expect(200);
  });

  it('refuses deleting a department with children or members', async () => {
    const parent = (await admin.agent.post('/api/v1/admin/departments').send({ name: 'Ops' }).expect(201))
      .body.department;
    const child = (
      await admin.agent
        .post('/api/v1/admin/departments')
        .send({ name: 'Ops East', parentId: parent.id })
        .expect(201)
    ).body.department;
    const res = await admin.agent.delete(`/api/v1/admin/departments/${parent.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('department_not_empty');
    await admin.agent
      .patch(`/api/v1/admin/users/${member.user.id}`)
      .send({ departmentIds: [child.id] })
      .expect(200);
    await admin.agent.delete(`/api/v1/admin/departments/${child.id}`).expect(409);
    await admin.agent.patch(`/api/v1/admin/users/${member.user.id}`).send({ departmentIds: [] }).expect(200);
    await admin.agent.delete(`/api/v1/admin/departments/${child.id}`).expect(204);
    await admin.agent.delete(`/api/v1/admin/departments/${parent.id}`).expect(204);
  });

  it("treats another org's users, departments and roles as not found", async () => {
    const theirDept = (
      await other.agent.post('/api/v1/admin/departments').send({ name: 'Theirs' }).expect(201)
    ).body.department;
    const theirRole = (await other.agent.post('/api/v1/admin/roles').send({ name: 'Theirs' }).expect(201))
      .body.role;
    const before = await snapshot();

    await admin.agent.patch(`/api/v1/admin/users/${other.user.id}`).send({ name: 'Hacked' }).expect(404);
    await admin.agent.delete(`/api/v1/admin/users/${other.user.id}`).expect(404);
    await admin.agent.patch(`/api/v1/admin/departments/${theirDept.id}`).send({ name: 'Hacked' }).expect(404);
    await admin.agent.delete(`/api/v1/admin/departments/${theirDept.id}`).expect(404);
    await admin.agent.patch(`/api/v1/admin/roles/${theirRole.id}`).send({ name: 'Hacked' }).expect(404);
    await admin.agent.delete(`/api/v1/admin/roles/${theirRole.id}`).expect(404);
    // Referencing them from our own objects is refused like a missing id.
    const parent = await admin.agent
      .post('/api/v1/admin/departments')
      .send({ name: 'Sneaky', parentId: theirDept.id });
    expect(parent.status).toBe(400);
    expect(parent.body.error.details[0]).toMatchObject({ path: '/parentId', code: 'not_found' });
    await admin.agent
      .patch(`/api/v1/admin/users/${member.user.id}`)
      .send({ roleIds: [theirRole.id] })
      .expect(400);
    await admin.agent
      .patch(`/api/v1/admin/users/${member.user.id}`)
      .send({ departmentIds: [theirDept.id] })
      .expect(400);

    expect(await snapshot()).toEqual(before);
    const dirs = await admin.agent.get('/api/v1/org/members').expect(200);
    expect(dirs.body.items.map((m: { id: string }) => m.id)).not.toContain(other.user.id);
  });

  it('manages users and roles with unique names/emails and audits without password hashes', async () => {
    const role = (await admin.agent.post('/api/v1/admin/roles').send({ name: 'Finance' }).expect(201)).body
      .role;
    const dup = await admin.agent.post('/api/v1/admin/roles').send({ name: 'finance' });
    expect(dup.status).toBe(409);
    const user = (
      await admin.agent
        .post('/api/v1/admin/users')
        .send({ name: 'Fay', email: 'fay@acme.test', password: 'fay password 1', roleIds: [role.id] })
        .expect(201)
    ).body.user;
    expect(user).toMatchObject({ name: 'Fay', email: 'fay@acme.test', isAdmin: false, roleIds: [role.id] });
    expect(user).not.toHaveProperty('password');
    const taken = await admin.agent
      .post('/api/v1/admin/users')
      .send({ name: 'Fay 2', email: 'FAY@acme.test', password: 'fay password 2' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    await admin.agent
      .patch(`/api/v1/admin/users/${user.id}`)
      .send({ password: 'new fay password' })
      .expect(200);

    const audit = await server.db.query<{ action: string; detail: unknown }>(
      'SELECT action, detail FROM audit_log ORDER BY id',
    );
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['org.setup', 'user.create', 'user.update', 'role.create', 'department.create']),
    );
    const text = JSON.stringify(audit.rows);
    expect(text).not.toMatch(/scrypt\$/);
    expect(text).not.toContain('fay password');
  });

  it('rejects unknown fields and invalid values with per-field details', async () => {
    const res = await admin.agent
      .post('/api/v1/admin/users')
      .send({ name: '', email: 'nope', password: 'short', isAdmin: 'yes', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['/email', '/extra', '/isAdmin', '/name', '/password']));
  });

  it('refuses self-deactivation', async () => {
    const res = await admin.agent.delete(`/api/v1/admin/users/${admin.user.id}`);
    expect(res.status).toBe(422);
    await admin.agent.get('/api/v1/auth/me').expect(200);
  });
});
