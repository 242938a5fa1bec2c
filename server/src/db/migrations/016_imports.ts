import type { Migration } from './migration';

// Record imports from Excel and CSV (docs/decisions/0040-record-import.md).
// - import_jobs: one row per uploaded file. The file lives under DATA_DIR/imports/<org>/<job id>;
//   `settings` holds the sheet, header row, column mapping and policies; `next_row` is the
//   checkpoint: data rows (0-based, after the header) before it are finished. A batch's writes and
//   the advance of `next_row` commit in one transaction, so a job resumed after a crash neither
//   repeats nor loses a row: a row's idempotency key is (job id, row number).
// - A worker owns a running job through a lease (`lease_owner`, `lease_until`); a crashed
//   worker's job is taken over when the lease has expired.
// - `errors` keeps the first bad cells (bounded in code), `error_count` all of them.
// - `reading`: the upload is stored and being read (sizes, previews) after the answer was sent.
// - import_mappings: the last mapping used per form, offered next time.
const statements = [
  `CREATE TABLE import_jobs (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     created_by text NOT NULL,
     file_name text NOT NULL,
     file_kind text NOT NULL CHECK (file_kind IN ('xlsx', 'csv')),
     file_size bigint NOT NULL,
     encoding text,
     sheets jsonb NOT NULL,
     settings jsonb,
     status text NOT NULL CHECK (status IN ('reading', 'ready', 'queued', 'running', 'checked', 'done', 'failed', 'cancelled')),
     phase text NOT NULL DEFAULT 'check' CHECK (phase IN ('check', 'write')),
     write_after_check boolean NOT NULL DEFAULT false,
     total_rows integer,
     next_row integer NOT NULL DEFAULT 0,
     rows_created integer NOT NULL DEFAULT 0,
     rows_updated integer NOT NULL DEFAULT 0,
     rows_skipped integer NOT NULL DEFAULT 0,
     bad_rows integer NOT NULL DEFAULT 0,
     error_count integer NOT NULL DEFAULT 0,
     errors jsonb NOT NULL DEFAULT '[]',
     message text,
     error_code text,
     cancel_requested boolean NOT NULL DEFAULT false,
     lease_owner text,
     lease_until timestamptz,
     phase_started_at timestamptz,
     phase_start_row integer NOT NULL DEFAULT 0,
     finished_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX import_jobs_form_idx ON import_jobs (org_id, app_id, form_id, created_at DESC)`,
  `CREATE INDEX import_jobs_due_idx ON import_jobs (lease_until) WHERE status IN ('queued', 'running')`,
  `CREATE TABLE import_mappings (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     mapping jsonb NOT NULL,
     updated_by text NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, app_id, form_id)
   )`,
];

export const migration016Imports: Migration = {
  id: '016_imports',
  up: async (db) => {
    for (const sql of statements) await db.query(sql);
  },
};
