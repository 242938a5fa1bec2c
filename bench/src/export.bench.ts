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
import { mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createApp, defaultConfig, openDb, runMigrations } from '@tangram/server';
import { createDatabase, log, machine, Session } from './bench-kit';

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(here, '..', 'results');

function parseArgs(argv: string[]) {
  const args = {
    n: 200_000,
    formats: ['xlsx', 'csv'],
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (name === '--') continue;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--n') args.n = Number(value);
    else if (name === '--formats') args.formats = value.split(',');
    else if (name === '--admin-url') args.adminUrl = value;
    else throw new Error(`unknown option ${name}`);
  }
  if (!Number.isInteger(args.n) || args.n < 1) throw new Error('--n must be a positive whole number');
  return args;
}

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh });
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
async function seed(db: Awaited<ReturnType<typeof openDb>>, n: number, ownerId: string): Promise<void> {
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
  const args = parseArgs(process.argv.slice(2));
  const created = await createDatabase(args.adminUrl);
  const dataDir = path.join(RESULTS_DIR, '..', '.export-bench');
  await mkdir(dataDir, { recursive: true });
  const db = await openDb({ databaseUrl: created.url });
  await runMigrations(db);
  const { rows } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  const pgVersion = rows[0]?.v ?? 'unknown';
  process.env.EXPORT_JOB_ROWS = '0';
  const server = http.createServer(
    createApp({
      db,
      config: { ...defaultConfig, databaseUrl: created.url, dataDir, automationIntervalMs: 0 },
      serveStatic: false,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const runs: Record<string, unknown>[] = [];
  try {
    const s = new Session(base);
    const setup = await s.request<{ csrfToken: string; user: { id: string } }>('POST', '/auth/setup', {
      orgName: 'Bench Co',
      name: 'Bench Admin',
      email: 'admin@bench.test',
      password: 'bench password 123',
      timeZone: 'Asia/Shanghai',
    });
    s.csrf = setup.csrfToken;
    await s.request('POST', '/apps', app);
    log(`seeding ${args.n} records`);
    const t0 = performance.now();
    await seed(db, args.n, setup.user.id);
    log(`seeded in ${Math.round(performance.now() - t0)} ms`);
    const url = '/apps/bench_export/forms/orders/exports';
    for (const format of args.formats) {
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
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(
      path.join(RESULTS_DIR, `export-postgres-${args.n}.json`),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    clearInterval(sampler);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    await created.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
