import type { Migration } from './migration';

// Apps and their versions, the physical tables behind forms, and the per-record bookkeeping
// (history, idempotency keys, serial counters, outbox). Record tables themselves are created by
// storage/table-sync when an app is saved, one per form (DESIGN §3).
const statements = [
  `CREATE TABLE apps (
     org_id text NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
     id text NOT NULL,
     name jsonb NOT NULL,
     icon text,
     definition jsonb NOT NULL,
     version integer NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by text,
     updated_at timestamptz NOT NULL DEFAULT now(),
     updated_by text,
     deleted_at timestamptz,
     PRIMARY KEY (org_id, id)
   )`,
  `CREATE TABLE app_versions (
     org_id text NOT NULL,
     app_id text NOT NULL,
     version integer NOT NULL,
     definition jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by text,
     PRIMARY KEY (org_id, app_id, version),
     FOREIGN KEY (org_id, app_id) REFERENCES apps (org_id, id) ON DELETE CASCADE
   )`,
  // One row per form (and per subform: form_id "form.subformField"). Table names are generated,
  // never derived from user input, so two orgs may use the same app and form ids.
  `CREATE TABLE form_tables (
     org_id text NOT NULL,
     app_id text NOT NULL,
     form_id text NOT NULL,
     table_name text NOT NULL UNIQUE,
     parent_table text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, app_id, form_id),
     FOREIGN KEY (org_id, app_id) REFERENCES apps (org_id, id) ON DELETE CASCADE
   )`,
  // The column behind each field. Removed fields are archived (column kept) until purged.
  `CREATE TABLE field_columns (
     table_name text NOT NULL REFERENCES form_tables (table_name) ON DELETE CASCADE,
     field_id text NOT NULL,
     column_name text NOT NULL,
     storage text NOT NULL,
     is_unique boolean NOT NULL DEFAULT false,
     archived_at timestamptz,
     PRIMARY KEY (table_name, field_id),
     UNIQUE (table_name, column_name)
   )`,
  `CREATE TABLE record_history (
     id bigserial PRIMARY KEY,
     org_id text NOT NULL,
     app_id text NOT NULL,
     form_id text NOT NULL,
     record_id text NOT NULL,
     version integer NOT NULL,
     action text NOT NULL,
     actor_id text,
     at timestamptz NOT NULL DEFAULT now(),
     changes jsonb NOT NULL DEFAULT '[]'
   )`,
  `CREATE INDEX record_history_record_idx ON record_history (org_id, app_id, form_id, record_id, id)`,
  `CREATE TABLE comments (
     id text PRIMARY KEY,
     org_id text NOT NULL,
     app_id text NOT NULL,
     form_id text NOT NULL,
     record_id text NOT NULL,
     author_id text NOT NULL,
     body text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX comments_record_idx ON comments (org_id, app_id, form_id, record_id, created_at)`,
  // A retried write with the same key returns the stored response. The key row is inserted in the
  // same transaction as the write, so a concurrent duplicate waits on the primary key and then
  // sees the committed response: never a second record.
  `CREATE TABLE idempotency_keys (
     org_id text NOT NULL,
     user_id text NOT NULL,
     key text NOT NULL,
     request_hash text NOT NULL,
     status integer NOT NULL,
     response jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (org_id, user_id, key)
   )`,
  `CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`,
  // Gap-free serial numbers: the counter row is locked by the UPDATE until the record's
  // transaction ends, so a rolled-back insert gives its number back.
  `CREATE TABLE serial_counters (
     table_name text NOT NULL,
     field_id text NOT NULL,
     period text NOT NULL,
     value bigint NOT NULL,
     PRIMARY KEY (table_name, field_id, period)
   )`,
  `CREATE TABLE outbox (
     id bigserial PRIMARY KEY,
     org_id text NOT NULL,
     topic text NOT NULL,
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     processed_at timestamptz
   )`,
  `CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL`,
  // Casts that answer NULL instead of failing: one expression both previews a type change (rows
  // whose value would become NULL) and performs it, so the preview never disagrees with the change.
  ...['numeric', 'date', 'timestamptz', 'time', 'boolean'].map(
    (type) => `CREATE FUNCTION tangram_try_${type}(value text) RETURNS ${type} AS $$
       BEGIN
         RETURN value::${type};
       EXCEPTION WHEN others THEN
         RETURN NULL;
       END
     $$ LANGUAGE plpgsql IMMUTABLE`,
  ),
];

export const migration002AppsRecords: Migration = {
  id: '002_apps_records',
  async up(tx) {
    for (const sql of statements) await tx.query(sql);
  },
};
