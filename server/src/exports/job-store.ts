/** SQL over `export_jobs` (migration 018); nothing else touches it. */
import type { Db } from '../db/db';
import type { ExportFormat } from './export-run';

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJobRow {
  id: string;
  org_id: string;
  app_id: string;
  form_id: string;
  created_by: string;
  format: ExportFormat;
  request: Record<string, unknown>;
  file_name: string;
  status: ExportStatus;
  rows_total: number | null;
  rows_done: number;
  file_size: number | null;
  message: string | null;
  lease_until: Date | null;
  finished_at: Date | null;
  expires_at: Date;
  created_at: Date;
}

export async function insertExportJob(
  db: Db,
  job: Pick<
    ExportJobRow,
    'id' | 'org_id' | 'app_id' | 'form_id' | 'created_by' | 'format' | 'request' | 'file_name' | 'rows_total'
  > & { leaseMs: number; keepMs: number },
): Promise<void> {
  await db.query(
    `INSERT INTO export_jobs (id, org_id, app_id, form_id, created_by, format, request, file_name, status,
       rows_total, lease_until, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9,
       now() + ($10::text || ' milliseconds')::interval, now() + ($11::text || ' milliseconds')::interval)`,
    [
      job.id,
      job.org_id,
      job.app_id,
      job.form_id,
      job.created_by,
      job.format,
      JSON.stringify(job.request),
      job.file_name,
      job.rows_total,
      String(job.leaseMs),
      String(job.keepMs),
    ],
  );
}

export async function getExportJob(db: Db, orgId: string, id: string): Promise<ExportJobRow | null> {
  const { rows } = await db.query<ExportJobRow>(`SELECT * FROM export_jobs WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Queued or running jobs of a user whose lease is still alive. */
export async function activeJobs(db: Db, orgId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM export_jobs
      WHERE org_id = $1 AND created_by = $2 AND status IN ('queued', 'running') AND lease_until > now()`,
    [orgId, userId],
  );
  return rows[0]?.n ?? 0;
}

/** Progress of a running job, renewing its lease. */
export async function markProgress(db: Db, id: string, rowsDone: number, leaseMs: number): Promise<void> {
  await db.query(
    `UPDATE export_jobs SET status = 'running', rows_done = $2,
       lease_until = now() + ($3::text || ' milliseconds')::interval
      WHERE id = $1`,
    [id, rowsDone, String(leaseMs)],
  );
}

/** Renews the leases of queued jobs still waiting for a free runner in this process. */
export async function renewLeases(db: Db, ids: readonly string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE export_jobs SET lease_until = now() + ($2::text || ' milliseconds')::interval
      WHERE id = ANY($1::text[]) AND status = 'queued'`,
    [ids, String(leaseMs)],
  );
}

export async function finishJob(
  db: Db,
  id: string,
  outcome:
    | { status: 'done'; rowsDone: number; fileSize: number; keepMs: number }
    | { status: 'failed'; message: string },
): Promise<void> {
  if (outcome.status === 'done')
    await db.query(
      `UPDATE export_jobs SET status = 'done', rows_done = $2, file_size = $3, lease_until = NULL,
         finished_at = now(), expires_at = now() + ($4::text || ' milliseconds')::interval
        WHERE id = $1`,
      [id, outcome.rowsDone, outcome.fileSize, String(outcome.keepMs)],
    );
  else
    await db.query(
      `UPDATE export_jobs SET status = 'failed', message = $2, lease_until = NULL, finished_at = now()
        WHERE id = $1`,
      [id, outcome.message],
    );
}

/** Jobs past their download day: deleted here, their files by the caller. */
export async function takeExpired(db: Db): Promise<{ id: string; org_id: string }[]> {
  const { rows } = await db.query<{ id: string; org_id: string }>(
    `DELETE FROM export_jobs WHERE expires_at <= now() RETURNING id, org_id`,
  );
  return rows;
}
