import { createHash } from 'node:crypto';
import { quoteIdent } from '../db/sql/ident';

/**
 * The text `q` searches: the form's text columns joined, lower-cased. Built only from IMMUTABLE
 * operators (`||`, coalesce, lower) so a pg_trgm GIN index on exactly this expression serves
 * `LIKE '%…%'` searches, Chinese substrings included. Null when the form has no text column.
 */
export function searchDocument(columns: readonly string[], alias?: string): string | null {
  if (columns.length === 0) return null;
  const prefix = alias ? `${quoteIdent(alias)}.` : '';
  return `lower(${columns.map((c) => `coalesce(${prefix}${quoteIdent(c)}, '')`).join(` || ' ' || `)})`;
}

/** Short, deterministic index names (PostgreSQL cuts names at 63 bytes). */
export function indexName(kind: 'ix' | 'ux' | 'qx', table: string, column = ''): string {
  const hash = createHash('sha1').update(column).digest('hex').slice(0, 8);
  return `${kind}_${table}_${hash}`;
}
