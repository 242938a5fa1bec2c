/**
 * Probe (decision 0037): what the engine's skip pass costs next to the claim it precedes, on a
 * backlog like the automations bench's (N pending events, half of a form nobody listens to), on a
 * fresh database of the PostgreSQL server. Times are medians of 20 repetitions, each rolled back.
 *
 *   pnpm --filter @tangram/bench exec tsx src/skip-pass.probe.ts -- 10000
 */
import { claimEvents, pendingApps, skipUnheard } from '../../server/src/automations/outbox-store';
import { log, openBenchDb } from './bench-kit';

const n = Number(process.argv.filter((a) => a !== '--')[2] ?? 10000);

async function main() {
  const bench = await openBenchDb('postgres');
  const { db } = bench;
  try {
    await db.query(`INSERT INTO orgs (id, name) VALUES ('o1', 'Probe')`);
    const record = { title: 'Order 1', customer: 'Acme Trading', region: 'East', amount: '123.45', qty: 3 };
    await db.query(
      `INSERT INTO outbox (org_id, topic, payload)
       SELECT 'o1', 'record.created', jsonb_build_object('appId', 'bench', 'formId',
              CASE WHEN g % 2 = 0 THEN 'orders' ELSE 'shipments' END, 'recordId', 'r' || g, 'record', $1::jsonb)
         FROM generate_series(1, $2) g`,
      [JSON.stringify(record), n],
    );
    await db.query('ANALYZE outbox');
    const time = async (label: string, fn: (tx: typeof db) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        await db
          .transaction(async (tx) => {
            await fn(tx);
            throw new Error('rollback');
          })
          .catch((e: Error) => {
            if (e.message !== 'rollback') throw e;
          });
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      log(`${label}: median ${ms[10]!.toFixed(1)} ms, max ${ms[19]!.toFixed(1)} ms`);
    };
    const now = new Date();
    await time(`claim 100 of ${n} pending`, (tx) => claimEvents(tx, now, 100, 120_000));
    await time(`pendingApps over ${n} pending`, (tx) => pendingApps(tx, 200));
    await time(`skipUnheard (${n / 2} unheard, 1000 per statement)`, (tx) =>
      skipUnheard(tx, 'o1', 'bench', ['record.created|orders'], now, 1000),
    );
    await time(`skipUnheard with nothing to skip`, (tx) =>
      skipUnheard(tx, 'o1', 'bench', ['record.created|orders', 'record.created|shipments'], now, 1000),
    );
  } finally {
    await bench.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
