import type { Migration } from './migration';

// Record exports to XLSX and CSV (docs/decisions/0044-export.md). Small exports stream straight
// back and leave no row; larger ones are jobs:
// - export_jobs: what to export (`request`: format, filter, sort, columns, subform layout, the
//   exporter's locale), progress (`rows_done` of `rows_total`), and the file under
//   DATA_DIR/exports/<org>/<job id> once `done`. Only the creator sees a job.
// - `expires_at`: the file may be downloaded until then (a day); the job and its file are deleted
//   by the sweep that runs with every new export.
// - `lease_until`: a running job's worker renews it per page; a job whose lease ran out (its
//   process died) reads as failed and can be started again.
const statements = [
  `CREATE TABLE export_jobs (
     id text PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     created_by text NOT NULL,
     format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
     request jsonb NOT NULL,
     file_name text NOT NULL,
     status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
     rows_total integer,
     rows_done integer NOT NULL DEFAULT 0,
     file_size bigint,
     message text,
     lease_until timestamptz,
     finished_at timestamptz,
     expires_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX export_jobs_owner_idx ON export_jobs (org_id, created_by, created_at DESC)`,
  `CREATE INDEX export_jobs_expiry_idx ON export_jobs (expires_at)`,
];

export const migration018Exports: Migration = {
  id: '018_exports',
  up: async (db) => {
    for (const sql of statements) await db.query(sql);
  },
};
