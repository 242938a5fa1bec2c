/**
 * The decimal arithmetic of the formula language: a private decimal.js constructor so that our
 * precision and rounding never depend on, or change, another package's global Decimal settings.
 *
 * - 34 significant digits (IEEE 754 decimal128), enough for any money amount with room for rates.
 * - ROUND_HALF_UP is decimal.js's "away from zero on ties", which is what Excel's ROUND does.
 */
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -7,
  toExpPos: 21,
  maxE: 9e15,
  minE: -9e15,
});
export type Decimal = DecimalJs;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const isDecimal = (v: unknown): v is Decimal => v instanceof DecimalJs;
