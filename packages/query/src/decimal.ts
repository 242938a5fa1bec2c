/**
 * Exact decimal arithmetic on BigInt for the in-memory aggregates, so that sums and averages equal
 * PostgreSQL's `numeric` results digit for digit (JS doubles would drift: 0.1 + 0.2).
 */

/** value = m / 10^s */
export interface Dec {
  m: bigint;
  s: number;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses decimal text as JS and PostgreSQL print it ("-12.50", "1e-7", "1.5e+21"). */
export function parseDec(text: string): Dec {
  const [mantissa = '0', exp = '0'] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [int = '0', frac = ''] = mantissa.replace(/^[-+]/, '').split('.');
  let m = BigInt(int + frac || '0');
  let s = frac.length - Number(exp);
  if (s < 0) {
    m *= pow10(-s);
    s = 0;
  }
  return { m: negative ? -m : m, s };
}

export const decOf = (n: number): Dec => parseDec(String(n));

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  const s = Math.max(a.s, b.s);
  return [a.m * pow10(s - a.s), b.m * pow10(s - b.s), s];
};

export function addDec(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return { m: x + y, s };
}

export function compareDec(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function formatDec(d: Dec): string {
  const negative = d.m < 0n;
  const digits = (negative ? -d.m : d.m).toString().padStart(d.s + 1, '0');
  const int = digits.slice(0, digits.length - d.s);
  const frac = d.s > 0 ? `.${digits.slice(digits.length - d.s)}` : '';
  return `${negative ? '-' : ''}${int}${frac}`;
}

/** Places averages are rounded to (half away from zero), identically for both executors. */
export const AVG_SCALE = 12;

/** sum / count rounded to `AVG_SCALE` places, half away from zero. */
export function divideDec(sum: Dec, count: number): Dec {
  const num = sum.m * pow10(AVG_SCALE);
  const den = pow10(sum.s) * BigInt(count);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return { m: negative ? -q : q, s: AVG_SCALE };
}
