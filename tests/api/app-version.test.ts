import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtherOrg, createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
});
afterAll(() => server.close());

describe('GET /apps/:app/versions/:version', () => {
  it('answers an old version as it was saved, 404 for unknown ones and other orgs, 400 for a non-number', async () => {
    await admin.agent.post('/api/v1/apps').send(everyFieldApp()).expect(201);
    const app = everyFieldApp();
    app.name = { en: 'Sales v2', 'zh-CN': '销售二' };
    await admin.agent.put('/api/v1/apps/sales').send({ app, baseVersion: 1 }).expect(200);
    const old = await admin.agent.get('/api/v1/apps/sales/versions/1').expect(200);
    expect(old.body.version).toBe(1);
    expect(old.body.app.name.en).toBe('Sales');
    const current = await admin.agent.get('/api/v1/apps/sales/versions/2').expect(200);
    expect(current.body.app.name.en).toBe('Sales v2');
    await admin.agent.get('/api/v1/apps/sales/versions/9').expect(404);
    // Not a version number at all: a bad path parameter, named in the answer.
    const bad = await admin.agent.get('/api/v1/apps/sales/versions/abc').expect(400);
    expect(bad.body.error.details[0].path).toBe('/params/version');
    const other = await createOtherOrg(server);
    await other.agent.get('/api/v1/apps/sales/versions/1').expect(404);
  });
});
