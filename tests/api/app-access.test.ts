import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_FORMAT_VERSION, LEGACY_OPEN_ACCESS } from '@tangram/schema';
import { createTestServer, setupAdmin, type SignedIn, type TestServer } from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
});
afterAll(() => server.close());

describe('app access in the definition (format 2)', () => {
  it('upgrades a format-1 app to the legacy-open access when it is saved', async () => {
    const res = await admin.agent.post('/api/v1/apps').send(everyFieldApp('legacy')).expect(201);
    const read = await admin.agent.get('/api/v1/apps/legacy').expect(200);
    for (const app of [res.body.app ?? read.body.app, read.body.app]) {
      expect(app.formatVersion).toBe(CURRENT_FORMAT_VERSION);
      expect(app.access).toEqual(LEGACY_OPEN_ACCESS);
    }
  });

  it('round-trips a current-format app with its access through save, read and versions', async () => {
    const access = {
      members: [{ kind: 'everyone' }],
      admins: [],
      defaultFormActions: ['view', 'create'],
    };
    const app = { ...everyFieldApp('current'), formatVersion: CURRENT_FORMAT_VERSION, access };
    await admin.agent.post('/api/v1/apps').send(app).expect(201);
    const first = await admin.agent.get('/api/v1/apps/current').expect(200);
    expect(first.body.app).toMatchObject({ formatVersion: CURRENT_FORMAT_VERSION, access });
    const changed = { ...first.body.app, access: { ...access, defaultFormActions: ['view'] } };
    await admin.agent
      .put('/api/v1/apps/current')
      .send({ app: changed, baseVersion: first.body.version })
      .expect(200);
    const second = await admin.agent.get('/api/v1/apps/current').expect(200);
    expect(second.body.app.access.defaultFormActions).toEqual(['view']);
    const old = await admin.agent.get('/api/v1/apps/current/versions/1').expect(200);
    expect(JSON.stringify(old.body)).toContain('"defaultFormActions":["view","create"]');
  });

  it('refuses a malformed access with its path', async () => {
    const app = {
      ...everyFieldApp('bad'),
      formatVersion: CURRENT_FORMAT_VERSION,
      access: { members: [{ kind: 'robots' }], admins: [], defaultFormActions: [] },
    };
    const res = await admin.agent.post('/api/v1/apps').send(app).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContainEqual(
      expect.stringMatching(/^\/access\/members\/0/),
    );
  });
});
