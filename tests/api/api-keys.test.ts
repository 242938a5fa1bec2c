/**
 * API keys (decision 0046): created with a session, shown once, stored hashed; `Authorization:
 * Bearer` requests act with the owner's grant narrowed by the key's scopes, need no CSRF token and
 * ignore cookies; revoked and expired keys are 401; rate limits answer 429 with Retry-After and are
 * shared by server processes on one database; the key never shows up again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import supertest from 'supertest';
import { createApp } from '@tangram/server';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;
const logged: string[] = [];

const keyScopes = {
  readCustomers: [{ app: 'sales', forms: ['customers'], access: 'read' }],
  writeSales: [{ app: 'sales', access: 'write' }],
};

async function makeKey(owner: SignedIn, scopes: unknown, name = 'Shop sync') {
  const res = await owner.agent.post('/api/v1/api-keys').send({ name, scopes, expiresInDays: 30 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { key: string; apiKey: { id: string; prefix: string } };
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  server = await createTestServer();
  admin = await setupAdmin(server);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp('sales')).expect(201);
  await admin.agent.post('/api/v1/apps').send(everyFieldApp('other')).expect(201);
  await admin.agent
    .post('/api/v1/apps/sales/forms/customers/records')
    .send({ data: { name: 'Acme Ltd', city: 'Shanghai' } })
    .expect(201);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
});

describe('creating and listing keys', () => {
  it('shows the key once, then only its prefix; audits creation without the key', async () => {
    const { key, apiKey } = await makeKey(admin, keyScopes.readCustomers);
    expect(key).toMatch(/^tgk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const list = await admin.agent.get('/api/v1/api-keys').expect(200);
    const listed = list.body.items.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed).toMatchObject({
      name: 'Shop sync',
      prefix: apiKey.prefix,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(key);
    // Stored as a SHA-256 only.
    const { rows } = await server.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [apiKey.id],
    );
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await admin.agent.get('/api/v1/admin/audit?action=api_key.create').expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'api_key.create',
      target: { type: 'api_key', id: apiKey.id },
    });
    expect(JSON.stringify(audit.body)).not.toContain(key.slice(apiKey.prefix.length));
    // Last use is recorded.
    await supertest(server.app)
      .get('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(key))
      .expect(200);
    const after = await admin.agent.get('/api/v1/api-keys').expect(200);
    expect(after.body.items.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).not.toBeNull();
  });

  it('refuses scopes on apps or forms that do not exist, and bad bodies, naming the value', async () => {
    const res = await admin.agent
      .post('/api/v1/api-keys')
      .send({
        name: 'x',
        scopes: [
          { app: 'nope', access: 'read' },
          { app: 'sales', forms: ['ghost'], access: 'write' },
        ],
        expiresInDays: 5,
      })
      .expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/scopes/0/app',
      '/scopes/1/forms/0',
    ]);
    const bad = await admin.agent
      .post('/api/v1/api-keys')
      .send({ name: 'x', scopes: [{ app: 'sales', access: 'admin' }], expiresInDays: 9999 })
      .expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['/scopes/0/access', '/expiresInDays']),
    );
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys WHERE name = 'x'`,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('does not let a member scope a key to an app they cannot open', async () => {
    const hidden = {
      ...everyFieldApp('secret'),
      formatVersion: 2,
      access: { members: [], admins: [], defaultFormActions: [] },
    };
    await admin.agent.post('/api/v1/apps').send(hidden).expect(201);
    const member = await createUser(server, admin, { email: 'mia@acme.test' });
    const res = await member.agent
      .post('/api/v1/api-keys')
      .send({ name: 'peek', scopes: [{ app: 'secret', access: 'read' }], expiresInDays: 1 })
      .expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: '/scopes/0/app', code: 'unknown_app' });
  });
});

describe('scopes on every path', () => {
  it('a read key for one form reads it and nothing else', async () => {
    const { key } = await makeKey(admin, keyScopes.readCustomers);
    const api = supertest(server.app);
    const list = await api.get('/api/v1/apps/sales/forms/customers/records').set(bearer(key)).expect(200);
    expect(list.body.items.map((r: { data: { name: string } }) => r.data.name)).toEqual(['Acme Ltd']);
    const id = list.body.items[0].id as string;
    await api.get(`/api/v1/apps/sales/forms/customers/records/${id}`).set(bearer(key)).expect(200);
    await api.post('/api/v1/apps/sales/forms/customers/records/query').set(bearer(key)).send({}).expect(200);
    // Writes: refused before any handler.
    const write = await api
      .post('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(key))
      .send({ data: { name: 'Nope' } })
      .expect(403);
    expect(write.body.error.code).toBe('api_key_read_only');
    await api
      .patch(`/api/v1/apps/sales/forms/customers/records/${id}`)
      .set(bearer(key))
      .send({ data: {}, version: 1 })
      .expect(403);
    await api.delete(`/api/v1/apps/sales/forms/customers/records/${id}`).set(bearer(key)).expect(403);
    // Another form of the app, another app: as if they did not exist.
    await api.get('/api/v1/apps/sales/forms/orders/records').set(bearer(key)).expect(404);
    await api.get('/api/v1/apps/other/forms/customers/records').set(bearer(key)).expect(404);
    await api.get('/api/v1/apps/other/openapi.json').set(bearer(key)).expect(404);
    // Routes keys may never use: key management, definitions, admin, the session.
    for (const [method, path] of [
      ['get', '/api/v1/api-keys'],
      ['post', '/api/v1/api-keys'],
      ['get', '/api/v1/apps'],
      ['get', '/api/v1/apps/sales'],
      ['put', '/api/v1/apps/sales'],
      ['get', '/api/v1/admin/users'],
      ['get', '/api/v1/admin/audit'],
      ['get', '/api/v1/auth/me'],
      ['get', '/api/v1/apps/sales/forms/customers/export'],
    ] as const) {
      const res = await api[method](path).set(bearer(key)).send({});
      expect([method, path, res.status, res.body.error?.code]).toEqual([
        method,
        path,
        403,
        'api_key_not_allowed',
      ]);
    }
  });

  it('the grant itself is narrowed, so paths the gate lets through still obey the key', async () => {
    // A write key on customers only: the orders form's grant is empty even where the kernel reads it.
    const { key } = await makeKey(admin, [{ app: 'sales', forms: ['customers'], access: 'write' }]);
    const api = supertest(server.app);
    const created = await api
      .post('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(key))
      .send({ data: { name: 'Beta GmbH' } })
      .expect(201);
    expect(created.body.record.createdBy).toBe(admin.user.id);
    const doc = await api.get('/api/v1/apps/sales/openapi.json').set(bearer(key)).expect(200);
    expect(Object.keys(doc.body.paths).some((p) => p.includes('/forms/orders/'))).toBe(false);
    expect(Object.keys(doc.body.paths)).toContain('/apps/sales/forms/customers/records');
  });

  it('needs no CSRF token, ignores cookies, and a cookie never upgrades a key', async () => {
    const { key } = await makeKey(admin, keyScopes.readCustomers);
    const write = await makeKey(admin, keyScopes.writeSales);
    const api = supertest(server.app);
    // No X-CSRF-Token, no cookie: the write key writes.
    const res = await api
      .post('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(write.key))
      .send({ data: { name: 'Gamma SA' } })
      .expect(201);
    await api
      .patch(`/api/v1/apps/sales/forms/customers/records/${res.body.record.id}`)
      .set(bearer(write.key))
      .send({ data: { city: 'Paris' }, version: res.body.record.version })
      .expect(200);
    // The admin's session cookie and CSRF token do not turn a read key into a writer...
    await api
      .post('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(key))
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ data: { name: 'Nope' } })
      .expect(403);
    // ...nor make a wrong key valid.
    const wrong = await api
      .get('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(`tgk_${'A'.repeat(43)}`))
      .set('Cookie', admin.cookie)
      .expect(401);
    expect(wrong.body.error.code).toBe('invalid_api_key');
  });
});

describe('revoked and expired keys', () => {
  it('answers 401 for a revoked key, an expired key and a malformed one; audits the revocation', async () => {
    const api = supertest(server.app);
    const revoked = await makeKey(admin, keyScopes.readCustomers, 'to revoke');
    await api.get('/api/v1/apps/sales/forms/customers/records').set(bearer(revoked.key)).expect(200);
    const res = await admin.agent.delete(`/api/v1/api-keys/${revoked.apiKey.id}`).expect(200);
    expect(res.body.apiKey.revokedAt).not.toBeNull();
    expect(
      (await api.get('/api/v1/apps/sales/forms/customers/records').set(bearer(revoked.key)).expect(401)).body
        .error.code,
    ).toBe('invalid_api_key');
    const audit = await admin.agent.get('/api/v1/admin/audit?action=api_key.revoke').expect(200);
    expect(audit.body.items[0].target.id).toBe(revoked.apiKey.id);

    const expired = await makeKey(admin, keyScopes.readCustomers, 'to expire');
    await server.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.apiKey.id,
    ]);
    await api.get('/api/v1/apps/sales/forms/customers/records').set(bearer(expired.key)).expect(401);
    await api.get('/api/v1/apps/sales/forms/customers/records').set('Authorization', 'Bearer').expect(401);
    // Someone else cannot revoke your key.
    const member = await createUser(server, admin, { email: 'max@acme.test' });
    const mine = await makeKey(admin, keyScopes.readCustomers, 'mine');
    await member.agent.delete(`/api/v1/api-keys/${mine.apiKey.id}`).expect(404);
    await api.get('/api/v1/apps/sales/forms/customers/records').set(bearer(mine.key)).expect(200);
  });
});

describe('rate limits', () => {
  it('limits each key per minute across two server processes, and failed keys per address, with Retry-After', async () => {
    const limited = await createTestServer({ apiKeyRequestsPerMinute: 3 });
    try {
      const owner = await setupAdmin(limited);
      await owner.agent.post('/api/v1/apps').send(everyFieldApp('sales')).expect(201);
      const { key } = await makeKey(owner, keyScopes.readCustomers);
      // A second process on the same database shares the counters.
      const second = createApp({ db: limited.db, config: limited.config, serveStatic: false });
      const path = '/api/v1/apps/sales/forms/customers/records';
      await supertest(limited.app).get(path).set(bearer(key)).expect(200);
      await supertest(second).get(path).set(bearer(key)).expect(200);
      await supertest(limited.app).get(path).set(bearer(key)).expect(200);
      const over = await supertest(second).get(path).set(bearer(key)).expect(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(JSON.stringify(over.body)).not.toContain(key);

      // 20 wrong keys from one address lock bearer requests from it, a good key included.
      const { key: good } = await makeKey(owner, keyScopes.readCustomers, 'good');
      for (let i = 0; i < 20; i++)
        await supertest(i % 2 ? second : limited.app)
          .get(path)
          .set(bearer(`tgk_${String(i).padStart(43, 'x')}`))
          .expect(401);
      const locked = await supertest(limited.app).get(path).set(bearer(good)).expect(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // Sessions are not affected.
      await owner.agent.get(path).expect(200);
    } finally {
      await limited.close();
    }
  });
});

describe('the key never shows up again', () => {
  it('is absent from every log line and from the audit table', async () => {
    const { key } = await makeKey(admin, keyScopes.writeSales, 'log check');
    const api = supertest(server.app);
    await api.get('/api/v1/apps/sales/forms/customers/records?filter=%7B').set(bearer(key)).expect(400);
    await api
      .post('/api/v1/apps/sales/forms/customers/records')
      .set(bearer(key))
      .send({ data: { bogus: 1 } })
      .expect(400);
    const secret = key.slice(12);
    expect(logged.join('\n')).not.toContain(secret);
    const { rows } = await server.db.query<{ t: string }>(`SELECT detail::text AS t FROM audit_log`);
    expect(rows.map((r) => r.t).join('\n')).not.toContain(secret);
    const { rows: stored } = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1 OR prefix = $1 OR name = $1`,
      [key],
    );
    expect(stored[0]!.n).toBe(0);
  });
});
