import type { Migration } from './migration';

// Rollups (docs/decisions/0053-rollups.md).
// - rollups: the rollups a form keeps, built by a rebuild (spec: date field and grain, key fields,
//   measure fields; `fingerprint` the columns and types of those fields when it was built, so a
//   changed field retires it instead of answering from stale cells).
// - rollup_cells: one row per (rollup, date bucket, key values) with the record count and, per
//   measure field (s0..s5, n0..n5), the exact sum and the count of non-empty values. Keys are text
//   (booleans as 'true'/'false'); an empty key or date is NULL, one cell (NULLS NOT DISTINCT).
//   Cells whose count went back to 0 stay and are skipped by readers (cnt > 0).
const measureColumns = [0, 1, 2, 3, 4, 5]
  .map((i) => `s${i} numeric NOT NULL DEFAULT 0, n${i} bigint NOT NULL DEFAULT 0`)
  .join(',\n     ');
const statements = [
  `CREATE TABLE rollups (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     app_id text NOT NULL,
     form_id text NOT NULL,
     spec_key text NOT NULL,
     spec jsonb NOT NULL,
     fingerprint text NOT NULL,
     records bigint NOT NULL,
     cells bigint NOT NULL,
     built_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (org_id, app_id, form_id, spec_key)
   )`,
  `CREATE TABLE rollup_cells (
     rollup_id bigint NOT NULL REFERENCES rollups(id) ON DELETE CASCADE,
     d date,
     k0 text, k1 text, k2 text, k3 text,
     cnt bigint NOT NULL DEFAULT 0,
     ${measureColumns},
     CONSTRAINT rollup_cells_key UNIQUE NULLS NOT DISTINCT (rollup_id, d, k0, k1, k2, k3)
   )`,
];

export const migration022Rollups: Migration = {
  id: '022_rollups',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
