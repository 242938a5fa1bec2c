/**
 * The decimal arithmetic of the formula language: a private decimal.js constructor so that our
 * precision and rounding never depend on, or change, another package's global Decimal settings.
 *
 * - 34 significant digits (IEEE 754 decimal128), enough for any money amount with room for rates.
 * - Exponents within ±308, like doubles, so every number prints in a few hundred characters.
 * - ROUND_HALF_UP is decimal.js's "away from zero on ties", which is what Excel's ROUND does.
 */
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -7,
  toExpPos: 21,
  // Magnitudes like IEEE doubles: beyond 1e308 is Infinity (reported as #NUM!), below 1e-308 is 0.
  // Without this bound, 1e-200 ^ 600000 would print as a 120-million-character string.
  maxE: 308,
  minE: -308,
});
export type Decimal = DecimalJs;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const isDecimal = (v: unknown): v is Decimal => v instanceof DecimalJs;
