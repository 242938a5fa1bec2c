import type { FieldDefinition } from '@tangram/schema';
import { searchableFields } from '@tangram/query';
import { quoteIdent } from '../db/sql/ident';
import { indexName } from './search-index';
import type { TableState } from './table-state';

/**
 * One trigram index per form table serves `q` (decision 0052). Before, every searchable text
 * column had its own `gin (lower(col COLLATE "C") gin_trgm_ops)` index, and each insert updated
 * all of them. Now the searchable text columns are joined into one text (`searchTextSql`) and one
 * GIN index covers that expression.
 *
 * The index is only a pre-filter: a record matches `q` exactly when one of the visible searchable
 * fields contains the needle. Because the join puts SEARCH_SEPARATOR between columns, a needle
 * without that character matches the joined text exactly when it matches one of the columns, so
 * when the reader sees every covered column the joined condition alone is the search; otherwise
 * (a hidden field, or a needle with the separator) the per-field condition is added after it.
 */

/** Joins the columns in the search text; nobody types it into a search box (U+001F UNIT SEPARATOR). */
export const SEARCH_SEPARATOR = '\u001f';

/** A column the form's search index covers. */
export interface SearchColumn {
  fieldId: string;
  column: string;
}

/**
 * The columns of a table the search index covers: searchable fields (`searchableFields`, the
 * fields `q` looks into) stored as a live text column, in column-name order so that the index
 * expression depends only on the set. Address fields (jsonb) and lookups are not covered; a search
 * that must look into them is not served by the index (as before: they never had one).
 */
export function searchColumns(fields: readonly FieldDefinition[], table: TableState): SearchColumn[] {
  const out: SearchColumn[] = [];
  for (const info of searchableFields({ fields })) {
    const state = table.columns.get(info.ref);
    if (state && !state.archived && state.storage === 'text')
      out.push({ fieldId: info.ref, column: state.column });
  }
  return out.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/**
 * The search text of quoted column expressions, folded as `q` folds (ASCII lowercase, see
 * @tangram/query foldSql). One column: `lower(col COLLATE "C")`, the expression of the per-column
 * index it replaces, so single-column tables keep their index. The statement and the index must
 * use the same text for the planner to match them; immutable throughout (coalesce, ||, lower).
 */
export function searchTextSql(columns: readonly string[]): string {
  if (columns.length === 1) return `lower(${columns[0]} COLLATE "C")`;
  const joined = columns.map((c) => `coalesce(${c}, '')`).join(` || E'\\x1f' || `);
  return `lower((${joined}) COLLATE "C")`;
}

/** The name of a table's search index: the column list's hash, so a changed set gets a new index. */
export const searchIndexName = (table: string, columns: readonly string[]): string =>
  indexName('qx', table, columns.join(','));

/** `CREATE INDEX` of the search index over `columns` (unquoted names), `concurrently` beside live writes. */
export const searchIndexDdl = (
  name: string,
  table: string,
  columns: readonly string[],
  concurrently: '' | 'CONCURRENTLY' = '',
): string =>
  `CREATE INDEX ${concurrently} IF NOT EXISTS ${quoteIdent(name)} ON ${quoteIdent(table)} USING gin (${searchTextSql(columns.map(quoteIdent))} gin_trgm_ops)`;

/** How a reader can search a table through its search index. */
export type IndexedSearch =
  /** Not through the index: a visible searchable field is not covered, or one column (already exact). */
  | { kind: 'none' }
  /** The joined condition alone is the search. */
  | { kind: 'exact'; columns: string[] }
  /** The joined condition as a pre-filter, then the per-field search over the visible fields. */
  | { kind: 'prefilter'; columns: string[] };

/**
 * Decides how a search of `needle` (folded, non-empty) is served, given the covered columns and
 * the field ids the reader's `q` looks into (visible searchable fields, lookups included).
 * Pure, so the rule is tested without a database.
 */
export function indexedSearch(
  covered: readonly SearchColumn[],
  searched: readonly string[],
  needle: string,
): IndexedSearch {
  if (covered.length < 2) return { kind: 'none' };
  const coveredIds = new Set(covered.map((c) => c.fieldId));
  if (searched.length === 0 || searched.some((id) => !coveredIds.has(id))) return { kind: 'none' };
  const columns = covered.map((c) => c.column);
  const all = searched.length === coveredIds.size && new Set(searched).size === coveredIds.size;
  return all && !needle.includes(SEARCH_SEPARATOR)
    ? { kind: 'exact', columns }
    : { kind: 'prefilter', columns };
}
