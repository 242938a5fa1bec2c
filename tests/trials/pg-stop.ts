/**
 * PostgreSQL stopped under load (issue 17 §1, decision 0054). The trial makes its own cluster
 * (initdb as the `postgres` OS user, in a temporary folder, on a free port), starts the real server
 * on it (supervisor + one worker), and keeps SENDERS clients writing records with Idempotency-Keys
 * (a serial number and a unique ref each). Each round, once a few writes are acknowledged, it runs
 * `pg_ctl stop -m immediate` (PostgreSQL dies as in a power cut: no checkpoint, crash recovery on
 * the next start) while writes are in flight, watches the server answer 503 while the database is
 * gone, starts PostgreSQL again and waits for the server to be healthy again, with no restart of
 * its own (the same worker process). Unanswered or 503-answered writes are sent again with the same
 * key. At the end, in SQL: every acknowledged write is stored once with its acknowledged serial
 * number, serial numbers are 1..n without a gap, nothing is stored that was not sent, and no
 * idempotency key is left claimed without its answer.
 *
 * Run alone: `pnpm exec tsx tests/trials/pg-stop.ts` (ROUNDS, SENDERS); `pnpm trials` runs it after
 * the crash trials. Needs the PostgreSQL server binaries (PG_BIN, default /usr/lib/postgresql/15/bin)
 * and root (to run them as the `postgres` user) or to be run as that user.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ServerProcess, freePort } from '../support/server-process';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const APP = 'pgstop';
const l = (en: string) => ({ en, 'zh-CN': en });

export interface PgStopOptions {
  rounds: number;
  senders: number;
  log?: (line: string) => void;
}

export interface PgStopReport {
  rounds: number;
  acknowledged: number;
  /** Requests answered 503 (database unreachable) and sent again. */
  unavailable: number;
  /** Requests that got no answer (connection reset) and were sent again. */
  unanswered: number;
  /** Seconds from `pg_ctl start` returning to the server's first healthy answer, per round. */
  recoverySeconds: number[];
  /** Worker processes the supervisor started (1 = the server never restarted itself). */
  workersStarted: number;
  violations: string[];
  seconds: number;
}

/** Runs a PostgreSQL binary as the `postgres` OS user (initdb and the server refuse root). */
async function asPostgres(bin: string, args: string[]): Promise<string> {
  const file = path.join(PG_BIN, bin);
  const { stdout } =
    userInfo().uid === 0
      ? await run('runuser', ['-u', 'postgres', '--', file, ...args], { timeout: 120_000 })
      : await run(file, args, { timeout: 120_000 });
  return stdout;
}

class Cluster {
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}
  get data() {
    return path.join(this.dir, 'data');
  }
  async init(): Promise<void> {
    await asPostgres('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  }
  async start(): Promise<void> {
    // The socket goes in the trial's folder: the machine's own cluster owns /var/run/postgresql.
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=on`;
    await asPostgres('pg_ctl', [
      '-D',
      this.data,
      '-o',
      opts,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }
  async stopImmediate(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }
  async stopFast(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']).catch(() => '');
  }
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }
}

function trialApp() {
  return {
    id: APP,
    name: l('PG stop'),
    formatVersion: 3,
    forms: [
      {
        id: 'items',
        name: l('Items'),
        fields: [
          { id: 'no', type: 'serial', label: l('No.'), config: { parts: [{ kind: 'counter', digits: 6 }] } },
          { id: 'ref', type: 'text', label: l('Ref'), unique: true },
        ],
      },
    ],
  };
}

export async function runPgStopTrial(options: PgStopOptions): Promise<PgStopReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const report: PgStopReport = {
    rounds: 0,
    acknowledged: 0,
    unavailable: 0,
    unanswered: 0,
    recoverySeconds: [],
    workersStarted: 0,
    violations: [],
    seconds: 0,
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'tangram-pgstop-'));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tangram-pgstop-data-'));
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    await chmod(dir, 0o700);
  }
  const cluster = new Cluster(dir, await freePort());
  let server: ServerProcess | null = null;
  try {
    await cluster.init();
    await cluster.start();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE tangram');
    await admin.end();
    server = new ServerProcess(
      { DATABASE_URL: cluster.url('tangram'), DATA_DIR: dataDir, SCHEDULER_INTERVAL_MS: '1000' },
      await freePort(),
    );
    const srv = server;
    srv.start();
    await srv.waitUp();
    log(`cluster on port ${cluster.port}, server at ${srv.base}`);

    const setup = await fetch(`${srv.base}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        orgName: 'Stop',
        name: 'Ada',
        email: 'ada@stop.test',
        password: 'correct horse battery',
      }),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
    const headers = { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf };
    const made = await fetch(`${srv.base}/api/v1/apps`, {
      method: 'POST',
      headers,
      body: JSON.stringify(trialApp()),
    });
    if (made.status !== 201) throw new Error(`create the app: ${made.status} ${await made.text()}`);

    /** ref -> the serial number its acknowledged create answered. */
    const acked = new Map<string, string>();
    const sent = new Set<string>();
    let stopping = false;
    let n = 0;

    /** One keyed create, sent until answered 201; 503 and a reset connection are retried as they come. */
    const write = async (ref: string) => {
      sent.add(ref);
      for (;;) {
        let status = 0;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely here
        let body: any = null;
        try {
          const res = await fetch(`${srv.base}/api/v1/apps/${APP}/forms/items/records`, {
            method: 'POST',
            headers: { ...headers, 'Idempotency-Key': ref },
            body: JSON.stringify({ data: { ref } }),
            signal: AbortSignal.timeout(60_000),
          });
          status = res.status;
          body = await res.json().catch(() => null);
        } catch {
          report.unanswered += 1;
        }
        if (status === 201) {
          acked.set(ref, body.record.data.no as string);
          return;
        }
        if (status === 503) report.unavailable += 1;
        else if (status !== 0) throw new Error(`write ${ref}: ${status} ${JSON.stringify(body)}`);
        if (!srv.running) throw new Error(`the server exited:\n${srv.output.slice(-4000)}`);
        // A short pause between retries, as a client would back off; then the same key again.
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    // A sender that fails stops the trial (the waits below see `failed`), never the process.
    let failed: Error | null = null;
    const senders = Array.from({ length: options.senders }, async () => {
      try {
        while (!stopping) await write(`item-${String(++n).padStart(6, '0')}`);
      } catch (err) {
        failed = err instanceof Error ? err : new Error(String(err));
        stopping = true;
      }
    });

    const health = async () => {
      try {
        return (await fetch(`${srv.base}/api/v1/health`, { signal: AbortSignal.timeout(10_000) })).status;
      } catch {
        return 0;
      }
    };
    const waitFor = async (what: string, probe: () => Promise<boolean>, timeoutMs = 120_000) => {
      const end = Date.now() + timeoutMs;
      while (!(await probe())) {
        if (failed) throw failed;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${srv.output.slice(-4000)}`);
        if (!srv.running)
          throw new Error(`the server exited while waiting for ${what}:\n${srv.output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    for (let round = 1; round <= options.rounds; round++) {
      report.rounds = round;
      const before = acked.size;
      await waitFor('writes before the stop', async () => acked.size >= before + 10);
      await cluster.stopImmediate();
      log(`round ${round}: PostgreSQL stopped (-m immediate) with ${acked.size} writes acknowledged`);
      // While it is down, the server must answer, and say the database is unavailable.
      const seen503 = report.unavailable;
      await waitFor(
        '503 answers while the database is down',
        async () => (await health()) === 503 && report.unavailable > seen503,
      );
      await cluster.start();
      const back = Date.now();
      await waitFor('the server healthy again', async () => (await health()) === 200);
      report.recoverySeconds.push(Math.round((Date.now() - back) / 100) / 10);
      const afterStart = acked.size;
      await waitFor('writes acknowledged after the restart', async () => acked.size >= afterStart + 10);
      log(`round ${round}: recovered in ${report.recoverySeconds.at(-1)} s, ${acked.size} acknowledged`);
    }
    stopping = true;
    await Promise.all(senders);
    if (failed) throw failed;
    report.acknowledged = acked.size;
    report.workersStarted = srv.workerStarts;
    if (report.workersStarted !== 1)
      report.violations.push(
        `the supervisor started ${report.workersStarted} workers: the server restarted itself`,
      );

    // Invariants, in SQL.
    const db = new pg.Client({ connectionString: cluster.url('tangram') });
    await db.connect();
    try {
      const { rows: tables } = await db.query<{ table_name: string }>(
        `SELECT table_name FROM form_tables WHERE app_id = $1 AND form_id = 'items'`,
        [APP],
      );
      const { rows: cols } = await db.query<{ field_id: string; column_name: string }>(
        `SELECT field_id, column_name FROM field_columns WHERE table_name = $1`,
        [tables[0]!.table_name],
      );
      const col = Object.fromEntries(cols.map((c) => [c.field_id, c.column_name]));
      const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
      const { rows } = await db.query<{ ref: string; no: string }>(
        `SELECT ${q(col.ref!)} AS ref, ${q(col.no!)}::text AS no FROM ${q(tables[0]!.table_name)} ORDER BY 2`,
      );
      const stored = new Map<string, string[]>();
      for (const r of rows) stored.set(r.ref, [...(stored.get(r.ref) ?? []), r.no]);
      for (const [ref, no] of acked) {
        const got = stored.get(ref) ?? [];
        if (got.length !== 1 || got[0] !== no)
          report.violations.push(`${ref}: acknowledged as no ${no}, stored ${JSON.stringify(got)}`);
      }
      for (const ref of stored.keys())
        if (!sent.has(ref)) report.violations.push(`${ref}: stored but never sent`);
      const numbers = rows.map((r) => Number(r.no));
      if (numbers.some((x, i) => x !== i + 1))
        report.violations.push(
          `serial numbers are not 1..${numbers.length}: ${numbers.slice(0, 30).join(',')}…`,
        );
      const { rows: claimed } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM idempotency_keys WHERE status = 0`,
      );
      if (claimed[0]!.n)
        report.violations.push(`${claimed[0]!.n} idempotency key(s) claimed without an answer`);
    } finally {
      await db.end();
    }
  } catch (error) {
    report.violations.push(`trial stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await server?.stop().catch(() => server?.kill());
    await cluster.stopFast();
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
    report.seconds = Math.round((Date.now() - started) / 1000);
  }
  for (const v of report.violations) log(`VIOLATION ${v}`);
  return report;
}

// Run alone: prints the report and exits 1 on a violation.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await runPgStopTrial({
    rounds: Number(process.env.ROUNDS ?? 3),
    senders: Number(process.env.SENDERS ?? 4),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.violations.length ? 1 : 0);
}
