import { DATE_OPERATORS } from '../operators.js';
import { parseDateTimeText } from '../text-parse.js';
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

/**
 * Accepts 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 and Excel serial numbers
 * (45356) in imports; a date-time at midnight (as Excel writes a date cell) is that day.
 */
function parseDateText(text: string) {
  if (text.trim() === '') return ok(null);
  const parts = parseDateTimeText(text);
  if (parts === 'bad_day') return bad(`"${text}" is not a real calendar day`, 'not_a_calendar_day');
  if (!parts || (parts.time !== null && parts.time !== '00:00:00'))
    return bad(`"${text}" is not a date (YYYY-MM-DD)`, 'not_a_date');
  return ok(parts.date);
}

export const dateField = spec<'date'>({
  type: 'date',
  group: 'basic',
  label: { 'zh-CN': '日期', en: 'Date' },
  storage: () => 'date',
  valueSchema: () => ({ type: 'string', pattern: DATE_RE.source }),
  check(value, f) {
    if (typeof value !== 'string' || !isCalendarDate(value))
      return {
        code: 'invalid',
        message: 'must be a real calendar day (YYYY-MM-DD)',
        zh: '不是有效的日期（年-月-日）',
      };
    if (f.config?.min && value < f.config.min)
      return {
        code: 'invalid',
        message: `must be on or after ${f.config.min}`,
        zh: `不能早于 ${f.config.min}`,
      };
    if (f.config?.max && value > f.config.max)
      return {
        code: 'invalid',
        message: `must be on or before ${f.config.max}`,
        zh: `不能晚于 ${f.config.max}`,
      };
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
    if (text.trim() === '') return ok(null);
    // Without an offset the instant is unknown: importers place local times in the org's zone
    // (localDateTime) before calling this.
    const parts = parseDateTimeText(text);
    const iso =
      parts && parts !== 'bad_day' && parts.offset
        ? `${parts.date}T${parts.time ?? '00:00:00'}${parts.offset}`
        : null;
    if (!iso || !isInstant(iso))
      return bad(`"${text}" is not a date-time with a time zone`, 'not_a_datetime');
    return ok(new Date(iso).toISOString());
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
    const trimmed = text.trim().replace('：', ':');
    if (trimmed === '') return ok(null);
    // Excel stores a time of day as a fraction of a day (0.5 is noon).
    if (/^0?\.\d+$/.test(trimmed)) {
      const seconds = Math.round(Number(trimmed) * 86_400) % 86_400;
      const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
      const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
      return ok(`${hh}:${mm}:${String(seconds % 60).padStart(2, '0')}`);
    }
    const padded = /^\d:/.test(trimmed) ? `0${trimmed}` : trimmed;
    return TIME_RE.test(padded)
      ? ok(padded.length === 5 ? `${padded}:00` : padded)
      : bad(`"${text}" is not a time (HH:mm)`, 'not_a_time');
  },
  defaultConfig: () => ({ format: 'HH:mm' }),
});
