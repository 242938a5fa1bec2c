/** Math functions. Arithmetic is exact decimal (see README "Numbers"). */
import { Decimal, ONE, ZERO } from '../decimal';
import type { Value } from '../types';
import { compareValues, isEmpty, parseNumberText, toNumber, valuesEqual } from '../values';
import { power } from '../arith';
import { d, define, fail, int, list, num, optNum, rest, val } from './helpers';
import type { FunctionContext, FunctionDecl } from './types';

const N = 'number' as const;
type RoundingMode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Round to `digits` places (negative: to tens, hundreds...) with a decimal.js rounding mode. */
export function roundTo(x: Decimal, digits: number, mode: RoundingMode): Decimal {
  if (digits >= 0) return x.toDecimalPlaces(digits, mode);
  const scale = new Decimal(10).pow(-digits);
  return x.div(scale).toDecimalPlaces(0, mode).times(scale);
}
const digitsArg = (x: Decimal | undefined): number =>
  x === undefined ? 0 : int(x, 'Number of digits', -100, 100);

function sortedNumbers(values: readonly Value[]): Decimal[] {
  const out: Decimal[] = [];
  for (const v of values) if (!isEmpty(v)) out.push(toNumber(v));
  return out.sort((a, b) => a.cmp(b));
}

/**
 * Excel criteria ("&gt;5", "&lt;&gt;done", "=x", 10): an operator prefix on text, else equality.
 * Comparison follows the `=`/`<` rules of the language (case-insensitive text, number text).
 */
export function matchCriteria(criteria: Value, ctx: FunctionContext): (v: Value) => boolean {
  if (typeof criteria === 'string') {
    const m = /^(<=|>=|<>|<|>|=)(.*)$/s.exec(criteria);
    if (m) {
      const op = m[1] as string;
      const raw = m[2] as string;
      const target: Value = raw === '' ? null : (parseNumberText(raw) ?? raw);
      return (v) => {
        if (op === '=') return valuesEqual(v, target, ctx.timeZone);
        if (op === '<>') return !valuesEqual(v, target, ctx.timeZone);
        if (isEmpty(v)) return false;
        const c = compareValues(v, target, ctx.timeZone);
        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      };
    }
  }
  return (v) => valuesEqual(v, criteria, ctx.timeZone);
}

/** π to the decimal precision (34 significant digits). */
const PI = Decimal.acos(-1);

/** Whole numbers for GCD and LCM are exact as BigInt; Excel refuses 2^53 and above. */
const MAX_WHOLE = 2n ** 53n;
function wholeNumber(name: string, x: Decimal): bigint {
  const t = x.trunc();
  if (t.isNegative()) return fail('#NUM!', `${name} needs non-negative numbers`);
  if (t.gte(2 ** 53)) return fail('#NUM!', `${name} needs numbers below 2^53`);
  return BigInt(t.toFixed());
}
function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function sumOf(values: readonly Decimal[]): Decimal {
  let s = ZERO;
  for (const v of values) s = s.plus(v);
  return s;
}

export const mathFunctions: FunctionDecl[] = [
  define({
    name: 'ABS',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回数字的绝对值', en: 'Absolute value of a number' },
    example: 'ABS(-8) -> 8',
    impl: (a) => num(a, 0).abs(),
  }),
  define({
    name: 'AVERAGE',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回参数的平均值，忽略空值',
      en: 'Average of the numbers; empty values are skipped',
    },
    example: 'AVERAGE(1, 2, 6) -> 3',
    impl: (a) => {
      const all = rest<Decimal>(a);
      if (all.length === 0) return fail('#DIV/0!', 'AVERAGE of no numbers');
      return sumOf(all).div(all.length);
    },
  }),
  define({
    name: 'CEILING',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'significance', type: N, optional: true },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '将数字向上舍入为最接近的基数的倍数',
      en: 'Round up to the nearest multiple of significance',
    },
    example: 'CEILING(7, 5) -> 10',
    impl: (a) => {
      const x = num(a, 0);
      const s = optNum(a, 1) ?? ONE;
      if (s.isZero()) return ZERO;
      if (x.isPositive() && !x.isZero() && s.isNegative())
        return fail('#NUM!', 'CEILING: a positive number needs a positive significance');
      return x.div(s).ceil().times(s);
    },
  }),
  define({
    name: 'COUNT',
    category: 'math',
    params: [{ name: 'value', type: 'values', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '统计非空参数的个数（数组按元素计）',
      en: 'Number of non-empty values (lists count their elements)',
    },
    example: 'COUNT("a", 2, "") -> 2',
    impl: (a) => d(rest<Value>(a).filter((v) => !isEmpty(v)).length),
  }),
  define({
    name: 'COUNTIF',
    category: 'math',
    params: [
      { name: 'values', type: 'array' },
      { name: 'criteria', type: 'any' },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '统计满足条件的元素个数，条件如 ">5"',
      en: 'Count the elements that meet a criteria such as ">5"',
    },
    example: 'COUNTIF({items.qty}, ">1") -> 2',
    impl: (a, ctx) => {
      const test = matchCriteria(val(a, 1), ctx);
      return d(list(a, 0).filter(test).length);
    },
  }),
  define({
    name: 'FIXED',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'decimals', type: N, optional: true },
      { name: 'no_commas', type: 'boolean', optional: true },
    ],
    returns: 'text',
    volatile: false,
    description: {
      'zh-CN': '将数字四舍五入到指定位数并返回文本（带千分位）',
      en: 'Round to decimals and format as text with thousands separators',
    },
    example: 'FIXED(1234.567, 1) -> "1,234.6"',
    impl: (a) => {
      const digits = a[1] === undefined ? 2 : int(num(a, 1), 'Number of decimals', -100, 100);
      const rounded = roundTo(num(a, 0), digits, Decimal.ROUND_HALF_UP);
      const text = rounded.toFixed(Math.max(digits, 0));
      return a[2] === true ? text : groupThousands(text);
    },
  }),
  define({
    name: 'FLOOR',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'significance', type: N, optional: true },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '将数字向下舍入为最接近的基数的倍数',
      en: 'Round down to the nearest multiple of significance',
    },
    example: 'FLOOR(7, 5) -> 5',
    impl: (a) => {
      const x = num(a, 0);
      const s = optNum(a, 1) ?? ONE;
      if (s.isZero()) return x.isZero() ? ZERO : fail('#DIV/0!', 'FLOOR: significance is 0');
      if (x.isPositive() && !x.isZero() && s.isNegative())
        return fail('#NUM!', 'FLOOR: a positive number needs a positive significance');
      return x.div(s).floor().times(s);
    },
  }),
  define({
    name: 'INT',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '将数字向下取整', en: 'Round down to an integer' },
    example: 'INT(-1.5) -> -2',
    impl: (a) => num(a, 0).floor(),
  }),
  define({
    name: 'LARGE',
    category: 'math',
    params: [
      { name: 'values', type: 'array' },
      { name: 'k', type: N },
    ],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回数据集中第 k 个最大值', en: 'The k-th largest value' },
    example: 'LARGE({items.amount}, 1) -> 30',
    impl: (a) => {
      const sorted = sortedNumbers(list(a, 0));
      const k = num(a, 1).trunc().toNumber();
      return sorted[sorted.length - k] ?? fail('#NUM!', `LARGE: k must be between 1 and ${sorted.length}`);
    },
  }),
  define({
    name: 'LOG',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'base', type: N, optional: true },
    ],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '按指定底数（默认 10）返回对数', en: 'Logarithm to a base (default 10)' },
    example: 'LOG(100) -> 2',
    impl: (a) => {
      const x = num(a, 0);
      const base = optNum(a, 1) ?? d(10);
      if (!x.isPositive() || x.isZero() || !base.isPositive() || base.isZero())
        return fail('#NUM!', 'LOG needs positive numbers');
      if (base.eq(1)) return fail('#DIV/0!', 'LOG base 1');
      return x.log(base).toSignificantDigits(30);
    },
  }),
  define({
    name: 'MAX',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回最大值（无数字时为 0）', en: 'Largest number (0 when there are none)' },
    example: 'MAX(1, 5, 3) -> 5',
    impl: (a) => {
      const all = rest<Decimal>(a);
      return all.length === 0 ? ZERO : Decimal.max(...all);
    },
  }),
  define({
    name: 'MIN',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回最小值（无数字时为 0）', en: 'Smallest number (0 when there are none)' },
    example: 'MIN(1, 5, 3) -> 1',
    impl: (a) => {
      const all = rest<Decimal>(a);
      return all.length === 0 ? ZERO : Decimal.min(...all);
    },
  }),
  define({
    name: 'MOD',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'divisor', type: N },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回两数相除的余数，符号与除数相同',
      en: 'Remainder of a division, with the sign of the divisor',
    },
    example: 'MOD(-3, 2) -> 1',
    impl: (a) => {
      const n = num(a, 0);
      const m = num(a, 1);
      if (m.isZero()) return fail('#DIV/0!', 'MOD by zero');
      return n.minus(m.times(n.div(m).floor()));
    },
  }),
  define({
    name: 'POWER',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'power', type: N },
    ],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回数字的乘幂', en: 'A number raised to a power' },
    example: 'POWER(2, 10) -> 1024',
    impl: (a) => power(num(a, 0), num(a, 1)),
  }),
  define({
    name: 'PRODUCT',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回所有数字的乘积（忽略空值）',
      en: 'Product of the numbers (empty values skipped)',
    },
    example: 'PRODUCT(2, 3, 4) -> 24',
    impl: (a) => {
      const all = rest<Decimal>(a);
      if (all.length === 0) return ZERO;
      let p = ONE;
      for (const x of all) {
        p = p.times(x);
        if (!p.isFinite()) return fail('#NUM!', 'PRODUCT is too large');
      }
      return p;
    },
  }),
  ...(
    [
      [
        'ROUND',
        Decimal.ROUND_HALF_UP,
        '按指定位数四舍五入（.5 远离零）',
        'Round half away from zero to digits',
        'ROUND(2.345, 2) -> 2.35',
      ],
      [
        'ROUNDUP',
        Decimal.ROUND_UP,
        '按指定位数远离零方向舍入',
        'Round away from zero to digits',
        'ROUNDUP(3.141, 2) -> 3.15',
      ],
      [
        'ROUNDDOWN',
        Decimal.ROUND_DOWN,
        '按指定位数向零方向舍入',
        'Round toward zero to digits',
        'ROUNDDOWN(3.149, 2) -> 3.14',
      ],
    ] as const
  ).map(([name, mode, zh, en, example]) =>
    define({
      name,
      category: 'math',
      params: [
        { name: 'number', type: N },
        { name: 'digits', type: N, optional: true },
      ],
      returns: N,
      volatile: false,
      description: { 'zh-CN': zh, en },
      example,
      impl: (a) => roundTo(num(a, 0), digitsArg(optNum(a, 1)), mode),
    }),
  ),
  define({
    name: 'SMALL',
    category: 'math',
    params: [
      { name: 'values', type: 'array' },
      { name: 'k', type: N },
    ],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回数据集中第 k 个最小值', en: 'The k-th smallest value' },
    example: 'SMALL({items.amount}, 1) -> 10',
    impl: (a) => {
      const sorted = sortedNumbers(list(a, 0));
      const k = num(a, 1).trunc().toNumber();
      return sorted[k - 1] ?? fail('#NUM!', `SMALL: k must be between 1 and ${sorted.length}`);
    },
  }),
  define({
    name: 'SQRT',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回正平方根', en: 'Positive square root' },
    example: 'SQRT(16) -> 4',
    impl: (a) =>
      num(a, 0).isNegative() && !num(a, 0).isZero()
        ? fail('#NUM!', 'SQRT of a negative number')
        : num(a, 0).sqrt(),
  }),
  define({
    name: 'SUM',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '求和，空值按 0 计', en: 'Sum of the numbers; empty values count as 0' },
    example: 'SUM({items.amount}, 10) -> 70',
    impl: (a) => sumOf(rest<Decimal>(a)),
  }),
  define({
    name: 'SUMIF',
    category: 'math',
    params: [
      { name: 'values', type: 'array' },
      { name: 'criteria', type: 'any' },
      { name: 'sum_values', type: 'array', optional: true },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '对满足条件的元素（或对应的求和列）求和',
      en: 'Sum of the elements (or of sum_values) that meet the criteria',
    },
    example: 'SUMIF({items.type}, "A", {items.amount}) -> 40',
    impl: (a, ctx) => {
      const values = list(a, 0);
      const sums = a[2] === undefined ? values : list(a, 2);
      if (sums.length !== values.length) return fail('#VALUE!', 'SUMIF: the lists must have the same length');
      const test = matchCriteria(val(a, 1), ctx);
      let s = ZERO;
      values.forEach((v, i) => {
        const x = sums[i] as Value;
        if (test(v) && !isEmpty(x)) s = s.plus(toNumber(x));
      });
      return s;
    },
  }),
  define({
    name: 'SUMPRODUCT',
    category: 'math',
    params: [{ name: 'values', type: 'array', repeat: true }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '将数组对应元素相乘并求和', en: 'Multiply the lists element by element and sum' },
    example: 'SUMPRODUCT({items.price}, {items.qty}) -> 60',
    impl: (a) => {
      const lists = a as readonly Value[][];
      const n = lists[0]?.length ?? 0;
      if (lists.some((l) => l.length !== n))
        return fail('#VALUE!', 'SUMPRODUCT: the lists must have the same length');
      let s = ZERO;
      for (let i = 0; i < n; i++) {
        let p = ONE;
        for (const l of lists) p = p.times(toNumber(l[i] as Value));
        s = s.plus(p);
      }
      return s;
    },
  }),
  define({
    name: 'TRUNC',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'digits', type: N, optional: true },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '将数字截尾到指定位数（向零方向，不四舍五入）',
      en: 'Truncate a number to digits (toward zero, no rounding)',
    },
    example: 'TRUNC(-8.96, 1) -> -8.9',
    impl: (a) => roundTo(num(a, 0), digitsArg(optNum(a, 1)), Decimal.ROUND_DOWN),
  }),
  define({
    name: 'MROUND',
    category: 'math',
    params: [
      { name: 'number', type: N },
      { name: 'multiple', type: N },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '四舍五入到最接近的指定基数的倍数（.5 远离零）；数字与基数符号不同时为 #NUM!',
      en: 'Round to the nearest multiple (ties away from zero); #NUM! when number and multiple differ in sign',
    },
    example: 'MROUND(7.5, 5) -> 10',
    impl: (a) => {
      const x = num(a, 0);
      const m = num(a, 1);
      if (m.isZero() || x.isZero()) return ZERO;
      if (x.isNegative() !== m.isNegative())
        return fail('#NUM!', 'MROUND: number and multiple must have the same sign');
      return x.div(m).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(m);
    },
  }),
  ...(
    [
      [
        'EVEN',
        2,
        0,
        '向远离零的方向舍入到最接近的偶数',
        'Round away from zero to the nearest even integer',
        'EVEN(1.5) -> 2',
      ],
      [
        'ODD',
        2,
        1,
        '向远离零的方向舍入到最接近的奇数',
        'Round away from zero to the nearest odd integer',
        'ODD(2) -> 3',
      ],
    ] as const
  ).map(([name, step, offset, zh, en, example]) =>
    define({
      name,
      category: 'math',
      params: [{ name: 'number', type: N }],
      returns: N,
      volatile: false,
      description: { 'zh-CN': zh, en },
      example,
      impl: (a) => {
        const x = num(a, 0);
        const magnitude = x.abs();
        // The smallest integer >= |x| of the wanted parity; ODD(0) is 1 as in Excel.
        let r = magnitude.ceil();
        if (!r.minus(offset).mod(step).isZero()) r = r.plus(1);
        return x.isNegative() ? r.neg() : r;
      },
    }),
  ),
  ...(
    [
      [
        'ISEVEN',
        0,
        '判断数字是否为偶数（先截去小数）',
        'Whether a number is even (its fraction is dropped first)',
        'ISEVEN(4) -> TRUE',
      ],
      [
        'ISODD',
        1,
        '判断数字是否为奇数（先截去小数）',
        'Whether a number is odd (its fraction is dropped first)',
        'ISODD(3.7) -> TRUE',
      ],
    ] as const
  ).map(([name, rem, zh, en, example]) =>
    define({
      name,
      category: 'math',
      params: [{ name: 'number', type: N }],
      returns: 'boolean',
      volatile: false,
      description: { 'zh-CN': zh, en },
      example,
      impl: (a) => num(a, 0).trunc().abs().mod(2).eq(rem),
    }),
  ),
  define({
    name: 'SIGN',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回数字的符号：正数 1，零 0，负数 -1', en: 'Sign of a number: 1, 0 or -1' },
    example: 'SIGN(-12.5) -> -1',
    impl: (a) => d(num(a, 0).isZero() ? 0 : num(a, 0).isNegative() ? -1 : 1),
  }),
  define({
    name: 'QUOTIENT',
    category: 'math',
    params: [
      { name: 'numerator', type: N },
      { name: 'denominator', type: N },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回两数相除的整数部分（向零取整）',
      en: 'Integer part of a division (truncated toward zero)',
    },
    example: 'QUOTIENT(-7, 2) -> -3',
    impl: (a) => {
      const den = num(a, 1);
      if (den.isZero()) return fail('#DIV/0!', 'QUOTIENT by zero');
      return num(a, 0).div(den).trunc();
    },
  }),
  define({
    name: 'EXP',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回 e 的指定次幂', en: 'e raised to a power' },
    example: 'EXP(0) -> 1',
    impl: (a) => {
      const r = num(a, 0).exp();
      return r.isFinite() ? r : fail('#NUM!', 'EXP result is too large');
    },
  }),
  define({
    name: 'LN',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回自然对数（以 e 为底）', en: 'Natural logarithm (base e)' },
    example: 'LN(1) -> 0',
    impl: (a) => {
      const x = num(a, 0);
      if (!x.isPositive() || x.isZero()) return fail('#NUM!', 'LN needs a positive number');
      // 30 digits like LOG: LN(EXP(2)) is 2, not 1.999…9 from the 34th digit of EXP.
      return x.ln().toSignificantDigits(30);
    },
  }),
  define({
    name: 'LOG10',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回以 10 为底的对数', en: 'Base-10 logarithm' },
    example: 'LOG10(1000) -> 3',
    impl: (a) => {
      const x = num(a, 0);
      if (!x.isPositive() || x.isZero()) return fail('#NUM!', 'LOG10 needs a positive number');
      return x.log(10).toSignificantDigits(30);
    },
  }),
  define({
    name: 'PI',
    category: 'math',
    params: [],
    returns: N,
    volatile: false,
    description: { 'zh-CN': '返回圆周率 π（34 位有效数字）', en: 'The number π (34 significant digits)' },
    example: 'ROUND(PI(), 4) -> 3.1416',
    impl: () => PI,
  }),
  define({
    name: 'FACT',
    category: 'math',
    params: [{ name: 'number', type: N }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回阶乘（小数部分截去）；负数为 #NUM!，超过 170 为 #NUM!',
      en: 'Factorial (the fraction is dropped); negative or above 170 is #NUM!',
    },
    example: 'FACT(5) -> 120',
    impl: (a, ctx) => {
      const n = num(a, 0).trunc();
      if (n.isNegative() || n.gt(170)) return fail('#NUM!', 'FACT needs a number between 0 and 170');
      ctx.step(n.toNumber());
      let r = ONE;
      for (let i = 2; i <= n.toNumber(); i++) r = r.times(i);
      return r;
    },
  }),
  ...(
    [
      [
        'GCD',
        '返回非负整数的最大公约数（小数部分截去）',
        'Greatest common divisor of non-negative integers (fractions dropped)',
        'GCD(24, 36) -> 12',
      ],
      [
        'LCM',
        '返回非负整数的最小公倍数（小数部分截去）',
        'Least common multiple of non-negative integers (fractions dropped)',
        'LCM(4, 6) -> 12',
      ],
    ] as const
  ).map(([name, zh, en, example]) =>
    define({
      name,
      category: 'math',
      params: [{ name: 'number', type: 'numbers', repeat: true }],
      returns: N,
      volatile: false,
      description: {
        'zh-CN': `${zh}；负数或不小于 2^53 的数为 #NUM!`,
        en: `${en}; negative numbers or 2^53 and above are #NUM!`,
      },
      example,
      impl: (a) => {
        const xs = rest<Decimal>(a).map((x) => wholeNumber(name, x));
        if (xs.length === 0) return fail('#VALUE!', `${name} needs at least one number`);
        let r = xs[0]!;
        for (const x of xs.slice(1))
          r = name === 'GCD' ? gcd(r, x) : r === 0n || x === 0n ? 0n : (r / gcd(r, x)) * x;
        if (r >= MAX_WHOLE) return fail('#NUM!', `${name} result is too large`);
        return d(r.toString());
      },
    }),
  ),
  define({
    name: 'RAND',
    category: 'math',
    params: [],
    returns: N,
    volatile: true,
    description: {
      'zh-CN': '返回大于等于 0 且小于 1 的随机数（每次计算都会变化）',
      en: 'A random number in [0, 1) (changes on every evaluation)',
    },
    example: 'RAND() -> 0.25',
    impl: (_a, ctx) => d(ctx.random()),
  }),
  define({
    name: 'RANDBETWEEN',
    category: 'math',
    params: [
      { name: 'bottom', type: N },
      { name: 'top', type: N },
    ],
    returns: N,
    volatile: true,
    description: {
      'zh-CN': '返回两数之间（含两端）的随机整数；下限大于上限为 #NUM!',
      en: 'A random integer between bottom and top inclusive; #NUM! when bottom > top',
    },
    example: 'RANDBETWEEN(1, 100) -> 26',
    impl: (a, ctx) => {
      const lo = num(a, 0).ceil();
      const hi = num(a, 1).floor();
      if (lo.abs().gte(2 ** 53) || hi.abs().gte(2 ** 53))
        return fail('#NUM!', 'RANDBETWEEN bounds must be below 2^53');
      if (lo.gt(hi)) return fail('#NUM!', 'RANDBETWEEN: bottom is greater than top');
      return lo.plus(hi.minus(lo).plus(1).times(ctx.random()).floor());
    },
  }),
];

export function groupThousands(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
