import { createHash } from 'node:crypto';
import type { Migration } from './migration';

// Row-scope indexes on form tables that existed before the records kernel (decision 0023): "records
// I own" and "my department (and below)" filter on owner_id / owner_department_id, with the id as
// tie-breaker for keyset pages. New tables get them when they are created (storage/sync-apply.ts).
// The index name follows storage/search-index.ts indexName('ix', table, column), written out here
// so that this migration never changes when that helper does.
const SCOPE_COLUMNS = ['owner_id', 'owner_department_id'];

const ixName = (table: string, column: string) =>
  `ix_${table}_${createHash('sha1').update(column).digest('hex').slice(0, 8)}`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const migration009ScopeIndexes: Migration = {
  id: '009_scope_indexes',
  up: async (tx) => {
    const { rows } = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM form_tables WHERE parent_table IS NULL ORDER BY table_name`,
    );
    for (const { table_name: table } of rows)
      for (const column of SCOPE_COLUMNS)
        await tx.query(
          `CREATE INDEX IF NOT EXISTS ${quote(ixName(table, column))} ON ${quote(table)} (${column}, id COLLATE "C")`,
        );
  },
};
