/**
 * Exact decimals for postings and balances (decimal.js, as the formula engine), so a balance is
 * the exact sum PostgreSQL's `numeric` keeps: 0.1 + 0.2 is 0.3 here too. A clone with enough
 * precision that sums of money and quantities never round, and half-away-from-zero rounding as
 * users expect from "2 decimals".
 */
import DecimalJs from 'decimal.js';

const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Dec = InstanceType<typeof Decimal>;

export const ZERO: Dec = new Decimal(0);

/** Parses decimal text as JS and PostgreSQL print it ("-12.50", "1e-7"); null for anything else. */
export function parseDec(text: string): Dec | null {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return null;
  return new Decimal(trimmed);
}

/** A record value as a decimal: numbers through their shortest text (no binary noise), numeric text as is. */
export function decOfValue(value: unknown): Dec | null {
  if (typeof value === 'number') return Number.isFinite(value) ? parseDec(String(value)) : null;
  if (typeof value === 'string') return parseDec(value);
  return null;
}

export const addDec = (a: Dec, b: Dec): Dec => a.plus(b);
export const negDec = (a: Dec): Dec => a.negated();
export const mulSign = (a: Dec, sign: 1 | -1): Dec => (sign === 1 ? a : a.negated());
export const compareDec = (a: Dec, b: Dec): number => a.comparedTo(b);
export const isZero = (a: Dec): boolean => a.isZero();

/** Rounds half away from zero to `places`. */
export const roundDec = (a: Dec, places: number): Dec => a.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP);

/** Prints with exactly `places` decimals when given (balances shown per measure), else as kept. */
export function formatDec(d: Dec, places?: number): string {
  const text = places === undefined ? d.toFixed() : d.toFixed(places, DecimalJs.ROUND_HALF_UP);
  // decimal.js keeps the sign of a negative zero ("-0.00"); a balance of zero has none.
  return text.replace(/^-(?=0(\.0*)?$)/, '');
}
