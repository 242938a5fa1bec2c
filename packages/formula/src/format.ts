/** TEXT(value, format): Excel-style number patterns and date patterns, a documented subset. */
import { Decimal } from './decimal';
import { zonedParts, pad } from './dates';
import { civilFromDays } from './dates';
import type { DateTimeValue, DateValue } from './types';

const DATE_TOKEN = /yyyy|YYYY|yy|YY|MM|M|dd|DD|d|D|HH|H|hh|h|mm|m|ss|s/g;

/** Date patterns: yyyy yy MM M dd d HH H mm m ss s; everything else is literal (年, -, /...). */
export function formatDatePattern(v: DateValue | DateTimeValue, pattern: string, timeZone: string): string {
  const p =
    v.kind === 'datetime'
      ? zonedParts(v.ms, timeZone)
      : { ...civilFromDays(v.day), hour: 0, minute: 0, second: 0 };
  return pattern.replace(DATE_TOKEN, (t) => {
    switch (t) {
      case 'yyyy':
      case 'YYYY':
        return pad(p.year, 4);
      case 'yy':
      case 'YY':
        return pad(p.year % 100);
      case 'MM':
        return pad(p.month);
      case 'M':
        return String(p.month);
      case 'dd':
      case 'DD':
        return pad(p.day);
      case 'd':
      case 'D':
        return String(p.day);
      case 'HH':
      case 'hh':
        return pad(p.hour);
      case 'H':
      case 'h':
        return String(p.hour);
      case 'mm':
        return pad(p.minute);
      case 'm':
        return String(p.minute);
      case 'ss':
        return pad(p.second);
      default:
        return String(p.second);
    }
  });
}

export const looksLikeDatePattern = (pattern: string): boolean =>
  /y|Y|M|d|D|H|h|m|s/.test(pattern.replace(/[#0.,%]/g, ''));

/**
 * Number patterns: `0` (digit), `#` (optional digit), `,` (thousands), `.` (decimals), a trailing
 * `%` (times 100), literal prefix and suffix (`¥#,##0.00`, `0.0 元`). Rounds half away from zero.
 */
export function formatNumberPattern(x: Decimal, pattern: string): string {
  const first = pattern.search(/[0#]/);
  if (first < 0) return pattern;
  let last = first;
  for (let i = first; i < pattern.length; i++) if ('0#,.'.includes(pattern[i] as string)) last = i;
  const prefix = pattern.slice(0, first);
  const suffix = pattern.slice(last + 1);
  const body = pattern.slice(first, last + 1);
  const [intPart = '', fracPart = ''] = body.split('.');
  const value = suffix.includes('%') ? x.times(100) : x;
  const minDecimals = (fracPart.match(/0/g) ?? []).length;
  const maxDecimals = (fracPart.match(/[0#]/g) ?? []).length;
  const minInt = (intPart.match(/0/g) ?? []).length;
  let text = value.abs().toFixed(maxDecimals, Decimal.ROUND_HALF_UP);
  if (maxDecimals > minDecimals) {
    // Optional decimals (#): drop trailing zeros beyond the required ones.
    const [i, f = ''] = text.split('.');
    let frac = f;
    while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
    text = frac ? `${i}.${frac}` : (i ?? '');
  }
  const [intText = '', frac = ''] = text.split('.');
  let intDigits = intText;
  if (intDigits === '0' && minInt === 0) intDigits = '';
  intDigits = intDigits.padStart(minInt, '0');
  if (intPart.includes(',')) intDigits = intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value.isNegative() && !new Decimal(text).isZero();
  return `${negative ? '-' : ''}${prefix}${intDigits}${frac ? `.${frac}` : ''}${suffix}`;
}
