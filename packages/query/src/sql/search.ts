import { addressTextSql, columnOf, escapeLike, foldSql } from './columns.js';
import { atomically, type SqlParams } from './params.js';
import { searchableFields, searchNeedle } from '../search.js';
import type { QueryTarget } from '../types.js';

/**
 * Quick search `q`: a case-insensitive (ASCII) substring over the searchable text columns
 * (`searchableFields`), one `LIKE` parameter with `%`, `_` and `\` escaped. Each branch is
 * `lower(col COLLATE "C") LIKE $n`, which a pg_trgm index serves:
 * `CREATE INDEX ... USING gin (lower(col COLLATE "C") gin_trgm_ops)` per searchable column.
 * Blank `q` gives `TRUE`; a form without searchable fields gives `FALSE`. Use in positive position.
 */
export function compileSearch(q: string, target: QueryTarget, params: SqlParams): string {
  const needle = searchNeedle(q);
  if (needle === null) return 'TRUE';
  const fields = searchableFields(target);
  if (fields.length === 0) return 'FALSE';
  return atomically(params, (local) => {
    const p = local.add(`%${escapeLike(needle)}%`);
    const branches = fields.map((f) => {
      const col = columnOf(target, f);
      return `${foldSql(f.kind === 'address' ? addressTextSql(col) : col)} LIKE ${p}`;
    });
    return branches.length === 1 ? branches[0]! : `(${branches.join(' OR ')})`;
  });
}
