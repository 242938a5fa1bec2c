/**
 * Issue 16 benchmark (decision 0050): the page right after a big load with and without the
 * server's own statistics refresh, counts (exact / capped / estimate), the time a simple read spends
 * outside SQL, and batch inserts answered with records or with ids only.
 *
 *   pnpm --filter @tangram/bench exec tsx src/perf.bench.ts --n 100000 --db postgres --stats auto
 *
 * Options: --n (records, default 100000), --db pglite|postgres, --stats auto|manual|none (auto = the
 * server's refresher, waited for; manual = ANALYZE by hand after the load; none = refresher off,
 * nothing analysed: the state before decision 0050), --return records|ids (batch answer),
 * --iterations (timed requests per measure, default 100), --admin-url.
 *
 * SQL time is measured by wrapping the server's `Db`: every statement's wall time is added to the
 * request in flight (requests are timed one at a time, so nothing overlaps).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createApp,
  defaultConfig,
  openDb,
  runMigrations,
  statisticsRefresher,
  type Db,
} from '@tangram/server';
import {
  APP_ID,
  FORM_ID,
  REGIONS,
  generateOrders,
  mulberry32,
  ordersApp,
  pick,
  titleFragments,
} from './orders';
import { summarize, type Timing } from './report';
import { createDatabase, log, machine, Session, timed } from './bench-kit';

interface Args {
  n: number;
  db: 'pglite' | 'postgres';
  stats: 'auto' | 'manual' | 'none';
  ret: 'records' | 'ids' | 'both';
  iterations: number;
  adminUrl: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    n: 100_000,
    db: 'postgres',
    stats: 'auto',
    ret: 'ids',
    iterations: 100,
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => argv[++i] ?? '';
    if (a === '--') continue;
    else if (a === '--n') args.n = Number(v());
    else if (a === '--db') args.db = v() as Args['db'];
    else if (a === '--stats') args.stats = v() as Args['stats'];
    else if (a === '--return') args.ret = v() as Args['ret'];
    else if (a === '--iterations') args.iterations = Number(v());
    else if (a === '--admin-url') args.adminUrl = v();
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

/** The server's Db with a stopwatch: SQL wall time and statements since the last `take()`. */
function timedDb(inner: Db): { db: Db; take(): { ms: number; statements: number } } {
  let ms = 0;
  let statements = 0;
  const wrap = (d: Db): Db => ({
    kind: d.kind,
    description: d.description,
    async query(sql, params) {
      const t0 = performance.now();
      try {
        return await d.query(sql, params);
      } finally {
        ms += performance.now() - t0;
        statements++;
      }
    },
    transaction: (fn) => d.transaction((tx) => fn(wrap(tx))),
    close: () => d.close(),
  });
  return {
    db: wrap(inner),
    take() {
      const out = { ms, statements };
      ms = 0;
      statements = 0;
      return out;
    },
  };
}

const fmt = (t: Timing) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  log(`perf bench: ${JSON.stringify(args)}`);
  let inner: Db;
  let cleanup = async () => {};
  if (args.db === 'postgres') {
    const created = await createDatabase(args.adminUrl);
    inner = await openDb({ databaseUrl: created.url });
    cleanup = created.drop;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tangram-perf-'));
    inner = await openDb({ dataDir });
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  }
  await runMigrations(inner);
  const probe = timedDb(inner);
  const db = probe.db;
  // --stats none: the refresher never fires (the state before decision 0050).
  const statistics = args.stats === 'none' || args.stats === 'manual' ? { minRows: Infinity } : {};
  const app = createApp({ db, config: { ...defaultConfig, statistics }, serveStatic: false });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s = new Session(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const out: string[] = [];
  try {
    const setup = await s.request<{ csrfToken: string; user: { id: string } }>('POST', '/auth/setup', {
      orgName: 'Perf Co',
      name: 'Bench Admin',
      email: 'admin@bench.test',
      password: 'bench password 123',
    });
    s.csrf = setup.csrfToken;
    await s.request('POST', '/apps', ordersApp());
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // 1. Load, 2 batch requests of 1,000 in flight.
    const gen = generateOrders(args.n, [setup.user.id]);
    const nextBody = () => {
      const items: { data: Record<string, unknown> }[] = [];
      for (let i = 0; i < 1000; i++) {
        const r = gen.next();
        if (r.done) break;
        items.push({ data: r.value });
      }
      return items.length ? JSON.stringify({ items }) : null;
    };
    const batchMs: number[] = [];
    // --return both: batches alternate between the two answers, so both see the same conditions.
    const byAnswer: Record<'records' | 'ids', number[]> = { records: [], ids: [] };
    let sent = 0;
    probe.take();
    const t0 = performance.now();
    const worker = async () => {
      for (let body = nextBody(); body !== null; body = nextBody()) {
        const answer = args.ret === 'both' ? (sent++ % 2 ? 'ids' : 'records') : args.ret;
        const ms = await timed(() => s.request('POST', `${base}/records/batch?return=${answer}`, body));
        batchMs.push(ms);
        byAnswer[answer].push(ms);
      }
    };
    await Promise.all([worker(), worker()]);
    const loadMs = performance.now() - t0;
    const loadSql = probe.take();
    const batch = summarize(batchMs);
    if (args.ret === 'both')
      out.push(
        `batch of 1,000 p50 / p95 ms: return=records ${fmt(summarize(byAnswer.records))}, return=ids ${fmt(summarize(byAnswer.ids))}`,
      );
    out.push(
      `insert (return=${args.ret}): ${Math.round(args.n / (loadMs / 1000))} records/s, batch p50/p95 ${fmt(batch)} ms, SQL ${(loadSql.ms / batchMs.length).toFixed(0)} ms per batch (wall, 2 in flight)`,
    );

    // 2. Statistics.
    const waitT0 = performance.now();
    if (args.stats === 'auto') await statisticsRefresher(db).idle();
    if (args.stats === 'manual') await inner.query('ANALYZE');
    out.push(
      `statistics (${args.stats}): ready ${((performance.now() - waitT0) / 1000).toFixed(1)} s after the load; runs: ${statisticsRefresher(db).runs.length}`,
    );

    // 3. Measures, one request at a time, 10 warm-ups each.
    const rng = mulberry32(42);
    const thresholds = [100, 500, 1000, 5000, 20000, 50000];
    const filters = Array.from({ length: 256 }, () => ({
      kind: 'and',
      items: [
        { kind: 'cmp', field: 'region', op: 'eq', value: pick(rng, REGIONS).value },
        { kind: 'cmp', field: 'amount', op: 'gt', value: pick(rng, thresholds) },
      ],
    }));
    const sort = [{ field: 'order_date', dir: 'desc' }];
    const latin = titleFragments(args.iterations + 10, 'latin');
    const measure = async (
      name: string,
      run: (i: number) => Promise<unknown>,
      iterations = args.iterations,
    ) => {
      for (let i = -10; i < 0; i++) await run(i);
      const total: number[] = [];
      const outside: number[] = [];
      let statements = 0;
      probe.take();
      for (let i = 0; i < iterations; i++) {
        total.push(await timed(() => run(i)));
        const sql = probe.take();
        outside.push(total.at(-1)! - sql.ms);
        statements += sql.statements;
      }
      const t = summarize(total);
      const o = summarize(outside);
      const line = `| ${name} | ${fmt(t)} | ${fmt(o)} | ${(statements / iterations).toFixed(1)} |`;
      log(line);
      out.push(line);
    };
    out.push('| measure | p50 / p95 ms | outside SQL p50 / p95 ms | statements per request |');
    out.push('|---|---|---|---|');
    const f = (i: number) => filters[(i + 256) % 256];
    await measure('page of 50: region = X and amount > Y, order_date desc', (i) =>
      s.request('POST', `${base}/records/query`, { filter: f(i), sort, limit: 50 }),
    );
    await measure('GET page of 50, default sort', () => s.request('GET', `${base}/records?limit=50`));
    for (const count of [true, 'capped', 'estimate'] as const)
      await measure(`filtered count, count=${String(count)}`, (i) =>
        s.request('POST', `${base}/records/query`, { filter: f(i), sort, limit: 1, count }),
      );
    for (const count of [true, 'estimate'] as const)
      await measure(
        `q page of 50 with count=${String(count)}`,
        (i) =>
          s.request('POST', `${base}/records/query`, {
            q: latin[(i + latin.length) % latin.length],
            limit: 50,
            count,
          }),
        Math.max(20, args.iterations / 2),
      );
    const m = machine();
    console.log(
      [
        '',
        `N ${args.n}, ${args.db}, stats ${args.stats}, ${m.date}, ${m.cpus} CPUs ${m.cpu}, ${m.ramGb} GB, Node ${m.node}`,
        ...out,
      ].join('\n'),
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await inner.close();
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
