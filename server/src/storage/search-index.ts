import { createHash } from 'node:crypto';

/**
 * Short, deterministic index names (PostgreSQL cuts names at 63 bytes): `ix_` for a column's
 * b-tree, `ux_` for a unique index, `qx_` for a trigram search index.
 */
export function indexName(kind: 'ix' | 'ux' | 'qx', table: string, column = ''): string {
  const hash = createHash('sha1').update(column).digest('hex').slice(0, 8);
  return `${kind}_${table}_${hash}`;
}
