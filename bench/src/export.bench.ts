/**
 * Export benchmark (issue 15, "Performance"): N records of an orders form exported to XLSX and to
 * CSV on the PostgreSQL server, through the real HTTP API as a background job (keyset pages of 500
 * through the records kernel's read door, rows streamed into exceljs's streaming writer or
 * csv-stringify, the file written to disk). The records are seeded with one INSERT … SELECT
 * (seeded generator in SQL: the values depend only on the row number), not through the write door.
 * Measured: rows/s (rows / time from `POST …/exports` to the job's `done`, polled every 250 ms),
 * the file's size, and the process's peak RSS sampled every 100 ms during the export (the client
 * and the server share the process).
 *
 *   pnpm --filter @tangram/bench bench:export -- --n 1000000
 *
 * Options: --n (records, default 200000), --formats (xlsx,csv), --admin-url.
 * Result: bench/results/export-postgres-<n>.json.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp, defaultConfig, type Db } from '@tangram/server';
import {
  ADMIN_URL,
  flag,
  l,
  log,
  machine,
  openBenchDb,
  parseFlags,
  RESULTS_DIR,
  saveJson,
  serve,
  Session,
} from './bench-kit';

const FLAGS = { n: flag.int(200_000), formats: flag.text('xlsx,csv'), adminUrl: flag.text(ADMIN_URL) };

const app = {
  id: 'bench_export',
  name: l('Export bench', '导出测试'),
  formatVersion: 2,
  forms: [
    {
      id: 'orders',
      name: l('Orders', '订单'),
      titleField: 'no',
      fields: [
        { id: 'no', type: 'text', label: l('Order no', '订单号') },
        { id: 'customer', type: 'text', label: l('Customer', '客户') },
        {
          id: 'stage',
          type: 'select',
          label: l('Stage', '阶段'),
          config: {
            options: ['新建', '跟进', '成交'].map((zh, i) => ({ value: `s${i}`, label: l(`S${i}`, zh) })),
          },
        },
        { id: 'qty', type: 'number', label: l('Qty', '数量'), config: { precision: 0 } },
        {
          id: 'amount',
          type: 'money',
          label: l('Amount', '金额'),
          config: { currency: 'CNY', precision: 2 },
        },
        { id: 'day', type: 'date', label: l('Day', '日期') },
        { id: 'at', type: 'datetime', label: l('Signed at', '签约时间') },
        { id: 'paid', type: 'boolean', label: l('Paid', '已付款') },
        { id: 'owner', type: 'member', label: l('Owner', '负责人') },
        { id: 'note', type: 'textarea', label: l('Notes', '备注') },
      ],
    },
  ],
};

/** N records in one statement; every value is a function of the row number g (repeatable). */
async function seed(db: Db, n: number, ownerId: string): Promise<void> {
  const { rows } = await db.query<{ table_name: string; field_id: string; column_name: string }>(
    `SELECT t.table_name, c.field_id, c.column_name FROM form_tables t
       JOIN field_columns c ON c.table_name = t.table_name
      WHERE t.app_id = 'bench_export' AND t.form_id = 'orders'`,
  );
  const table = rows[0]!.table_name;
  const col = (id: string) => `"${rows.find((r) => r.field_id === id)!.column_name}"`;
  const values: Record<string, string> = {
    no: `'SO-' || lpad(g::text, 7, '0')`,
    customer: `'客户 ' || (g % 5000) || ' Trading'`,
    stage: `'s' || (g % 3)`,
    qty: `(g % 97) + 1`,
    amount: `((g::bigint * 7919) % 1000000) / 100.0`,
    day: `date '2024-01-01' + (g % 700)`,
    at: `timestamptz '2024-01-01 00:00:00+00' + (g % 100000) * interval '7 minutes'`,
    paid: `g % 2 = 0`,
    owner: `$1`,
    note: `CASE WHEN g % 3 = 0 THEN '备注 ' || g ELSE NULL END`,
  };
  const ids = Object.keys(values);
  for (let start = 1; start <= n; start += 50_000) {
    const end = Math.min(n, start + 49_999);
    // One statement per 50,000 rows, without the server's statement timeout (seeding only).
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL statement_timeout = 0`);
      await tx.query(
        `INSERT INTO "${table}" (id, created_by, owner_id, created_at, updated_at, ${ids.map(col).join(', ')})
       SELECT 'rec' || lpad(g::text, 8, '0'), $1, $1,
              timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', now(),
              ${ids.map((id) => values[id]).join(', ')}
         FROM generate_series(${start}, ${end}) g`,
        [ownerId],
      );
    });
  }
  await db.query(`ANALYZE "${table}"`);
}

async function main() {
  const { formats, ...args } = parseFlags(FLAGS);
  const bench = await openBenchDb('postgres', args.adminUrl);
  const { db, pgVersion } = bench;
  const dataDir = path.join(RESULTS_DIR, '..', '.export-bench');
  await mkdir(dataDir, { recursive: true });
  process.env.EXPORT_JOB_ROWS = '0';
  const server = await serve(
    createApp({
      db,
      config: { ...defaultConfig, databaseUrl: bench.url, dataDir, automationIntervalMs: 0 },
      serveStatic: false,
    }),
  );
  const base = server.base;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const runs: Record<string, unknown>[] = [];
  try {
    const s = new Session(base);
    const setup = await s.setup({ timeZone: 'Asia/Shanghai' });
    await s.request('POST', '/apps', app);
    log(`seeding ${args.n} records`);
    const t0 = performance.now();
    await seed(db, args.n, setup.user.id);
    log(`seeded in ${Math.round(performance.now() - t0)} ms`);
    const url = '/apps/bench_export/forms/orders/exports';
    for (const format of formats.split(',')) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      peak = rssBefore;
      const t1 = performance.now();
      const started = await s.request<{ export: { id: string } }>('POST', url, {
        format,
        sort: [{ field: 'createdAt', dir: 'asc' }],
      });
      let job: { status: string; rowsDone: number; fileSize: number | null; message: string | null };
      for (;;) {
        job = (await s.request<{ export: typeof job }>('GET', `${url}/${started.export.id}`)).export;
        if (!['queued', 'running'].includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const ms = performance.now() - t1;
      if (job.status !== 'done' || job.rowsDone !== args.n)
        throw new Error(`export ended ${JSON.stringify(job)}`);
      const run = {
        format,
        ms: Math.round(ms),
        rowsPerSecond: Math.round(args.n / (ms / 1000)),
        fileMb: Math.round(((job.fileSize ?? 0) / 2 ** 20) * 10) / 10,
        rssBeforeMb: Math.round(rssBefore / 2 ** 20),
        peakRssMb: Math.round(peak / 2 ** 20),
      };
      log(run);
      runs.push(run);
    }
    const result = { machine: machine(), database: `PostgreSQL ${pgVersion}`, n: args.n, runs };
    await saveJson(`export-postgres-${args.n}.json`, result);
  } finally {
    clearInterval(sampler);
    await server.close();
    await bench.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
