/**
 * Text parsing shared by the field types' `parseText` (import from CSV and Excel, typed input):
 * calendar layouts people and spreadsheets write, Excel serial day numbers, and numbers with
 * currency signs, thousands separators and full-width digits. Pure; no time zones here (a
 * date-time without an offset is given back as local parts for the caller to place in a zone).
 */

/** Why a text did not parse, as a code the importer translates (the message stays English). */
export type ParseCode =
  | 'not_a_number'
  | 'not_a_date'
  | 'not_a_calendar_day'
  | 'not_a_datetime'
  | 'not_a_time'
  | 'not_a_boolean'
  | 'not_an_option'
  | 'not_a_location'
  | 'not_importable';

/** Full-width digits, signs and punctuation (as Chinese input methods type them) to ASCII. */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\uFFE5/g, '¥');
}

// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug is absorbed by starting there for days > 60).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** 9999-12-31, the last day Excel stores. */
const EXCEL_MAX_SERIAL = 2958465;
const DAY_MS = 86_400_000;

/**
 * An Excel serial day number (`45356` = 2024-03-05, `45356.5` = noon) as local parts, or null.
 * Only numbers from 1 (1900-01-01) to 2958465 (9999-12-31): smaller numbers are rarely dates.
 */
export function excelSerialParts(text: string): LocalDateTime | null {
  if (!/^\d{1,7}(\.\d+)?$/.test(text)) return null;
  const serial = Number(text);
  if (serial < 1 || serial >= EXCEL_MAX_SERIAL + 1) return null;
  // Round to the second: serials carry binary fractions (0.1 of a day is not exact).
  const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  const d = new Date(ms);
  const date = d.toISOString().slice(0, 10);
  const time = ms % DAY_MS === 0 ? null : d.toISOString().slice(11, 19);
  return { date, time, offset: null };
}

/** A date and optional time of day as written, and the offset when the text carried one. */
export interface LocalDateTime {
  /** `YYYY-MM-DD` (a real calendar day). */
  date: string;
  /** `HH:mm:ss`, or null when only a day was written. */
  time: string | null;
  /** `Z` or `+08:00`, or null when none was written. */
  offset: string | null;
}

const pad = (s: string) => s.padStart(2, '0');

/** True for a real calendar day between years 1 and 9999 (2024-02-30 is not one). */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

// Year first only: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305. Day-first and
// month-first layouts (05/03/2024) are ambiguous between countries, so they are refused rather
// than guessed; Excel cells carry real dates and never reach this as text.
const DATE_PART = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))/;
const TIME_PART = /^(?:[T\s]+)(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})(?:\.\d{1,6})?秒?)?/;
const OFFSET_PART = /^\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads a date with an optional time and offset in the layouts above, or an Excel serial number.
 * Null when the text is none of them; `{ date: '' }` never happens (the day must be real).
 */
export function parseDateTimeText(input: string): LocalDateTime | null | 'bad_day' {
  const text = foldWidth(input).trim();
  const serial = excelSerialParts(text);
  if (serial) return serial;
  const d = DATE_PART.exec(text);
  if (!d) return null;
  const [y, m, day] = d[2] ? [d[1], d[2], d[3]] : [d[1], d[4], d[5]];
  if (!isCalendarDay(Number(y), Number(m), Number(day))) return 'bad_day';
  const date = `${y}-${pad(m!)}-${pad(day!)}`;
  let rest = text.slice(d[0].length);
  if (rest === '') return { date, time: null, offset: null };
  const t = TIME_PART.exec(rest);
  if (!t) return null;
  const [h, min, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  rest = rest.slice(t[0].length);
  const time = `${pad(String(h))}:${pad(String(min))}:${pad(String(s))}`;
  if (rest.trim() === '') return { date, time, offset: null };
  const o = OFFSET_PART.exec(rest);
  if (!o) return null;
  const raw = o[1]!.toUpperCase();
  const offset = raw === 'Z' ? 'Z' : raw.includes(':') ? raw : `${raw.slice(0, 3)}:${raw.slice(3)}`;
  return { date, time, offset };
}

// Currency signs and codes written before or after amounts (¥ and ￥ fold to the same sign).
const CURRENCY =
  /^(?:[A-Z]{0,2}[$¥€£₩₹]|CNY|RMB|USD|EUR|GBP|HKD|JPY)\s*|\s*(?:元|圆|CNY|RMB|USD|EUR|GBP|HKD|JPY)$/gi;

/**
 * Reads a number as spreadsheets and people write it: thousands separators in groups of three
 * (`1,234,567.8`), a currency sign or code, full-width digits, `(1,234)` for a negative amount,
 * spaces. `percentSign` says whether a trailing `%` was present (the caller scales). Null when
 * the text is not one number (`12abc`, `0x10`, `1,23`).
 */
export function parseNumberText(input: string): { value: number; percentSign: boolean } | null {
  let text = foldWidth(input).trim().replace(/\s+/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1]!;
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  text = text.replace(CURRENCY, '').replace(CURRENCY, '');
  if (text.startsWith('-') && !negative) {
    negative = true;
    text = text.slice(1);
  }
  const percentSign = text.endsWith('%');
  if (percentSign) text = text.slice(0, -1);
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^\.\d+$/.test(text)) return null;
  const value = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  return { value: negative ? -value : value, percentSign };
}

/** Texts read as yes and no, in English and Chinese (compared lower-case). */
export const TRUE_TEXTS: ReadonlySet<string> = new Set([
  'true',
  'yes',
  'y',
  '1',
  'on',
  '是',
  '对',
  '真',
  '有',
  '开',
  '✓',
  '√',
]);
export const FALSE_TEXTS: ReadonlySet<string> = new Set([
  'false',
  'no',
  'n',
  '0',
  'off',
  '否',
  '错',
  '假',
  '无',
  '关',
  '✗',
  '×',
]);
