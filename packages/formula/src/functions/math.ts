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
    example: 'COUNTIF({sub.qty}, ">5")',
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
    example: 'LARGE({sub.amount}, 1)',
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
    example: 'SMALL({sub.amount}, 1)',
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
    example: 'SUM({sub.amount}, 10)',
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
    example: 'SUMIF({sub.type}, "A", {sub.amount})',
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
    example: 'SUMPRODUCT({sub.price}, {sub.qty})',
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
];

export function groupThousands(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}
