import type { FieldInfo, QueryKind } from '../field-info.js';
import type { Scalar } from '../ir.js';
import { QueryError, type QueryTarget } from '../types.js';
import type { SqlParams } from './params.js';

/** The quoted column of a field, from the target only (never from the query). */
export function columnOf(target: QueryTarget, info: FieldInfo): string {
  if (info.system) return target.systemColumn(info.system);
  const col = target.column(info.ref);
  if (!col) {
    throw new QueryError([
      { path: '', code: 'noColumn', message: `field "${info.ref}" has no column in this table` },
    ]);
  }
  return col;
}

/**
 * An address as the text it is queried by: non-empty parts joined by one space. Never NULL
 * (all parts missing gives ''), which is also how emptiness is tested.
 */
export const addressTextSql = (col: string): string =>
  `concat_ws(' ', ${['province', 'city', 'district', 'detail'].map((p) => `NULLIF(${col}->>'${p}', '')`).join(', ')})`;

/** The expression a field's values are compared by. */
export const valueSql = (info: FieldInfo, col: string): string =>
  info.kind === 'address' ? addressTextSql(col) : col;

/** True when the field is empty. The server stores every empty value ('', [], blank text) as NULL. */
export const emptySql = (info: FieldInfo, col: string): string =>
  info.kind === 'address' ? `(${addressTextSql(col)} = '')` : `${col} IS NULL`;

export const notEmptySql = (info: FieldInfo, col: string): string =>
  info.kind === 'address' ? `(${addressTextSql(col)} <> '')` : `${col} IS NOT NULL`;

const SQL_TYPE: Readonly<Record<QueryKind, string>> = {
  text: 'text',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  time: 'time',
  boolean: 'boolean',
  'text[]': 'text',
  address: 'text',
  jsonb: 'jsonb',
};

/** A literal as the driver receives it: numbers as decimal text (exact), instants as ISO text. */
function wire(kind: QueryKind, v: Scalar): string | boolean {
  if (kind === 'timestamptz' && typeof v === 'number') return new Date(v).toISOString();
  if (typeof v === 'boolean') return v;
  return String(v);
}

/** A typed placeholder for one literal. */
export const paramSql = (kind: QueryKind, v: Scalar, params: SqlParams): string =>
  `${params.add(wire(kind, v))}::${SQL_TYPE[kind]}`;

/** A typed placeholder for a list of literals (`= ANY(...)`, `&&`, `@>`). */
export const arrayParamSql = (kind: QueryKind, vs: readonly Scalar[], params: SqlParams): string =>
  `${params.add(vs.map((v) => wire(kind, v)))}::${SQL_TYPE[kind]}[]`;

/**
 * The expression a field sorts and compares by. Text uses `COLLATE "C"` (code point order): the
 * same order in memory and on any database locale. Declare text columns `COLLATE "C"` so that
 * their indexes serve it.
 */
export const sortSql = (info: FieldInfo, col: string): string =>
  info.kind === 'text' ? `${col} COLLATE "C"` : col;

/** `%`, `_` and `\` escaped for LIKE with its default escape character `\`. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** ASCII-only case folding in SQL, matching `asciiLower` in memory (see search docs). */
export const foldSql = (expr: string): string => `lower(${expr} COLLATE "C")`;
