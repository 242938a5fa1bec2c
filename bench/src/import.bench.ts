/**
 * Import benchmark (issue 15, "Performance"): N rows from an XLSX file imported into a customers
 * form on the PostgreSQL server, through the real HTTP API and the background job (upload, mapping,
 * run; the job streams the sheet and writes batches of 500 through the records kernel's write
 * door). Measured: rows/s of the write phase (rows / time from run to done), the upload (which
 * reads the whole file once: bounds, sheets, preview) and the process's peak RSS, sampled every
 * 100 ms from before the upload to the end (the client, the server and exceljs share the process).
 *
 *   pnpm --filter @tangram/bench bench:import -- --n 100000
 *
 * Options: --n (rows, default 100000), --admin-url. Result: bench/results/import-postgres-<n>.json.
 */
import ExcelJS from 'exceljs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp, defaultConfig } from '@tangram/server';
import { mulberry32 } from './orders';
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

const FLAGS = { n: flag.int(100_000), adminUrl: flag.text(ADMIN_URL) };

const app = {
  id: 'bench_import',
  name: l('Import bench', '导入测试'),
  formatVersion: 2,
  forms: [
    {
      id: 'customers',
      name: l('Customers', '客户'),
      titleField: 'name',
      fields: [
        { id: 'name', type: 'text', label: l('Name', '客户名称'), required: true },
        { id: 'code', type: 'text', label: l('Code', '客户编号'), unique: true },
        {
          id: 'tier',
          type: 'select',
          label: l('Tier', '等级'),
          config: {
            options: ['金牌', '银牌', '铜牌'].map((zh, i) => ({ value: `t${i}`, label: l(`Tier ${i}`, zh) })),
          },
        },
        { id: 'since', type: 'date', label: l('Since', '签约日期') },
        {
          id: 'credit',
          type: 'money',
          label: l('Credit', '信用额度'),
          config: { currency: 'CNY', precision: 2 },
        },
        { id: 'vip', type: 'boolean', label: l('VIP', '重点客户') },
        { id: 'note', type: 'textarea', label: l('Notes', '备注') },
      ],
    },
  ],
};

/** The workbook, written with exceljs's streaming writer (as a real 100,000-row export would be). */
async function workbook(file: string, n: number): Promise<void> {
  const rand = mulberry32(20261205);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = book.addWorksheet('客户');
  ws.addRow(['客户名称', '客户编号', '等级', '签约日期', '信用额度', '重点客户', '备注']).commit();
  for (let i = 1; i <= n; i++) {
    ws.addRow([
      `客户 ${i} Customer`,
      `C${String(i).padStart(7, '0')}`,
      ['金牌', '银牌', '铜牌'][Math.floor(rand() * 3)],
      new Date(Date.UTC(2020 + Math.floor(rand() * 6), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))),
      Math.round(rand() * 1e7) / 100,
      rand() < 0.2 ? '是' : '否',
      rand() < 0.3 ? '' : `备注 ${i}`,
    ]).commit();
  }
  ws.commit();
  await book.commit();
}

async function main() {
  const args = parseFlags(FLAGS);
  const bench = await openBenchDb('postgres', args.adminUrl);
  const { db, pgVersion } = bench;
  const dataDir = path.join(RESULTS_DIR, '..', '.import-bench');
  await mkdir(dataDir, { recursive: true });
  const server = await serve(
    createApp({
      db,
      config: { ...defaultConfig, databaseUrl: bench.url, dataDir, automationIntervalMs: 0 },
      serveStatic: false,
    }),
  );
  const base = server.base;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const s = new Session(base);
    await s.setup();
    await s.request('POST', '/apps', app);
    const file = path.join(dataDir, `customers-${args.n}.xlsx`);
    log(`writing ${args.n} rows to ${file}`);
    await workbook(file, args.n);
    const { size } = await import('node:fs').then((fs) => fs.statSync(file));
    const rssBefore = process.memoryUsage().rss;
    peak = rssBefore;
    const body = new FormData();
    body.append(
      'file',
      new Blob([await import('node:fs/promises').then((fs) => fs.readFile(file))]),
      'customers.xlsx',
    );
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/apps/bench_import/forms/customers/imports`, {
      method: 'POST',
      body,
      headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf },
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    const job = ((await res.json()) as { import: { id: string; suggestion: unknown } }).import;
    const uploadMs = performance.now() - t0;
    log(`upload + read ${Math.round(uploadMs)} ms`);
    const url = `/apps/bench_import/forms/customers/imports/${job.id}`;
    await s.request('PUT', `${url}/settings`, {
      ...(job.suggestion as object),
      policy: 'skip_bad_rows',
      mode: 'create',
    });
    const t1 = performance.now();
    await s.request('POST', `${url}/run`);
    let last: { status: string; created: number; skipped: number; progress: { done: number } };
    for (;;) {
      last = (await s.request<{ import: typeof last }>('GET', url)).import;
      if (!['queued', 'running'].includes(last.status)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const runMs = performance.now() - t1;
    if (last.status !== 'done' || last.created !== args.n)
      throw new Error(`import ended ${JSON.stringify(last)}`);
    const result = {
      machine: machine(),
      database: `PostgreSQL ${pgVersion}`,
      n: args.n,
      fileBytes: size,
      uploadMs: Math.round(uploadMs),
      runMs: Math.round(runMs),
      rowsPerSecond: Math.round(args.n / (runMs / 1000)),
      rowsPerSecondWithUpload: Math.round(args.n / ((runMs + uploadMs) / 1000)),
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      peakRssMb: Math.round(peak / 2 ** 20),
    };
    log(result);
    await saveJson(`import-postgres-${args.n}.json`, result);
  } finally {
    clearInterval(sampler);
    await server.close();
    await bench.close();
    await import('node:fs/promises').then((fs) => fs.rm(dataDir, { recursive: true, force: true }));
  }
}

await main();
