import { createHash } from 'node:crypto';
import type { Migration } from './migration';

// One trigram search index per form table instead of one per searchable text column (decision
// 0052): every insert updated each of them. The columns that had a per-column index
// (`qx_<table>_<sha1(column)>`, storage/sync-apply.ts before 0052) are the table's searchable
// ones; a table with two or more gets one GIN index over their joined text, named after the
// column list, and loses the per-column ones. A table with one keeps its index: the name and the
// expression are the same under the new rule. Names and the expression follow
// storage/search-index.ts indexName and storage/search-text.ts searchTextSql, written out here so
// that this migration never changes when those helpers do.

const qxName = (table: string, key: string) =>
  `qx_${table}_${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const joinedText = (columns: readonly string[]) =>
  `lower((${columns.map((c) => `coalesce(${quote(c)}, '')`).join(` || E'\\x1f' || `)}) COLLATE "C")`;

export const migration021SearchIndex: Migration = {
  id: '021_search_index',
  up: async (tx) => {
    const { rows: indexes } = await tx.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND starts_with(indexname, 'qx_')`,
    );
    const existing = new Set(indexes.map((r) => r.indexname));
    const { rows: tables } = await tx.query<{ table_name: string }>(
      `SELECT table_name FROM form_tables ORDER BY table_name`,
    );
    for (const { table_name: table } of tables) {
      const { rows: columns } = await tx.query<{ column_name: string }>(
        `SELECT column_name FROM field_columns
          WHERE table_name = $1 AND storage = 'text' AND archived_at IS NULL ORDER BY column_name`,
        [table],
      );
      const searched = columns.map((c) => c.column_name).filter((c) => existing.has(qxName(table, c)));
      if (searched.length < 2) continue;
      // Column names are ASCII (physical-names.ts); sorted by code unit as the server sorts them.
      searched.sort();
      await tx.query(
        `CREATE INDEX IF NOT EXISTS ${quote(qxName(table, searched.join(',')))} ON ${quote(table)}
          USING gin (${joinedText(searched)} gin_trgm_ops)`,
      );
      for (const column of searched) await tx.query(`DROP INDEX IF EXISTS ${quote(qxName(table, column))}`);
    }
  },
};
