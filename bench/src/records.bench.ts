/**
 * Storage and records API benchmark: loads N seeded `orders` records through the real HTTP API of
 * an in-process Tangram server and times the list, count, aggregate, search and keyset requests.
 *
 *   pnpm --filter @tangram/bench bench -- --n 100000 --db pglite
 *   pnpm --filter @tangram/bench bench -- --n 1000000 --db postgres --batch 1000
 *
 * Options: --n (records), --db pglite|postgres, --batch (records per request, ≤ 1000),
 * --concurrency (batch requests in flight, default 2), --iterations (timed requests per query,
 * default 200), --keep (keep the database / PGlite folder), --admin-url (PostgreSQL admin URL),
 * --report-only (only regenerate the RESULTS.md section from the stored results), --return
 * ids|records (what each batch answers, default ids: decision 0052), --no-anchor (skip the plain-SQL
 * insert anchor), --label <name> (a trial run: saved as records-<db>-<n>-<name>.json, RESULTS.md
 * left alone).
 * Results go to bench/results/records-<db>-<n>.json and the "Storage and records API" section of
 * bench/RESULTS.md is regenerated from every stored result.
 *
 * The plain-SQL anchor (issue 16: every figure beside the limit measured in the same run): after the
 * API load, the same rows are copied in batches of `--batch` with `INSERT … SELECT` into two fresh
 * tables, one with the form table's indexes and one with its primary key only. It measures what
 * PostgreSQL itself needs for the rows and their indexes, without HTTP, Node, history or outbox.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp, defaultConfig, indexDemand, type Db } from '@tangram/server';
import {
  APP_ID,
  FORM_ID,
  REGIONS,
  generateOrders,
  mulberry32,
  ordersApp,
  pick,
  salesTeam,
  titleFragments,
} from './orders';
import { type RunResult, type Timing, saveResult, summarize, writeResultsSection } from './report';
import {
  ADMIN_URL,
  batchBody,
  flag,
  loadInBatches,
  log,
  machine,
  openBenchDb,
  parseFlags,
  serve,
  Session,
  timed,
} from './bench-kit';

const FLAGS = {
  n: flag.int(100_000),
  db: flag.oneOf(['pglite', 'postgres'], 'pglite'),
  /** Records per batch request (at most 1,000). */
  batch: flag.int(1000),
  concurrency: flag.int(2),
  iterations: flag.int(200),
  keep: flag.on(),
  reportOnly: flag.on(),
  adminUrl: flag.text(ADMIN_URL),
  /** What each batch answers (decision 0052). */
  return: flag.oneOf(['ids', 'records'], 'ids'),
  anchor: flag.off(),
  label: flag.optional(),
};

function parseArgs() {
  const { return: answer, batch, label, ...rest } = parseFlags(FLAGS);
  return {
    ...rest,
    answer,
    batch: Math.min(1000, batch),
    label: label === undefined ? null : label.replace(/[^a-z0-9-]/gi, '-'),
  };
}
type Args = ReturnType<typeof parseArgs>;

/**
 * Copies the loaded rows, `--batch` at a time in `seq` order, with `INSERT … SELECT` into a table
 * with the form table's indexes and into one with its primary key only; records/s of each. Runs on
 * a direct connection (PostgreSQL) or the Db object (PGlite), after the API load, so both measure
 * against a table of the same final size.
 */
async function plainSqlAnchor(
  args: Args,
  pgUrl: string | undefined,
  db: Db,
  table: string,
): Promise<{ withIndexes: number; primaryKeyOnly: number }> {
  const direct = pgUrl ? new pg.Client({ connectionString: pgUrl }) : null;
  await direct?.connect();
  const run = async (sql: string, params: unknown[] = []) => {
    if (direct) await direct.query(sql, params);
    else await db.query(sql, params);
  };
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const { rows } = await db.query<{ m: string | number }>(`SELECT max(seq) AS m FROM ${q(table)}`);
  const maxSeq = Number(rows[0]?.m ?? 0);
  // The batches are read from a copy ordered and indexed by seq: the form table has no seq index, and
  // a scan of it per batch made the anchor measure reading (at 1M, 1,000 scans of 338 MB) more than writing.
  const source = `${table}_anchor_src`;
  await run(`CREATE TABLE ${q(source)} AS SELECT * FROM ${q(table)} ORDER BY seq`);
  await run(`CREATE INDEX ON ${q(source)} (seq)`);
  await run(`ANALYZE ${q(source)}`);
  const one = async (suffix: string, like: string): Promise<number> => {
    const copy = `${table}_${suffix}`;
    await run(`CREATE TABLE ${q(copy)} (LIKE ${q(table)} ${like})`);
    if (!like.includes('ALL')) await run(`ALTER TABLE ${q(copy)} ADD PRIMARY KEY (id)`);
    const t0 = performance.now();
    for (let from = 0; from < maxSeq; from += args.batch)
      await run(`INSERT INTO ${q(copy)} SELECT * FROM ${q(source)} WHERE seq > $1 AND seq <= $2`, [
        from,
        from + args.batch,
      ]);
    const perSecond = args.n / ((performance.now() - t0) / 1000);
    await run(`DROP TABLE ${q(copy)}`);
    log(`plain SQL anchor (${suffix}): ${Math.round(perSecond)} records/s`);
    return perSecond;
  };
  try {
    return {
      withIndexes: await one('anchor_ix', 'INCLUDING ALL'),
      primaryKeyOnly: await one('anchor_pk', 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS'),
    };
  } finally {
    await run(`DROP TABLE ${q(source)}`);
    await direct?.end();
  }
}

/** Runs `warmup` untimed then `count` timed requests one at a time; `make(i)` builds request i. */
async function measure(
  label: string,
  count: number,
  make: (i: number) => () => Promise<unknown>,
  warmup = 10,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await make(-1 - i)();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await timed(make(i)));
  const t = summarize(samples);
  log(`${label}: p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms (n=${t.count})`);
  return t;
}

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
  total?: number;
}

async function main(): Promise<void> {
  const args = parseArgs();
  if (args.reportOnly) {
    console.log(await writeResultsSection());
    return;
  }
  log(`records bench: n=${args.n} db=${args.db} batch=${args.batch} concurrency=${args.concurrency}`);

  // 1. Database and server, in this process.
  // PGlite: a persistent folder, as in production (DATA_DIR), in a temp directory.
  const bench = await openBenchDb(args.db, args.adminUrl);
  const { db, pgVersion, url: pgUrl } = bench;
  log(`storage: ${bench.storage}`);
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: pgUrl }, serveStatic: false }),
  );
  // The client reuses idle connections across pauses (ANALYZE, the anchor, index builds) longer
  // than Node's 5 s keep-alive: a request racing the server's close of an idle socket is reset.
  server.server.keepAliveTimeout = 10 * 60_000;
  const s = new Session(server.base);
  log(`server on 127.0.0.1:${server.port}, PostgreSQL ${pgVersion}`);

  try {
    // 2. First-run setup, a few members to own records, the app.
    const setup = await s.setup({ orgName: '示例贸易 Bench Co' });
    const owners = await salesTeam(s, setup.user.id);
    await s.request('POST', '/apps', ordersApp());
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // 3. Load N records in batches, `concurrency` requests in flight.
    let done = 0;
    let nextReport = Math.min(args.n, 100_000);
    const batchMs: number[] = [];
    const batchQuery = args.answer === 'records' ? '?return=records' : '';
    const loadBefore = os.loadavg();
    let lastReportAt = performance.now();
    let lastReportDone = 0;
    const loadMs = await loadInBatches(
      generateOrders(args.n, owners),
      { size: args.batch, concurrency: args.concurrency },
      async (items) => {
        const body = batchBody(items);
        const ms = await timed(() => s.request('POST', `${base}/records/batch${batchQuery}`, body));
        batchMs.push(ms);
        done += args.batch;
        if (done >= nextReport) {
          const now = performance.now();
          log(
            `loaded ${Math.min(done, args.n)} records; last segment ${Math.round(((done - lastReportDone) / (now - lastReportAt)) * 1000)} records/s`,
          );
          lastReportAt = now;
          lastReportDone = done;
          nextReport += Math.min(args.n, 100_000);
        }
      },
    );
    const loadAfter = os.loadavg();
    log(
      `load average before / after the load: ${loadBefore.map((x) => x.toFixed(1)).join(' ')} / ${loadAfter.map((x) => x.toFixed(1)).join(' ')}`,
    );
    const insertPerSec = args.n / (loadMs / 1000);
    const batch = summarize(batchMs);
    log(
      `insert: ${args.n} records in ${(loadMs / 1000).toFixed(1)} s = ${Math.round(insertPerSec)} records/s (batch p50 ${batch.p50.toFixed(0)} ms, p95 ${batch.p95.toFixed(0)} ms)`,
    );

    // 4. ANALYZE, so the planner knows the new table (autovacuum may not have run yet).
    const { rows: tableRows } = await db.query<{ table_name: string }>(
      `SELECT table_name FROM form_tables WHERE app_id = $1 AND form_id = $2`,
      [APP_ID, FORM_ID],
    );
    const table = tableRows[0]!.table_name;
    let sizes = '';
    if (args.db === 'postgres') {
      const direct = new pg.Client({ connectionString: pgUrl });
      await direct.connect();
      await direct.query(`ANALYZE`);
      const { rows } = await direct.query<{ t: string; i: string }>(
        `SELECT pg_size_pretty(pg_table_size($1)) AS t, pg_size_pretty(pg_indexes_size($1)) AS i`,
        [table],
      );
      sizes = `table ${rows[0]!.t}, indexes ${rows[0]!.i}`;
      await direct.end();
      log(`ANALYZE done through a direct pg connection; ${sizes}`);
    } else {
      await db.query(`ANALYZE`);
      const { rows } = await db.query<{ t: string; i: string }>(
        `SELECT pg_size_pretty(pg_table_size($1)) AS t, pg_size_pretty(pg_indexes_size($1)) AS i`,
        [table],
      );
      sizes = `table ${rows[0]!.t}, indexes ${rows[0]!.i}`;
      log(`ANALYZE done through the Db object; ${sizes}`);
    }

    // 4a. The plain-SQL anchor: the same rows, batch by batch, into copies of the table.
    const anchor = args.anchor ? await plainSqlAnchor(args, pgUrl, db, table) : undefined;

    // 4b. Sort indexes are made when a read first needs them (decision 0052): one request of each
    // filtered or sorted kind asks for them, and the timed queries start once they are built.
    await s.request('POST', `${base}/records/query`, {
      filter: { kind: 'cmp', field: 'region', op: 'eq', value: REGIONS[0]!.value },
      sort: [{ field: 'order_date', dir: 'desc' }],
      limit: 1,
    });
    await s.request('POST', `${base}/records/query`, {
      filter: { kind: 'cmp', field: 'amount', op: 'gt', value: 1 },
      limit: 1,
    });
    const t1 = performance.now();
    await indexDemand(db).idle();
    log(
      `sort indexes asked for by the first reads built in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${indexDemand(db).built.length}`,
    );
    // The search index is made when a page is first searched (decision 0065): that first search
    // runs without it, and the timed searches start once it is built.
    const firstSearchMs = await timed(() =>
      s.request('POST', `${base}/records/query`, { q: titleFragments(1, 'latin')[0]!, limit: 50 }),
    );
    const t2 = performance.now();
    await indexDemand(db).idle();
    log(
      `first search (no search index yet) ${firstSearchMs.toFixed(0)} ms; search index built in ${((performance.now() - t2) / 1000).toFixed(1)} s`,
    );

    // 5. Queries, one request at a time.
    const rng = mulberry32(42);
    const thresholds = [100, 500, 1000, 5000, 20000, 50000];
    const filters = Array.from({ length: 256 }, () => ({
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'region', op: 'eq', value: pick(rng, REGIONS).value },
        { kind: 'cmp', field: 'amount', op: 'gt', value: pick(rng, thresholds) },
      ],
    }));
    const filterOf = (i: number) => filters[(i + filters.length) % filters.length];
    const sort = [{ field: 'order_date', dir: 'desc' }];
    const it = args.iterations;

    const list = await measure('filtered sorted page of 50', it, (i) => async () => {
      const page = await s.request<Page>('POST', `${base}/records/query`, {
        filter: filterOf(i),
        sort,
        limit: 50,
      });
      if (i === 0 && page.items.length === 0) throw new Error('the filtered page is empty');
    });
    const count = await measure(
      'filtered count (count:true, limit:1)',
      Math.max(20, it / 2),
      (i) => () =>
        s.request<Page>('POST', `${base}/records/query`, {
          filter: filterOf(i),
          sort,
          limit: 1,
          count: true,
        }),
    );
    const aggregate = await measure(
      'sum(amount) group by region',
      Math.max(20, it / 4),
      () => () =>
        s.request('POST', `/apps/${APP_ID}/forms/${FORM_ID}/aggregate`, {
          groupBy: [{ field: 'region' }],
          measures: [{ op: 'sum', field: 'amount', as: 'total' }],
        }),
      3,
    );
    const latin = titleFragments(it + 10, 'latin');
    const cjk = titleFragments(it + 10, 'cjk');
    const searchLatin = await measure(
      'q latin 3-letter fragment, page of 50',
      it,
      (i) => () =>
        s.request('POST', `${base}/records/query`, {
          q: latin[(i + latin.length) % latin.length],
          limit: 50,
        }),
    );
    const searchCjk = await measure(
      'q CJK 3-character fragment, page of 50',
      it,
      (i) => () =>
        s.request('POST', `${base}/records/query`, { q: cjk[(i + cjk.length) % cjk.length], limit: 50 }),
    );

    // Single creates (issue 16: p95 under 15 ms), after the load, one at a time.
    const singles = generateOrders(args.iterations + 10, owners);
    const singleCreate = await measure('single create', it, () => async () => {
      await s.request('POST', `${base}/records`, { data: singles.next().value });
    });

    // 6. Keyset walk: 20 consecutive pages of all records sorted by order_date desc.
    const walks = Math.max(3, Math.round(it / 20));
    const perPage: number[][] = Array.from({ length: 20 }, () => []);
    for (let w = -1; w < walks; w++) {
      let cursor: string | null | undefined;
      for (let p = 0; p < 20; p++) {
        let page: Page | undefined;
        const ms = await timed(async () => {
          page = await s.request<Page>('POST', `${base}/records/query`, {
            sort,
            limit: 50,
            ...(cursor ? { cursor } : {}),
          });
        });
        if (w >= 0) perPage[p]!.push(ms);
        cursor = page!.nextCursor;
        if (!cursor) break;
      }
    }
    const pages = perPage.map(summarize);
    log(
      `keyset walk (${walks} walks): ` +
        pages.map((t, i) => `p${i + 1} ${t.p50.toFixed(1)}/${t.p95.toFixed(1)}`).join(', '),
    );

    const result: RunResult = {
      kind: 'records',
      n: args.n,
      db: args.db,
      batch: args.batch,
      concurrency: args.concurrency,
      iterations: it,
      storage:
        args.db === 'postgres'
          ? 'PostgreSQL server (fresh database)'
          : 'PGlite, on-disk DATA_DIR in a temp folder',
      sizes,
      machine: { ...machine(), pg: pgVersion },
      command: `pnpm --filter @tangram/bench bench -- --n ${args.n} --db ${args.db} --batch ${args.batch}`,
      insert: {
        seconds: loadMs / 1000,
        perSecond: insertPerSec,
        batch,
        answer: args.answer,
        anchor,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      list,
      count,
      aggregate,
      searchLatin,
      searchCjk,
      singleCreate,
      keyset: { walks, pages, all: summarize(perPage.flat()) },
    };
    if (args.label) {
      const file = path.resolve(
        path.dirname(fileURLToPath(import.meta.url)),
        `../results/records-${args.db}-${args.n}-${args.label}.json`,
      );
      await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
      log(`saved ${file} (trial run: RESULTS.md left alone)`);
    } else {
      const file = await saveResult(result);
      log(`saved ${file}`);
      const md = await writeResultsSection();
      console.log(`\n${md}`);
    }
  } finally {
    await server.close();
    await bench.close(args.keep);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
