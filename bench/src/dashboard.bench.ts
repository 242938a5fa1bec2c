/**
 * Dashboard benchmark: N seeded `orders` records (the records bench's dataset, loaded through the
 * HTTP API), a 6-widget sales dashboard (KPI with comparison, bar by month, pie by status, pivot
 * region × quarter with totals, top-10 customers + others, funnel of conditional counts), timed
 * through `POST /apps/:app/dashboards/:dashboard/data`:
 *
 * - cold: the report cache is invalidated before each request by a record write (a new outbox
 *   stamp), so every widget runs its SQL;
 * - warm: the same request again (served from the cache);
 * - per widget (cold, through the preview endpoint) to see which query costs what.
 *
 *   pnpm --filter @tangram/bench bench:dashboard -- --n 1000000 --db postgres
 *
 * Options: --n, --db pglite|postgres, --batch, --concurrency, --iterations (cold requests, default
 * 10), --admin-url. The result goes to bench/results/dashboard-<db>-<n>.json and the "Dashboards"
 * section of bench/RESULTS.md is regenerated from every stored dashboard result.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp, defaultConfig, openDb, runMigrations, type Db } from '@tangram/server';
import type { AppDefinition } from '@tangram/client';
import { APP_ID, FORM_ID, generateOrders, ordersApp } from './orders';
import { summarize, type Timing } from './report';
import { createDatabase, log, machine, Session, timed, type Machine } from './bench-kit';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, '..', 'results');
const RESULTS_MD = path.join(here, '..', 'RESULTS.md');
const SECTION = '## Dashboards';

interface Args {
  n: number;
  db: 'pglite' | 'postgres';
  batch: number;
  concurrency: number;
  iterations: number;
  adminUrl: string;
  reportOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    n: 100_000,
    db: 'postgres',
    batch: 1000,
    concurrency: 2,
    iterations: 10,
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    reportOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} must be a positive whole number`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--n') args.n = int();
    else if (a === '--batch') args.batch = Math.min(1000, int());
    else if (a === '--concurrency') args.concurrency = int();
    else if (a === '--iterations') args.iterations = int();
    else if (a === '--admin-url') args.adminUrl = value();
    else if (a === '--report-only') args.reportOnly = true;
    else if (a === '--db') {
      const v = value();
      if (v !== 'pglite' && v !== 'postgres') throw new Error('--db must be pglite or postgres');
      args.db = v;
    } else throw new Error(`unknown option ${a}`);
  }
  return args;
}

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const at = (x: number, y: number, w = 12, h = 8) => ({ x, y, w, h });

/** The 6-widget dashboard of the benchmark (decision 0010 shapes). */
export const benchDashboard = {
  id: 'sales',
  name: l('Sales', '销售'),
  widgets: [
    {
      id: 'kpi',
      type: 'kpi',
      title: l('Sales', '销售额'),
      layout: at(0, 0, 6, 4),
      source: { form: FORM_ID },
      dimensions: [],
      measures: [
        { op: 'sum', field: 'amount', as: 'sales' },
        { op: 'count', as: 'orders' },
      ],
      compare: { field: 'order_date', period: 'previous' },
    },
    {
      id: 'byMonth',
      type: 'bar',
      layout: at(6, 0, 18, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'order_date', bucket: 'month' }],
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
    },
    {
      id: 'byStatus',
      type: 'pie',
      layout: at(0, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'status' }],
      measures: [{ op: 'count', as: 'n' }],
    },
    {
      id: 'pivot',
      type: 'pivot',
      layout: at(12, 8),
      source: { form: FORM_ID },
      dimensions: [{ field: 'region' }],
      pivot: { columns: [{ field: 'order_date', bucket: 'quarter' }], grandTotals: true },
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
    },
    {
      id: 'topCustomers',
      type: 'bar',
      layout: at(0, 16),
      source: { form: FORM_ID },
      dimensions: [{ field: 'customer', top: { n: 10, others: true } }],
      measures: [{ op: 'sum', field: 'amount', as: 'sales' }],
      sort: [{ key: 'sales', dir: 'desc' }],
    },
    {
      id: 'funnel',
      type: 'funnel',
      layout: at(12, 16),
      source: { form: FORM_ID },
      dimensions: [],
      measures: [
        { op: 'count', as: 'all' },
        {
          op: 'count',
          as: 'confirmed',
          filter: { kind: 'cmp', field: 'status', op: 'in', value: ['confirmed', 'shipped', 'completed'] },
        },
        {
          op: 'count',
          as: 'shipped',
          filter: { kind: 'cmp', field: 'status', op: 'in', value: ['shipped', 'completed'] },
        },
        {
          op: 'count',
          as: 'completed',
          filter: { kind: 'cmp', field: 'status', op: 'eq', value: 'completed' },
        },
      ],
    },
  ],
  filters: [{ id: 'period', type: 'dateRange', form: FORM_ID, field: 'order_date', widgets: ['kpi'] }],
};
const STATE = { filterState: { period: { from: '2025-10-01', to: '2025-12-31' } } };

interface DashboardResult {
  n: number;
  db: string;
  pgVersion: string;
  machine: Machine;
  loadSeconds: number;
  cold: Timing;
  warm: Timing;
  widgets: Record<string, Timing>;
  /** Observations added to the stored result by hand (printed under its table). */
  notes?: string[];
}

const ms = (t: Timing) =>
  `p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms, max ${t.max.toFixed(0)} ms`;

/** Regenerates the "Dashboards" section of RESULTS.md from every stored dashboard result. */
async function writeSection(): Promise<string> {
  const files = (await readdir(RESULTS_DIR).catch(() => [] as string[])).filter((f) =>
    f.startsWith('dashboard-'),
  );
  const results: DashboardResult[] = [];
  for (const f of files.sort()) results.push(JSON.parse(await readFile(path.join(RESULTS_DIR, f), 'utf8')));
  const lines = [
    SECTION,
    '',
    'A 6-widget sales dashboard (KPI with comparison to the previous period, bar by month, pie by status, pivot',
    'region × quarter with totals (GROUPING SETS), top-10 customers + others, funnel of 4 conditional counts) over',
    'the records bench dataset, answered by `POST /apps/:app/dashboards/:dashboard/data` with the widgets in',
    'parallel. Cold = the report cache invalidated by a record write before each request; warm = the same request',
    'again. Per widget = one cold widget alone through `POST /apps/:app/widget-data`.',
    '`pnpm --filter @tangram/bench bench:dashboard -- --n 1000000 --db postgres` (`bench/src/dashboard.bench.ts`).',
    '',
  ];
  for (const r of results) {
    lines.push(
      `### ${r.n.toLocaleString('en-US')} records, ${r.db === 'postgres' ? `PostgreSQL ${r.pgVersion}` : 'PGlite'}`,
      '',
      `${r.machine.date}; ${r.machine.cpus} CPUs (${r.machine.cpu}), ${r.machine.ramGb} GB RAM, Node ${r.machine.node}; loaded in ${Math.round(r.loadSeconds)} s through the batch API.`,
      '',
      '| request | p50 | p95 | max | n |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| dashboard, cold | ${r.cold.p50.toFixed(0)} ms | ${r.cold.p95.toFixed(0)} ms | ${r.cold.max.toFixed(0)} ms | ${r.cold.count} |`,
      `| dashboard, warm (cache) | ${r.warm.p50.toFixed(1)} ms | ${r.warm.p95.toFixed(1)} ms | ${r.warm.max.toFixed(1)} ms | ${r.warm.count} |`,
      ...Object.entries(r.widgets).map(
        ([id, t]) =>
          `| widget ${id}, cold, alone | ${t.p50.toFixed(0)} ms | ${t.p95.toFixed(0)} ms | ${t.max.toFixed(0)} ms | ${t.count} |`,
      ),
      '',
      ...(r.notes ?? []).map((n) => `- ${n}`),
      ...(r.notes?.length ? [''] : []),
    );
  }
  const section = lines.join('\n');
  const md = await readFile(RESULTS_MD, 'utf8');
  const start = md.indexOf(`${SECTION}\n`);
  let next: string;
  if (start < 0) next = `${md.trimEnd()}\n\n${section}`;
  else {
    const end = md.indexOf('\n## ', start + SECTION.length);
    next = md.slice(0, start) + section + (end < 0 ? '' : `\n${md.slice(end + 1)}`);
  }
  await writeFile(RESULTS_MD, next.endsWith('\n') ? next : `${next}\n`);
  return section;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.reportOnly) {
    console.log(await writeSection());
    return;
  }
  log(`dashboard bench: n=${args.n} db=${args.db}`);
  let db: Db;
  let cleanup = async () => {};
  let pgUrl: string | undefined;
  if (args.db === 'postgres') {
    const created = await createDatabase(args.adminUrl);
    pgUrl = created.url;
    db = await openDb({ databaseUrl: created.url });
    cleanup = created.drop;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tangram-bench-'));
    db = await openDb({ dataDir });
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  }
  await runMigrations(db);
  const { rows: versionRows } = await db.query<{ v: string }>(
    `SELECT current_setting('server_version') AS v`,
  );
  const pgVersion = versionRows[0]?.v ?? 'unknown';
  const app = createApp({ db, config: { ...defaultConfig, databaseUrl: pgUrl }, serveStatic: false });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s = new Session(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    const setup = await s.request<{ csrfToken: string; user: { id: string } }>('POST', '/auth/setup', {
      orgName: 'Bench Co',
      name: 'Bench Admin',
      email: 'admin@bench.test',
      password: 'bench password 123',
    });
    s.csrf = setup.csrfToken;
    await s.request('POST', '/apps', ordersApp());
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // Load through the batch API, `concurrency` requests in flight.
    const gen = generateOrders(args.n, [setup.user.id]);
    let done = 0;
    const nextBody = (): string | null => {
      const items: { data: Record<string, unknown> }[] = [];
      for (let i = 0; i < args.batch; i++) {
        const r = gen.next();
        if (r.done) break;
        items.push({ data: r.value });
      }
      return items.length ? JSON.stringify({ items }) : null;
    };
    const t0 = performance.now();
    const worker = async () => {
      for (let body = nextBody(); body !== null; body = nextBody()) {
        await s.request('POST', `${base}/records/batch`, body);
        done += args.batch;
        if (done % 100_000 === 0) log(`loaded ${done}`);
      }
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`loaded ${args.n} records in ${loadSeconds.toFixed(0)} s`);
    if (pgUrl) {
      const direct = new pg.Client({ connectionString: pgUrl });
      await direct.connect();
      await direct.query('ANALYZE');
      await direct.end();
    } else await db.query('ANALYZE');

    // The dashboard, saved into the app.
    const current = await s.request<{ version: number; definition: AppDefinition }>('GET', `/apps/${APP_ID}`);
    await s.request('PUT', `/apps/${APP_ID}`, {
      app: { ...ordersApp(), dashboards: [benchDashboard] },
      baseVersion: current.version,
    });
    const url = `/apps/${APP_ID}/dashboards/sales/data`;
    type Data = { widgets: Record<string, { error?: unknown; rows?: unknown[] }> };
    const check = (d: Data) => {
      for (const [id, w] of Object.entries(d.widgets))
        if (w.error || !w.rows?.length) throw new Error(`widget ${id}: ${JSON.stringify(w).slice(0, 300)}`);
    };
    // A write before each cold request: a new outbox stamp, so nothing comes from the cache.
    let k = 0;
    const invalidate = () =>
      s.request('POST', `${base}/records`, {
        data: { title: `bench touch ${k++}`, amount: 1, order_date: '2020-01-01' },
      });

    check(await s.request<Data>('POST', url, STATE)); // warms the app cache and the database buffers
    const coldSamples: number[] = [];
    for (let i = 0; i < args.iterations; i++) {
      await invalidate();
      coldSamples.push(await timed(async () => check(await s.request<Data>('POST', url, STATE))));
    }
    const cold = summarize(coldSamples);
    log(`dashboard cold: ${ms(cold)}`);
    const warmSamples: number[] = [];
    for (let i = 0; i < 50; i++) warmSamples.push(await timed(() => s.request('POST', url, STATE)));
    const warm = summarize(warmSamples);
    log(`dashboard warm: ${ms(warm)}`);

    const widgets: Record<string, Timing> = {};
    for (const widget of benchDashboard.widgets) {
      const samples: number[] = [];
      for (let i = 0; i < Math.max(3, Math.ceil(args.iterations / 2)); i++)
        samples.push(await timed(() => s.request('POST', `/apps/${APP_ID}/widget-data`, { widget })));
      widgets[widget.id] = summarize(samples);
      log(`widget ${widget.id}: ${ms(widgets[widget.id]!)}`);
    }

    const result: DashboardResult = {
      n: args.n,
      db: args.db,
      pgVersion,
      machine: machine(),
      loadSeconds,
      cold,
      warm,
      widgets,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(
      path.join(RESULTS_DIR, `dashboard-${args.db}-${args.n}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    console.log(await writeSection());
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    await cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
