import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestServer,
  createUser,
  loginAs,
  DEFAULT_ADMIN,
  type SignedIn,
  type TestServer,
} from './helpers';

describe('auth: setup, login, sessions, CSRF', () => {
  let server: TestServer;
  let admin: SignedIn;

  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(() => server.close());

  it('runs first-run setup exactly once even when 20 setups race', async () => {
    expect((await server.agent().get('/api/v1/auth/setup').expect(200)).body).toEqual({ needed: true });
    const attempts = Array.from({ length: 20 }, (_, i) =>
      server
        .agent()
        .post('/api/v1/auth/setup')
        .send({ ...DEFAULT_ADMIN, orgName: `Org ${i}` }),
    );
    const results = await Promise.all(attempts);
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('already_set_up');
    }
    const orgs = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM orgs');
    const admins = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM users WHERE is_admin');
    expect(orgs.rows[0]?.n).toBe(1);
    expect(admins.rows[0]?.n).toBe(1);
    expect((await server.agent().get('/api/v1/auth/setup').expect(200)).body).toEqual({ needed: false });

    const body = created[0]!.body;
    expect(body.user).toMatchObject({
      email: DEFAULT_ADMIN.email,
      isAdmin: true,
      departmentIds: [],
      roleIds: [],
    });
    expect(body.org).toMatchObject({ timeZone: 'UTC' });
    expect(typeof body.csrfToken).toBe('string');
    const cookie = String(created[0]!.headers['set-cookie']);
    expect(cookie).toMatch(/tangram_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('logs in with the right password and refuses wrong ones alike', async () => {
    admin = await loginAs(server, DEFAULT_ADMIN.email.toUpperCase(), DEFAULT_ADMIN.password);
    expect(admin.user.isAdmin).toBe(true);
    const wrong = await server
      .agent()
      .post('/api/v1/auth/login')
      .send({ email: DEFAULT_ADMIN.email, password: 'wrong password' });
    const unknown = await server
      .agent()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@acme.test', password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('stores only password hashes and session token hashes', async () => {
    const { rows } = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const r of rows) expect(r.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    const sessions = await server.db.query<{ id: string }>('SELECT id FROM sessions');
    for (const s of sessions.rows) expect(s.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GET /auth/me returns the user, org and CSRF token; 401 without a session', async () => {
    const me = await admin.agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.user.id).toBe(admin.user.id);
    expect(me.body.org.id).toBe(admin.org.id);
    expect(me.body.csrfToken).toBe(admin.csrfToken);
    const anon = await server.agent().get('/api/v1/auth/me').expect(401);
    expect(anon.body.error.code).toBe('unauthenticated');
    await server
      .agent()
      .get('/api/v1/admin/users')
      .set('Cookie', 'tangram_session=forgedforgedforgedforgedforged')
      .expect(401);
  });

  it('refuses a cookie-authenticated write without the CSRF token (403) and stores nothing', async () => {
    const noToken = await server
      .agent()
      .post('/api/v1/admin/roles')
      .set('Cookie', admin.cookie)
      .send({ name: 'Sales' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf_failed');
    const badToken = await server
      .agent()
      .post('/api/v1/admin/roles')
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', 'x'.repeat(43))
      .send({ name: 'Sales' });
    expect(badToken.status).toBe(403);
    const roles = await server.db.query('SELECT 1 FROM roles');
    expect(roles.rows).toHaveLength(0);
    await admin.agent.post('/api/v1/admin/roles').send({ name: 'Sales' }).expect(201);
  });

  it('locks out a deactivated user immediately, sessions included', async () => {
    const member = await createUser(server, admin, { email: 'mia@acme.test', password: 'mia password 1' });
    await member.agent.get('/api/v1/auth/me').expect(200);
    await admin.agent.delete(`/api/v1/admin/users/${member.user.id}`).expect(204);
    await member.agent.get('/api/v1/auth/me').expect(401);
    const login = await server
      .agent()
      .post('/api/v1/auth/login')
      .send({ email: 'mia@acme.test', password: 'mia password 1' });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('invalid_credentials');
  });

  it('rate-limits repeated failed logins per email and address', async () => {
    const email = 'target@acme.test';
    await createUser(server, admin, { email, password: 'target password 1' });
    for (let i = 0; i < 10; i++) {
      await server
        .agent()
        .post('/api/v1/auth/login')
        .send({ email, password: `wrong ${i} password` })
        .expect(401);
    }
    const blocked = await server
      .agent()
      .post('/api/v1/auth/login')
      .send({ email, password: 'target password 1' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logout deletes the session and clears the cookie', async () => {
    const session = await loginAs(server, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
    const res = await session.agent.post('/api/v1/auth/logout').expect(204);
    expect(String(res.headers['set-cookie'])).toMatch(/tangram_session=;/);
    await session.agent.get('/api/v1/auth/me').expect(401);
    // The old cookie value no longer works either.
    await server.agent().get('/api/v1/auth/me').set('Cookie', session.cookie).expect(401);
  });
});
