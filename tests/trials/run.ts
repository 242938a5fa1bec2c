/**
 * `pnpm trials`: the long tier of the crash trials (decision 0049). Runs the crash driver on
 * PGlite and on PostgreSQL (when reachable), TRIALS trials in all (default 500, split between the
 * two), prints each trial and a summary table in markdown for docs/trials.md. Exit code 1 when
 * any invariant broke. `TRIAL_SEED` repeats a run; `TRIAL_DBS=pglite` runs one database.
 */
import net from 'node:net';
import os from 'node:os';
import { runTrials, type TrialReport } from './crash-driver';

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

const reports: TrialReport[] = [];
for (const [i, db] of dbs.entries()) {
  const trials = Math.floor(total / dbs.length) + (i < total % dbs.length ? 1 : 0);
  console.log(`\n=== ${trials} crash trials on ${db}, seed ${seed} ===`);
  const points = process.env.TRIAL_POINTS?.split(',');
  reports.push(await runTrials({ db, trials, seed, points, log: (line) => console.log(line) }));
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n## Crash trials, ${new Date().toISOString().slice(0, 10)}`);
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
process.exit(reports.some((r) => r.violations.length) ? 1 : 0);
