/**
 * `pnpm trials`: the long tier of the crash trials (decision 0049). Runs the crash driver on
 * PGlite and on PostgreSQL (when reachable), TRIALS trials in all (default 500, split between the
 * two), prints each trial and a summary table in markdown for docs/trials.md. Exit code 1 when
 * any invariant broke. `TRIAL_SEED` repeats a run; `TRIAL_DBS=pglite` runs one database.
 * `TRIAL_MINUTES` bounds the run: each database gets its share of the time and stops starting
 * trials when it is spent (the table then says how many ran, not how many were asked for).
 */
import net from 'node:net';
import os from 'node:os';
import { runTrials, type TrialReport } from './crash-driver';
import { runPgStopTrial, type PgStopReport } from './pg-stop';

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const total = Number(process.env.TRIALS ?? 500);
const seed = Number(process.env.TRIAL_SEED ?? Date.now() % 1_000_000);
const pgUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
let dbs = (process.env.TRIAL_DBS ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
if (dbs.includes('postgres') && !(await reachable(pgUrl.hostname, Number(pgUrl.port || 5432)))) {
  console.warn(`PostgreSQL is not reachable at ${pgUrl.host}: PGlite only.`);
  dbs = dbs.filter((d) => d !== 'postgres');
}

const minutes = process.env.TRIAL_MINUTES ? Number(process.env.TRIAL_MINUTES) : undefined;
if (minutes !== undefined && !(minutes > 0)) throw new Error(`TRIAL_MINUTES must be above 0, got ${minutes}`);
const runStart = Date.now();

const reports: TrialReport[] = [];
for (const [i, db] of dbs.entries()) {
  const trials = Math.floor(total / dbs.length) + (i < total % dbs.length ? 1 : 0);
  // Each database's share of the budget ends at its slot, so a slow first one cannot starve the next.
  const deadline = minutes === undefined ? undefined : runStart + (minutes * 60_000 * (i + 1)) / dbs.length;
  console.log(`\n=== ${trials} crash trials on ${db}, seed ${seed} ===`);
  const points = process.env.TRIAL_POINTS?.split(',');
  reports.push(await runTrials({ db, trials, seed, points, deadline, log: (line) => console.log(line) }));
}

// PostgreSQL stopped under load (decision 0054): its own cluster, so it runs whatever TRIAL_DBS says,
// unless TRIAL_PG_STOP=0 (no PostgreSQL binaries, or not root / the postgres user).
let pgStop: PgStopReport | null = null;
if (process.env.TRIAL_PG_STOP !== '0') {
  const rounds = Number(process.env.PG_STOP_ROUNDS ?? 5);
  console.log(`\n=== PostgreSQL stopped under load: ${rounds} rounds of pg_ctl stop -m immediate ===`);
  pgStop = await runPgStopTrial({ rounds, senders: 4, log: (line) => console.log(line) });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n## Crash trials, ${new Date().toISOString().slice(0, 10)}`);
console.log(
  `\nAsked for ${total} trials${minutes === undefined ? '' : ` within ${minutes} min`}; ran ${reports.reduce((n, r) => n + r.trials, 0)} in ${Math.round((Date.now() - runStart) / 1000)} s.`,
);
console.log(
  `\nMachine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}\n`,
);
console.log(
  '| database | seed | trials | crashed | retried requests | acknowledged writes | violations | time |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of reports)
  console.log(
    `| ${r.db} | ${r.seed} | ${r.trials} | ${r.crashes} | ${r.retries} | ${r.acknowledged} | ${r.violations.length} | ${r.seconds} s |`,
  );
for (const r of reports) {
  const points = Object.entries(r.byPoint)
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  console.log(`\n${r.db}: crashes by point: ${points || 'none'}`);
  for (const v of r.violations) console.log(`- ${v}`);
}
if (pgStop) {
  console.log('\n## PostgreSQL stopped under load\n');
  console.log(
    '| rounds | acknowledged writes | 503 answers retried | unanswered retried | recovery after start (s) | workers started | violations | time |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${pgStop.rounds} | ${pgStop.acknowledged} | ${pgStop.unavailable} | ${pgStop.unanswered} | ${pgStop.recoverySeconds.join(', ')} | ${pgStop.workersStarted} | ${pgStop.violations.length} | ${pgStop.seconds} s |`,
  );
  for (const v of pgStop.violations) console.log(`- ${v}`);
}
process.exit(reports.some((r) => r.violations.length) || pgStop?.violations.length ? 1 : 0);
