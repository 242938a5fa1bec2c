import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import {
  ACCOUNT_MAX_FAILURES,
  createApp,
  enqueueJob,
  IP_MAX_FAILURES,
  LOCKOUT_SECONDS,
  runDueJobs,
  workflowDeps,
} from '@tangram/server';
import {
  createTestServer,
  createUser,
  DEFAULT_ADMIN,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

// Sign-in protection (issue 10 point 5, issue 11 point 7): failures counted in the database before
// the password check, per account and per client address; the address is the one the trusted proxy
// saw; lockouts hold from any address; ended counters are cleaned; HSTS; the password policy.
// The server trusts one proxy hop: each test plays its clients from its own addresses, as a proxy
// would report them (the last X-Forwarded-For entry), so the per-address counters do not mix.

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer({ trustProxy: 1 });
}, 120_000);
afterAll(() => server.close());

/** A sign-in through the proxy: `forged` is what the client wrote, `ip` what the proxy appended. */
function signIn(email: string, password: string, ip: string, forged?: string) {
  return server
    .agent()
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', forged ? `${forged}, ${ip}` : ip)
    .send({ email, password });
}

const statuses = (results: { status: number }[]) =>
  results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('password policy', () => {
  it('refuses a common password at setup, naming the field', async () => {
    const res = await server
      .agent()
      .post('/api/v1/auth/setup')
      .send({ ...DEFAULT_ADMIN, password: 'Sunshine' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([
      { path: '/password', code: 'common_password', message: expect.stringMatching(/most common passwords/) },
    ]);
    expect((await server.agent().get('/api/v1/auth/setup').expect(200)).body).toEqual({ needed: true });
    admin = await setupAdmin(server);
  });

  it('refuses common and short passwords on user creation and password change', async () => {
    const created = await admin.agent
      .post('/api/v1/admin/users')
      .send({ name: 'Cid', email: 'cid@acme.test', password: 'qwertyuiop' });
    expect(created.status).toBe(400);
    expect(created.body.error.details).toEqual([
      { path: '/password', code: 'common_password', message: expect.any(String) },
    ]);
    const short = await admin.agent
      .post('/api/v1/admin/users')
      .send({ name: 'Cid', email: 'cid@acme.test', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({ path: '/password', code: 'minLength' });
    const { rows } = await server.db.query(`SELECT 1 FROM users WHERE email = 'cid@acme.test'`);
    expect(rows).toHaveLength(0);

    const cid = await createUser(server, admin, { email: 'cid@acme.test', password: 'cid password 1' });
    const changed = await admin.agent
      .patch(`/api/v1/admin/users/${cid.user.id}`)
      .send({ password: '12345678' });
    expect(changed.status).toBe(400);
    expect(changed.body.error.details[0]).toMatchObject({ path: '/password', code: 'common_password' });
    // The refused change left the password and the session alone.
    await cid.agent.get('/api/v1/auth/me').expect(200);
  });
});

describe('sign-in throttling', () => {
  it(`checks only ${ACCOUNT_MAX_FAILURES} of 40 parallel wrong passwords; the lockout holds from any address`, async () => {
    const email = 'victim@acme.test';
    await createUser(server, admin, { email, password: 'victim password 1' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn(email, `wrong password ${i}`, '203.0.113.10')),
    );
    expect(statuses(results)).toEqual({ 401: ACCOUNT_MAX_FAILURES, 429: 40 - ACCOUNT_MAX_FAILURES });
    for (const r of results.filter((r) => r.status === 429)) {
      expect(r.body.error.code).toBe('too_many_requests');
      const retryAfter = Number(r.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    }

    // The right password, from a new address and another forged one, is refused while locked.
    const right = await signIn(email, 'victim password 1', '198.51.100.77', '10.9.9.9');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.headers['set-cookie']).toBeUndefined();

    // When the lockout has ended, the right password works and the account starts afresh.
    await server.db.query(`UPDATE sign_in_throttle SET window_ends_at = now() - interval '1 second'`);
    expect((await signIn(email, 'victim password 1', '198.51.100.77')).status).toBe(200);
  });

  it('a successful sign-in clears the account counter', async () => {
    const email = 'forgetful@acme.test';
    await createUser(server, admin, { email, password: 'forgetful password 1' });
    for (let round = 0; round < 2; round++) {
      const wrong = await Promise.all(
        Array.from({ length: ACCOUNT_MAX_FAILURES - 1 }, (_, i) =>
          signIn(email, `nope ${i}`, '203.0.113.20'),
        ),
      );
      expect(statuses(wrong)).toEqual({ 401: ACCOUNT_MAX_FAILURES - 1 });
      expect((await signIn(email, 'forgetful password 1', '203.0.113.20')).status).toBe(200);
    }
  });

  it('a rotating X-Forwarded-For does not escape the per-address limit', async () => {
    // Another account each time (so only the address counts); the client forges a new left-most
    // address per attempt, the proxy appends the real one.
    const attempts = IP_MAX_FAILURES + 10;
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        signIn(`nobody${i}@acme.test`, 'wrong password', '192.0.2.50', `10.0.${i >> 8}.${i & 255}`),
      ),
    );
    expect(statuses(results)).toEqual({ 401: IP_MAX_FAILURES, 429: 10 });
    // The address stays locked, even for an account with its right password...
    const right = await signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, '192.0.2.50', '10.1.1.1');
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // ...while another address is unaffected.
    expect((await signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, '192.0.2.51')).status).toBe(200);
  });

  it('the hourly cleanup deletes ended counters and keeps running ones', async () => {
    await server.db.query(`DELETE FROM sign_in_throttle`);
    await signIn('someone@acme.test', 'wrong password', '203.0.113.30');
    await signIn('someone-else@acme.test', 'wrong password', '203.0.113.31');
    const count = async () =>
      Number(
        (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sign_in_throttle')).rows[0]!.n,
      );
    await server.db.query(
      `UPDATE sign_in_throttle SET window_ends_at = now() - interval '1 minute' WHERE key LIKE 'ip:%'`,
    );
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sign_in_throttle WHERE window_ends_at > now()`,
    );
    const running = rows[0]!.n;
    expect(running).toBeGreaterThan(0);
    expect(await count()).toBeGreaterThan(running);

    const now = new Date();
    await enqueueJob(server.db, {
      orgId: null,
      kind: 'sessions.cleanup',
      runAt: now,
      dedupeKey: 'sessions.cleanup',
    });
    const result = await runDueJobs(workflowDeps({ db: server.db, config: server.config }), now);
    expect(result.failed).toBe(0);
    expect(result.ran).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(running);
  });
});

describe('transport and sessions', () => {
  it('sends Strict-Transport-Security on secure requests only', async () => {
    const secure = await server.agent().get('/api/v1/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await server.agent().get('/api/v1/health').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without a trusted proxy, a client's own X-Forwarded-Proto proves nothing.
    const direct = createApp({
      db: server.db,
      config: { ...server.config, trustProxy: 0 },
      serveStatic: false,
    });
    const forged = await supertest(direct)
      .get('/api/v1/health')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(forged.headers['strict-transport-security']).toBeUndefined();
    // Behind the proxy the session cookie is Secure too.
    const login = await signIn(DEFAULT_ADMIN.email, DEFAULT_ADMIN.password, '203.0.113.40').set(
      'X-Forwarded-Proto',
      'https',
    );
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('ends sessions after the idle timeout and at the absolute lifetime', async () => {
    const app = createApp({
      db: server.db,
      config: { ...server.config, sessionIdleSeconds: 3600, sessionMaxSeconds: 8 * 3600 },
      serveStatic: false,
    });
    const login = async () => {
      const agent = supertest.agent(app);
      const res = await agent
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '203.0.113.50')
        .send({ email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password })
        .expect(200);
      expect(String(res.headers['set-cookie'])).toMatch(/Max-Age=28800/);
      const { rows } = await server.db.query<{ id: string; idle: number; max: number }>(
        `SELECT id, extract(epoch FROM expires_at - now())::int AS idle,
                extract(epoch FROM max_expires_at - now())::int AS max
           FROM sessions ORDER BY created_at DESC LIMIT 1`,
      );
      return { agent, session: rows[0]! };
    };

    const idle = await login();
    expect(idle.session.idle).toBeGreaterThan(3500);
    expect(idle.session.idle).toBeLessThanOrEqual(3600);
    expect(idle.session.max).toBeGreaterThan(8 * 3600 - 100);
    await idle.agent.get('/api/v1/auth/me').expect(200);
    // An hour and a bit without a request: gone.
    await server.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '61 minutes', expires_at = now() - interval '1 minute'
        WHERE id = $1`,
      [idle.session.id],
    );
    await idle.agent.get('/api/v1/auth/me').expect(401);

    // Active all along, but signed in 8 hours ago: the sliding refresh never passes the absolute end.
    const busy = await login();
    await server.db.query(
      `UPDATE sessions SET last_seen_at = now() - interval '10 minutes', created_at = now() - interval '7 hours 59 minutes',
              max_expires_at = now() + interval '1 minute'
        WHERE id = $1`,
      [busy.session.id],
    );
    await busy.agent.get('/api/v1/auth/me').expect(200);
    const { rows } = await server.db.query<{ capped: boolean }>(
      `SELECT expires_at = max_expires_at AS capped FROM sessions WHERE id = $1`,
      [busy.session.id],
    );
    expect(rows[0]!.capped).toBe(true);
    await server.db.query(`UPDATE sessions SET max_expires_at = now() - interval '1 second' WHERE id = $1`, [
      busy.session.id,
    ]);
    await busy.agent.get('/api/v1/auth/me').expect(401);
  });
});
