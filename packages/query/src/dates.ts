/**
 * Calendar arithmetic in an IANA time zone with nothing but `Intl.DateTimeFormat` (no Node
 * built-ins, no date library). Calendar dates are `YYYY-MM-DD` strings; instants are epoch ms.
 */
import type { DateBucket, DynamicValue } from '@tangram/schema';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zonedParts(ms: number, timeZone: string): Parts {
  const out: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  const year = Number(out.year);
  return {
    year: out.era === 'BC' || out.era === 'B' ? 1 - year : year,
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const utcMs = (y: number, m: number, d: number, h = 0, mi = 0, s = 0): number => {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
};
const formatUtcDate = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
};
// Split on the dashes, not by position: the day after 9999-12-31 is 10000-01-01 (five digits).
const splitDate = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-');
  return [Number(y), Number(m), Number(d)];
};

/** The calendar date of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** Zone offset (ms) at an instant: local wall time minus UTC. */
function offsetAt(ms: number, timeZone: string): number {
  const p = zonedParts(ms, timeZone);
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The first instant of a calendar day in a zone (local midnight, or the first existing time). */
export function startOfDay(date: string, timeZone: string): number {
  const [y, m, d] = splitDate(date);
  const wall = utcMs(y, m, d);
  const candidates = [wall - offsetAt(wall, timeZone)];
  candidates.push(wall - offsetAt(candidates[0]!, timeZone));
  const onDay = candidates.filter((t) => localDate(t, timeZone) === date).sort((a, b) => a - b);
  if (onDay[0] !== undefined) return onDay[0];
  // Midnight does not exist (a DST jump at 00:00): take the first instant after the gap.
  return Math.max(...candidates);
}

/** Adds days to a calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = splitDate(date);
  return formatUtcDate(utcMs(y, m, d + days));
}

/** The first day of the date's bucket: ISO week (Monday), month, quarter or year. */
export function truncateDate(date: string, bucket: DateBucket): string {
  const [y, m] = splitDate(date);
  switch (bucket) {
    case 'day':
      return date;
    case 'week': {
      const dow = (new Date(utcMs(...splitDate(date))).getUTCDay() + 6) % 7; // Monday = 0
      return addDays(date, -dow);
    }
    case 'month':
      return `${pad(y, 4)}-${pad(m, 2)}-01`;
    case 'quarter':
      return `${pad(y, 4)}-${pad(Math.floor((m - 1) / 3) * 3 + 1, 2)}-01`;
    case 'year':
      return `${pad(y, 4)}-01-01`;
  }
}

/** Adds whole months to the first day of a month. */
export function addMonths(firstOfMonth: string, months: number): string {
  const [y, m] = splitDate(firstOfMonth);
  return formatUtcDate(utcMs(y, m + months, 1));
}

/** A half-open range of calendar dates [start, end). */
export interface DateRange {
  start: string;
  end: string;
}

export type DateDynamic = Exclude<DynamicValue['dynamic'], 'currentUser' | 'currentUserDepartments' | 'now'>;

/**
 * The calendar range a date-valued dynamic value means on `today`. Weeks are ISO weeks starting
 * Monday; `lastNDays` is the n days ending today, today included.
 */
export function dynamicRange(dynamic: DateDynamic, today: string, n = 1): DateRange {
  const month = truncateDate(today, 'month');
  const quarter = truncateDate(today, 'quarter');
  const year = truncateDate(today, 'year');
  const week = truncateDate(today, 'week');
  switch (dynamic) {
    case 'today':
      return { start: today, end: addDays(today, 1) };
    case 'thisWeek':
      return { start: week, end: addDays(week, 7) };
    case 'lastWeek':
      return { start: addDays(week, -7), end: week };
    case 'thisMonth':
      return { start: month, end: addMonths(month, 1) };
    case 'lastMonth':
      return { start: addMonths(month, -1), end: month };
    case 'thisQuarter':
      return { start: quarter, end: addMonths(quarter, 3) };
    case 'lastQuarter':
      return { start: addMonths(quarter, -3), end: quarter };
    case 'thisYear':
      return { start: year, end: addMonths(year, 12) };
    case 'lastYear':
      return { start: addMonths(year, -12), end: year };
    case 'lastNDays':
      return { start: addDays(today, -(n - 1)), end: addDays(today, 1) };
  }
}
