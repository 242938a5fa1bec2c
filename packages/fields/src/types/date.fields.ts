import { DATE_OPERATORS } from '../operators.js';
import { bad, ok, spec } from './common.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** True for a real calendar day between years 1 and 9999 (2024-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : daysInMonth);
}

/** The first and last instants a date-time may hold: their UTC dates are calendar dates too. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * True for an ISO 8601 instant with an explicit offset whose parts are all in range, and whose UTC
 * value stays within years 1 to 9999 (so it reads back as a four-digit year: 9999-12-31T20:00-08:00
 * is in year 10000 and refused).
 */
export function isInstant(text: string): boolean {
  if (!DATETIME_RE.test(text) || !isCalendarDate(text.slice(0, 10))) return false;
  const hour = Number(text.slice(11, 13));
  const minute = Number(text.slice(14, 16));
  const ms = Date.parse(text);
  return hour < 24 && minute < 60 && ms >= FIRST_INSTANT && ms <= LAST_INSTANT;
}

/** Accepts 2024-03-05, 2024/3/5 and 2024.3.5 in imports. */
function parseDateText(text: string) {
  const trimmed = text.trim();
  if (trimmed === '') return ok(null);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(trimmed);
  if (!m) return bad(`"${text}" is not a date (YYYY-MM-DD)`);
  const value = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(value) ? ok(value) : bad(`"${text}" is not a real calendar day`);
}

export const dateField = spec<'date'>({
  type: 'date',
  group: 'basic',
  label: { 'zh-CN': '日期', en: 'Date' },
  storage: () => 'date',
  valueSchema: () => ({ type: 'string', pattern: DATE_RE.source }),
  check(value, f) {
    if (typeof value !== 'string' || !isCalendarDate(value))
      return 'must be a real calendar day (YYYY-MM-DD)';
    if (f.config?.min && value < f.config.min) return `must be on or after ${f.config.min}`;
    if (f.config?.max && value > f.config.max) return `must be on or before ${f.config.max}`;
    return null;
  },
  formulaType: () => 'date',
  operators: DATE_OPERATORS,
  sortable: true,
  uniqueAllowed: true,
  parseText: parseDateText,
  defaultConfig: () => ({ format: 'YYYY-MM-DD' }),
});

export const datetimeField = spec<'datetime'>({
  type: 'datetime',
  group: 'basic',
  label: { 'zh-CN': '日期时间', en: 'Date and time' },
  storage: () => 'timestamptz',
  valueSchema: () => ({ type: 'string', pattern: DATETIME_RE.source }),
  check: (value) =>
    typeof value === 'string' && isInstant(value)
      ? null
      : 'must be an ISO 8601 date-time with a time zone, between years 0001 and 9999 in UTC',
  // One canonical form so equal instants compare equal in memory and in SQL.
  normalize: (value) => (typeof value === 'string' ? new Date(value).toISOString() : value),
  formulaType: () => 'datetime',
  operators: DATE_OPERATORS,
  sortable: true,
  parseText(text) {
    const trimmed = text.trim();
    if (trimmed === '') return ok(null);
    const withZone = /[zZ]|[+-]\d{2}:\d{2}$/.test(trimmed) ? trimmed : null;
    if (!withZone || !isInstant(withZone.replace(' ', 'T')))
      return bad(`"${text}" is not a date-time with a time zone`);
    return ok(new Date(withZone.replace(' ', 'T')).toISOString());
  },
  defaultConfig: () => ({ format: 'YYYY-MM-DD HH:mm' }),
});

export const timeField = spec<'time'>({
  type: 'time',
  group: 'basic',
  label: { 'zh-CN': '时间', en: 'Time' },
  storage: () => 'time',
  valueSchema: () => ({ type: 'string', pattern: TIME_RE.source }),
  normalize: (value) => (typeof value === 'string' && value.length === 5 ? `${value}:00` : value),
  formulaType: () => 'text',
  operators: DATE_OPERATORS,
  sortable: true,
  parseText(text) {
    const trimmed = text.trim();
    if (trimmed === '') return ok(null);
    return TIME_RE.test(trimmed)
      ? ok(trimmed.length === 5 ? `${trimmed}:00` : trimmed)
      : bad(`"${text}" is not a time (HH:mm)`);
  },
  defaultConfig: () => ({ format: 'HH:mm' }),
});
