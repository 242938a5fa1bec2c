/**
 * Probe (decisions 0064, 0066): where a 1,000-record batch create spends its time, statement by
 * statement, through the real HTTP API of an in-process server. Loads `--batches` batches of the
 * seeded `orders` into a fresh form, times the last half, and prints each statement's mean time per
 * batch beside the whole request's. On PGlite the database shares the server's thread, so the
 * statements' sum is most of a batch.
 *
 *   pnpm --filter @tangram/bench exec tsx src/insert-statements.probe.ts -- --db pglite --batches 30
 *   pnpm --filter @tangram/bench exec tsx src/insert-statements.probe.ts -- --automation
 *
 * --automation adds an enabled automation listening to the form's creates, so the events carry
 * the records (decision 0066).
 */
import type { AppDefinition } from '@tangram/client';
import { createApp, defaultConfig, statisticsRefresher } from '@tangram/server';
import {
  ADMIN_URL,
  batchBody,
  flag,
  l,
  log,
  openBenchDb,
  parseFlags,
  serve,
  Session,
  timed,
  timedDb,
} from './bench-kit';
import { APP_ID, FORM_ID, generateOrders, ordersApp, salesTeam } from './orders';

const FLAGS = {
  db: flag.oneOf(['pglite', 'postgres'], 'pglite'),
  batches: flag.int(30, 2),
  automation: flag.on(),
  adminUrl: flag.text(ADMIN_URL),
};

const BATCH = 1000;

/** The orders app, with an automation that reads the records of `record.created` events. */
function appOf(withAutomation: boolean): AppDefinition {
  const app = ordersApp();
  if (!withAutomation) return app;
  return {
    ...app,
    automations: [
      {
        id: 'greet',
        name: l('Greet new orders', '新订单提醒'),
        trigger: { type: 'record', form: FORM_ID, events: ['created'] },
        actions: [{ type: 'notify', userFields: ['owner'], title: l('New order', '新订单') }],
      },
    ],
  };
}

/** A statement's kind: its first words, with table names and literals left out. */
const kindOf = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/"[^"]*"/g, '"…"')
    .trim()
    .slice(0, 80);

async function main(): Promise<void> {
  const args = parseFlags(FLAGS);
  log(`insert statements probe: ${JSON.stringify(args)}`);
  const perKind = new Map<string, { count: number; ms: number }>();
  let timing = false;
  const bench = await openBenchDb(args.db, args.adminUrl);
  const { db } = timedDb(bench.db, (sql, ms) => {
    if (!timing) return;
    const kind = perKind.get(kindOf(sql)) ?? { count: 0, ms: 0 };
    kind.count++;
    kind.ms += ms;
    perKind.set(kindOf(sql), kind);
  });
  const server = await serve(
    createApp({ db, config: { ...defaultConfig, databaseUrl: bench.url }, serveStatic: false }),
  );
  try {
    const s = new Session(server.base);
    const setup = await s.setup({ orgName: 'Probe Co' });
    const owners = await salesTeam(s, setup.user.id);
    await s.request('POST', '/apps', appOf(args.automation));
    const records = [...generateOrders(args.batches * BATCH, owners)];
    const measured = Math.floor(args.batches / 2);
    let requestMs = 0;
    for (let b = 0; b < args.batches; b++) {
      timing = b >= args.batches - measured;
      const body = batchBody(records.slice(b * BATCH, (b + 1) * BATCH));
      const ms = await timed(() => s.request('POST', `/apps/${APP_ID}/forms/${FORM_ID}/records/batch`, body));
      if (timing) requestMs += ms;
    }
    const rows = [...perKind].sort((a, b) => b[1].ms - a[1].ms);
    const sqlMs = rows.reduce((sum, [, k]) => sum + k.ms, 0);
    console.log(`\nper batch of ${BATCH} (mean of ${measured}):`);
    console.log(`${(requestMs / measured).toFixed(1).padStart(8)} ms  the request (HTTP client to answer)`);
    console.log(`${(sqlMs / measured).toFixed(1).padStart(8)} ms  all statements`);
    for (const [kind, k] of rows)
      console.log(
        `${(k.ms / measured).toFixed(1).padStart(8)} ms  ${String(k.count / measured).padStart(5)}x  ${kind}`,
      );
  } finally {
    // The load asked for a statistics refresh (decision 0050): let it finish before closing.
    await statisticsRefresher(db).idle();
    await server.close();
    await bench.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
