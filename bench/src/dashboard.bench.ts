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
import { createApp, defaultConfig } from '@tangram/server';
import type { AppDefinition } from '@tangram/client';
import { APP_ID, FORM_ID, generateOrders, ordersApp } from './orders';
import { summarize, type Timing } from './report';
import { SALES_DASHBOARD_URL, SALES_STATE, coldDashboardTimer, salesDashboard } from './sales-dashboard';
import {
  ADMIN_URL,
  batchBody,
  flag,
  loadInBatches,
  log,
  machine,
  openBenchDb,
  parseFlags,
  replaceSection,
  saveJson,
  serve,
  Session,
  storedResults,
  timed,
  type Machine,
} from './bench-kit';

const SECTION = '## Dashboards';

const FLAGS = {
  n: flag.int(100_000),
  db: flag.oneOf(['pglite', 'postgres'], 'postgres'),
  /** Records per batch request (at most 1,000). */
  batch: flag.int(1000),
  concurrency: flag.int(2),
  iterations: flag.int(10),
  adminUrl: flag.text(ADMIN_URL),
  reportOnly: flag.on(),
};

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
  const results = await storedResults<DashboardResult>('dashboard-');
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
  await replaceSection(SECTION, section);
  return section;
}

async function main(): Promise<void> {
  const flags = parseFlags(FLAGS);
  const args = { ...flags, batch: Math.min(1000, flags.batch) };
  if (args.reportOnly) {
    console.log(await writeSection());
    return;
  }
  log(`dashboard bench: n=${args.n} db=${args.db}`);
  const bench = await openBenchDb(args.db, args.adminUrl);
  const { db, pgVersion } = bench;
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: false }),
  );
  const s = new Session(server.base);
  try {
    const setup = await s.setup();
    await s.request('POST', '/apps', ordersApp());
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // Load through the batch API, `concurrency` requests in flight.
    let done = 0;
    const loadMs = await loadInBatches(
      generateOrders(args.n, [setup.user.id]),
      { size: args.batch, concurrency: args.concurrency },
      async (items) => {
        await s.request('POST', `${base}/records/batch`, batchBody(items));
        done += args.batch;
        if (done % 100_000 === 0) log(`loaded ${done}`);
      },
    );
    const loadSeconds = loadMs / 1000;
    log(`loaded ${args.n} records in ${loadSeconds.toFixed(0)} s`);
    await bench.analyze();

    // The dashboard, saved into the app.
    const current = await s.request<{ version: number; definition: AppDefinition }>('GET', `/apps/${APP_ID}`);
    await s.request('PUT', `/apps/${APP_ID}`, {
      app: { ...ordersApp(), dashboards: [salesDashboard] },
      baseVersion: current.version,
    });
    const cold = await coldDashboardTimer(s)(args.iterations);
    log(
      `dashboard cold: ${ms(cold)}${cold.failures ? `, ${cold.failures} stopped by the statement bound` : ''}`,
    );
    const warmSamples: number[] = [];
    for (let i = 0; i < 50; i++)
      warmSamples.push(await timed(() => s.request('POST', SALES_DASHBOARD_URL, SALES_STATE)));
    const warm = summarize(warmSamples);
    log(`dashboard warm: ${ms(warm)}`);

    const widgets: Record<string, Timing> = {};
    for (const widget of salesDashboard.widgets) {
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
    await saveJson(`dashboard-${args.db}-${args.n}.json`, result);
    console.log(await writeSection());
  } finally {
    await server.close();
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
