/**
 * Calendar arithmetic in an IANA time zone, with nothing but `Intl` (available in every browser
 * and in Node): the machine's own zone is never used.
 */
import { FormulaError } from './types';

export const MS_PER_DAY = 86_400_000;

export interface Civil {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}
export interface ZonedParts extends Civil {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month/day may overflow, like Excel). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Normalize month overflow first, then let day overflow roll through Date.UTC's arithmetic.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468 + (day - 1);
}

export function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}
/** 0 = Sunday ... 6 = Saturday. */
export const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
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
    } catch {
      throw new FormulaError('#VALUE!', `Unknown time zone "${timeZone}"`);
    }
    if (formatters.size > 100) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (UTC+8 is +28,800,000). */
export function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
    else if (p.type === 'second') second = Number(p.value);
    else if (p.type === 'era') bc = p.value.startsWith('B');
  }
  if (bc) year = 1 - year;
  const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  const floored = ms - (((ms % 1000) + 1000) % 1000);
  return wall - floored;
}

/** Wall-clock fields of an instant in a time zone. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const local = ms + zoneOffset(ms, timeZone);
  const day = Math.floor(local / MS_PER_DAY);
  const rest = local - day * MS_PER_DAY;
  return {
    ...civilFromDays(day),
    hour: Math.floor(rest / 3_600_000),
    minute: Math.floor((rest % 3_600_000) / 60_000),
    second: Math.floor((rest % 60_000) / 1000),
    millisecond: rest % 1000,
  };
}

/** Calendar day (days since epoch) of an instant in a time zone. */
export function dayOfInstant(ms: number, timeZone: string): number {
  return Math.floor((ms + zoneOffset(ms, timeZone)) / MS_PER_DAY);
}

/**
 * The instant of a wall-clock time in a time zone. In a DST gap the later offset wins; in an
 * overlap the earlier instant.
 */
export function instantOfWallTime(wallMs: number, timeZone: string): number {
  const guess = wallMs - zoneOffset(wallMs, timeZone);
  const offset = zoneOffset(guess, timeZone);
  const second = wallMs - offset;
  return zoneOffset(second, timeZone) === offset ? second : wallMs - zoneOffset(second, timeZone);
}

/** Midnight (start of the calendar day) in a time zone, as an instant. */
export const startOfDay = (day: number, timeZone: string): number =>
  instantOfWallTime(day * MS_PER_DAY, timeZone);

export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatDay(day: number): string {
  const c = civilFromDays(day);
  const y = c.year < 0 || c.year > 9999 ? String(c.year) : pad(c.year, 4);
  return `${y}-${pad(c.month)}-${pad(c.day)}`;
}

const DATE_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const DATETIME_RE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedDate = { kind: 'date'; day: number } | { kind: 'datetime'; ms: number };

/**
 * Parse ISO-like text: `2024-03-01`, `2024/3/1`, `2024年3月1日` (dates) and `2024-03-01 08:30[:00]`,
 * `2024-03-01T08:30:00Z` (datetimes; without an offset the time is wall time in `timeZone`).
 * Returns null for anything else (or an impossible date such as February 30).
 */
export function parseDateText(text: string, timeZone: string): ParsedDate | null {
  const s = text.trim();
  const d = DATE_RE.exec(s);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) return null;
    return { kind: 'date', day: daysFromCivil(y, m, day) };
  }
  const t = DATETIME_RE.exec(s);
  if (!t) return null;
  const [y, m, day, h, mi, sec] = [t[1], t[2], t[3], t[4], t[5], t[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const msPart = Number((t[7] ?? '0').padEnd(3, '0'));
  if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m) || h > 23 || mi > 59 || sec > 59) return null;
  const wall = daysFromCivil(y, m, day) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + msPart;
  const zone = t[8];
  if (zone === undefined) return { kind: 'datetime', ms: instantOfWallTime(wall, timeZone) };
  if (zone.toUpperCase() === 'Z') return { kind: 'datetime', ms: wall };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return { kind: 'datetime', ms: wall - offset };
}
