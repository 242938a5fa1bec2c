import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';
import { everyFieldApp } from './fixtures/apps';

let server: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  server = await createTestServer();
  admin = await setupAdmin(server);
});
afterAll(() => server.close());

describe('apps API', () => {
  it('creates an app with every field type and a table per form', async () => {
    const res = await admin.agent.post('/api/v1/apps').send(everyFieldApp());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.version).toBe(1);
    const list = await admin.agent.get('/api/v1/apps').expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toContain('sales');
    const { rows } = await server.db.query<{ form_id: string }>(
      `SELECT form_id FROM form_tables ORDER BY form_id`,
    );
    expect(rows.map((r) => r.form_id)).toEqual(['customers', 'orders', 'orders.lines']);
  });

  it('rejects an invalid definition with the JSON path of each problem', async () => {
    const app = everyFieldApp('broken');
    app.forms[1]!.fields.push({ id: 'title', type: 'text', label: { en: 'Again' } });
    (app.forms[0]!.fields[0] as { config?: unknown }).config = { maxLength: 0 };
    const res = await admin.agent.post('/api/v1/apps').send(app).expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('/forms/0/fields/0/config/maxLength');
    const dup = await admin.agent
      .post('/api/v1/apps')
      .send({
        ...everyFieldApp('dup'),
        forms: [
          {
            ...everyFieldApp().forms[0]!,
            fields: [...everyFieldApp().forms[0]!.fields, { id: 'NAME', type: 'text', label: { en: 'x' } }],
          },
        ],
        navigation: [],
      })
      .expect(400);
    expect(dup.body.error.details[0]).toMatchObject({ path: '/forms/0/fields/2/id', code: 'duplicate_id' });
    await admin.agent.get('/api/v1/apps/broken').expect(404);
  });

  it('refuses unknown field types and formula cycles when saving', async () => {
    const unknownType = everyFieldApp('x1');
    unknownType.forms[0]!.fields.push({ id: 'z', type: 'hologram', label: { en: 'Z' } } as never);
    const r1 = await admin.agent.post('/api/v1/apps').send(unknownType).expect(400);
    expect(r1.body.error.details[0]).toMatchObject({ path: '/forms/0/fields/2/type', code: 'unknown_kind' });

    const cycle = everyFieldApp('x2');
    cycle.forms[0]!.fields.push(
      { id: 'a', type: 'formula', label: { en: 'A' }, config: { formula: '{b} + 1', resultType: 'number' } },
      { id: 'b', type: 'formula', label: { en: 'B' }, config: { formula: '{a} + 1', resultType: 'number' } },
    );
    const r2 = await admin.agent.post('/api/v1/apps').send(cycle).expect(400);
    expect(r2.body.error.details.some((d: { code: string }) => d.code === 'formula_cycle')).toBe(true);
  });

  it('saves new versions with optimistic locking, lists and restores them', async () => {
    const app = everyFieldApp();
    app.name = { en: 'Sales v2', 'zh-CN': '销售二' };
    const saved = await admin.agent.put('/api/v1/apps/sales').send({ app, baseVersion: 1 }).expect(200);
    expect(saved.body.version).toBe(2);
    const stale = await admin.agent.put('/api/v1/apps/sales').send({ app, baseVersion: 1 }).expect(409);
    expect(stale.body.error.code).toBe('stale_version');
    const versions = await admin.agent.get('/api/v1/apps/sales/versions').expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const restored = await admin.agent.post('/api/v1/apps/sales/restore').send({ version: 1 }).expect(200);
    expect(restored.body.version).toBe(3);
    expect(restored.body.app.name.en).toBe('Sales');
  });

  it('exports an app and imports it again under a new id when the id is taken', async () => {
    const exported = await admin.agent.get('/api/v1/apps/sales/export').expect(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.body.tangramApp).toBe(1);
    const imported = await admin.agent.post('/api/v1/apps/import').send(exported.body).expect(201);
    expect(imported.body.remapped).toBe(true);
    expect(imported.body.app.id).not.toBe('sales');
    expect(imported.body.app.forms).toHaveLength(2);
  });

  it('lets members read apps but not change them', async () => {
    const member = await createUser(server, admin, { email: 'member@acme.test' });
    await member.agent.get('/api/v1/apps/sales').expect(200);
    await member.agent.post('/api/v1/apps').send(everyFieldApp('mine')).expect(403);
    await member.agent.delete('/api/v1/apps/sales').expect(403);
  });

  it('archives a removed field (data kept) and converts a changed type after confirmation', async () => {
    const base = (await admin.agent.get('/api/v1/apps/sales').expect(200)).body;
    await admin.agent
      .post('/api/v1/apps/sales/forms/customers/records')
      .send({ data: { name: 'Acme', city: '12.5' } })
      .expect(201);
    await admin.agent
      .post('/api/v1/apps/sales/forms/customers/records')
      .send({ data: { name: 'Beta', city: 'Shenzhen' } })
      .expect(201);

    const changed = structuredClone(base.app);
    changed.forms[0].fields[1] = { id: 'city', type: 'number', label: { en: 'City as number' } };
    const preview = await admin.agent
      .post('/api/v1/apps/sales/preview-change')
      .send({ app: changed })
      .expect(200);
    expect(preview.body.conversions).toEqual([
      expect.objectContaining({
        fieldId: 'city',
        from: 'text',
        to: 'numeric',
        failingCount: 1,
        failing: [expect.objectContaining({ value: 'Shenzhen' })],
      }),
    ]);
    const refused = await admin.agent
      .put('/api/v1/apps/sales')
      .send({ app: changed, baseVersion: base.version })
      .expect(422);
    expect(refused.body.error.code).toBe('data_loss');
    const kept = await admin.agent.get('/api/v1/apps/sales/forms/customers/records').expect(200);
    expect(kept.body.items.map((r: { data: { city: unknown } }) => r.data.city).sort()).toEqual([
      '12.5',
      'Shenzhen',
    ]);

    await admin.agent
      .put('/api/v1/apps/sales')
      .send({ app: changed, baseVersion: base.version, confirmDataLoss: true })
      .expect(200);
    const converted = await admin.agent.get('/api/v1/apps/sales/forms/customers/records').expect(200);
    expect(converted.body.items.map((r: { data: { city: unknown } }) => r.data.city).sort()).toEqual([
      12.5,
      null,
    ]);
  });

  it('keeps another org out', async () => {
    const other = await createOtherOrg(server);
    await other.agent.get('/api/v1/apps/sales').expect(404);
    await other.agent.get('/api/v1/apps/sales/forms/orders/records').expect(404);
    const list = await other.agent.get('/api/v1/apps').expect(200);
    expect(list.body.items).toEqual([]);
  });
});

describe('removed fields', () => {
  it('archives a removed field with its data, brings it back when re-added, and drops it only on purge', async () => {
    const current = (await admin.agent.get('/api/v1/apps/sales').expect(200)).body;
    const ORDERS = '/api/v1/apps/sales/forms/orders/records';
    const order = (
      await admin.agent
        .post(ORDERS)
        .send({ data: { title: 'keep my notes', notes: 'precious' } })
        .expect(201)
    ).body.record;
    const notesAt = current.app.forms[1].fields.findIndex((f: { id: string }) => f.id === 'notes');

    const without = structuredClone(current.app);
    const [notes] = without.forms[1].fields.splice(notesAt, 1);
    const v1 = (
      await admin.agent
        .put('/api/v1/apps/sales')
        .send({ app: without, baseVersion: current.version })
        .expect(200)
    ).body;
    const hidden = (await admin.agent.get(`${ORDERS}/${order.id}`).expect(200)).body.record;
    expect(hidden.data).not.toHaveProperty('notes');
    await admin.agent
      .post(ORDERS)
      .send({ data: { title: 'x', notes: 'no longer a field' } })
      .expect(400);

    without.forms[1].fields.push(notes);
    const v2 = (
      await admin.agent.put('/api/v1/apps/sales').send({ app: without, baseVersion: v1.version }).expect(200)
    ).body;
    const back = (await admin.agent.get(`${ORDERS}/${order.id}`).expect(200)).body.record;
    expect(back.data.notes).toBe('precious');

    without.forms[1].fields.pop();
    const v3 = (
      await admin.agent.put('/api/v1/apps/sales').send({ app: without, baseVersion: v2.version }).expect(200)
    ).body;
    const purged = await admin.agent.post('/api/v1/apps/sales/purge').expect(200);
    expect(purged.body.columns).toEqual(['orders.notes']);
    const after = (await admin.agent.get('/api/v1/apps/sales').expect(200)).body;
    expect(after.version).toBe(v3.version + 1);
    without.forms[1].fields.push(notes);
    await admin.agent
      .put('/api/v1/apps/sales')
      .send({ app: without, baseVersion: after.version })
      .expect(200);
    const fresh = (await admin.agent.get(`${ORDERS}/${order.id}`).expect(200)).body.record;
    expect(fresh.data.notes).toBeNull();
  });
});
