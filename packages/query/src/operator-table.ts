/**
 * The one operator table: what each operator means for each kind of column. Validation
 * (`parseOperand`) and planning into the predicate IR (`planComparison`) live here; the memory
 * evaluator and the SQL compiler only interpret the IR, so they cannot drift apart.
 */
import type { DynamicValue, Operator } from '@tangram/schema';
import { dynamicRange, isTimeZone, localDate, startOfDay, addDays, type DateDynamic } from './dates.js';
import type { FieldInfo, QueryKind } from './field-info.js';
import type { Pred, Scalar } from './ir.js';
import { MAX_SEARCH_LENGTH } from './search.js';
import type { QueryContext } from './types.js';
import { asciiLower, compareScalars, isCalendarDate, isInstant, normalizeTime } from './values.js';

/** A bound of a comparison: a point, or a whole calendar day on a timestamptz column. */
type Bound = { t: 'point'; v: Scalar } | { t: 'day'; date: string };

/** A validated operand, before dynamic values are resolved. */
export type Operand =
  | { t: 'none' }
  | { t: 'bound'; b: Bound }
  | { t: 'list'; vs: Scalar[] }
  | { t: 'pair'; lo: Bound; hi: Bound }
  | { t: 'dynamic'; d: DynamicValue };

export type OperandResult = { ok: true; operand: Operand } | { ok: false; code: string; message: string };

const bad = (code: string, message: string): OperandResult => ({ ok: false, code, message });

const USER_DYNAMICS = new Set(['currentUser']);
const DEPARTMENT_DYNAMICS = new Set(['currentUserDepartments']);
const RANGE_OPERATORS: readonly Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between'];
const DYNAMIC_KEYS = new Set(['dynamic', 'n']);
const DATE_DYNAMICS = new Set([
  'today',
  'now',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
  'lastNDays',
]);

const describe = (kind: QueryKind): string =>
  ({
    text: 'a non-blank text',
    numeric: 'a finite number',
    date: 'a real calendar date (YYYY-MM-DD)',
    timestamptz: 'an ISO 8601 date-time with a time zone, or a date (YYYY-MM-DD) meaning that whole day',
    time: 'a time of day (HH:mm or HH:mm:ss)',
    boolean: 'true or false',
    'text[]': 'a non-blank text',
    address: 'a non-blank text',
    jsonb: 'nothing',
  })[kind];

/** Parses one literal for a kind; null when it has the wrong shape. */
function parseBound(kind: QueryKind, value: unknown): Bound | null {
  switch (kind) {
    case 'text':
    case 'text[]':
    case 'address':
      return typeof value === 'string' && value.trim() !== '' ? { t: 'point', v: value } : null;
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value) ? { t: 'point', v: value } : null;
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? { t: 'point', v: value } : null;
    case 'timestamptz':
      if (typeof value !== 'string') return null;
      if (isCalendarDate(value)) return { t: 'day', date: value };
      return isInstant(value) ? { t: 'point', v: Date.parse(value) } : null;
    case 'time': {
      const t = normalizeTime(value);
      return t === null ? null : { t: 'point', v: t };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { t: 'point', v: value } : null;
    case 'jsonb':
      return null;
  }
}

function parseDynamic(info: FieldInfo, op: Operator, value: object): OperandResult {
  const keys = Object.keys(value);
  const d = value as Partial<DynamicValue>;
  if (keys.some((k) => !DYNAMIC_KEYS.has(k)) || typeof d.dynamic !== 'string') {
    return bad('invalidValue', 'a dynamic value is { "dynamic": name } with an optional "n"');
  }
  const name = d.dynamic;
  if (name === 'lastNDays') {
    if (typeof d.n !== 'number' || !Number.isInteger(d.n) || d.n < 1 || d.n > 3660) {
      return bad('invalidValue', 'lastNDays needs "n", a whole number of days from 1 to 3660');
    }
  } else if (d.n !== undefined) {
    return bad('invalidValue', `"n" only applies to lastNDays, not ${name}`);
  }
  const operand: OperandResult = { ok: true, operand: { t: 'dynamic', d: d as DynamicValue } };
  if (USER_DYNAMICS.has(name)) {
    if (info.identity !== 'user') return bad('dynamicNotAllowed', `${name} only applies to member fields`);
    const ops: Operator[] =
      info.kind === 'text[]' ? ['eq', 'in', 'notIn', 'contains', 'notContains'] : ['eq', 'ne', 'in', 'notIn'];
    return ops.includes(op) ? operand : bad('dynamicNotAllowed', `${name} cannot be used with "${op}"`);
  }
  if (DEPARTMENT_DYNAMICS.has(name)) {
    if (info.identity !== 'department') {
      return bad('dynamicNotAllowed', `${name} only applies to department fields`);
    }
    return op === 'in' || op === 'notIn'
      ? operand
      : bad('dynamicNotAllowed', `${name} is a list of departments: use "in" or "notIn"`);
  }
  if (DATE_DYNAMICS.has(name)) {
    if (info.kind !== 'date' && info.kind !== 'timestamptz') {
      return bad('dynamicNotAllowed', `${name} only applies to date and date-time fields`);
    }
    return RANGE_OPERATORS.includes(op)
      ? operand
      : bad('dynamicNotAllowed', `${name} cannot be used with "${op}"`);
  }
  return bad('invalidValue', `unknown dynamic value "${String(name).slice(0, 40)}"`);
}

const boundStart = (b: Bound): Scalar => (b.t === 'point' ? b.v : b.date);

/**
 * Checks the value of a comparison against its operator and the field's kind. The operator must
 * already be one the field allows.
 */
export function parseOperand(info: FieldInfo, op: Operator, value: unknown): OperandResult {
  if (op === 'isEmpty' || op === 'isNotEmpty') {
    return value === undefined || value === null
      ? { ok: true, operand: { t: 'none' } }
      : bad('invalidValue', `"${op}" takes no value`);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return parseDynamic(info, op, value);
  const kind = info.kind;
  const want = describe(kind);
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) {
      return bad('invalidValue', `"between" needs a list of 2 values, each ${want}`);
    }
    const lo = parseBound(kind, value[0]);
    const hi = parseBound(kind, value[1]);
    if (!lo || !hi) return bad('invalidValue', `"between" needs 2 values, each ${want}`);
    if (compareScalars(boundStart(lo), boundStart(hi)) > 0) {
      return bad('invalidRange', '"between" needs the lower bound first');
    }
    return { ok: true, operand: { t: 'pair', lo, hi } };
  }
  const listOp =
    op === 'in' ||
    op === 'notIn' ||
    (kind === 'text[]' && (op === 'eq' || op === 'ne' || op === 'contains' || op === 'notContains'));
  if (listOp) {
    const items = kind === 'text[]' && typeof value === 'string' ? [value] : value;
    if (!Array.isArray(items) || items.length === 0) {
      return bad('invalidValue', `"${op}" needs a non-empty list of values, each ${want}`);
    }
    if (items.length > 1000) return bad('invalidValue', `"${op}" accepts at most 1000 values`);
    const vs: Scalar[] = [];
    for (const item of items) {
      const b = parseBound(kind, item);
      if (!b || b.t !== 'point') return bad('invalidValue', `every value of "${op}" must be ${want}`);
      vs.push(b.v);
    }
    return { ok: true, operand: { t: 'list', vs } };
  }
  const b = parseBound(kind, value);
  if (!b) return bad('invalidValue', `"${op}" needs ${want}`);
  // Substring matching costs the value's length times the needle's (LIKE '%…%' in SQL too).
  const substring = op === 'contains' || op === 'notContains' || op === 'startsWith';
  if (substring && typeof value === 'string' && value.length > MAX_SEARCH_LENGTH)
    return bad('tooLong', `"${op}" looks for at most ${MAX_SEARCH_LENGTH} characters`);
  return { ok: true, operand: { t: 'bound', b } };
}

// ---------------------------------------------------------------------------------------------
// Planning: operand + context -> IR

const TRUE: Pred = { k: 'const', value: true };
const FALSE: Pred = { k: 'const', value: false };

/**
 * A range [start, end) over the column's own scalars, or a single point. `end` is null when the
 * range runs to the end of the calendar: the day after 9999-12-31 is no date a value can hold.
 */
type Target = { t: 'point'; v: Scalar } | { t: 'range'; start: Scalar; end: Scalar | null };

/** The first and last instants a date-time value may hold (see `isInstant`). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

function dayRange(kind: QueryKind, start: string, end: string, ctx: QueryContext): Target {
  if (kind === 'timestamptz') {
    // Local days at the calendar's ends reach past the instants a value may hold (0001-01-01
    // starts in year 0 east of UTC, 9999-12-31 ends in year 10000 west of it): clamp to them,
    // which changes no answer and keeps every bound a year PostgreSQL reads.
    const first = Math.max(startOfDay(start, ctx.timeZone), FIRST_INSTANT);
    const last = startOfDay(end, ctx.timeZone);
    return { t: 'range', start: first, end: last > LAST_INSTANT ? null : last };
  }
  return { t: 'range', start, end: isCalendarDate(end) ? end : null };
}

function targetOf(f: FieldInfo, b: Bound, ctx: QueryContext): Target {
  return b.t === 'point' ? b : dayRange(f.kind, b.date, addDays(b.date, 1), ctx);
}

function rangePred(f: FieldInfo, op: Operator, t: Target): Pred {
  const cmp = (o: '=' | '<' | '<=' | '>' | '>=', value: Scalar): Pred => ({ k: 'cmp', f, op: o, value });
  if (t.t === 'point') {
    switch (op) {
      case 'eq':
        return cmp('=', t.v);
      case 'ne':
        return { k: 'notOrEmpty', f, pred: cmp('=', t.v) };
      case 'gt':
        return cmp('>', t.v);
      case 'gte':
        return cmp('>=', t.v);
      case 'lt':
        return cmp('<', t.v);
      case 'lte':
        return cmp('<=', t.v);
      default:
        throw new Error(`operator ${op} has no point form`);
    }
  }
  // An open end: every value is before it, none after it.
  const before = (end: Scalar | null): Pred => (end === null ? { k: 'notEmpty', f } : cmp('<', end));
  const within: Pred = { k: 'and', items: [cmp('>=', t.start), before(t.end)] };
  switch (op) {
    case 'eq':
    case 'between':
      return within;
    case 'ne':
      return { k: 'notOrEmpty', f, pred: within };
    case 'gt':
      return t.end === null ? FALSE : cmp('>=', t.end);
    case 'gte':
      return cmp('>=', t.start);
    case 'lt':
      return cmp('<', t.start);
    case 'lte':
      return before(t.end);
    default:
      throw new Error(`operator ${op} has no range form`);
  }
}

function dynamicTarget(f: FieldInfo, d: DynamicValue, ctx: QueryContext): Target {
  const today = localDate(ctx.now.getTime(), ctx.timeZone);
  // `now` is an instant, not a day: "past its deadline" to the minute (a date field reads today).
  if (d.dynamic === 'now')
    return f.kind === 'timestamptz' ? { t: 'point', v: ctx.now.getTime() } : { t: 'point', v: today };
  const r = dynamicRange(d.dynamic as DateDynamic, today, d.n);
  return dayRange(f.kind, r.start, r.end, ctx);
}

function listPred(f: FieldInfo, op: Operator, vs: Scalar[]): Pred {
  if (f.kind === 'text[]') {
    const values = vs.map(String);
    if (values.length === 0) return op === 'notIn' || op === 'notContains' || op === 'ne' ? TRUE : FALSE;
    switch (op) {
      case 'in':
        return { k: 'arr', f, mode: 'any', values };
      case 'notIn':
        return { k: 'notOrEmpty', f, pred: { k: 'arr', f, mode: 'any', values } };
      case 'contains':
        return { k: 'arr', f, mode: 'all', values };
      case 'notContains':
        return { k: 'notOrEmpty', f, pred: { k: 'arr', f, mode: 'all', values } };
      case 'eq':
        return { k: 'arr', f, mode: 'same', values };
      case 'ne':
        return { k: 'notOrEmpty', f, pred: { k: 'arr', f, mode: 'same', values } };
      default:
        throw new Error(`operator ${op} is not a list operator`);
    }
  }
  if (vs.length === 0) return op === 'notIn' ? TRUE : FALSE;
  const pred: Pred = vs.length === 1 ? { k: 'cmp', f, op: '=', value: vs[0]! } : { k: 'in', f, values: vs };
  return op === 'notIn' || op === 'ne' ? { k: 'notOrEmpty', f, pred } : pred;
}

/** Plans one validated comparison into the IR, resolving dynamic values against `ctx`. */
export function planComparison(f: FieldInfo, op: Operator, operand: Operand, ctx: QueryContext): Pred {
  switch (operand.t) {
    case 'none':
      return op === 'isEmpty' ? { k: 'empty', f } : { k: 'notEmpty', f };
    case 'list':
      return listPred(f, op, operand.vs);
    case 'pair': {
      const lo = targetOf(f, operand.lo, ctx);
      const hi = targetOf(f, operand.hi, ctx);
      const lower: Pred = { k: 'cmp', f, op: '>=', value: lo.t === 'point' ? lo.v : lo.start };
      const upper: Pred =
        hi.t === 'point'
          ? { k: 'cmp', f, op: '<=', value: hi.v }
          : hi.end === null
            ? { k: 'notEmpty', f }
            : { k: 'cmp', f, op: '<', value: hi.end };
      return { k: 'and', items: [lower, upper] };
    }
    case 'dynamic': {
      const name = operand.d.dynamic;
      if (name === 'currentUser')
        return listPred(f, op === 'eq' && f.kind !== 'text[]' ? 'in' : op === 'ne' ? 'notIn' : op, [
          ctx.userId,
        ]);
      if (name === 'currentUserDepartments') return listPred(f, op, [...ctx.userDepartmentIds]);
      return rangePred(f, op, dynamicTarget(f, operand.d, ctx));
    }
    case 'bound': {
      const b = operand.b;
      if (op === 'contains' || op === 'notContains' || op === 'startsWith') {
        const needle = asciiLower(String(b.t === 'point' ? b.v : b.date));
        const pred: Pred = { k: 'like', f, mode: op === 'startsWith' ? 'prefix' : 'contains', needle };
        return op === 'notContains' ? { k: 'notOrEmpty', f, pred } : pred;
      }
      return rangePred(f, op, targetOf(f, b, ctx));
    }
  }
}

/** Refuses contexts the planner cannot use (an unknown time zone, a bad clock). */
export function checkContext(ctx: QueryContext): string | null {
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime()))
    return 'context.now must be a valid Date';
  if (typeof ctx.timeZone !== 'string' || !isTimeZone(ctx.timeZone)) {
    return `context.timeZone "${String(ctx.timeZone)}" is not an IANA time zone`;
  }
  return null;
}
