import type { Migration } from './migration';

// Aggregate tables (docs/decisions/0028-aggregate-tables.md).
// - aggregate_balances: one row per (aggregate, key, measure) with an exact numeric value. The key
//   is stored twice: `key_text`, the canonical JSON array of the key values in the definition's key
//   order (its identity and the lock order; COLLATE "C" so PostgreSQL orders it by code point as
//   the server's sort does), and `key_values`, the same values by key id (filters, answers).
// - aggregate_postings: what each source record (or subform line) contributes now, so an update
//   applies the difference, a delete reverses exactly what was posted and a rebuild can compare.
//   A line posts to one key per source, so the key is not part of the identity.
const statements = [
  `CREATE TABLE aggregate_balances (
     org_id text NOT NULL,
     app_id text NOT NULL,
     aggregate_id text NOT NULL,
     key_text text COLLATE "C" NOT NULL,
     key_values jsonb NOT NULL,
     measure_id text COLLATE "C" NOT NULL,
     value numeric NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, app_id, aggregate_id, key_text, measure_id)
   )`,
  `CREATE TABLE aggregate_postings (
     org_id text NOT NULL,
     app_id text NOT NULL,
     aggregate_id text NOT NULL,
     source_id text NOT NULL,
     form_id text NOT NULL,
     record_id text NOT NULL,
     line_id text NOT NULL,
     key_text text COLLATE "C" NOT NULL,
     measure_id text COLLATE "C" NOT NULL,
     value numeric NOT NULL,
     PRIMARY KEY (org_id, app_id, aggregate_id, source_id, record_id, line_id, measure_id)
   )`,
  `CREATE INDEX aggregate_postings_key_idx ON aggregate_postings (org_id, app_id, aggregate_id, key_text, measure_id)`,
];

export const migration011Aggregates: Migration = {
  id: '011_aggregates',
  up: async (tx) => {
    for (const sql of statements) await tx.query(sql);
  },
};
