import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';

// Catalogue (a): bad bodies get a clear 4xx, never a 500, and never change stored data.
describe('bad input on the JSON API', () => {
  let server: TestServer;
  let admin: SignedIn;

  beforeAll(async () => {
    server = await createTestServer({ bodyLimit: 64 * 1024 });
    admin = await setupAdmin(server);
  });
  afterAll(() => server.close());

  const rolesCount = async () =>
    (await server.db.query<{ n: number }>('SELECT count(*) AS n FROM roles')).rows[0]?.n;
  const post = (body: string, type = 'application/json') =>
    admin.agent.post('/api/v1/admin/roles').set('Content-Type', type).send(body);

  it('malformed JSON -> 400 malformed_json with a position', async () => {
    const res = await post('{"name": "Sales",}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(res.body.error.message).toMatch(/position 17/);
    expect(res.body.error.details[0].position).toBe(17);
    expect(await rolesCount()).toBe(0);
  });

  it('non-JSON content types -> 415', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const res = await post('{"name":"Sales"}', type);
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    expect(await rolesCount()).toBe(0);
  });

  it('bodies over the limit -> 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await rolesCount()).toBe(0);
  });

  it('duplicate keys -> 400 duplicate_key', async () => {
    const res = await post('{"name":"Sales","name":"Admins"}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('duplicate_key');
    expect(res.body.error.details[0].path).toBe('/name');
    expect(await rolesCount()).toBe(0);
  });

  it('__proto__ / constructor / prototype keys -> 400 forbidden_key, Object.prototype untouched', async () => {
    for (const body of [
      '{"name":"Sales","__proto__":{"isAdmin":true,"polluted":1}}',
      '{"name":"Sales","nested":{"constructor":{"prototype":{"polluted":1}}}}',
      '[{"prototype":1}]',
    ]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('forbidden_key');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await rolesCount()).toBe(0);
  });

  it('deep nesting -> 400 too_deep (no stack overflow)', async () => {
    const res = await post(`{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_deep');
    expect(await rolesCount()).toBe(0);
  });

  it('invalid UTF-8 -> 400', async () => {
    const res = await admin.agent
      .post('/api/v1/admin/roles')
      .set('Content-Type', 'application/json')
      .send(Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
    expect(res.status).toBe(400);
    expect(await rolesCount()).toBe(0);
  });

  it('wrong shapes -> 400 validation_failed; unknown API paths -> JSON 404', async () => {
    for (const body of ['[]', '"Sales"', 'null', '{"name":12}', '{"name":"Sales","isAdmin":true}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const missing = await admin.agent.get('/api/v1/nope').expect(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(await rolesCount()).toBe(0);
  });

  it('sets security headers and no x-powered-by', async () => {
    const res = await server.agent().get('/api/v1/health').expect(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
