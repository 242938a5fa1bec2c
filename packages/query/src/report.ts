import type { DateBucket, Filter } from '@tangram/schema';
import { addDays, addMonths, truncateDate } from './dates.js';
import { lookupField } from './field-info.js';
import type { QueryForm } from './types.js';

/** A group key as a report widget has it: a field, an optional date bucket, its result alias. */
export interface PointGroup {
  field: string;
  bucket?: DateBucket;
  as: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The last day of the bucket that starts on (or contains) `date`: inclusive, for `between`. */
export function bucketLastDay(date: string, bucket: DateBucket): string {
  const start = truncateDate(date, bucket);
  switch (bucket) {
    case 'day':
      return start;
    case 'week':
      return addDays(start, 6);
    case 'month':
      return addDays(addMonths(start, 1), -1);
    case 'quarter':
      return addDays(addMonths(start, 3), -1);
    case 'year':
      return addDays(addMonths(start, 12), -1);
  }
}

/**
 * The condition that a record belongs to one group value: `isEmpty` for the empty group, a
 * `between [first day, last day]` for a date bucket (whole local days on date-time fields, as the
 * filter language defines date bounds there), else `eq`. Undefined for a bucket value that is not a
 * date (the caller reports it).
 */
export function groupValueFilter(
  group: Pick<PointGroup, 'field' | 'bucket'>,
  value: unknown,
): Filter | undefined {
  if (value === null || value === undefined) return { kind: 'cmp', field: group.field, op: 'isEmpty' };
  if (group.bucket) {
    if (typeof value !== 'string' || !DATE.test(value)) return undefined;
    const first = truncateDate(value, group.bucket);
    return {
      kind: 'cmp',
      field: group.field,
      op: 'between',
      value: [first, bucketLastDay(first, group.bucket)],
    };
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  return { kind: 'cmp', field: group.field, op: 'eq', value };
}

/**
 * The exact filter of the records behind one data point of an aggregate: for each group whose
 * alias the point names, `groupValueFilter` of its value, AND-ed. Groups the point leaves out are
 * not constrained. Undefined when the point constrains nothing. Throws on a value that cannot be a
 * value of its group (a bucket that is not a date, an object).
 */
export function pointFilter(
  groups: readonly PointGroup[],
  point: Readonly<Record<string, unknown>>,
  form: QueryForm,
): Filter | undefined {
  const items: Filter[] = [];
  for (const g of groups) {
    if (!(g.as in point)) continue;
    const found = lookupField(form, g.field);
    if (!found.ok) throw new Error(found.message);
    const f = groupValueFilter(g, point[g.as]);
    if (!f) throw new Error(`${JSON.stringify(point[g.as])} is not a value of "${g.as}"`);
    items.push(f);
  }
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** An inclusive range of calendar dates. */
export interface InclusiveRange {
  from: string;
  to: string;
}

/** Days from `from` to `to`, both included. */
function daysIn(r: InclusiveRange): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The same month and day a year earlier (29 February becomes 28 February). */
function yearEarlier(date: string): string {
  const y = Number(date.slice(0, 4)) - 1;
  const md = date.slice(4);
  const candidate = `${String(y).padStart(4, '0')}${md}`;
  return md === '-02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))
    ? `${String(y).padStart(4, '0')}-02-28`
    : candidate;
}

/**
 * The period a KPI compares with: `previous` = the same number of days just before `current`,
 * `lastYear` = the same dates one year earlier.
 */
export function comparisonRange(current: InclusiveRange, period: 'previous' | 'lastYear'): InclusiveRange {
  if (period === 'lastYear') return { from: yearEarlier(current.from), to: yearEarlier(current.to) };
  const n = daysIn(current);
  return { from: addDays(current.from, -n), to: addDays(current.from, -1) };
}
