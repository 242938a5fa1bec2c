import type { Filter } from '@tangram/schema';
import { planFilter } from '../check.js';
import type { Pred } from '../ir.js';
import type { QueryContext, QueryForm, QueryRecord } from '../types.js';
import { asciiLower, compareScalars, readField, type Normalized } from '../values.js';

function test(pred: Pred, record: QueryRecord): boolean {
  switch (pred.k) {
    case 'const':
      return pred.value;
    case 'and':
      return pred.items.every((p) => test(p, record));
    case 'or':
      return pred.items.some((p) => test(p, record));
    case 'empty':
      return readField(pred.f, record) === null;
    case 'notEmpty':
      return readField(pred.f, record) !== null;
    case 'notOrEmpty':
      return readField(pred.f, record) === null || !test(pred.pred, record);
    default: {
      const v = readField(pred.f, record);
      return v !== null && leaf(pred, v);
    }
  }
}

function leaf(pred: Pred, v: Normalized): boolean {
  switch (pred.k) {
    case 'cmp': {
      const c = compareScalars(v, pred.value);
      if (typeof v !== typeof pred.value) return false;
      switch (pred.op) {
        case '=':
          return c === 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
      }
      return false;
    }
    case 'in':
      return pred.values.some((x) => typeof x === typeof v && compareScalars(v, x) === 0);
    case 'like': {
      if (typeof v !== 'string') return false;
      const hay = asciiLower(v);
      return pred.mode === 'prefix' ? hay.startsWith(pred.needle) : hay.includes(pred.needle);
    }
    case 'arr': {
      if (!Array.isArray(v)) return false;
      const have = new Set(v as readonly string[]);
      if (pred.mode === 'any') return pred.values.some((x) => have.has(x));
      const all = pred.values.every((x) => have.has(x));
      if (pred.mode === 'all') return all;
      const want = new Set(pred.values);
      return all && [...have].every((x) => want.has(x));
    }
    default:
      return false;
  }
}

/** A compiled in-memory predicate: validate and resolve once, test many records. */
export type RecordMatcher = (record: QueryRecord) => boolean;

/**
 * Compiles a filter for the in-memory executor (browser, workflow conditions, automations).
 * Dynamic values are resolved once against `ctx`. Throws `QueryError` for an invalid filter.
 */
export function createMatcher(filter: Filter, form: QueryForm, ctx: QueryContext): RecordMatcher {
  const pred = planFilter(filter, form, ctx);
  return (record) => test(pred, record);
}

/**
 * Does a record satisfy the filter? Same semantics as the SQL compiler (see
 * docs/decisions/query-semantics.md). For many records, use `createMatcher` or `filterRecords`.
 */
export function matches(filter: Filter, record: QueryRecord, form: QueryForm, ctx: QueryContext): boolean {
  return createMatcher(filter, form, ctx)(record);
}

/** The records that satisfy the filter, in their original order. */
export function filterRecords<R extends QueryRecord>(
  records: readonly R[],
  filter: Filter,
  form: QueryForm,
  ctx: QueryContext,
): R[] {
  const m = createMatcher(filter, form, ctx);
  return records.filter((r) => m(r));
}
