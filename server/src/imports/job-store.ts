/** SQL over `import_jobs` and `import_mappings` (migration 016); nothing else touches them. */
import type { Db } from '../db/db';
import type { CellIssue } from './coerce';
import type { ImportSettings } from './mapping';
import type { SheetSummary, FileKind } from './sheet-reader';
import type { TextEncoding } from './text-encoding';

export type JobStatus =
  'reading' | 'ready' | 'queued' | 'running' | 'checked' | 'done' | 'failed' | 'cancelled';

export interface JobRow {
  id: string;
  org_id: string;
  app_id: string;
  form_id: string;
  created_by: string;
  file_name: string;
  file_kind: FileKind;
  file_size: number;
  encoding: TextEncoding | null;
  sheets: SheetSummary[];
  settings: ImportSettings | null;
  status: JobStatus;
  phase: 'check' | 'write';
  write_after_check: boolean;
  total_rows: number | null;
  next_row: number;
  rows_created: number;
  rows_updated: number;
  rows_skipped: number;
  bad_rows: number;
  error_count: number;
  errors: CellIssue[];
  message: string | null;
  error_code: string | null;
  cancel_requested: boolean;
  lease_owner: string | null;
  lease_until: Date | null;
  phase_started_at: Date | null;
  phase_start_row: number;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export async function insertJob(
  db: Db,
  job: Pick<
    JobRow,
    'id' | 'org_id' | 'app_id' | 'form_id' | 'created_by' | 'file_name' | 'file_kind' | 'file_size' | 'status'
  >,
): Promise<void> {
  await db.query(
    `INSERT INTO import_jobs (id, org_id, app_id, form_id, created_by, file_name, file_kind, file_size, sheets, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]'::jsonb, $9)`,
    [
      job.id,
      job.org_id,
      job.app_id,
      job.form_id,
      job.created_by,
      job.file_name,
      job.file_kind,
      job.file_size,
      job.status,
    ],
  );
}

export async function deleteJob(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM import_jobs WHERE id = $1`, [id]);
}

export async function getJob(db: Db, orgId: string, id: string, lock = false): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `SELECT * FROM import_jobs WHERE org_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [orgId, id],
  );
  return rows[0] ? normalize(rows[0]) : null;
}

function normalize(r: JobRow): JobRow {
  return { ...r, file_size: Number(r.file_size) };
}

/** Sets columns of a job (names are from this module's callers, never from a request). */
export async function updateJob(
  db: Db,
  id: string,
  set: Partial<Record<keyof JobRow, unknown>>,
): Promise<void> {
  const keys = Object.keys(set);
  const json = new Set(['sheets', 'settings', 'errors']);
  const assignments = keys.map((k, i) => `${k} = $${i + 2}${json.has(k) ? '::jsonb' : ''}`);
  await db.query(`UPDATE import_jobs SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1`, [
    id,
    ...keys.map((k) => (json.has(k) ? JSON.stringify(set[k as keyof JobRow]) : set[k as keyof JobRow])),
  ]);
}

/** Appends bad cells (the kept list is bounded by `keep`) and counts them all. */
export async function addErrors(
  db: Db,
  id: string,
  issues: readonly CellIssue[],
  badRows: number,
  keep: number,
): Promise<void> {
  await db.query(
    `UPDATE import_jobs
        SET errors = CASE WHEN jsonb_array_length(errors) >= $4 THEN errors
                          ELSE errors || $2::jsonb END,
            error_count = error_count + $3,
            bad_rows = bad_rows + $5,
            updated_at = now()
      WHERE id = $1`,
    [id, JSON.stringify(issues.slice(0, keep)), issues.length, keep, badRows],
  );
}

/** Claims one due job for `owner` (queued, or running with an expired lease: its worker died). */
export async function claimJob(db: Db, owner: string, leaseMs: number): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE import_jobs SET status = 'running', lease_owner = $1,
            lease_until = now() + make_interval(secs => $2::double precision / 1000),
            phase_started_at = now(), phase_start_row = next_row, updated_at = now()
      WHERE id = (SELECT id FROM import_jobs
                   WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
                   ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [owner, leaseMs],
  );
  return rows[0] ? normalize(rows[0]) : null;
}

export async function savedMapping(db: Db, orgId: string, appId: string, formId: string) {
  const { rows } = await db.query<{ mapping: SavedMapping }>(
    `SELECT mapping FROM import_mappings WHERE org_id = $1 AND app_id = $2 AND form_id = $3`,
    [orgId, appId, formId],
  );
  return rows[0]?.mapping ?? null;
}

/** The mapping as remembered for a form: by header text, so it fits the next file's columns. */
export interface SavedMapping {
  columns: { header: string; field: string; sub?: string }[];
  policy: ImportSettings['policy'];
  mode: ImportSettings['mode'];
  keyField?: string;
  groupBy?: string;
}

export async function saveMapping(
  db: Db,
  orgId: string,
  appId: string,
  formId: string,
  userId: string,
  mapping: SavedMapping,
) {
  await db.query(
    `INSERT INTO import_mappings (org_id, app_id, form_id, mapping, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (org_id, app_id, form_id) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [orgId, appId, formId, JSON.stringify(mapping), userId],
  );
}
