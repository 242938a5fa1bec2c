import { isCalendarDate, isEmptyValue, isInstant } from '@tangram/fields';
import type { FieldInfo, QueryKind } from './field-info.js';

/**
 * A non-empty value normalized for comparison: text as is, numeric as a JS number, date as
 * `YYYY-MM-DD`, timestamptz as epoch milliseconds, time as `HH:MM:SS`, text[] as a string array,
 * address as its joined text, other jsonb as the raw value (only emptiness is ever tested).
 */
export type Normalized = string | number | boolean | readonly string[] | object;

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** `HH:mm` or `HH:mm:ss` -> `HH:mm:ss`, or null when not a time. */
export function normalizeTime(value: unknown): string | null {
  if (typeof value !== 'string' || !TIME_RE.test(value)) return null;
  return value.length === 5 ? `${value}:00` : value;
}

/** True for a real time of day (`HH:mm` or `HH:mm:ss`). */
export const isTimeOfDay = (value: unknown): value is string => normalizeTime(value) !== null;

export { isCalendarDate, isInstant };

/**
 * Lowercases ASCII letters only. Both executors fold case this way (SQL: `lower(x COLLATE "C")`),
 * so results never depend on the database's locale. Chinese has no case; other letters match exactly.
 */
export const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** The text an address is queried by: non-empty parts joined by one space (as `format` shows it). */
export function addressText(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return '';
  const a = value as Record<string, unknown>;
  return [a.province, a.city, a.district, a.detail]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(' ');
}

/**
 * Reads a record value as the query language sees it: null when empty (null, blank text, [] or an
 * address without text; the server stores all of them as NULL), otherwise normalized per kind.
 * Values of the wrong shape count as empty rather than throwing: evaluators never crash on data.
 */
export function readValue(kind: QueryKind, raw: unknown): Normalized | null {
  if (kind === 'address') {
    const text = addressText(raw);
    return text === '' ? null : text;
  }
  if (isEmptyValue(raw)) return null;
  switch (kind) {
    case 'text':
      return typeof raw === 'string' ? raw : null;
    case 'numeric':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? raw : null;
    case 'timestamptz': {
      if (typeof raw !== 'string') return null;
      const ms = Date.parse(raw);
      return Number.isNaN(ms) ? null : ms;
    }
    case 'time':
      return normalizeTime(raw);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'text[]':
      return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : null;
    case 'jsonb':
      if (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0) return null;
      return raw as object;
  }
}

export const readField = (info: FieldInfo, record: Readonly<Record<string, unknown>>): Normalized | null =>
  readValue(info.kind, Object.hasOwn(record, info.ref) ? record[info.ref] : null);

/** Orders strings by Unicode code point, as PostgreSQL's `COLLATE "C"` does on UTF-8 bytes. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (astral code point) sorts above every BMP unit in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

/** Compares two non-empty normalized scalars of the same kind (-1, 0, 1). */
export function compareScalars(a: Normalized, b: Normalized): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return 0;
}

/** Compares with NULLs last, whatever the direction (the rule of both executors). */
export function compareNullsLast(a: Normalized | null, b: Normalized | null, desc: boolean): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  const c = compareScalars(a, b);
  return desc ? -c : c;
}
