/**
 * Template installs (decision 0043) over a small fixture pair of packages: install with and without
 * sample data as a job with progress, twice (the second is an upgrade offer), by a non-admin (403),
 * with a role mapped to an existing role, with an app id already taken (remapped, cross-app
 * relations rewritten), a failing install that leaves nothing behind, and a three-way upgrade.
 */
import supertest from 'supertest';
import { createApp, routeModules, templateRoutes, templateRoutesFor } from '@tangram/server';
import { createTemplateRegistry, type TemplatePackage } from '../../templates/src/index';
import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureMaster,
  fixturePackages,
  fixtureSales,
  fixtureSalesV2,
} from '../../templates/test/fixtures/fixture-packages';
import {
  createOtherOrg,
  createTestServer,
  createUser,
  setupAdmin,
  type SignedIn,
  type TestServer,
} from './helpers';

let base: TestServer;

/** A server over the same database whose template routes offer `packages`. */
function serverWith(packages: TemplatePackage[]): TestServer {
  const routes = [
    ...routeModules.filter((m) => m !== templateRoutes),
    templateRoutesFor(createTemplateRegistry(packages)),
  ];
  const app = createApp({ db: base.db, config: base.config, routes, serveStatic: false });
  return { ...base, app, agent: () => supertest.agent(app) };
}

/** `who`'s session on another server over the same database (sessions live in the database). */
const on = (server: TestServer, who: SignedIn): SignedIn => {
  const agent = server.agent();
  agent.set('Cookie', who.cookie).set('X-CSRF-Token', who.csrfToken);
  return { ...who, agent };
};

interface Install {
  id: string;
  status: 'running' | 'done' | 'failed';
  packageKey: string;
  version: string;
  progress: { step: string; done: number; total: number };
  appIds: Record<string, string>;
  roleIds: Record<string, string>;
  error: { code: string; message: string } | null;
}

/** Waits for the install job to leave `running`, as the gallery does by polling. */
async function finished(who: SignedIn, id: string): Promise<Install> {
  for (let i = 0; i < 600; i++) {
    const res = await who.agent.get(`/api/v1/templates/installs/${id}`).expect(200);
    if (res.body.install.status !== 'running') return res.body.install as Install;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('install did not finish');
}

async function install(who: SignedIn, key: string, body: object): Promise<Install> {
  const res = await who.agent.post(`/api/v1/templates/${key}/install`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.install.status).toBe('running');
  return finished(who, res.body.install.id);
}

const appOf = async (who: SignedIn, id: string) =>
  (await who.agent.get(`/api/v1/apps/${id}`).expect(200)).body as { app: AppDefinition; version: number };

const records = async (who: SignedIn, app: string, form: string) =>
  (await who.agent.get(`/api/v1/apps/${app}/forms/${form}/records?limit=100`).expect(200)).body.items as {
    id: string;
    createdAt: string;
    workflowStatus?: string | null;
    data: Record<string, unknown>;
  }[];

const roles = async (who: SignedIn) =>
  (await who.agent.get('/api/v1/admin/roles').expect(200)).body.items as { id: string; name: string }[];

let fixtures: TestServer;
let admin: SignedIn;

beforeAll(async () => {
  base = await createTestServer();
  fixtures = serverWith(fixturePackages);
  admin = on(fixtures, await setupAdmin(base));
});
afterAll(() => base.close());

describe('installing a template', () => {
  it('lists listed packages only, and refuses a member (403) and an unknown or unlisted key (404)', async () => {
    const list = await admin.agent.get('/api/v1/templates').expect(200);
    expect(list.body.items.map((t: { key: string }) => t.key)).toEqual(['fx_sales']);
    expect(list.body.items[0]).toMatchObject({
      version: '1.0.0',
      requires: ['fx_master'],
      installed: null,
      hasSample: true,
    });
    const member = on(fixtures, await createUser(base, admin, { email: 'mo@acme.test' }));
    const refused = await member.agent.post('/api/v1/templates/fx_sales/install').send({ sample: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('admin_only');
    await admin.agent.post('/api/v1/templates/fx_master/install').send({ sample: false }).expect(404);
    await admin.agent.post('/api/v1/templates/nope/install').send({ sample: false }).expect(404);
    const bad = await admin.agent.post('/api/v1/templates/fx_sales/install').send({ sample: 'yes' });
    expect(bad.status).toBe(400);
    expect((await admin.agent.get('/api/v1/apps').expect(200)).body.items).toEqual([]);
  });

  it('installs without sample data: requirements first, roles created, ids rewritten, a shared view', async () => {
    const done = await install(admin, 'fx_sales', { sample: false });
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.progress).toMatchObject({ step: 'done', done: 2, total: 2 });
    const byName = new Map((await roles(admin)).map((r) => [r.name, r.id]));
    expect(done.roleIds).toEqual({
      tpl_sales_rep: byName.get('Sales rep'),
      tpl_sales_manager: byName.get('Sales manager'),
    });
    const { app } = await appOf(admin, 'fx_sales');
    const form = app.forms[0]!;
    expect(form.permissionGroups?.[0]?.members).toEqual([{ kind: 'roles', ids: [byName.get('Sales rep')] }]);
    expect((form.fields.find((f) => f.id === 'customer') as { config: { app: string } }).config.app).toBe(
      'fx_master',
    );
    await appOf(admin, 'fx_master');
    expect(await records(admin, 'fx_sales', 'orders')).toEqual([]);
    const views = (await admin.agent.get('/api/v1/apps/fx_sales/forms/orders/views').expect(200)).body.items;
    expect(views.map((v: { name: string; shared: boolean }) => [v.name, v.shared])).toEqual([
      ['Big orders', true],
    ]);
    // Named in both languages, like the template's forms: a zh-CN reader sees 大额订单.
    expect(views[0].config.names).toEqual({ en: 'Big orders', 'zh-CN': '大额订单' });
    const list = (await admin.agent.get('/api/v1/templates').expect(200)).body.items[0];
    expect(list.installed).toMatchObject({ version: '1.0.0', status: 'done' });
  });

  it('offers an upgrade instead of installing twice', async () => {
    const again = await admin.agent.post('/api/v1/templates/fx_sales/install').send({ sample: true });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'template_installed' });
    expect(again.body.error.details).toMatchObject({ installedVersion: '1.0.0', upgradeAvailable: false });
    const newer = on(serverWith([fixtureMaster, fixtureSalesV2]), admin);
    const offer = await newer.agent.post('/api/v1/templates/fx_sales/install').send({ sample: false });
    expect(offer.body.error.details).toMatchObject({ version: '1.1.0', upgradeAvailable: true });
  });

  it('installs with sample data in another org: mapped role, remapped app id, refs, members, approvals, createdAt', async () => {
    const other = on(fixtures, await createOtherOrg(base, { email: 'boss@other.test' }));
    const boss = (await other.agent.post('/api/v1/admin/roles').send({ name: 'Boss' }).expect(201)).body.role
      .id as string;
    const l = { en: 'Taken' };
    await other.agent
      .post('/api/v1/apps')
      .send({
        id: 'fx_sales',
        name: l,
        formatVersion: 1,
        forms: [{ id: 'x', name: l, fields: [{ id: 't', type: 'text', label: l }] }],
      })
      .expect(201);
    const unknownRole = await other.agent
      .post('/api/v1/templates/fx_sales/install')
      .send({ sample: true, roleMap: { tpl_nobody: boss } });
    expect(unknownRole.status).toBe(422);
    const foreignRole = await other.agent
      .post('/api/v1/templates/fx_sales/install')
      .send({ sample: true, roleMap: { tpl_sales_manager: 'rol_not_here' } });
    expect(foreignRole.status).toBe(400);

    const done = await install(other, 'fx_sales', { sample: true, roleMap: { tpl_sales_manager: boss } });
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.progress).toMatchObject({ done: 7, total: 7 });
    const salesId = done.appIds.fx_sales!;
    expect(salesId).toMatch(/^app_/);
    expect(done.roleIds.tpl_sales_manager).toBe(boss);
    expect((await roles(other)).map((r) => r.name).sort()).toEqual(['Boss', 'Sales rep']);

    const { app } = await appOf(other, salesId);
    const node = app.workflows![0]!.nodes.find((n) => n.id === 'mgr') as { assignees: unknown };
    expect(node.assignees).toEqual([{ kind: 'roles', ids: [boss] }]);

    const users = (await other.agent.get('/api/v1/admin/users?limit=100').expect(200)).body.items as {
      id: string;
      email: string;
      roleIds: string[];
    }[];
    const wang = users.find((u) => u.email === 'rep_wang@demo.tangram.local')!;
    const zhang = users.find((u) => u.email === 'mgr_zhang@demo.tangram.local')!;
    expect(zhang.roleIds).toEqual([boss]);
    const customers = await records(other, 'fx_master', 'customers');
    expect(customers.map((c) => [c.data.name, c.data.owner]).sort()).toEqual([
      ['Acme Trading', wang.id],
      ['Blue Sky Ltd', wang.id],
    ]);
    const acme = customers.find((c) => c.data.name === 'Acme Trading')!.id;
    const orders = await records(other, salesId, 'orders');
    const byTitle = new Map(orders.map((o) => [o.data.title, o]));
    expect(byTitle.get('First order')).toMatchObject({
      workflowStatus: 'approved',
      data: { customer: acme },
    });
    expect(byTitle.get('First order')!.createdAt).toBe(
      `${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`,
    );
    expect(byTitle.get('Second order')!.workflowStatus).toBe('running');
    expect(byTitle.get('Third order')!.createdAt).toBe('2026-01-15T10:00:00.000Z');
    expect(byTitle.get('Third order')!.workflowStatus).not.toBe('approved');

    const audit = await base.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE org_id = $1 AND action LIKE 'template.%'`,
      [other.org.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['template.install']);
  });

  it('leaves nothing behind when an install fails', async () => {
    const broken: TemplatePackage = {
      ...fixtureSales,
      key: 'fx_broken',
      sample: (ctx) => {
        const data = fixtureSales.sample!(ctx);
        data.batches[0]!.records.push({ values: { title: 'Bad', nope: 1 } });
        return data;
      },
    };
    const third = on(
      serverWith([fixtureMaster, broken]),
      await createOtherOrg(base, { email: 'x@third.test', orgName: 'Third' }),
    );
    const failed = await install(third, 'fx_broken', { sample: true });
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('validation_failed');
    expect((await third.agent.get('/api/v1/apps').expect(200)).body.items).toEqual([]);
    expect(await roles(third)).toEqual([]);
    // A failed install may be tried again (here without the broken sample).
    const retry = await install(third, 'fx_broken', { sample: false });
    expect(retry.status).toBe('done');
  });
});

describe('upgrading an installed template', () => {
  it('merges the new version into the admin-changed app, reports conflicts and saves the chosen side', async () => {
    const { app, version } = await appOf(admin, 'fx_sales');
    const changed = structuredClone(app);
    const fields = changed.forms[0]!.fields;
    fields.push({
      id: 'region',
      type: 'text',
      label: { en: 'Region', 'zh-CN': '区域' },
    } as (typeof fields)[number]);
    fields.find((f) => f.id === 'title')!.label = { en: 'Subject', 'zh-CN': '主题' };
    fields.find((f) => f.id === 'amount')!.label = { en: 'Total', 'zh-CN': '合计' };
    delete (changed as { version?: number }).version;
    await admin.agent.put('/api/v1/apps/fx_sales').send({ app: changed, baseVersion: version }).expect(200);

    const v2 = serverWith([fixtureMaster, fixtureSalesV2]);
    const newer = on(v2, admin);
    const preview = await newer.agent.post('/api/v1/templates/fx_sales/upgrade/preview').send({}).expect(200);
    expect(preview.body).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.1.0' });
    const merged = preview.body.apps[0];
    expect(merged.merged.forms[0].fields.map((f: { id: string }) => f.id)).toEqual([
      'title',
      'customer',
      'amount',
      'due',
      'region',
    ]);
    expect(merged.conflicts.map((c: { path: string }) => c.path)).toEqual([
      'forms/orders/fields/amount/label/en',
      'forms/orders/fields/amount/label/zh-CN',
    ]);
    // Nothing saved by a preview.
    expect((await appOf(admin, 'fx_sales')).version).toBe(version + 1);

    const stale = await newer.agent
      .post('/api/v1/templates/fx_sales/upgrade')
      .send({ baseVersions: { fx_sales: version } });
    expect(stale.status).toBe(409);

    await newer.agent
      .post('/api/v1/templates/fx_sales/upgrade')
      .send({ choices: { fx_sales: { 'forms/orders/fields/amount/label/en': 'theirs' } } })
      .expect(200);
    const after = (await appOf(admin, 'fx_sales')).app.forms[0]!.fields;
    expect(after.find((f) => f.id === 'title')!.label.en).toBe('Subject');
    expect(after.find((f) => f.id === 'amount')!.label).toEqual({ en: 'Order amount', 'zh-CN': '合计' });
    expect(after.map((f) => f.id)).toContain('due');
    const list = (await newer.agent.get('/api/v1/templates').expect(200)).body.items[0];
    expect(list.installed.version).toBe('1.1.0');
    const member = on(v2, await createUser(base, admin, { email: 'mo2@acme.test' }));
    await member.agent.post('/api/v1/templates/fx_sales/upgrade/preview').send({}).expect(403);
  });
});
