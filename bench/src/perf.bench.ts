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
import { performance } from 'node:perf_hooks';
import { createApp, defaultConfig, statisticsRefresher } from '@tangram/server';
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
  timedDb,
} from './bench-kit';

const FLAGS = {
  n: flag.int(100_000),
  db: flag.oneOf(['pglite', 'postgres'], 'postgres'),
  stats: flag.oneOf(['auto', 'manual', 'none'], 'auto'),
  return: flag.oneOf(['records', 'ids', 'both'], 'ids'),
  iterations: flag.int(100),
  adminUrl: flag.text(ADMIN_URL),
};

const fmt = (t: Timing) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;

async function main(): Promise<void> {
  const { return: ret, ...flags } = parseFlags(FLAGS);
  const args = { ...flags, ret };
  log(`perf bench: ${JSON.stringify(args)}`);
  const bench = await openBenchDb(args.db, args.adminUrl);
  const inner = bench.db;
  const probe = timedDb(inner);
  const db = probe.db;
  // --stats none: the refresher never fires (the state before decision 0050).
  const statistics = args.stats === 'none' || args.stats === 'manual' ? { minRows: Infinity } : {};
  const server = await serve(createApp({ db, config: { ...defaultConfig, statistics }, serveStatic: false }));
  const s = new Session(server.base);
  const out: string[] = [];
  try {
    const setup = await s.setup({ orgName: 'Perf Co' });
    await s.request('POST', '/apps', ordersApp());
    const base = `/apps/${APP_ID}/forms/${FORM_ID}`;

    // 1. Load, 2 batch requests of 1,000 in flight.
    const batchMs: number[] = [];
    // --return both: batches alternate between the two answers, so both see the same conditions.
    const byAnswer: Record<'records' | 'ids', number[]> = { records: [], ids: [] };
    let sent = 0;
    probe.take();
    const loadMs = await loadInBatches(
      generateOrders(args.n, [setup.user.id]),
      { size: 1000, concurrency: 2 },
      async (items) => {
        const body = batchBody(items);
        const answer = args.ret === 'both' ? (sent++ % 2 ? 'ids' : 'records') : args.ret;
        const ms = await timed(() => s.request('POST', `${base}/records/batch?return=${answer}`, body));
        batchMs.push(ms);
        byAnswer[answer].push(ms);
      },
    );
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
    await server.close();
    await bench.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
