import type { FieldInfo } from './field-info.js';

/** A literal in the IR, normalized as `readValue` normalizes record values (timestamptz as ms). */
export type Scalar = string | number | boolean;

/**
 * The predicate IR both executors interpret. Every leaf is false for an empty value, so the SQL
 * side can guard each leaf with `IS NOT NULL` and stay two-valued; `notOrEmpty` is the only
 * negation (`ne`, `notIn`, `notContains` include empties, as Jiandaoyun does).
 */
export type Pred =
  | { k: 'const'; value: boolean }
  | { k: 'and' | 'or'; items: Pred[] }
  | { k: 'empty'; f: FieldInfo }
  | { k: 'notEmpty'; f: FieldInfo }
  | { k: 'cmp'; f: FieldInfo; op: '=' | '<' | '<=' | '>' | '>='; value: Scalar }
  | { k: 'in'; f: FieldInfo; values: Scalar[] }
  /** Case-insensitive (ASCII) substring or prefix; `needle` is already ASCII-lowercased. */
  | { k: 'like'; f: FieldInfo; mode: 'contains' | 'prefix'; needle: string }
  /** Multi-valued: has any of / has all of / exactly the same set as `values`. */
  | { k: 'arr'; f: FieldInfo; mode: 'any' | 'all' | 'same'; values: string[] }
  | { k: 'notOrEmpty'; f: FieldInfo; pred: Pred };
