/**
 * Rollups benchmark (issue 16 items 5 and 6, decision 0053): N `orders` records seeded straight in
 * SQL (generate_series into the form's table, so 10 million load in minutes), the 6-widget sales
 * dashboard of dashboard.bench.ts, and, each with and without rollups and beside plain SQL on the
 * same table:
 *
 * - grouped sum (sum of amount by region) through `POST …/aggregate`, and as plain SQL over the
 *   records and over the rollup cells;
 * - the dashboard cold (a record write before each request, so nothing comes from the report cache);
 * - the rebuild (all derived rollups, one transaction);
 * - a batch create of 1,000 records through the API (what keeping rollups costs a write);
 * - a conformance spot check at full size (rollup answer = direct query).
 *
 *   pnpm --filter @tangram/bench bench:rollups -- --n 10000000
 *
 * Options: --n, --iterations (cold dashboard requests without rollups, default 5; with: 4x),
 * --admin-url, --keep-indexes (load with the form's indexes in place), --all-indexes (rebuild every
 * b-tree after the load; default: only the order date's, the one index the dashboard uses (the KPI's
 * date range); the trigram indexes are never rebuilt: aggregates do not use them).
 * PostgreSQL server only. Results: bench/results/rollups-postgres-<n>.json and the "Rollups"
 * section of bench/RESULTS.md.
 */
import os from 'node:os';
import pg from 'pg';
import { createApp, defaultConfig, rollupProbe } from '@tangram/server';
import { APP_ID, FORM_ID, ordersApp, REGIONS, STATUSES } from './orders';
import { summarize, type Timing } from './report';
import { coldDashboardTimer, salesDashboard } from './sales-dashboard';
import {
  ADMIN_URL,
  flag,
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
const SECTION = '## Rollups (issue 16, items 5 and 6)';

const FLAGS = {
  n: flag.int(1_000_000),
  iterations: flag.int(5),
  adminUrl: flag.text(ADMIN_URL),
  keepIndexes: flag.on(),
  allIndexes: flag.on(),
  reportOnly: flag.on(),
};

const BY_REGION = { groupBy: [{ field: 'region' }], measures: [{ op: 'sum', field: 'amount', as: 'sales' }] };

interface RollupsResult {
  n: number;
  pgVersion: string;
  machine: Machine;
  loadAverage: { before: number[]; after: number[] };
  command: string;
  seedSeconds: number;
  indexSeconds: number;
  tableSize: string;
  rebuild: { seconds: number; rollups: { spec: unknown; cells: number; skipped?: string }[] };
  plainSql: { groupedSum: Timing; groupedSumOverCells: Timing };
  api: { groupedSumDirect: Timing; groupedSumRollup: Timing };
  dashboard: { coldDirect: Timing & { failures?: number }; coldRollup: Timing & { failures?: number } };
  batchCreate: { direct: Timing; rollup: Timing };
  conformance: { queries: number; equal: boolean };
  notes?: string[];
}

const f0 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cell = (t: Timing) => `${f0(t.p50)} / ${f0(t.p95)}`;

async function writeSection(): Promise<string> {
  const results = await storedResults<RollupsResult>('rollups-');
  const lines = [
    SECTION,
    '',
    'Incremental rollups (decision 0053) on the `orders` dataset seeded straight in SQL (`generate_series`',
    "into the form's table), the 6-widget sales dashboard of the Dashboards section, each measure without",
    'rollups (direct query over the records) and with them, beside plain SQL on the same data in the same run.',
    'Cold dashboard = a record write before each request (no report cache). p50 / p95 ms.',
    '',
  ];
  for (const r of results) {
    lines.push(
      `### ${r.n.toLocaleString('en-US')} records, PostgreSQL ${r.pgVersion}`,
      '',
      `${r.machine.date}; ${r.machine.cpus} CPUs (${r.machine.cpu}), ${r.machine.ramGb} GB RAM, Node ${r.machine.node};`,
      `load average before ${r.loadAverage.before.map((x) => x.toFixed(1)).join(' ')}, after ${r.loadAverage.after.map((x) => x.toFixed(1)).join(' ')}.`,
      `\`${r.command}\`. Seeded in ${Math.round(r.seedSeconds)} s, indexes ${Math.round(r.indexSeconds)} s; table ${r.tableSize}.`,
      '',
      '| measure | plain SQL | without rollups | with rollups |',
      '| --- | ---: | ---: | ---: |',
      `| grouped sum (amount by region), records | ${cell(r.plainSql.groupedSum)} | ${cell(r.api.groupedSumDirect)} (API) | ${cell(r.api.groupedSumRollup)} (API) |`,
      `| grouped sum over the rollup cells (plain SQL) | ${cell(r.plainSql.groupedSumOverCells)} | | |`,
      `| 6-widget dashboard, cold | | ${cell(r.dashboard.coldDirect)} (n=${r.dashboard.coldDirect.count}${r.dashboard.coldDirect.failures ? `, ${r.dashboard.coldDirect.failures} stopped by the 15 s statement bound` : ''}) | ${cell(r.dashboard.coldRollup)} (n=${r.dashboard.coldRollup.count}${r.dashboard.coldRollup.failures ? `, ${r.dashboard.coldRollup.failures} stopped` : ''}) |`,
      `| batch create, 1,000 records (API) | | ${cell(r.batchCreate.direct)} | ${cell(r.batchCreate.rollup)} |`,
      '',
      `Rebuild of ${r.rebuild.rollups.length} derived rollups in one transaction: ${r.rebuild.seconds.toFixed(1)} s ` +
        `(cells: ${r.rebuild.rollups.map((x) => (x.skipped ? `skipped (${x.cells})` : x.cells)).join(', ')}). ` +
        `Conformance at full size: ${r.conformance.queries} queries, rollup = direct: ${r.conformance.equal ? 'yes' : 'NO'}.`,
      '',
      ...(r.notes ?? []).map((n) => `- ${n}`),
      ...(r.notes?.length ? [''] : []),
    );
  }
  const section = lines.join('\n');
  await replaceSection(SECTION, section);
  return section;
}

async function sample(k: number, fn: () => Promise<unknown>): Promise<Timing> {
  const xs: number[] = [];
  for (let i = 0; i < k; i++) xs.push(await timed(fn));
  return summarize(xs);
}

const sqlList = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]`;

async function main(): Promise<void> {
  const args = parseFlags(FLAGS);
  if (args.reportOnly) {
    console.log(await writeSection());
    return;
  }
  const loadBefore = os.loadavg();
  log(`rollups bench: n=${args.n}`);
  const bench = await openBenchDb('postgres', args.adminUrl);
  const { db, pgVersion } = bench;
  const direct = new pg.Client({ connectionString: bench.url });
  await direct.connect();
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: false }),
  );
  const s = new Session(server.base);
  try {
    const setup = await s.setup();
    const userId = setup.user.id;
    await s.request('POST', '/apps', { ...ordersApp(), dashboards: [salesDashboard] });
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;
    const { rows: tables } = await direct.query<{ table_name: string; org_id: string }>(
      `SELECT table_name, org_id FROM form_tables WHERE app_id = $1 AND form_id = $2`,
      [APP_ID, FORM_ID],
    );
    const table = tables[0]!.table_name;
    const orgId = tables[0]!.org_id;
    const { rows: colRows } = await direct.query<{ field_id: string; column_name: string }>(
      `SELECT field_id, column_name FROM field_columns WHERE table_name = $1`,
      [table],
    );
    const c = Object.fromEntries(colRows.map((r) => [r.field_id, `"${r.column_name}"`]));

    // Indexes off during the load (rebuilt after), so the load measures nothing but the rows.
    const { rows: indexes } = await direct.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 AND indexname NOT LIKE '%_pkey'`,
      [table],
    );
    if (!args.keepIndexes) for (const ix of indexes) await direct.query(`DROP INDEX "${ix.indexname}"`);
    const t0 = performance.now();
    const CHUNK = 500_000;
    await direct.query(`SELECT setseed(0.16053)`);
    for (let from = 1; from <= args.n; from += CHUNK) {
      const to = Math.min(args.n, from + CHUNK - 1);
      // Same shape as generateOrders: 8 regions, 5 statuses, ~1,500 customers, three years of
      // order dates, skewed amounts with two decimals.
      await direct.query(
        `INSERT INTO "${table}" (id, version, created_by, updated_by, owner_id, created_at, updated_at,
            ${c.title}, ${c.customer}, ${c.region}, ${c.amount}, ${c.quantity}, ${c.status}, ${c.order_date}, ${c.paid}, ${c.owner})
         SELECT 'seed' || lpad(i::text, 10, '0'), 1, $1, $1, $1, now(), now(),
                'Order ' || i,
                'Customer ' || (hashint4(i) & 2047) % 1500,
                (${sqlList(REGIONS.map((r) => r.value))})[1 + (hashint4(i * 3) & 1023) % ${REGIONS.length}],
                round(exp(random() * ln(200000))::numeric, 2),
                1 + floor(random() * 500)::int,
                (${sqlList(STATUSES.map((r) => r.value))})[1 + (hashint4(i * 7) & 1023) % ${STATUSES.length}],
                date '2023-01-01' + floor(random() * 1096)::int,
                random() < 0.55,
                $1
           FROM generate_series($2::int, $3::int) AS i`,
        [userId, from, to],
      );
      log(`seeded ${to}`);
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    if (!args.keepIndexes)
      for (const ix of indexes)
        if (
          !/gin|gist|trgm/i.test(ix.indexdef) &&
          (args.allIndexes || ix.indexdef.includes(c.order_date!.replace(/"/g, '')))
        )
          await direct.query(ix.indexdef);
    await direct.query(`ANALYZE "${table}"`);
    const indexSeconds = (performance.now() - t1) / 1000;
    const tableSize = (
      await direct.query<{ s: string }>(`SELECT pg_size_pretty(pg_total_relation_size($1)) AS s`, [table])
    ).rows[0]!.s;
    log(`seeded in ${seedSeconds.toFixed(0)} s, indexes ${indexSeconds.toFixed(0)} s, ${tableSize}`);

    const coldDashboard = coldDashboardTimer(s);
    let batchNo = 0;
    const batch = () => {
      const items = Array.from({ length: 1000 }, (_v, i) => ({
        data: {
          title: `batch ${batchNo} ${i}`,
          customer: `Customer ${i % 1500}`,
          region: REGIONS[i % REGIONS.length]!.value,
          amount: ((i * 37) % 100000) / 100,
          quantity: 1 + (i % 50),
          status: STATUSES[i % STATUSES.length]!.value,
          order_date: `2025-0${1 + (i % 9)}-1${i % 10}`,
          paid: i % 2 === 0,
          owner: userId,
        },
      }));
      batchNo++;
      return s.request('POST', `${base}/records/batch`, { items });
    };
    const plainGrouped = `SELECT ${c.region} AS region, sum(${c.amount}) FROM "${table}" WHERE deleted_at IS NULL GROUP BY 1`;

    // Without rollups (fewer samples at millions: each is a full scan).
    const samples = args.n >= 5_000_000 ? 5 : 10;
    const plainSum = await sample(samples, () => direct.query(plainGrouped));
    log(`plain grouped sum: ${cell(plainSum)}`);
    const apiDirect = await sample(samples, () => s.request('POST', `${base}/aggregate`, BY_REGION));
    log(`API grouped sum, direct: ${cell(apiDirect)}`);
    const coldDirect = await coldDashboard(args.iterations);
    log(`dashboard cold, direct: ${cell(coldDirect)}`);
    const batchDirect = await sample(8, batch);
    log(`batch create, no rollups: ${cell(batchDirect)}`);

    // Build the rollups, then the same with them.
    const t2 = performance.now();
    const rebuilt = await s.request<{
      rollups: { spec: unknown; cells: number; skipped?: string; id: string | null }[];
    }>('POST', `${base}/rollups/rebuild`, {});
    const rebuildSeconds = (performance.now() - t2) / 1000;
    log(`rebuild: ${rebuildSeconds.toFixed(1)} s`, JSON.stringify(rebuilt.rollups.map((r) => r.cells)));
    const regionRollup = rebuilt.rollups.find(
      (r) =>
        r.id &&
        JSON.stringify(r.spec) ===
          JSON.stringify({
            date: { field: 'order_date', grain: 'month' },
            keys: ['region'],
            measures: ['amount'],
          }),
    );
    const overCells = regionRollup
      ? await sample(10, () =>
          direct.query(
            `SELECT k0, sum(CASE WHEN n0 > 0 THEN s0 END) FROM rollup_cells WHERE rollup_id = $1 AND cnt > 0 GROUP BY 1`,
            [regionRollup.id],
          ),
        )
      : summarize([0]);
    const apiRollup = await sample(20, () => s.request('POST', `${base}/aggregate`, BY_REGION));
    log(`API grouped sum, rollup: ${cell(apiRollup)}`);
    const coldRollup = await coldDashboard(args.iterations * 4);
    log(`dashboard cold, rollups: ${cell(coldRollup)}`);
    const batchRollup = await sample(8, batch);
    log(`batch create, with rollups: ${cell(batchRollup)}`);

    // Rollup = direct at full size, on the dashboard's own queries.
    const ref = { orgId, appId: APP_ID, formId: FORM_ID };
    const probes = [
      BY_REGION,
      {
        groupBy: [{ field: 'order_date', bucket: 'month' }],
        measures: [{ op: 'sum', field: 'amount', as: 's' }],
      },
      { groupBy: [{ field: 'status' }], measures: [{ op: 'count', as: 'n' }] },
      {
        measures: [
          { op: 'sum', field: 'amount', as: 's' },
          { op: 'count', as: 'n' },
        ],
        filter: { kind: 'cmp', field: 'order_date', op: 'between', value: ['2025-10-01', '2025-12-31'] },
      },
    ];
    let equal = true;
    for (const q of probes) {
      // The direct statement reads every record: past the server's per-statement bound at millions.
      const { rolled, direct: d } = await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL statement_timeout = 0`);
        return rollupProbe(tx, ref, q as never);
      });
      if (!rolled || JSON.stringify(rolled) !== JSON.stringify(d)) equal = false;
    }
    log(`conformance: ${equal}`);

    const result: RollupsResult = {
      n: args.n,
      pgVersion,
      machine: machine(),
      loadAverage: { before: loadBefore, after: os.loadavg() },
      command: `pnpm --filter @tangram/bench bench:rollups -- ${process.argv
        .slice(2)
        .filter((x) => x !== '--')
        .join(' ')}`,
      seedSeconds,
      indexSeconds,
      tableSize,
      rebuild: {
        seconds: rebuildSeconds,
        rollups: rebuilt.rollups.map((r) => ({
          spec: r.spec,
          cells: r.cells,
          ...(r.skipped ? { skipped: r.skipped } : {}),
        })),
      },
      plainSql: { groupedSum: plainSum, groupedSumOverCells: overCells },
      api: { groupedSumDirect: apiDirect, groupedSumRollup: apiRollup },
      dashboard: { coldDirect, coldRollup },
      batchCreate: { direct: batchDirect, rollup: batchRollup },
      conformance: { queries: probes.length, equal },
    };
    await saveJson(`rollups-postgres-${args.n}.json`, result);
    console.log(await writeSection());
  } finally {
    await server.close();
    await direct.end();
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
