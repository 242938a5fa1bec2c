/**
 * Runtime values: conversion from stored field values, back to JSON results, and the coercion
 * rules shared by operators and functions (see README "Empty values and coercion").
 */
import { Decimal, ONE, ZERO, isDecimal } from './decimal';
import { dayOfInstant, formatDay, pad, parseDateText, startOfDay, zonedParts } from './dates';
import { LIMITS } from './limits';
import { FormulaError } from './types';
import type {
  DateTimeValue,
  DateValue,
  FormulaScalarType,
  FormulaType,
  FormulaValueType,
  ResultValue,
  ScalarValue,
  Value,
} from './types';

export const isArray = (v: Value): v is readonly Value[] => Array.isArray(v);
export const isDateLike = (v: Value): v is DateValue | DateTimeValue =>
  typeof v === 'object' &&
  v !== null &&
  !isArray(v) &&
  !isDecimal(v) &&
  (v.kind === 'date' || v.kind === 'datetime');

export const dateValue = (day: number): DateValue => ({ kind: 'date', day });
export const dateTimeValue = (ms: number): DateTimeValue => ({ kind: 'datetime', ms });

/** Empty: null, "" and an empty array (ISEMPTY and the empty-value rules use this). */
export const isEmpty = (v: Value): boolean => v === null || v === '' || (isArray(v) && v.length === 0);

export function checkText(s: string): string {
  if (s.length > LIMITS.maxTextLength) {
    throw new FormulaError(
      '#VALUE!',
      `Text result is too long (${s.length} characters, at most ${LIMITS.maxTextLength})`,
    );
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Input: stored field values -> runtime values

function toDecimalOrNull(raw: unknown): Decimal | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Decimal(raw) : null;
  if (typeof raw === 'string') return parseNumberText(raw);
  if (isDecimal(raw)) return raw;
  return null;
}

function idOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  }
  return null;
}

/** Convert one stored scalar with a known formula type. Values that do not fit become null. */
function fromRawScalar(raw: unknown, type: FormulaScalarType, timeZone: string): ScalarValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'number':
      return toDecimalOrNull(raw);
    case 'text':
      return typeof raw === 'string'
        ? raw
        : typeof raw === 'number' || typeof raw === 'boolean'
          ? String(raw)
          : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : null;
    case 'date':
    case 'datetime': {
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : dateTimeValue(raw.getTime());
      if (typeof raw === 'number') return dateTimeValue(raw);
      if (typeof raw !== 'string') return null;
      const parsed = parseDateText(raw, timeZone);
      if (!parsed) return null;
      if (type === 'date' && parsed.kind === 'datetime') return dateValue(dayOfInstant(parsed.ms, timeZone));
      return parsed;
    }
    case 'member': {
      const id = idOf(raw);
      return id === null ? null : { kind: 'member', id };
    }
    case 'department': {
      const id = idOf(raw);
      return id === null ? null : { kind: 'department', id };
    }
    case 'any':
      return inferScalar(raw);
  }
}

function inferScalar(raw: unknown): ScalarValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Decimal(raw) : null;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (isDecimal(raw)) return raw;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : dateTimeValue(raw.getTime());
  return null;
}

/**
 * Convert a stored value to a runtime value. With a type, strings are parsed as numbers / dates
 * as the field requires; without one the JS type decides (number, string, boolean, Date, array).
 */
export function fromRaw(raw: unknown, type: FormulaValueType | undefined, timeZone: string): Value {
  if (type === undefined) {
    if (Array.isArray(raw)) return raw.slice(0, LIMITS.maxArrayLength).map((r: unknown) => inferScalar(r));
    return inferScalar(raw);
  }
  if (typeof type === 'object') {
    if (raw === null || raw === undefined || raw === '') return [];
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    return list.slice(0, LIMITS.maxArrayLength).map((r) => fromRawScalar(r, type.array, timeZone));
  }
  if (Array.isArray(raw))
    return raw.slice(0, LIMITS.maxArrayLength).map((r: unknown) => fromRawScalar(r, type, timeZone));
  return fromRawScalar(raw, type, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Output: runtime values -> JSON results

export function toResult(v: Value, timeZone: string): ResultValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (isArray(v)) return v.map((x) => toResult(x, timeZone));
  if (isDecimal(v)) {
    const n = v.toNumber();
    if (!Number.isFinite(n)) throw new FormulaError('#NUM!', 'Number is too large');
    return n === 0 ? 0 : n;
  }
  switch (v.kind) {
    case 'date':
      return formatDay(v.day);
    case 'datetime':
      return new Date(v.ms).toISOString();
    case 'member':
    case 'department':
      return v.id;
  }
}

export function typeOfValue(v: Value): FormulaType {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'boolean';
  if (isDecimal(v)) return 'number';
  if (isArray(v)) {
    const types = new Set(v.map(typeOfValue).filter((t) => t !== 'null'));
    const only = types.size === 1 ? [...types][0] : undefined;
    return { array: typeof only === 'string' ? (only as FormulaScalarType) : 'any' };
  }
  return v.kind;
}

// ---------------------------------------------------------------------------------------------
// Coercion

/** Parse number text: trims, accepts `1,234.5`, `-3`, `1e3`, `12%`. Returns null when not a number. */
export function parseNumberText(text: string): Decimal | null {
  let s = text.trim();
  if (s === '') return null;
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const d = new Decimal(s);
  if (!d.isFinite()) return null;
  return percent ? d.div(100) : d;
}

export function typeName(v: Value): string {
  const t = typeOfValue(v);
  return typeof t === 'string' ? t : `array of ${t.array}`;
}

/** Number coercion: empty is 0, TRUE is 1, number text is its number; anything else is #VALUE!. */
export function toNumber(v: Value): Decimal {
  if (v === null) return ZERO;
  if (isDecimal(v)) return v;
  if (typeof v === 'boolean') return v ? ONE : ZERO;
  if (typeof v === 'string') {
    if (v.trim() === '') return ZERO;
    const d = parseNumberText(v);
    if (d) return d;
    throw new FormulaError('#VALUE!', `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}" is not a number`);
  }
  throw new FormulaError('#VALUE!', `Expected a number but got ${typeName(v)}`);
}

export function formatDecimal(d: Decimal): string {
  if (!d.isFinite()) throw new FormulaError('#NUM!', 'Number is too large');
  return d.isZero() ? '0' : d.toFixed();
}

/** Text coercion: empty is "", numbers print exactly, booleans TRUE/FALSE, dates ISO-like in the zone. */
export function toText(v: Value, timeZone: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isDecimal(v)) return formatDecimal(v);
  if (isArray(v)) return checkText(v.map((x) => toText(x, timeZone)).join(','));
  switch (v.kind) {
    case 'date':
      return formatDay(v.day);
    case 'datetime': {
      const p = zonedParts(v.ms, timeZone);
      return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
    }
    case 'member':
    case 'department':
      return v.id;
  }
}

/** Boolean coercion: empty is FALSE, numbers are TRUE unless 0, text "TRUE"/"FALSE" (any case). */
export function toBoolean(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (isDecimal(v)) return !v.isZero();
  if (typeof v === 'string') {
    const u = v.trim().toUpperCase();
    if (u === 'TRUE') return true;
    if (u === 'FALSE' || u === '') return false;
    throw new FormulaError('#VALUE!', `"${v.slice(0, 40)}" is not TRUE or FALSE`);
  }
  throw new FormulaError('#VALUE!', `Expected TRUE/FALSE but got ${typeName(v)}`);
}

/** Date coercion: dates and datetimes as they are, date text parsed; empty stays null. */
export function toDate(v: Value, timeZone: string): DateValue | DateTimeValue | null {
  if (v === null || v === '') return null;
  if (isDateLike(v)) return v;
  if (typeof v === 'string') {
    const parsed = parseDateText(v, timeZone);
    if (parsed) return parsed;
    throw new FormulaError('#VALUE!', `"${v.slice(0, 40)}" is not a date (use YYYY-MM-DD)`);
  }
  throw new FormulaError('#VALUE!', `Expected a date but got ${typeName(v)}`);
}

/** Calendar day of a date value (datetimes: the day in the org's time zone). */
export const dayOf = (d: DateValue | DateTimeValue, timeZone: string): number =>
  d.kind === 'date' ? d.day : dayOfInstant(d.ms, timeZone);
/** Instant of a date value (dates: midnight in the org's time zone). */
export const instantOf = (d: DateValue | DateTimeValue, timeZone: string): number =>
  d.kind === 'datetime' ? d.ms : startOfDay(d.day, timeZone);

/** Flatten nested arrays (bounded by the array limit). */
export function flatten(values: readonly Value[]): Value[] {
  const out: Value[] = [];
  const visit = (v: Value): void => {
    if (isArray(v)) {
      for (const x of v) visit(x);
    } else {
      out.push(v);
      if (out.length > LIMITS.maxArrayLength) {
        throw new FormulaError('#VALUE!', `Too many values (more than ${LIMITS.maxArrayLength})`);
      }
    }
  };
  for (const v of values) visit(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/**
 * Compare two scalars: negative, 0 or positive. Rules (README): empty equals 0, "" and FALSE;
 * text compares case-insensitively (Excel); a number and number text compare as numbers; dates
 * compare by instant; values of unrelated types compare by type order number < text < boolean.
 */
export function compareValues(a: Value, b: Value, timeZone: string): number {
  if (isArray(a) || isArray(b))
    throw new FormulaError('#VALUE!', 'Cannot compare a list with <, >; use = or a function');
  if (a === null && b === null) return 0;
  if (a === null) return -compareValues(b, null, timeZone);
  if (b === null) {
    if (isDecimal(a)) return a.cmp(ZERO);
    if (typeof a === 'string') return a === '' ? 0 : 1;
    if (typeof a === 'boolean') return a ? 1 : 0;
    return 1;
  }
  if (isDecimal(a) && isDecimal(b)) return a.cmp(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (isDecimal(a) && typeof b === 'string') {
    const n = parseNumberText(b);
    return n ? a.cmp(n) : -1;
  }
  if (typeof a === 'string' && isDecimal(b)) return -compareValues(b, a, timeZone);
  if (isDecimal(a) && typeof b === 'boolean') return a.cmp(b ? ONE : ZERO);
  if (typeof a === 'boolean' && isDecimal(b)) return -compareValues(b, a, timeZone);
  if (isDateLike(a) || isDateLike(b)) {
    const da = typeof a === 'string' ? parseDateText(a, timeZone) : isDateLike(a) ? a : null;
    const db = typeof b === 'string' ? parseDateText(b, timeZone) : isDateLike(b) ? b : null;
    if (!da || !db) return isDateLike(a) ? 1 : -1;
    if (da.kind === 'date' && db.kind === 'date') return Math.sign(da.day - db.day);
    return Math.sign(instantOf(da, timeZone) - instantOf(db, timeZone));
  }
  const ka = typeof a === 'object' && 'id' in a ? a.id : toText(a, timeZone);
  const kb = typeof b === 'object' && 'id' in b ? b.id : toText(b, timeZone);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Equality used by `=`, SWITCH, COUNTIF: lists are equal when all their elements are. */
export function valuesEqual(a: Value, b: Value, timeZone: string): boolean {
  if (isArray(a) || isArray(b)) {
    if (!isArray(a) || !isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i] as Value, timeZone));
  }
  if (isDecimal(a) && typeof b === 'string' && parseNumberText(b) === null) return false;
  if (isDecimal(b) && typeof a === 'string' && parseNumberText(a) === null) return false;
  return compareValues(a, b, timeZone) === 0;
}
