import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, setupAdmin, type TestServer } from './helpers';

describe('auth', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer();
  });
  afterAll(() => server.close());

  it('smoke', async () => {
    const s = await server.agent().get('/api/v1/auth/setup').expect(200);
    expect(s.body).toEqual({ needed: true });
    const admin = await setupAdmin(server);
    const me = await admin.agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.user.email).toBe('admin@acme.test');
    await admin.agent.post('/api/v1/auth/logout').expect(204);
    await admin.agent.get('/api/v1/auth/me').expect(401);
  });
});
