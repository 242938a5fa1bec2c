import { lookupKind, type QueryKind } from '../field-info.js';
import { LOOKUP_SEPARATOR } from '../lookup.js';
import type { LookupTarget } from '../types.js';
import { addressTextSql } from './columns.js';

/** Where a lookup's related records are, as quoted SQL supplied by the server (never by a query). */
export interface LookupSqlSource {
  target: LookupTarget;
  /** The related form's table, quoted. */
  table: string;
  /** The alias the related table gets inside the subquery, quoted (unique in the statement). */
  alias: string;
  /** The related field's column, qualified by `alias`. */
  column: string;
  /** The related records' id column, qualified by `alias`. */
  id: string;
  /**
   * The linked id(s): the outer row's relation column (`"t"."c_customer"`) for reads, or a typed
   * parameter for a record not stored yet. `text` for a single relation, `text[]` for a multiple one.
   */
  link: string;
  /** Conditions on the related rows (liveness, the lookup's filter), already compiled over `alias`. */
  where: readonly string[];
}

/** A related value as text for `concat` (the form a table cell shows for plain kinds). */
const TEXT_OF: Readonly<Record<QueryKind, (c: string) => string>> = {
  text: (c) => c,
  numeric: (c) => `${c}::text`,
  date: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
  timestamptz: (c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  time: (c) => `${c}::text`,
  boolean: (c) => `${c}::text`,
  'text[]': (c) => `array_to_string(${c}, '${LOOKUP_SEPARATOR}')`,
  address: (c) => `NULLIF(${addressTextSql(c)}, '')`,
  jsonb: (c) => `${c}::text`,
};

/**
 * A lookup field as one scalar SQL expression: a correlated subquery over the related form's
 * table, so the same expression serves the select list, filters, sorts and keyset pages. Numbers
 * stay `numeric` (exact: 0.1 + 0.2 = 0.3); sum and count are 0 over no records, avg is rounded to
 * 12 places like the report measures; `none` over a multiple relation is a jsonb list in link
 * order. The in-memory counterpart is `lookupValue`; the conformance vectors hold them together.
 * Throws when the lookup has no value (`lookupKind` null): callers resolve lookups first.
 */
export function lookupSql(src: LookupSqlSource): string {
  const fieldKind = lookupKind({ ...src.target, aggregate: 'none', multiple: false });
  if (fieldKind === null || lookupKind(src.target) === null)
    throw new Error(`lookup of field "${src.target.field.id}" has no value`);
  const c = src.column;
  const linked = src.target.multiple ? `${src.id} = ANY(${src.link})` : `${src.id} = ${src.link}`;
  const from = `FROM ${src.table} AS ${src.alias} WHERE ${[linked, ...src.where].join(' AND ')}`;
  // Link order for lists: the position of the id in the relation's array.
  const order = src.target.multiple ? ` ORDER BY array_position(${src.link}, ${src.id})` : '';
  const present = fieldKind === 'address' ? `${addressTextSql(c)} <> ''` : `${c} IS NOT NULL`;
  const ordered = fieldKind === 'text' ? `${c} COLLATE "C"` : c;
  switch (src.target.aggregate) {
    case 'count':
      return `(SELECT count(*)::numeric ${from})`;
    case 'sum':
      return `(SELECT COALESCE(sum(${c}), 0) ${from})`;
    case 'avg':
      return `(SELECT round(round(sum(${c}), 20) / NULLIF(count(${c}), 0), 12) ${from})`;
    case 'min':
      return `(SELECT min(${ordered}) ${from})`;
    case 'max':
      return `(SELECT max(${ordered}) ${from})`;
    case 'concat':
      return `(SELECT string_agg(${TEXT_OF[fieldKind](c)}, '${LOOKUP_SEPARATOR}'${order}) ${from})`;
    case 'none':
      return src.target.multiple
        ? `(SELECT jsonb_agg(to_jsonb(${c})${order}) ${from} AND ${present})`
        : `(SELECT ${c} ${from} LIMIT 1)`;
  }
}
