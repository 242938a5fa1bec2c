import type { AppDefinition } from '@tangram/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARAM_KINDS, listRoutes, routeParamNames } from '@tangram/server';
import { everyFieldApp, fullOrder } from './fixtures/apps';
import { createTestServer, createUser, setupAdmin, type SignedIn, type TestServer } from './helpers';
import type { TestApp } from './helpers/test-server';

// Issue 10, point 3: no bad value gets a 500. The routes are read from the express router, so a new
// route is fuzzed without editing this file. Every route and method gets:
// - a NUL, an id of control characters and out-of-range numbers in each path parameter;
// - a NUL and out-of-range numbers in each common query parameter, and a NUL in a query name;
// - for JSON routes, a sample body (per route where one is known, a generic one otherwise) with one
//   leaf at a time replaced by a NUL, a lone surrogate, 2**31, 1e309 (raw JSON) and
//   9999999999999999999.
// A NUL or lone surrogate must be a 400 naming where it was; nothing may be a 5xx or reach the
// database's safety net (`unstorable_value`, which has no path); the server keeps answering.

interface Route {
  method: string;
  path: string;
}

interface Probe {
  route: Route;
  what: string;
  url: string;
  /** Raw JSON text of the body, if any. */
  body?: string;
  /** The request carries text that cannot be stored: it must be a 400 with a path. */
  mustRefuse: boolean;
}

const PREFIX = '/api/v1';
const NUL = '\u0000';
const BIG_NUMBERS = ['2147483648', '9999999999999999999', '1e309', '-1'];
const QUERY_KEYS = ['q', 'filter', 'sort', 'limit', 'cursor', 'count', 'box', 'format', 'unread', 'version'];
// Routes whose body is not JSON (multipart uploads): fuzzed in their path and query only.
const NON_JSON = new Set(['POST /files', 'POST /apps/:app/forms/:form/imports']);

const l = (en: string) => ({ en, 'zh-CN': en });

/** Every route the API router has, from the express app's router stack. */
function apiRoutes(app: TestApp): Route[] {
  const routes: Route[] = [];
  const walk = (router: { stack: unknown[] }) => {
    for (const layer of router.stack as { handle?: { stack?: unknown[] }; route?: unknown }[]) {
      if (layer.route) continue;
      if (layer.handle && Array.isArray(layer.handle.stack)) {
        const inner = layer.handle as { stack: unknown[] };
        routes.push(...listRoutes(inner as Parameters<typeof listRoutes>[0]));
        walk(inner);
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router);
  return routes;
}

/** The sales app: every field type, a customers form, an approval workflow on orders and a dashboard. */
function fuzzApp(approverId: string): AppDefinition {
  const app = everyFieldApp('sales');
  const orders = app.forms.find((f) => f.id === 'orders')!;
  orders.workflowId = 'approval';
  app.workflows = [
    {
      id: 'approval',
      name: l('Approval'),
      form: 'orders',
      nodes: [
        { type: 'start', id: 'start', next: 'mgr' },
        {
          type: 'approve',
          id: 'mgr',
          assignees: [{ kind: 'users', ids: [approverId] }],
          actions: ['reject', 'transfer', 'addApprover'],
          rejectTo: ['start', 'end'],
          next: 'end',
        },
        { type: 'end', id: 'end' },
      ],
    },
  ] as AppDefinition['workflows'];
  app.dashboards = [
    {
      id: 'overview',
      name: l('Overview'),
      widgets: [
        {
          id: 'total',
          type: 'kpi',
          title: l('Total'),
          layout: { x: 0, y: 0, w: 6, h: 4 },
          source: { form: 'orders' },
          dimensions: [],
          measures: [{ op: 'sum', field: 'qty', as: 'total' }],
        },
      ],
    },
  ] as AppDefinition['dashboards'];
  return app;
}

/** A small definition for the definition routes (a whole one per leaf would be slow). */
const smallApp = {
  id: 'sales',
  name: l('Sales'),
  formatVersion: 1,
  forms: [
    {
      id: 'orders',
      name: l('Orders'),
      titleField: 'title',
      fields: [
        { id: 'title', type: 'text', label: l('Title'), config: { maxLength: 200 } },
        { id: 'qty', type: 'number', label: l('Qty'), config: { precision: 0, min: 0 } },
      ],
    },
  ],
};

const orderData = {
  title: 'Annual contract',
  qty: 3,
  price: 19.99,
  meetingAt: '2024-03-01T09:30:00+08:00',
  due: '2024-02-29',
  tags: ['vip'],
  address: { province: '广东省', city: '深圳市', district: '南山区', detail: '1 号' },
  lines: [{ item: 'Widget', lineQty: 2, linePrice: 10.1 }],
};
const filter = { kind: 'cmp', field: 'title', op: 'eq', value: 'x' };

/** Sample bodies by "METHOD path"; routes missing here get GENERIC_BODY. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'POST /auth/setup': { orgName: 'Acme', name: 'Ada', email: 'a@b.test', password: 'long password 1' },
  'POST /auth/login': { email: 'admin@acme.test', password: 'wrong password' },
  'POST /admin/users': { name: 'Bob', email: 'bob@acme.test', password: 'long password 1' },
  'PATCH /admin/users/:id': { name: 'Bob' },
  'POST /admin/departments': { name: 'Sales' },
  'PATCH /admin/departments/:id': { name: 'Sales' },
  'POST /admin/roles': { name: 'Sales' },
  'PATCH /admin/roles/:id': { name: 'Sales' },
  'POST /apps': smallApp,
  'POST /apps/import': { tangramApp: 1, app: smallApp },
  'PUT /apps/:app': { app: smallApp, baseVersion: 1 },
  'POST /apps/:app/preview-change': { app: smallApp },
  'POST /apps/:app/restore': { version: 1 },
  'POST /apps/:app/forms/:form/records': { data: orderData },
  'POST /apps/:app/forms/:form/records/batch': { items: [{ data: orderData }] },
  'POST /apps/:app/forms/:form/records/query': {
    filter,
    sort: [{ field: 'qty', dir: 'asc' }],
    q: 'x',
    limit: 10,
  },
  'PATCH /apps/:app/forms/:form/records/:id': { data: { title: 'x', qty: 4 }, version: 1 },
  'POST /apps/:app/forms/:form/records/bulk-update': { ids: ['x'], data: { qty: 1 } },
  'POST /apps/:app/forms/:form/records/bulk-delete': { ids: ['x'] },
  'POST /apps/:app/forms/:form/aggregate': {
    groupBy: [{ field: 'region' }],
    measures: [{ op: 'sum', field: 'qty', as: 'n' }],
    filter,
    limit: 10,
  },
  'POST /apps/:app/forms/:form/views': {
    name: 'Mine',
    config: { columns: [{ field: 'title', width: 120 }], filter, q: 'x', pageSize: 50 },
  },
  'PATCH /apps/:app/forms/:form/views/:view': { name: 'Mine', config: { columns: [{ field: 'qty' }] } },
  'POST /apps/:app/forms/:form/records/:id/comments': { body: 'Looks good' },
  'POST /apps/:app/forms/:form/records/:id/workflow/:action': { comment: 'please' },
  'POST /tasks/:task/:action': { comment: 'ok', data: { title: 'x' }, recordVersion: 1 },
  'POST /notifications/read': { ids: ['x'] },
  'POST /apps/:app/dashboards/:dashboard/data': {
    filterState: { due: { kind: 'cmp', field: 'due', op: 'gt', value: '2024-01-01' } },
  },
  'POST /apps/:app/widget-data': {
    widget: {
      id: 'w',
      type: 'kpi',
      layout: { x: 0, y: 0, w: 6, h: 4 },
      source: { form: 'orders' },
      dimensions: [],
      measures: [{ op: 'sum', field: 'qty', as: 'n' }],
    },
  },
  'POST /apps/:app/dashboards/:dashboard/widgets/:widget/records-filter': { point: { n: 1 } },
  'POST /apps/:app/dashboards/:dashboard/widgets/:widget/export': { filterState: {} },
};
const GENERIC_BODY = { name: 'x', data: { title: 'x', qty: 1 }, version: 1, ids: ['x'], comment: 'x' };

/** Every leaf of a JSON value, as a path of keys and indexes. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return typeof value === 'string' || typeof value === 'number' ? [path] : [];
}

const MARK = '"@@leaf@@"';
/** `body` as JSON text with the leaf at `path` replaced by the raw JSON `raw`. */
function withLeaf(body: unknown, path: (string | number)[], raw: string): string {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = '@@leaf@@';
  return JSON.stringify(copy).replace(MARK, raw);
}

describe('route fuzz: NUL and out-of-range numbers through every route', () => {
  let server: TestServer;
  let admin: SignedIn;
  const samples: Record<string, string> = {};

  beforeAll(async () => {
    server = await createTestServer();
    admin = await setupAdmin(server);
    const member = await createUser(server, admin, { email: 'mem@acme.test' });
    const dept = await admin.agent.post(`${PREFIX}/admin/departments`).send({ name: 'Sales' }).expect(201);
    const role = await admin.agent.post(`${PREFIX}/admin/roles`).send({ name: 'Finance' }).expect(201);
    await admin.agent.post(`${PREFIX}/apps`).send(fuzzApp(admin.user.id)).expect(201);
    const records = `${PREFIX}/apps/sales/forms`;
    const customer = await admin.agent
      .post(`${records}/customers/records`)
      .send({ data: { name: 'Acme', city: 'Shenzhen' } })
      .expect(201);
    const order = await admin.agent
      .post(`${records}/orders/records`)
      .send({ data: fullOrder({ customer: customer.body.record.id }) })
      .expect(201);
    const view = await admin.agent
      .post(`${records}/orders/views`)
      .send({ name: 'All', config: { columns: [{ field: 'title' }] } })
      .expect(201);
    const file = await admin.agent
      .post(`${PREFIX}/files`)
      .attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' })
      .expect(201);
    const tasks = await admin.agent.get(`${PREFIX}/tasks?box=todo`).expect(200);
    expect(tasks.body.items.length).toBeGreaterThan(0);
    Object.assign(samples, {
      'apps/:app': 'sales',
      'forms/:form': 'orders',
      'records/:id': order.body.record.id,
      'users/:id': member.user.id,
      'departments/:id': dept.body.department.id,
      'roles/:id': role.body.role.id,
      'files/:id': file.body.file.id,
      'views/:view': view.body.view.id,
      'tasks/:task': tasks.body.items[0].id,
      'versions/:version': '1',
      'dashboards/:dashboard': 'overview',
      'widgets/:widget': 'total',
      ':task/:action': 'transfer',
      'workflow/:action': 'comment',
    });
  });
  afterAll(() => server.close());

  /** The path of `route` with valid values, except `bad` for the parameter `badName`. */
  function urlOf(route: Route, badName?: string, bad?: string): string {
    const segments = route.path.split('/');
    const out = segments.map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      if (name === badName) return encodeURIComponent(bad!);
      return encodeURIComponent(samples[`${segments[i - 1] ?? ''}/${segment}`] ?? 'x');
    });
    return PREFIX + out.join('/');
  }

  function probes(route: Route): Probe[] {
    const out: Probe[] = [];
    for (const name of routeParamNames(route.path)) {
      out.push({ route, what: `NUL in :${name}`, url: urlOf(route, name, `a${NUL}b`), mustRefuse: true });
      out.push({
        route,
        what: `control in :${name}`,
        url: urlOf(route, name, '\u0001\u001f'),
        mustRefuse: false,
      });
      for (const n of BIG_NUMBERS)
        out.push({ route, what: `${n} in :${name}`, url: urlOf(route, name, n), mustRefuse: false });
    }
    const base = urlOf(route);
    for (const key of QUERY_KEYS) {
      out.push({ route, what: `NUL in ?${key}`, url: `${base}?${key}=a%00b`, mustRefuse: true });
      for (const n of BIG_NUMBERS)
        out.push({ route, what: `${n} in ?${key}`, url: `${base}?${key}=${n}`, mustRefuse: false });
    }
    out.push({ route, what: 'NUL in a query name', url: `${base}?a%00b=1`, mustRefuse: true });
    const key = `${route.method} ${route.path}`;
    if (route.method === 'GET' || NON_JSON.has(key)) return out;
    const sample = SAMPLE_BODIES[key] ?? GENERIC_BODY;
    for (const leaf of leaves(sample)) {
      const where = `/${leaf.join('/')}`;
      for (const raw of ['"a\\u0000b"', '"\\ud800"'])
        out.push({
          route,
          what: `${raw} at ${where}`,
          url: base,
          body: withLeaf(sample, leaf, raw),
          mustRefuse: true,
        });
      // DELETE routes ignore bodies; a valid one would delete the fixtures the other probes need.
      if (route.method === 'DELETE') continue;
      for (const n of BIG_NUMBERS)
        out.push({
          route,
          what: `${n} at ${where}`,
          url: base,
          body: withLeaf(sample, leaf, n),
          mustRefuse: n === '1e309',
        });
    }
    out.push({ route, what: 'NUL in a key', url: base, body: '{"a\\u0000":1}', mustRefuse: true });
    return out;
  }

  async function send(agent: SignedIn['agent'], probe: Probe) {
    const method = probe.route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const req = agent[method](probe.url);
    return probe.body === undefined ? req : req.set('Content-Type', 'application/json').send(probe.body);
  }

  it('generates the routes from the router, each parameter with a declared kind', () => {
    const routes = apiRoutes(server.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual({ method: 'GET', path: '/apps/:app/versions/:version' });
    for (const route of routes)
      for (const name of routeParamNames(route.path)) expect(Object.keys(PARAM_KINDS)).toContain(name);
  });

  it('never answers 5xx, names the bad value, and keeps answering', async () => {
    // Logging out and deleting come last: they would end the session or remove the fixtures.
    const rank = (r: Route) => (r.path === '/auth/logout' ? 2 : r.method === 'DELETE' ? 1 : 0);
    const routes = apiRoutes(server.app).sort((a, b) => rank(a) - rank(b));
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const probe of probes(route)) {
        const res = await send(admin.agent, probe);
        sent++;
        if (process.env.FUZZ_DEBUG)
          console.log(
            `${res.status} ${res.body?.error?.code ?? ''} ${route.method} ${route.path} ${probe.what}`,
          );
        const label = `${route.method} ${route.path} (${probe.what}) -> ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 300)}`;
        if (res.status >= 500) failures.push(label);
        else if (res.body?.error?.code === 'unstorable_value') failures.push(`safety net: ${label}`);
        else if (probe.mustRefuse) {
          const path = res.body?.error?.details?.[0]?.path;
          if (res.status !== 400 || typeof path !== 'string') failures.push(`not refused: ${label}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    await server.agent().get(`${PREFIX}/health`).expect(200);
    // About 4,000 requests: half a minute on a quiet 2-core machine, more under load.
  }, 300_000);
});
