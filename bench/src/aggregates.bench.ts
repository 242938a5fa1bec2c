/**
 * Aggregate tables benchmark (issue 12, "Performance"): shipments written through the HTTP API
 * (`POST …/records`, one record per request) into three otherwise identical apps:
 *   none   no aggregate (the baseline write)
 *   agg    an aggregate "stock by product" kept from receipts (+qty) and shipments (−qty)
 *   rule   the same aggregate with the blocking rule "qty >= 0"
 * The question is what the rule costs over keeping the balance (and what both cost over a plain
 * write); the target is "well under 2x". Receipts of 1,000,000 per product are loaded first so no
 * shipment is refused (a refusal would be a cheaper, different path).
 *
 * Two key spreads: `spread` (each shipment picks one of 50 products at random: writers rarely wait
 * for each other's balance row lock) and `hot` (every shipment ships the same product: writers
 * queue on one balance row, decision 0028's lock order). Writes run with --concurrency requests in
 * flight; cases are timed round-robin in rounds of --round writes (the order rotating each round),
 * so a noisy shared machine weighs on all of them alike. Throughput = writes / summed wall clock of
 * the case's rounds; latency per request, nearest-rank percentiles.
 *
 *   pnpm --filter @tangram/bench bench:aggregates -- --n 3000
 *
 * Options: --n (shipments per case and spread), --concurrency (default 4), --round (default 250),
 * --admin-url. After the run every balance is checked against receipts − shipments. The result
 * goes to bench/results/aggregates-postgres-<n>.json.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp, defaultConfig } from '@tangram/server';
import type { AppDefinition } from '@tangram/client';
import { mulberry32 } from './orders';
import { summarize, type Timing } from './report';
import {
  ADMIN_URL,
  flag,
  l,
  log,
  machine,
  openBenchDb,
  parseFlags,
  saveJson,
  serve,
  Session,
  type Machine,
} from './bench-kit';

const CASES = ['none', 'agg', 'rule'] as const;
type Case = (typeof CASES)[number];
const SPREADS = ['spread', 'hot'] as const;
type Spread = (typeof SPREADS)[number];
const PRODUCTS = 50;
const STOCK = 1_000_000;

const FLAGS = {
  n: flag.int(3000),
  concurrency: flag.int(4),
  round: flag.int(250),
  adminUrl: flag.text(ADMIN_URL),
};

/** The inventory app of one case: products, receipts, shipments, and the case's aggregate. */
function inventoryApp(id: string, c: Case): Omit<AppDefinition, 'formatVersion'> & { formatVersion: number } {
  const rel = { id: 'product', type: 'relation', label: l('Product', '产品'), config: { form: 'products' } };
  const qty = { id: 'qty', type: 'number', label: l('Quantity', '数量'), config: { precision: 0 } };
  const aggregate = {
    id: 'stock',
    name: l('Stock', '库存'),
    keys: [{ id: 'product', label: l('Product', '产品'), type: 'record', form: 'products' }],
    measures: [{ id: 'qty', label: l('Quantity', '数量'), decimals: 0 }],
    sources: [
      {
        id: 'in',
        form: 'receipts',
        keys: { product: { field: 'product' } },
        measures: { qty: { field: 'qty', sign: 1 } },
      },
      {
        id: 'out',
        form: 'shipments',
        keys: { product: { field: 'product' } },
        measures: { qty: { field: 'qty', sign: -1 } },
      },
    ],
    ...(c === 'rule' ? { rules: [{ measure: 'qty', op: '>=', value: 0 }] } : {}),
  };
  return {
    id,
    name: l(`Inventory (${c})`, `仓储（${c}）`),
    formatVersion: 2,
    forms: [
      {
        id: 'products',
        name: l('Products', '产品'),
        titleField: 'name',
        fields: [{ id: 'name', type: 'text', label: l('Name', '名称') }],
      },
      { id: 'receipts', name: l('Receipts', '入库单'), fields: [rel, qty] },
      { id: 'shipments', name: l('Shipments', '出库单'), fields: [rel, qty] },
    ],
    ...(c === 'none' ? {} : { aggregates: [aggregate] }),
  } as unknown as AppDefinition;
}

interface CaseState {
  app: string;
  products: string[];
  shipped: Map<string, number>;
  samples: Record<Spread, number[]>;
  wallMs: Record<Spread, number>;
}

interface CaseResult {
  writesPerSecond: number;
  latencyMs: Timing;
}

interface Result {
  bench: 'aggregates';
  db: 'postgres';
  n: number;
  concurrency: number;
  round: number;
  machine: Machine & { pgVersion: string; loadBefore: number[]; loadAfter: number[] };
  results: Record<Spread, Record<Case, CaseResult>>;
  ruleOverAgg: Record<Spread, number>;
  ruleOverNone: Record<Spread, number>;
}

/** Runs `count` writes with `concurrency` in flight; answers each request's latency. */
async function writeMany(count: number, concurrency: number, one: (i: number) => Promise<void>) {
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await one(i);
      samples.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, wallMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const args = parseFlags(FLAGS);
  const loadBefore = os.loadavg();
  log(`aggregates bench: n=${args.n} concurrency=${args.concurrency} round=${args.round}`);
  const bench = await openBenchDb('postgres', args.adminUrl);
  const { db, pgVersion } = bench;
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: false }),
  );
  const baseUrl = server.base;
  log(`PostgreSQL ${pgVersion}, server on ${baseUrl}`);

  try {
    const admin = new Session(baseUrl);
    await admin.setup({ orgName: 'Bench Co 仓储' });

    const states = {} as Record<Case, CaseState>;
    for (const c of CASES) {
      const id = `bench_${c}`;
      await admin.request('POST', '/apps', inventoryApp(id, c));
      const products: string[] = [];
      for (let p = 0; p < PRODUCTS; p++) {
        const r = await admin.request<{ record: { id: string } }>(
          'POST',
          `/apps/${id}/forms/products/records`,
          {
            data: { name: `Product ${p + 1} 产品` },
          },
        );
        products.push(r.record.id);
        await admin.request('POST', `/apps/${id}/forms/receipts/records`, {
          data: { product: r.record.id, qty: STOCK },
        });
      }
      states[c] = {
        app: id,
        products,
        shipped: new Map(),
        samples: { spread: [], hot: [] },
        wallMs: { spread: 0, hot: 0 },
      };
    }
    log('seeded: 3 apps, 50 products and 50 receipts each');

    const random = mulberry32(20261204);
    const ship = (c: Case, spread: Spread) => async () => {
      const s = states[c];
      const product = spread === 'hot' ? s.products[0]! : s.products[Math.floor(random() * PRODUCTS)]!;
      await admin.request('POST', `/apps/${s.app}/forms/shipments/records`, { data: { product, qty: 1 } });
      s.shipped.set(product, (s.shipped.get(product) ?? 0) + 1);
    };
    // Warm-up (untimed): the app cache, prepared plans, the connection pool.
    for (const c of CASES) await writeMany(50, args.concurrency, ship(c, 'spread'));

    for (const spread of SPREADS) {
      const rounds = Math.ceil(args.n / args.round);
      for (let r = 0; r < rounds; r++) {
        const count = Math.min(args.round, args.n - r * args.round);
        for (let k = 0; k < CASES.length; k++) {
          const c = CASES[(r + k) % CASES.length]!;
          const { samples, wallMs } = await writeMany(count, args.concurrency, ship(c, spread));
          states[c].samples[spread].push(...samples);
          states[c].wallMs[spread] += wallMs;
        }
      }
      log(`${spread}: done`);
    }

    // Every balance must equal what was received minus what was shipped.
    for (const c of CASES) {
      if (c === 'none') continue;
      const s = states[c];
      let cursor: string | null = null;
      let checked = 0;
      do {
        const page: {
          items: { key: { product: string }; values: { qty: string } }[];
          nextCursor: string | null;
        } = await admin.request(
          'GET',
          `/apps/${s.app}/aggregates/stock/balances?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        for (const item of page.items) {
          const expected = STOCK - (s.shipped.get(item.key.product) ?? 0);
          if (Number(item.values.qty) !== expected)
            throw new Error(
              `${c}: balance of ${item.key.product} is ${item.values.qty}, expected ${expected}`,
            );
          checked++;
        }
        cursor = page.nextCursor;
      } while (cursor);
      if (checked !== PRODUCTS) throw new Error(`${c}: ${checked} balances, expected ${PRODUCTS}`);
    }
    log('balances checked: received − shipped for every product');

    const results = {} as Result['results'];
    for (const spread of SPREADS) {
      results[spread] = {} as Record<Case, CaseResult>;
      for (const c of CASES) {
        const s = states[c];
        results[spread][c] = {
          writesPerSecond: s.samples[spread].length / (s.wallMs[spread] / 1000),
          latencyMs: summarize(s.samples[spread]),
        };
      }
    }
    const ratio = (spread: Spread, over: Case) =>
      results[spread][over].writesPerSecond / results[spread].rule.writesPerSecond;
    const result: Result = {
      bench: 'aggregates',
      db: 'postgres',
      n: args.n,
      concurrency: args.concurrency,
      round: args.round,
      machine: { ...machine(), pgVersion, loadBefore, loadAfter: os.loadavg() },
      results,
      ruleOverAgg: { spread: ratio('spread', 'agg'), hot: ratio('hot', 'agg') },
      ruleOverNone: { spread: ratio('spread', 'none'), hot: ratio('hot', 'none') },
    };
    const file = await saveJson(`aggregates-postgres-${args.n}.json`, result);
    const f = (x: number) => x.toFixed(1);
    console.log('\n| keys | case | writes/s | latency p50 / p95 ms |');
    console.log('|---|---|---|---|');
    for (const spread of SPREADS)
      for (const c of CASES) {
        const r = results[spread][c];
        console.log(
          `| ${spread} | ${c} | ${r.writesPerSecond.toFixed(0)} | ${f(r.latencyMs.p50)} / ${f(r.latencyMs.p95)} |`,
        );
      }
    console.log(
      `\nslowdown (writes/s ratio): rule vs agg spread ${result.ruleOverAgg.spread.toFixed(2)}x, hot ${result.ruleOverAgg.hot.toFixed(2)}x; rule vs none spread ${result.ruleOverNone.spread.toFixed(2)}x, hot ${result.ruleOverNone.hot.toFixed(2)}x`,
    );
    log(`result: ${file}`);
  } finally {
    await server.close();
    await bench.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
