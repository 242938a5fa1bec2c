/**
 * Automation engine benchmark (issue 12, "Performance": 10,000 record creates that each fire one
 * create action; events processed per second and the lag from commit to effect).
 *
 * The server is the production start (`tsx server/src/main.ts`: supervisor + WORKERS worker
 * processes, each with its background automation worker, decision 0029) on a fresh
 * `tangram_bench_<random>` database of the PostgreSQL server, dropped afterwards. Through the HTTP
 * API the benchmark saves an app (definition format 3) with an Orders and a Shipments form and one
 * automation "when an order is created, create a shipment" (the shipment copies the order's id,
 * title, customer and quantity), then:
 *
 *   burst    N orders through `POST …/records/batch` (--batch per request, --concurrency in
 *            flight), as the records bench loads, while the automation workers run;
 *   trickle  --trickle orders one at a time, one every --gap ms, after the burst has drained (the
 *            lag of an idle engine: what a person waits for).
 *
 * All times come from the database (`created_at` of each order and of its shipment, same host
 * clock as the benchmark); orders and shipments are joined on the copied order id. Throughput =
 * N / (last shipment's created_at − first order's created_at). `created_at` is the start of the
 * writing transaction, so for a batch it precedes the commit by the batch's own insert time; the
 * lag is therefore also given from the moment the batch's HTTP answer arrived (after its commit):
 * the true commit-to-effect lag lies between the two. After each run: exactly one shipment per
 * order, every run succeeded.
 *
 *   pnpm --filter @tangram/bench bench:automations -- --n 10000 --workers 1,2
 *
 * Options: --n (default 10000), --batch (1000), --concurrency (2), --workers (comma list of
 * server process counts, default "1,2"), --interval (AUTOMATION_INTERVAL_MS, default 1000 = the
 * production default), --trickle (200), --gap (50 ms), --timeout (s to wait for the backlog,
 * default 1800), --admin-url. Results go to bench/results/automations-postgres-<n>-w<k>.json.
 */
import os from 'node:os';
import pg from 'pg';
import { ServerProcess, freePort } from '../../tests/support/server-process';
import { generateOrders } from './orders';
import { summarize, type Timing } from './report';
import {
  ADMIN_URL,
  batchBody,
  createDatabase,
  flag,
  l,
  loadInBatches,
  log,
  machine,
  parseFlags,
  saveJson,
  Session,
  type Machine,
} from './bench-kit';
const APP = 'autobench';

const FLAGS = {
  n: flag.int(10_000),
  batch: flag.int(1000),
  concurrency: flag.int(2),
  /** Server process counts, one run each. */
  workers: flag.text('1,2'),
  /** AUTOMATION_INTERVAL_MS; 0 would switch the worker off. */
  interval: flag.int(1000),
  trickle: flag.int(200, 0),
  gap: flag.int(50, 0),
  timeout: flag.int(1800),
  adminUrl: flag.text(ADMIN_URL),
};

function parseArgs() {
  const { workers, batch, ...rest } = parseFlags(FLAGS);
  const counts = workers.split(',').map((w) => Number(w));
  if (counts.some((w) => !Number.isInteger(w) || w < 1 || w > 8))
    throw new Error('--workers must list process counts from 1 to 8, e.g. 1,2');
  return { ...rest, batch: Math.min(1000, batch), workers: counts };
}
type Args = ReturnType<typeof parseArgs>;

/** Orders (the records bench's fields), Shipments, and "order created -> create a shipment". */
function automationApp() {
  return {
    id: APP,
    name: l('Automation bench', '自动化性能测试'),
    formatVersion: 3,
    forms: [
      {
        id: 'orders',
        name: l('Orders', '订单'),
        titleField: 'title',
        fields: [
          {
            id: 'title',
            type: 'text',
            label: l('Title', '标题'),
            required: true,
            config: { maxLength: 200 },
          },
          { id: 'customer', type: 'text', label: l('Customer', '客户') },
          { id: 'region', type: 'text', label: l('Region', '区域') },
          {
            id: 'amount',
            type: 'money',
            label: l('Amount', '金额'),
            config: { currency: 'CNY', precision: 2, min: 0 },
          },
          { id: 'quantity', type: 'number', label: l('Quantity', '数量'), config: { precision: 0, min: 0 } },
          { id: 'order_date', type: 'date', label: l('Order date', '下单日期') },
        ],
      },
      {
        id: 'shipments',
        name: l('Shipments', '发货单'),
        titleField: 'title',
        fields: [
          { id: 'order_id', type: 'text', label: l('Order id', '订单编号') },
          { id: 'title', type: 'text', label: l('Order', '订单'), config: { maxLength: 200 } },
          { id: 'customer', type: 'text', label: l('Customer', '客户') },
          { id: 'quantity', type: 'number', label: l('Quantity', '数量'), config: { precision: 0, min: 0 } },
        ],
      },
    ],
    automations: [
      {
        id: 'ship_order',
        name: l('Ship every new order', '新订单自动发货'),
        trigger: { type: 'record', form: 'orders', events: ['created'] },
        actions: [
          {
            type: 'create',
            form: 'shipments',
            values: [
              { field: 'order_id', value: { kind: 'field', field: 'id' } },
              { field: 'title', value: { kind: 'field', field: 'title' } },
              { field: 'customer', value: { kind: 'field', field: 'customer' } },
              { field: 'quantity', value: { kind: 'field', field: 'quantity' } },
            ],
          },
        ],
      },
    ],
  };
}

/** The order fields of the records bench's generator that this form has. */
function* orderFields(gen: Generator<Record<string, unknown>>): Generator<Record<string, unknown>> {
  for (const { title, customer, region, amount, quantity, order_date } of gen)
    yield { title, customer, region, amount, quantity, order_date };
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface PhaseResult {
  orders: number;
  /** Orders per second accepted by the API (whole load, wall clock). */
  loadPerSecond: number;
  /** First order's created_at to the last shipment's created_at, seconds. */
  spanSeconds: number;
  /** Runs (order events with an effect) per second over that span. */
  eventsPerSecond: number;
  /** Runs per second after the load had finished (the backlog draining, no HTTP load). */
  drainPerSecond: number | null;
  /** Order created_at -> shipment created_at (upper bound of commit -> effect). */
  lagFromCreatedMs: Timing;
  /** HTTP answer of the order's request (after its commit) -> shipment created_at (lower bound). */
  lagFromAnswerMs: Timing;
  /** The runs' own duration (automation_runs.duration_ms): one event's processing. */
  runDurationMs: Timing;
}

interface Result {
  bench: 'automations';
  db: 'postgres';
  n: number;
  batch: number;
  concurrency: number;
  workers: number;
  intervalMs: number;
  machine: Machine & { pgVersion: string; loadBefore: number[]; loadAfter: number[] };
  command: string;
  burst: PhaseResult;
  trickle: PhaseResult | null;
  check: { shipments: number; distinctOrders: number; runsSucceeded: number; runsFailed: number };
}

async function runOnce(args: Args, workers: number): Promise<Result> {
  const loadBefore = os.loadavg();
  const created = await createDatabase(args.adminUrl);
  const direct = new pg.Client({ connectionString: created.url });
  // The production start in its own process group (so the supervisor and its workers stop together).
  const server = new ServerProcess(
    { DATABASE_URL: created.url, WORKERS: String(workers), AUTOMATION_INTERVAL_MS: String(args.interval) },
    await freePort(),
  );
  const base = server.base;
  try {
    server.start();
    await server.waitUp();
    await direct.connect();
    const pgVersion = (await direct.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))
      .rows[0]!.v;
    log(`${workers} server process(es) on ${base}, PostgreSQL ${pgVersion}, interval ${args.interval} ms`);

    const s = new Session(base);
    await s.setup({ orgName: 'Bench Co 自动化' });
    await s.request('POST', '/apps', automationApp());
    const tables = await direct.query<{ form_id: string; table_name: string }>(
      `SELECT form_id, table_name FROM form_tables WHERE app_id = $1`,
      [APP],
    );
    const table = (form: string) => {
      const t = tables.rows.find((r) => r.form_id === form)?.table_name;
      if (!t) throw new Error(`no table for form ${form}`);
      return `"${t.replace(/"/g, '""')}"`;
    };
    const orders = table('orders');
    const shipments = table('shipments');
    const base_ = `/apps/${APP}/forms/orders/records`;
    const answeredAt = new Map<string, number>();
    const shippedCount = async () =>
      Number((await direct.query<{ n: string }>(`SELECT count(*) AS n FROM ${shipments}`)).rows[0]!.n);

    // One warm-up order (app cache, plans, pools), shipped before anything is timed.
    await s.request('POST', base_, { data: { title: 'warm-up', quantity: 1 } });
    await waitUntil('the warm-up shipment', 60_000, async () => (await shippedCount()) === 1);
    const warmup = (await direct.query<{ id: string }>(`SELECT id FROM ${orders} WHERE c_title = 'warm-up'`))
      .rows[0]!.id;

    const measure = async (ids: string[], loadMs: number, loadEnd: number): Promise<PhaseResult> => {
      const { rows } = await direct.query<{ id: string; o: Date; s: Date }>(
        `SELECT o.id, o.created_at AS o, s.created_at AS s
           FROM ${orders} o JOIN ${shipments} s ON s.c_order_id = o.id
          WHERE o.id = ANY($1::text[])`,
        [ids],
      );
      if (rows.length !== ids.length) throw new Error(`${rows.length} shipments for ${ids.length} orders`);
      const first = Math.min(...rows.map((r) => r.o.getTime()));
      const last = Math.max(...rows.map((r) => r.s.getTime()));
      const afterLoad = rows.filter((r) => r.s.getTime() > loadEnd).map((r) => r.s.getTime());
      const runs = await direct.query<{ d: number }>(
        `SELECT duration_ms AS d FROM automation_runs WHERE event_key IN (
           SELECT id::text FROM outbox WHERE topic = 'record.created' AND payload->>'recordId' = ANY($1::text[]))`,
        [ids],
      );
      return {
        orders: ids.length,
        loadPerSecond: ids.length / (loadMs / 1000),
        spanSeconds: (last - first) / 1000,
        eventsPerSecond: ids.length / ((last - first) / 1000),
        drainPerSecond:
          afterLoad.length > 100 ? afterLoad.length / ((Math.max(...afterLoad) - loadEnd) / 1000) : null,
        lagFromCreatedMs: summarize(rows.map((r) => r.s.getTime() - r.o.getTime())),
        lagFromAnswerMs: summarize(rows.map((r) => r.s.getTime() - answeredAt.get(r.id)!)),
        runDurationMs: summarize(runs.rows.map((r) => Number(r.d))),
      };
    };

    // Burst: N orders in batches, `concurrency` requests in flight, the workers running meanwhile.
    const burstIds: string[] = [];
    const t0 = Date.now();
    await loadInBatches(
      orderFields(generateOrders(args.n, [], 20261204)),
      { size: args.batch, concurrency: args.concurrency },
      async (items) => {
        const r = await s.request<{ records: { id: string }[] }>('POST', `${base_}/batch`, batchBody(items));
        const at = Date.now();
        for (const rec of r.records) {
          answeredAt.set(rec.id, at);
          burstIds.push(rec.id);
        }
      },
    );
    const loadEnd = Date.now();
    log(`burst: ${args.n} orders accepted in ${((loadEnd - t0) / 1000).toFixed(1)} s; waiting for shipments`);
    let lastLog = Date.now();
    await waitUntil('the burst shipments', args.timeout * 1000, async () => {
      const n = (await shippedCount()) - 1;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`  ${n} of ${args.n} shipped`);
      }
      return n >= args.n;
    });
    const burst = await measure(burstIds, loadEnd - t0, loadEnd);
    log(
      `burst: ${burst.eventsPerSecond.toFixed(0)} events/s over ${burst.spanSeconds.toFixed(1)} s; lag p50 ${burst.lagFromCreatedMs.p50.toFixed(0)} ms, p95 ${burst.lagFromCreatedMs.p95.toFixed(0)} ms`,
    );

    // Trickle: one order at a time on an idle engine. The shipments' own events (10,000 more,
    // which fire nothing) are still queued behind the orders' events: wait until the outbox is empty.
    let trickle: PhaseResult | null = null;
    if (args.trickle > 0) {
      await waitUntil('an empty outbox', args.timeout * 1000, async () => {
        const { rows } = await direct.query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL`,
        );
        return Number(rows[0]!.n) === 0;
      });
      const ids: string[] = [];
      const t1 = Date.now();
      for (const data of orderFields(generateOrders(args.trickle, [], 20261205))) {
        const r = await s.request<{ record: { id: string } }>('POST', base_, { data });
        answeredAt.set(r.record.id, Date.now());
        ids.push(r.record.id);
        await new Promise((res) => setTimeout(res, args.gap));
      }
      const t1End = Date.now();
      await waitUntil(
        'the trickle shipments',
        args.timeout * 1000,
        async () => (await shippedCount()) >= 1 + args.n + args.trickle,
      );
      trickle = await measure(ids, t1End - t1, t1End);
      log(
        `trickle: lag p50 ${trickle.lagFromCreatedMs.p50.toFixed(0)} ms, p95 ${trickle.lagFromCreatedMs.p95.toFixed(0)} ms`,
      );
    }

    // Exactly once: one shipment per order, every run succeeded.
    const check = (
      await direct.query<{ shipments: string; distinct_orders: string; ok: string; failed: string }>(
        `SELECT (SELECT count(*) FROM ${shipments}) AS shipments,
                (SELECT count(DISTINCT c_order_id) FROM ${shipments} WHERE c_order_id <> $1) AS distinct_orders,
                (SELECT count(*) FROM automation_runs WHERE status = 'succeeded') AS ok,
                (SELECT count(*) FROM automation_runs WHERE status <> 'succeeded') AS failed`,
        [warmup],
      )
    ).rows[0]!;
    const result: Result = {
      bench: 'automations',
      db: 'postgres',
      n: args.n,
      batch: args.batch,
      concurrency: args.concurrency,
      workers,
      intervalMs: args.interval,
      machine: { ...machine(), pgVersion, loadBefore, loadAfter: os.loadavg() },
      command: `pnpm --filter @tangram/bench bench:automations -- --n ${args.n} --workers ${workers} --interval ${args.interval} --trickle ${args.trickle} --gap ${args.gap}`,
      burst,
      trickle,
      check: {
        shipments: Number(check.shipments),
        distinctOrders: Number(check.distinct_orders),
        runsSucceeded: Number(check.ok),
        runsFailed: Number(check.failed),
      },
    };
    const expected = 1 + args.n + args.trickle;
    if (
      result.check.shipments !== expected ||
      result.check.distinctOrders !== expected - 1 ||
      result.check.runsFailed !== 0
    )
      throw new Error(`exactly-once check failed: ${JSON.stringify(result.check)} (expected ${expected})`);
    return result;
  } catch (e) {
    console.error(`server output (tail):\n${server.output.slice(-4000)}`);
    throw e;
  } finally {
    await server.stop();
    await direct.end().catch(() => {});
    await created.drop();
  }
}

async function main(): Promise<void> {
  const args = parseArgs();
  log(`automations bench: n=${args.n} batch=${args.batch} workers=${args.workers.join(',')}`);
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const lines = [
    '| processes | phase | orders | API accepted/s | events/s (first commit → last effect) | drain events/s | lag from created_at p50 / p95 ms | lag from HTTP answer p50 / p95 ms | run duration p50 / p95 ms |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const workers of args.workers) {
    const result = await runOnce(args, workers);
    const file = await saveJson(`automations-postgres-${args.n}-w${workers}.json`, result);
    log(`result: ${file}`);
    for (const [phase, r] of [
      ['burst', result.burst],
      ['trickle', result.trickle],
    ] as const) {
      if (!r) continue;
      lines.push(
        `| ${workers} | ${phase} | ${r.orders} | ${f(r.loadPerSecond)} | ${f(r.eventsPerSecond)} | ${r.drainPerSecond === null ? '—' : f(r.drainPerSecond)} | ${f(r.lagFromCreatedMs.p50)} / ${f(r.lagFromCreatedMs.p95)} | ${f(r.lagFromAnswerMs.p50)} / ${f(r.lagFromAnswerMs.p95)} | ${f(r.runDurationMs.p50)} / ${f(r.runDurationMs.p95)} |`,
      );
    }
  }
  console.log(`\n${lines.join('\n')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
