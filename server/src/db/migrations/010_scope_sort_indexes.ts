import { createHash } from 'node:crypto';
import type { Migration } from './migration';

// Row-scope sort indexes (decision 0033): a page read under "records I own" or "my department (and
// below)" walks `(owner_id | owner_department_id, sort column, id)` in page order instead of the
// whole sort index. Saving an app states them for each form (storage/sync-apply.ts `scopeIndexes`);
// this adds them to the record tables of forms that already have an owner-based permission group,
// for created_at (the default order) and for every column that has its `(column, id)` sort index.
// Names follow storage/sync-apply.ts scopeIndexName and the owner-scope test follows
// storage/sync-plan.ts usesOwnerScopes, written out here so that this migration never changes when
// those helpers do.
const SCOPE_COLUMNS = ['owner_id', 'owner_department_id'];

const ixName = (table: string, key: string) =>
  `ix_${table}_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const migration010ScopeSortIndexes: Migration = {
  id: '010_scope_sort_indexes',
  up: async (tx) => {
    // Record tables of forms with a group scoped to the owner or the owner's department.
    const { rows: tables } = await tx.query<{ table_name: string }>(
      `SELECT t.table_name
         FROM form_tables t
         JOIN apps a ON a.org_id = t.org_id AND a.id = t.app_id
        WHERE t.parent_table IS NULL
          AND EXISTS (
            SELECT 1
              FROM jsonb_array_elements(a.definition->'forms') f,
                   jsonb_array_elements(COALESCE(f->'permissionGroups', '[]'::jsonb)) g
             WHERE f->>'id' = t.form_id AND g->'scope'->>'kind' IN ('own', 'department'))
        ORDER BY t.table_name`,
    );
    const { rows: indexes } = await tx.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`,
    );
    const existing = new Set(indexes.map((r) => r.indexname));
    for (const { table_name: table } of tables) {
      const { rows: columns } = await tx.query<{ column_name: string; storage: string }>(
        `SELECT column_name, storage FROM field_columns WHERE table_name = $1 ORDER BY column_name`,
        [table],
      );
      // Only columns that have their plain sort index (indexed kinds, see sync-apply.ts).
      const sortColumns = [
        { column: 'created_at', key: 'created_at' },
        ...columns
          .filter((c) => c.storage !== 'text[]' && existing.has(ixName(table, c.column_name)))
          .map((c) => ({
            column: c.column_name,
            key: c.storage === 'text' ? `${quote(c.column_name)} COLLATE "C"` : quote(c.column_name),
          })),
      ];
      for (const { column, key } of sortColumns)
        for (const scope of SCOPE_COLUMNS)
          await tx.query(
            `CREATE INDEX IF NOT EXISTS ${quote(ixName(table, `${scope},${column}`))} ON ${quote(table)} (${scope}, ${key}, id COLLATE "C")`,
          );
    }
  },
};
