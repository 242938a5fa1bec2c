import type { Db } from '../db/db';

/**
 * Retention of the audit log (`AUDIT_RETENTION_DAYS`, default 365). The scheduler runs this job:
 * each run deletes at most one batch of rows older than the retention in its own short transaction
 * and, when the batch was full, asks to run again at once, so a first run on a large backlog never
 * holds a long lock or a huge transaction.
 */
export const AUDIT_RETENTION_JOB = 'audit.retention';
export const AUDIT_RETENTION_BATCH = 5000;
/** How often the job looks for expired rows when it has caught up. */
export const AUDIT_RETENTION_EVERY_MS = 3_600_000;

/** Deletes up to `batch` rows written before `now - retentionDays`; returns how many it deleted. */
export async function deleteExpiredAudit(
  tx: Db,
  now: Date,
  retentionDays: number,
  batch = AUDIT_RETENTION_BATCH,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const { rows } = await tx.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM audit_log WHERE id IN (
         SELECT id FROM audit_log WHERE at < $1 ORDER BY at, id LIMIT $2)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [cutoff, batch],
  );
  return rows[0]?.n ?? 0;
}

/** When the job should run next: at once while there is a backlog, else in an hour. */
export function nextRetentionRun(now: Date, deleted: number, batch = AUDIT_RETENTION_BATCH): Date {
  return deleted >= batch ? now : new Date(now.getTime() + AUDIT_RETENTION_EVERY_MS);
}
