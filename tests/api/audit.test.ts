import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDefinition } from '@tangram/schema';
import { AUDIT_RETENTION_JOB, enqueueJob, runDueJobs, workflowDeps } from '@tangram/server';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  DEFAULT_ADMIN,
  loginAs,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

// The audit log (issue 11 point 6): sign-ins (with the client's address), sign-outs, definition and
// permission changes with a diff summary, exports; the admin API with filters and keyset paging;
// retention; and no secret ever stored in a row.

const AUDIT = '/api/v1/admin/audit';
const l = (en: string, zh = en) => ({ en, 'zh-CN': zh });
const UA = 'AuditTest/1.0 (vitest)';

interface Item {
  id: string;
  at: string;
  actor: { id: string; name: string | null } | null;
  action: string;
  target: { type: string; id: string | null; name?: unknown };
  detail: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

let server: TestServer;
let admin: SignedIn;
let member: SignedIn;
const WRONG_PASSWORD = 'not the right password 9';
const GHOST_PASSWORD = 'ghost password 123';

function crm(): AppDefinition {
  return {
    id: 'crm',
    name: l('CRM', '客户'),
    formatVersion: 2,
    forms: [
      {
        id: 'customers',
        name: l('Customers'),
        fields: [
          { id: 'name', type: 'text', label: l('Name') },
          { id: 'amount', type: 'number', label: l('Amount'), config: { precision: 0 } },
        ],
      },
    ],
    dashboards: [
      {
        id: 'main',
        name: l('Main'),
        widgets: [
          {
            id: 'list',
            type: 'table',
            layout: { x: 0, y: 0, w: 6, h: 4 },
            source: { form: 'customers' },
            columns: ['name', 'amount'],
          },
        ],
      },
    ],
  } as AppDefinition;
}

/** Every row of the admin's audit log matching `query`, all pages. */
async function all(query: Record<string, string> = {}, as: SignedIn = admin): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const res = await as.agent
      .get(AUDIT)
      .query({ ...query, limit: '200', ...(cursor ? { cursor } : {}) })
      .expect(200);
    items.push(...(res.body.items as Item[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return items;
}

const latest = async (action: string) => (await all({ action }))[0];

beforeAll(async () => {
  // One trusted proxy: each client's address is the one the test puts in X-Forwarded-For.
  server = await createTestServer({ trustProxy: 1, permissionGroups: 'enforced' });
  admin = await setupAdmin(server);
  member = await createUser(server, admin, { email: 'mia@acme.test', password: 'member password 1' });
}, 120_000);
afterAll(() => server.close());

describe('sign-ins and sign-outs', () => {
  it('records a successful sign-in with the address and user agent', async () => {
    const res = await server
      .agent()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('User-Agent', UA)
      .send({ email: member.email, password: member.password })
      .expect(200);
    const row = await latest('auth.sign_in');
    expect(row).toMatchObject({
      actor: { id: member.user.id, name: member.user.name },
      action: 'auth.sign_in',
      target: { type: 'user', id: member.user.id, name: member.user.name },
      ip: '203.0.113.7',
      userAgent: UA,
    });
    expect(res.body.user.id).toBe(member.user.id);
  });

  it('records a wrong password with the attempted email and address, never the password', async () => {
    await server
      .agent()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.23')
      .set('User-Agent', UA)
      .send({ email: member.email, password: WRONG_PASSWORD })
      .expect(401);
    const row = await latest('auth.sign_in_failed');
    expect(row).toMatchObject({
      actor: null,
      target: { type: 'user', id: member.user.id },
      detail: { email: member.email, reason: 'wrong_password' },
      ip: '198.51.100.23',
      userAgent: UA,
    });
  });

  it('records a sign-in for an unknown email in the only org, with the email tried', async () => {
    await server
      .agent()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.99')
      .send({ email: 'ghost@nowhere.test', password: GHOST_PASSWORD })
      .expect(401);
    const row = await latest('auth.sign_in_failed');
    expect(row).toMatchObject({
      actor: null,
      target: { type: 'user', id: null },
      detail: { email: 'ghost@nowhere.test', reason: 'unknown_email' },
      ip: '198.51.100.99',
    });
  });

  it('records a deactivated user signing in with the right password as inactive', async () => {
    const gone = await createUser(server, admin, { email: 'gone@acme.test', password: 'gone password 12' });
    await admin.agent.delete(`/api/v1/admin/users/${gone.user.id}`).expect(204);
    await server
      .agent()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '198.51.100.5')
      .send({ email: gone.email, password: gone.password })
      .expect(401);
    expect(await latest('auth.sign_in_failed')).toMatchObject({
      target: { type: 'user', id: gone.user.id },
      detail: { email: gone.email, reason: 'inactive' },
    });
  });

  it('records a sign-out by the signed-in user', async () => {
    const mia = await loginAs(server, member.email, member.password);
    await mia.agent.post('/api/v1/auth/logout').set('X-Forwarded-For', '203.0.113.8').expect(204);
    expect(await latest('auth.sign_out')).toMatchObject({
      actor: { id: member.user.id },
      target: { type: 'user', id: member.user.id },
      ip: '203.0.113.8',
    });
  });
});

describe('definition changes', () => {
  let version = 0;

  it('records an app created with what it holds', async () => {
    const res = await admin.agent.post('/api/v1/apps').send(crm()).expect(201);
    version = res.body.version as number;
    const row = await latest('app.create');
    expect(row).toMatchObject({
      actor: { id: admin.user.id },
      target: { type: 'app', id: 'crm', name: l('CRM', '客户') },
      detail: {
        version: 1,
        changes: {
          forms: { added: [{ id: 'customers', name: l('Customers') }] },
          fields: {
            added: [
              { id: 'name', formId: 'customers', name: l('Name') },
              { id: 'amount', formId: 'customers', name: l('Amount') },
            ],
          },
          dashboards: { added: [{ id: 'main' }] },
        },
      },
    });
    expect(await all({ action: 'permissions.change' })).toHaveLength(0);
  });

  it('records a save with fields added, changed and removed, and permissions as their own event', async () => {
    const app = crm();
    const form = app.forms[0]!;
    form.fields = [
      { id: 'name', type: 'text', label: l('Customer name') },
      { id: 'salary', type: 'number', label: l('Salary'), config: { precision: 0 } },
    ] as typeof form.fields;
    form.permissionGroups = [
      {
        id: 'sales',
        name: l('Sales'),
        members: [{ kind: 'users', ids: [member.user.id] }],
        actions: ['view'],
        scope: { kind: 'own' },
        fields: { visible: ['name'], editable: [] },
      },
    ] as typeof form.permissionGroups;
    (app.dashboards![0]!.widgets[0] as { columns: string[] }).columns = ['name'];
    app.access = {
      members: [{ kind: 'everyone' }],
      admins: [{ kind: 'users', ids: [admin.user.id] }],
      defaultFormActions: ['view', 'create', 'edit'],
    } as AppDefinition['access'];
    const res = await admin.agent
      .put('/api/v1/apps/crm')
      .send({ app, baseVersion: version, confirmDataLoss: true })
      .expect(200);
    version = res.body.version as number;

    const save = await latest('app.update');
    expect(save).toMatchObject({
      target: { type: 'app', id: 'crm' },
      detail: {
        version: 2,
        fromVersion: 1,
        changes: {
          fields: {
            added: [{ id: 'salary', formId: 'customers' }],
            changed: [{ id: 'name', formId: 'customers', name: l('Customer name') }],
            removed: [{ id: 'amount', formId: 'customers' }],
          },
          dashboards: { changed: [{ id: 'main' }] },
        },
      },
    });
    expect(save!.detail.changes).not.toHaveProperty('forms');
    const perms = await latest('permissions.change');
    expect(perms).toMatchObject({
      actor: { id: admin.user.id },
      target: { type: 'app', id: 'crm' },
      detail: {
        version: 2,
        access: ['admins', 'defaultFormActions'],
        groups: { added: [{ id: 'sales', formId: 'customers', name: l('Sales') }] },
      },
    });
  });

  it('records a restore with the version restored, and the permission change it makes', async () => {
    const before = (await all({ action: 'permissions.change' })).length;
    await admin.agent
      .post('/api/v1/apps/crm/restore')
      .send({ version: 1, confirmDataLoss: true })
      .expect(200);
    expect(await latest('app.restore')).toMatchObject({
      target: { type: 'app', id: 'crm' },
      detail: { restoredVersion: 1, version: 3, fromVersion: 2 },
    });
    const perms = await all({ action: 'permissions.change' });
    expect(perms).toHaveLength(before + 1);
    expect(perms[0]!.detail).toMatchObject({ groups: { removed: [{ id: 'sales' }] } });
  });

  it('records an export and an import of the app file', async () => {
    const file = await admin.agent
      .get('/api/v1/apps/crm/export')
      .set('X-Forwarded-For', '203.0.113.30')
      .expect(200);
    expect(await latest('app.export')).toMatchObject({
      target: { type: 'app', id: 'crm' },
      detail: { format: 'json' },
      ip: '203.0.113.30',
    });
    const imported = await admin.agent.post('/api/v1/apps/import').send(file.body).expect(201);
    expect(await latest('app.import')).toMatchObject({
      target: { type: 'app', id: imported.body.app.id },
      detail: { remappedFrom: 'crm', changes: { forms: { added: [{ id: 'customers' }] } } },
    });
  });

  it('records a dashboard widget export', async () => {
    await admin.agent
      .post('/api/v1/apps/crm/forms/customers/records')
      .send({ data: { name: 'Acme' } })
      .expect(201);
    await admin.agent.get('/api/v1/apps/crm/dashboards/main/widgets/list/export?format=xlsx').expect(200);
    expect(await latest('widget.export')).toMatchObject({
      actor: { id: admin.user.id },
      target: { type: 'widget', id: 'list' },
      detail: { format: 'xlsx', rows: 1, appId: 'crm', dashboardId: 'main' },
    });
  });

  it('records an app deleted', async () => {
    await admin.agent
      .post('/api/v1/apps')
      .send({ ...crm(), id: 'scratch' })
      .expect(201);
    await admin.agent.delete('/api/v1/apps/scratch').expect(204);
    expect(await latest('app.delete')).toMatchObject({ target: { type: 'app', id: 'scratch' } });
  });
});

describe('the audit API', () => {
  it('answers members 403 and signed-out callers 401', async () => {
    const res = await member.agent.get(AUDIT).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await server.agent().get(AUDIT).expect(401);
  });

  it('filters by actor, exact action, action prefix and target', async () => {
    await admin.agent.post('/api/v1/admin/roles').send({ name: 'Auditors' }).expect(201);
    const mine = await all({ actor: member.user.id });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.actor?.id === member.user.id)).toBe(true);

    const auth = await all({ action: 'auth.' });
    expect(new Set(auth.map((r) => r.action))).toEqual(
      new Set(['auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out']),
    );
    const exact = await all({ action: 'auth.sign_in' });
    expect(exact.every((r) => r.action === 'auth.sign_in')).toBe(true);
    expect(exact.length).toBeLessThan(auth.length);

    const crmRows = await all({ targetType: 'app', targetId: 'crm' });
    expect(new Set(crmRows.map((r) => r.action))).toEqual(
      new Set(['app.create', 'app.update', 'app.restore', 'app.export', 'permissions.change']),
    );
    expect((await all({ action: 'role.' })).map((r) => r.action)).toContain('role.create');
  });

  it('filters by time: instants are inclusive, days are whole days in the org time zone', async () => {
    const everything = await all();
    const middle = everything[Math.floor(everything.length / 2)]!;
    const newer = await all({ from: middle.at });
    expect(newer.every((r) => r.at >= middle.at)).toBe(true);
    expect(newer.map((r) => r.id)).toContain(middle.id);
    const older = await all({ to: middle.at });
    expect(older.every((r) => r.at <= middle.at)).toBe(true);
    expect(newer.length + older.length).toBeGreaterThanOrEqual(everything.length + 1);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await all({ from: yesterday, to: tomorrow })).toHaveLength(everything.length);
    expect(await all({ from: '2000-01-01', to: '2000-01-31' })).toHaveLength(0);
    expect((await all({ from: today })).length).toBeGreaterThan(0);
  });

  it('pages newest first by keyset without gaps or repeats, also while rows are added', async () => {
    const everything = await all();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await admin.agent
        .get(AUDIT)
        .query({ limit: '3', ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...(res.body.items as Item[]).map((r) => r.id));
      cursor = res.body.nextCursor as string | null;
      // A change made while paging lands before the first page, never in a later one.
      if (pages++ === 0)
        await admin.agent
          .post('/api/v1/admin/roles')
          .send({ name: `Temp ${pages}` })
          .expect(201);
    } while (cursor);
    expect(seen).toEqual(everything.map((r) => r.id));
    const times = everything.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(pages).toBe(Math.ceil(everything.length / 3));
  });

  it('names each bad parameter', async () => {
    const res = await admin.agent
      .get(AUDIT)
      .query({ limit: '0', from: 'yesterday', action: 'User Create', cursor: 'nope', sort: 'at' })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = (res.body.error.details as { path: string; code: string }[]).map(
      (d) => `${d.path} ${d.code}`,
    );
    expect(paths.sort()).toEqual(
      [
        '/query/action format',
        '/query/cursor bad_cursor',
        '/query/from format',
        '/query/limit range',
        '/query/sort unknown_parameter',
      ].sort(),
    );
    const order = await admin.agent.get(AUDIT).query({ from: '2026-03-05', to: '2026-03-01' }).expect(400);
    expect(order.body.error.details).toEqual([
      { path: '/query/to', code: 'range', message: expect.any(String) },
    ]);
    const orphan = await admin.agent.get(AUDIT).query({ targetId: 'crm' }).expect(400);
    expect(orphan.body.error.details[0]).toMatchObject({ path: '/query/targetId', code: 'requires' });
  });

  it("shows an org's admins only their org's rows", async () => {
    const other = await createOtherOrg(server);
    const rows = await all({}, other);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actor === null || r.actor.id === other.user.id)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(admin.user.id);
    // With two orgs, an unknown email belongs to neither.
    await server
      .agent()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@x.test', password: 'x password 123' });
    const unknown = [
      ...(await all({ action: 'auth.sign_in_failed' })),
      ...(await all({ action: 'auth.sign_in_failed' }, other)),
    ];
    expect(unknown.filter((r) => r.detail.email === 'nobody@x.test')).toHaveLength(0);
    const { rows: kept } = await server.db.query(
      `SELECT org_id FROM audit_log WHERE detail->>'email' = 'nobody@x.test'`,
    );
    expect(kept).toEqual([{ org_id: null }]);
  });

  it('stores no password, session token or CSRF token in any row', async () => {
    const { rows } = await server.db.query<{ row: string }>(
      `SELECT row_to_json(a)::text AS row FROM audit_log a`,
    );
    const text = rows.map((r) => r.row).join('\n');
    const token = admin.cookie.split('=')[1]!;
    for (const secret of [
      DEFAULT_ADMIN.password,
      member.password,
      WRONG_PASSWORD,
      GHOST_PASSWORD,
      'gone password 12',
      token,
      admin.csrfToken,
    ])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/scrypt\$/);
    const hashes = await server.db.query<{ h: string }>(
      `SELECT password_hash AS h FROM users WHERE password_hash IS NOT NULL`,
    );
    for (const { h } of hashes.rows) expect(text).not.toContain(h.split('$').pop()!);
  });
});

describe('retention', () => {
  it('deletes rows older than the retention, in batches, and keeps the rest', async () => {
    const now = new Date();
    const day = 86_400_000;
    await server.db.query(
      `INSERT INTO audit_log (org_id, actor_id, action, target_type, target_id, at)
       SELECT $1, NULL, 'test.old', 'test', g::text, $2::timestamptz - make_interval(secs => g)
         FROM generate_series(1, 7) g`,
      [admin.org.id, new Date(now.getTime() - (server.config.auditRetentionDays + 1) * day)],
    );
    await server.db.query(
      `INSERT INTO audit_log (org_id, actor_id, action, target_type, target_id, at)
       VALUES ($1, NULL, 'test.recent', 'test', 'r', $2)`,
      [admin.org.id, new Date(now.getTime() - (server.config.auditRetentionDays - 1) * day)],
    );
    const before = (
      await server.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'test.%'`)
    ).rows[0] as { n: number };
    await server.db.transaction((tx) =>
      enqueueJob(tx, { orgId: null, kind: AUDIT_RETENTION_JOB, runAt: now, dedupeKey: AUDIT_RETENTION_JOB }),
    );
    const result = await runDueJobs(workflowDeps({ db: server.db, config: server.config }), now);
    expect(result.failed).toBe(0);
    const { rows } = await server.db.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE action LIKE 'test.%' GROUP BY action`,
    );
    expect(rows).toEqual([{ action: 'test.recent', n: 1 }]);
    const after = (
      await server.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'test.%'`)
    ).rows[0] as { n: number };
    expect(after.n).toBe(before.n);
    // It runs again within the hour.
    const next = await server.db.query<{ run_at: Date }>(
      `SELECT run_at FROM jobs WHERE kind = $1 AND done_at IS NULL`,
      [AUDIT_RETENTION_JOB],
    );
    expect(next.rows).toHaveLength(1);
    expect(next.rows[0]!.run_at.getTime()).toBeGreaterThan(now.getTime());
  });
});
