import cluster, { type Worker } from 'node:cluster';

/**
 * The production start runs the server in worker processes under this supervisor (node:cluster):
 * a worker that dies (a crash, an out-of-memory kill) is replaced at once, and with a growing delay
 * while replacements keep dying soon after they start. SIGTERM/SIGINT stop the
 * workers gracefully (each finishes its requests and closes its database) and then the supervisor.
 * The supervisor itself opens no database and serves nothing, so it has little reason to die.
 */

export interface SupervisorSettings {
  /** Worker processes (`WORKERS`, default 1). */
  workers: number;
}

const MAX_WORKERS = 64;

/**
 * Reads `WORKERS`. More than one worker needs `DATABASE_URL`: the embedded database (PGlite) is
 * a single-process database in a data folder, so only one process may open it.
 */
export function supervisorSettings(env: NodeJS.ProcessEnv = process.env): SupervisorSettings {
  const text = (env.WORKERS ?? '').trim();
  const workers = text === '' ? 1 : Number(text);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new Error(`WORKERS must be a whole number from 1 to ${MAX_WORKERS}, got ${JSON.stringify(text)}`);
  if (workers > 1 && !env.DATABASE_URL)
    throw new Error(
      `WORKERS=${workers} needs DATABASE_URL: the embedded database (PGlite) can only be opened by ` +
        'one process. Set DATABASE_URL to a PostgreSQL server, or use WORKERS=1.',
    );
  return { workers };
}

export interface SupervisorOptions extends SupervisorSettings {
  /** Delay before replacing a worker that died soon after it started again; doubles each time. */
  firstBackoffMs?: number;
  /** The longest delay between replacements. */
  maxBackoffMs?: number;
  /** A worker that ran at least this long died "healthy": its replacement starts at once. */
  stableAfterMs?: number;
  /** How long workers get to finish on SIGTERM/SIGINT before they are killed. */
  shutdownTimeoutMs?: number;
  log?: (line: string) => void;
}

interface Slot {
  worker: Worker | null;
  startedAt: number;
  /** Deaths in a row that came sooner than `stableAfterMs` after the start. */
  quickDeaths: number;
  restart: NodeJS.Timeout | null;
}

/**
 * `n` quick deaths in a row -> how long to wait before the next start: a single crash is replaced
 * at once; a worker that keeps dying soon after it starts waits `firstMs`, then twice as long each
 * time, up to `maxMs` (a crash loop must not spin the CPU or flood the log).
 */
export function restartDelay(quickDeaths: number, firstMs: number, maxMs: number): number {
  if (quickDeaths <= 1) return 0;
  return Math.min(maxMs, firstMs * 2 ** Math.min(quickDeaths - 2, 20));
}

/** Forks the workers (this file's process must be the cluster primary) and keeps them running. */
export function superviseWorkers(options: SupervisorOptions): void {
  const {
    workers,
    firstBackoffMs = 1_000,
    maxBackoffMs = 30_000,
    stableAfterMs = 30_000,
    shutdownTimeoutMs = 15_000,
    log = (line: string) => console.log(`[supervisor] ${line}`),
  } = options;
  const slots: Slot[] = Array.from({ length: workers }, () => ({
    worker: null,
    startedAt: 0,
    quickDeaths: 0,
    restart: null,
  }));
  // Until one worker has listened, a death is a start-up failure (bad settings, port in use):
  // restarting would only repeat it, so the supervisor stops with the worker's exit code.
  let anyListened = false;
  let stopping = false;
  let stopCode = 0;

  const start = (slot: Slot) => {
    slot.restart = null;
    slot.startedAt = Date.now();
    const worker = cluster.fork();
    slot.worker = worker;
    log(`started worker ${worker.process.pid}`);
    worker.once('listening', () => {
      anyListened = true;
    });
    // An IPC failure must not end the supervisor; the 'exit' handler deals with the worker.
    worker.on('error', (err: Error) => log(`worker ${worker.process.pid}: ${err.message}`));
  };

  cluster.on('exit', (worker, code, signal) => {
    const slot = slots.find((s) => s.worker === worker);
    if (!slot) return;
    slot.worker = null;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (stopping) {
      log(`worker ${worker.process.pid} stopped (${how})`);
      if (slots.every((s) => !s.worker)) process.exit(stopCode);
      return;
    }
    if (!anyListened) {
      log(`worker ${worker.process.pid} failed to start (${how}); not restarting`);
      stop(typeof code === 'number' && code !== 0 ? code : 1);
      return;
    }
    const ranFor = Date.now() - slot.startedAt;
    slot.quickDeaths = ranFor < stableAfterMs ? slot.quickDeaths + 1 : 0;
    const delay = restartDelay(slot.quickDeaths, firstBackoffMs, maxBackoffMs);
    log(`worker ${worker.process.pid} died (${how}); restarting ${delay ? `in ${delay} ms` : 'now'}`);
    slot.restart = setTimeout(() => start(slot), delay);
  });

  /** Asks every worker to finish; exits once all are gone, or kills them after the timeout. */
  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stopCode = exitCode;
    for (const slot of slots) if (slot.restart) clearTimeout(slot.restart);
    const live = slots.flatMap((s) => (s.worker ? [s.worker] : []));
    if (live.length === 0) process.exit(exitCode);
    for (const worker of live) worker.process.kill('SIGTERM');
    const force = setTimeout(() => {
      log('workers did not stop in time; killing them');
      for (const worker of live) worker.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: killing the workers`);
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    log(`${signal} received, stopping the workers...`);
    stop(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (const slot of slots) start(slot);
}
