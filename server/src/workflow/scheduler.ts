import { AUDIT_RETENTION_JOB, deleteExpiredAudit, nextRetentionRun } from '../audit/audit-retention';
import { deleteExpiredThrottles } from '../auth/login-throttle';
import { deleteEndedRateWindows } from '../api-keys/rate-limit';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import type { WorkflowDeps } from './deps';

/**
 * A job scheduler backed by the `jobs` table (docs/decisions/0013-workflow-server.md).
 *
 * - Jobs are inserted in the transaction of the change that needs them (a task with a reminder, a
 *   notification to email), so a rolled-back change schedules nothing.
 * - A poller claims due jobs with `FOR UPDATE SKIP LOCKED` and sets a lease (`locked_until`), so
 *   several server processes share one queue without blocking each other.
 * - Each job then runs in its own transaction that first locks its row again and checks `done_at`:
 *   its effects and its "done" mark commit together, so a job's effects happen exactly once even if
 *   a lease ran out while another process was still working on it.
 */

export interface Job {
  id: string;
  orgId: string | null;
  kind: string;
  runAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

export type JobHandler = (tx: Db, job: Job, deps: WorkflowDeps, now: Date) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Registers what runs a kind of job (one registry; features add their kinds). */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export interface NewJob {
  orgId: string | null;
  kind: string;
  runAt: Date | string;
  payload?: Record<string, unknown>;
  /** At most one pending job per key: a second enqueue with the same key is ignored. */
  dedupeKey?: string;
}

export async function enqueueJob(tx: Db, job: NewJob): Promise<void> {
  await tx.query(
    `INSERT INTO jobs (id, org_id, kind, run_at, payload, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (dedupe_key) WHERE done_at IS NULL DO NOTHING`,
    [newId(), job.orgId, job.kind, job.runAt, JSON.stringify(job.payload ?? {}), job.dedupeKey ?? null],
  );
}

export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;
const BATCH = 50;

interface JobRow {
  id: string;
  org_id: string | null;
  kind: string;
  run_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Claims up to `limit` due jobs for this process (lease until now + LEASE_MS). */
async function claim(db: Db, now: Date, limit: number): Promise<Job[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const { rows } = await db.query<JobRow>(
    `UPDATE jobs SET locked_until = $2, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM jobs
         WHERE done_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY run_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED)
      RETURNING id, org_id, kind, run_at, payload, attempts`,
    [now, leaseUntil, limit],
  );
  return rows
    .map((r) => ({
      id: r.id,
      orgId: r.org_id,
      kind: r.kind,
      runAt: r.run_at,
      payload: r.payload,
      attempts: r.attempts,
    }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id.localeCompare(b.id));
}

export interface RunResult {
  ran: number;
  failed: number;
}

/**
 * Runs every job due at `now` (claimed in batches until none is left). Tests call this with a
 * moved clock; the poller calls it with the wall clock.
 */
export async function runDueJobs(deps: WorkflowDeps, now: Date = deps.now()): Promise<RunResult> {
  const result: RunResult = { ran: 0, failed: 0 };
  for (;;) {
    const jobs = await claim(deps.db, now, BATCH);
    if (jobs.length === 0) return result;
    for (const job of jobs) {
      if (await runOne(deps, job, now)) result.ran++;
      else result.failed++;
    }
    if (jobs.length < BATCH) return result;
  }
}

async function runOne(deps: WorkflowDeps, job: Job, now: Date): Promise<boolean> {
  const handler = handlers.get(job.kind);
  try {
    await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ done: boolean }>(
        `SELECT done_at IS NOT NULL AS done FROM jobs WHERE id = $1 FOR UPDATE`,
        [job.id],
      );
      if (!rows[0] || rows[0].done) return; // another process finished it after our lease expired
      // Marked done first so a handler may enqueue the next run under the same dedupe key.
      await tx.query(`UPDATE jobs SET done_at = $2, locked_until = NULL WHERE id = $1`, [job.id, now]);
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(tx, job, { ...deps, now: () => now }, now);
    });
    return true;
  } catch (error) {
    // Retry later with a growing delay; after MAX_ATTEMPTS the job is closed with its last error.
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = new Date(now.getTime() + 60_000 * 2 ** Math.min(job.attempts, 6));
    await deps.db.query(
      `UPDATE jobs SET last_error = $2, locked_until = $3, done_at = CASE WHEN attempts >= $4 THEN $5::timestamptz END
        WHERE id = $1 AND done_at IS NULL`,
      [job.id, message.slice(0, 2000), retryAt, MAX_ATTEMPTS, now],
    );
    console.error(`Job ${job.kind} ${job.id} failed (attempt ${job.attempts}): ${message}`);
    return false;
  }
}

/**
 * Expired sessions, ended sign-in throttle counters and week-old finished jobs are deleted hourly by
 * a self-rescheduling job.
 */
export const SESSION_CLEANUP_JOB = 'sessions.cleanup';
const KEEP_DONE_JOBS_MS = 7 * 24 * 3_600_000;
registerJobHandler(SESSION_CLEANUP_JOB, async (tx, _job, _deps, now) => {
  await tx.query(`DELETE FROM sessions WHERE expires_at < $1`, [now]);
  await deleteExpiredThrottles(tx, now);
  await deleteEndedRateWindows(tx, now);
  await tx.query(`DELETE FROM jobs WHERE done_at < $1`, [new Date(now.getTime() - KEEP_DONE_JOBS_MS)]);
  await enqueueJob(tx, {
    orgId: null,
    kind: SESSION_CLEANUP_JOB,
    runAt: new Date(now.getTime() + 3_600_000),
    dedupeKey: SESSION_CLEANUP_JOB,
  });
});

/** Audit rows past `AUDIT_RETENTION_DAYS` are deleted in batches (audit/audit-retention.ts). */
registerJobHandler(AUDIT_RETENTION_JOB, async (tx, _job, deps, now) => {
  const deleted = await deleteExpiredAudit(tx, now, deps.config.auditRetentionDays);
  await enqueueJob(tx, {
    orgId: null,
    kind: AUDIT_RETENTION_JOB,
    runAt: nextRetentionRun(now, deleted),
    dedupeKey: AUDIT_RETENTION_JOB,
  });
});

/**
 * Starts polling every `config.schedulerIntervalMs` (0: off). Returns a stop function that waits
 * for the current round. Every process may run one: the claim query keeps them apart.
 */
export function startScheduler(deps: WorkflowDeps): () => Promise<void> {
  const interval = deps.config.schedulerIntervalMs;
  if (interval <= 0) return async () => {};
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running
      .then(() => (stopped ? undefined : runDueJobs(deps)))
      .catch((e: unknown) => console.error('Scheduler round failed:', e instanceof Error ? e.message : e));
  };
  for (const kind of [SESSION_CLEANUP_JOB, AUDIT_RETENTION_JOB])
    void deps.db
      .transaction((tx) => enqueueJob(tx, { orgId: null, kind, runAt: deps.now(), dedupeKey: kind }))
      .catch(() => {});
  const timer = setInterval(tick, interval);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
