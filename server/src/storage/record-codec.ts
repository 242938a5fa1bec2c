import type { StorageKind } from '@tangram/fields';

/**
 * Converts values between the API shape and SQL parameters / result values, per storage kind.
 * Empty values ('' and []) are stored as NULL, so "is empty" is one test in SQL and in memory.
 */
export const codec = {
  text: { toSql: (v) => v, fromSql: (v) => v },
  // numeric goes to SQL as decimal text (String(0.1) is "0.1": no binary noise) and comes back
  // from the driver as exact text; API values are JS numbers within ±1e15 (checked on write).
  numeric: { toSql: (v) => String(v), fromSql: (v) => Number(v) },
  date: { toSql: (v) => v, fromSql: (v) => v },
  timestamptz: { toSql: (v) => v, fromSql: (v) => (v instanceof Date ? v.toISOString() : v) },
  time: { toSql: (v) => v, fromSql: (v) => v },
  boolean: { toSql: (v) => v, fromSql: (v) => v },
  jsonb: { toSql: (v) => JSON.stringify(v), fromSql: (v) => v },
  'text[]': { toSql: (v) => v, fromSql: (v) => v },
} satisfies Record<StorageKind, { toSql(value: unknown): unknown; fromSql(value: unknown): unknown }>;

/** '' and [] are stored as NULL, like null itself. */
export const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function toSqlValue(storage: StorageKind, value: unknown): unknown {
  return isEmpty(value) ? null : codec[storage].toSql(value);
}

export function fromSqlValue(storage: StorageKind, value: unknown): unknown {
  return value === null || value === undefined ? null : codec[storage].fromSql(value);
}
