/**
 * Statistics and conditional aggregates (MEDIAN, STDEV, COUNTIFS, SUMIFS...). Category `math`.
 * Everything is exact decimal arithmetic; only square roots and divisions round (to 34 digits).
 */
import { Decimal, ONE, ZERO, isDecimal } from '../decimal';
import type { Value } from '../types';
import { isEmpty, toNumber } from '../values';
import { d, define, fail, list, rest } from './helpers';
import { matchCriteria } from './math';
import type { Args, FunctionContext, FunctionDecl } from './types';

const N = 'number' as const;

const sum = (xs: readonly Decimal[]): Decimal => xs.reduce((s, x) => s.plus(x), ZERO);

/** Sum of squared deviations from the mean (the numerator of VAR and STDEV). */
function squaredDeviations(xs: readonly Decimal[]): Decimal {
  const mean = sum(xs).div(xs.length);
  return xs.reduce((s, x) => s.plus(x.minus(mean).pow(2)), ZERO);
}

/** Variance: sample (n - 1) or population (n). Too few numbers is #DIV/0!, as in Excel. */
function variance(name: string, xs: readonly Decimal[], sample: boolean): Decimal {
  const n = sample ? xs.length - 1 : xs.length;
  if (n <= 0) return fail('#DIV/0!', `${name} needs at least ${sample ? 2 : 1} number${sample ? 's' : ''}`);
  return squaredDeviations(xs).div(n);
}

/**
 * The rows that meet every (range, criteria) pair of a *IFS call, starting at argument `from`.
 * All ranges (and `size`, the length of the value range) must have the same length, as in Excel.
 */
function matchingRows(
  name: string,
  a: Args,
  from: number,
  size: number | null,
  ctx: FunctionContext,
): boolean[] {
  const pairs: { values: Value[]; test: (v: Value) => boolean }[] = [];
  for (let i = from; i + 1 < a.length; i += 2) {
    pairs.push({ values: list(a, i), test: matchCriteria(a[i + 1] as Value, ctx) });
  }
  const n = size ?? pairs[0]?.values.length ?? 0;
  if (pairs.some((p) => p.values.length !== n))
    return fail('#VALUE!', `${name}: every range must have the same length (${n})`);
  ctx.step(n * pairs.length);
  return Array.from({ length: n }, (_, row) => pairs.every((p) => p.test(p.values[row] as Value)));
}

/** The numbers of `values` in the matching rows (empty values skipped, like SUMIF). */
function selected(values: readonly Value[], rows: readonly boolean[]): Decimal[] {
  const out: Decimal[] = [];
  values.forEach((v, i) => {
    if (rows[i] && !isEmpty(v)) out.push(toNumber(v));
  });
  return out;
}

const rangeParam = { name: 'range', type: 'array' as const, repeat: true };
const criteriaParam = { name: 'criteria', type: 'any' as const, repeat: true };

/** MAXIFS / MINIFS: the extreme of the matching values; 0 when nothing matches (Excel). */
const extremeIfs = (name: 'MAXIFS' | 'MINIFS', zh: string, en: string, example: string): FunctionDecl =>
  define({
    name,
    category: 'math',
    params: [
      { name: `${name === 'MAXIFS' ? 'max' : 'min'}_range`, type: 'array' },
      rangeParam,
      criteriaParam,
    ],
    returns: N,
    volatile: false,
    description: { 'zh-CN': zh, en },
    example,
    impl: (a, ctx) => {
      const values = list(a, 0);
      const xs = selected(values, matchingRows(name, a, 1, values.length, ctx));
      if (xs.length === 0) return ZERO;
      return name === 'MAXIFS' ? Decimal.max(...xs) : Decimal.min(...xs);
    },
  });

export const statisticsFunctions: FunctionDecl[] = [
  define({
    name: 'AVERAGEA',
    category: 'math',
    params: [{ name: 'value', type: 'values', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回平均值，TRUE 计为 1，FALSE 和文本计为 0，空值忽略',
      en: 'Average where TRUE counts as 1, FALSE and text as 0; empty values are skipped',
    },
    example: 'AVERAGEA(2, TRUE, "x") -> 1',
    impl: (a) => {
      const xs: Decimal[] = [];
      for (const v of rest<Value>(a)) {
        if (isEmpty(v)) continue;
        xs.push(
          isDecimal(v)
            ? v
            : typeof v === 'boolean'
              ? v
                ? ONE
                : ZERO
              : typeof v === 'string'
                ? ZERO
                : toNumber(v),
        );
      }
      if (xs.length === 0) return fail('#DIV/0!', 'AVERAGEA of no values');
      return sum(xs).div(xs.length);
    },
  }),
  define({
    name: 'AVERAGEIF',
    category: 'math',
    params: [
      { name: 'range', type: 'array' },
      { name: 'criteria', type: 'any' },
      { name: 'average_range', type: 'array', optional: true },
    ],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '对满足条件的元素（或对应的求平均列）求平均值；没有满足条件的值时为 #DIV/0!',
      en: 'Average of the elements (or of average_range) that meet the criteria; #DIV/0! when none do',
    },
    example: 'AVERAGEIF({items.qty}, ">1") -> 4',
    impl: (a, ctx) => {
      const range = list(a, 0);
      const values = a[2] === undefined ? range : list(a, 2);
      if (values.length !== range.length)
        return fail('#VALUE!', 'AVERAGEIF: the lists must have the same length');
      const test = matchCriteria(a[1] as Value, ctx);
      const xs = selected(values, range.map(test));
      if (xs.length === 0) return fail('#DIV/0!', 'AVERAGEIF: no value meets the criteria');
      return sum(xs).div(xs.length);
    },
  }),
  define({
    name: 'AVERAGEIFS',
    category: 'math',
    params: [{ name: 'average_range', type: 'array' }, rangeParam, criteriaParam],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '对同时满足所有条件的行求平均值；没有满足条件的值时为 #DIV/0!',
      en: 'Average of the rows that meet every criteria; #DIV/0! when none do',
    },
    example: 'AVERAGEIFS({items.amount}, {items.type}, "A", {items.qty}, ">1") -> 30',
    impl: (a, ctx) => {
      const values = list(a, 0);
      const xs = selected(values, matchingRows('AVERAGEIFS', a, 1, values.length, ctx));
      if (xs.length === 0) return fail('#DIV/0!', 'AVERAGEIFS: no value meets the criteria');
      return sum(xs).div(xs.length);
    },
  }),
  define({
    name: 'COUNTA',
    category: 'math',
    params: [{ name: 'value', type: 'values', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '统计非空值的个数（数组按元素计）；空文本 "" 不计，与 COUNT 相同',
      en: 'Number of non-empty values (lists count their elements); "" is not counted, same as COUNT',
    },
    example: 'COUNTA("a", 1, "", TRUE) -> 3',
    impl: (a) => d(rest<Value>(a).filter((v) => !isEmpty(v)).length),
  }),
  define({
    name: 'COUNTBLANK',
    category: 'math',
    params: [{ name: 'value', type: 'values', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '统计空值（未填写或空文本）的个数；可传多个字段或子表单列',
      en: 'Number of empty values (unfilled or ""); accepts several fields or subform columns',
    },
    example: 'COUNTBLANK({items.qty}) -> 1',
    impl: (a) => d(rest<Value>(a).filter((v) => isEmpty(v)).length),
  }),
  define({
    name: 'COUNTIFS',
    category: 'math',
    params: [rangeParam, criteriaParam],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '统计同时满足所有条件的行数，如 COUNTIFS({明细.类型}, "A", {明细.数量}, ">1")',
      en: 'Number of rows that meet every criteria, e.g. COUNTIFS({lines.type}, "A", {lines.qty}, ">1")',
    },
    example: 'COUNTIFS({items.type}, "A", {items.qty}, ">1") -> 1',
    impl: (a, ctx) => d(matchingRows('COUNTIFS', a, 0, null, ctx).filter(Boolean).length),
  }),
  extremeIfs(
    'MAXIFS',
    '返回满足所有条件的行中的最大值；没有满足条件的值时为 0',
    'Largest value among the rows that meet every criteria; 0 when none do',
    'MAXIFS({items.amount}, {items.type}, "A") -> 30',
  ),
  define({
    name: 'MEDIAN',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回中位数（忽略空值）；没有数字时为 #NUM!',
      en: 'Median of the numbers (empty values skipped); #NUM! when there are none',
    },
    example: 'MEDIAN(1, 9, 2, 10) -> 5.5',
    impl: (a) => {
      const xs = rest<Decimal>(a).sort((x, y) => x.cmp(y));
      if (xs.length === 0) return fail('#NUM!', 'MEDIAN of no numbers');
      const mid = Math.floor(xs.length / 2);
      return xs.length % 2 === 1 ? xs[mid]! : xs[mid - 1]!.plus(xs[mid]!).div(2);
    },
  }),
  extremeIfs(
    'MINIFS',
    '返回满足所有条件的行中的最小值；没有满足条件的值时为 0',
    'Smallest value among the rows that meet every criteria; 0 when none do',
    'MINIFS({items.amount}, {items.type}, "A") -> 10',
  ),
  define({
    name: 'MODE',
    category: 'math',
    params: [{ name: 'number', type: 'numbers', repeat: true }],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '返回出现次数最多的数字（次数相同取先出现的）；没有重复的数字时为 #N/A',
      en: 'The most frequent number (the first one on ties); #N/A when no number repeats',
    },
    example: 'MODE(1, 2, 2, 3, 3) -> 2',
    impl: (a) => {
      const counts = new Map<string, { value: Decimal; count: number }>();
      for (const x of rest<Decimal>(a)) {
        const key = x.toString();
        const hit = counts.get(key);
        if (hit) hit.count++;
        else counts.set(key, { value: x, count: 1 });
      }
      let best: { value: Decimal; count: number } | undefined;
      for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
      return best && best.count > 1 ? best.value : fail('#N/A', 'MODE: no number occurs more than once');
    },
  }),
  ...(
    [
      [
        'STDEV',
        true,
        true,
        '返回样本标准差（n-1）',
        'Standard deviation of a sample (n - 1)',
        'STDEV(2, 4, 4, 4, 5, 5, 7, 9) -> 2.138089935299395',
      ],
      [
        'STDEVP',
        false,
        true,
        '返回总体标准差（n）',
        'Standard deviation of a whole population (n)',
        'STDEVP(2, 4, 4, 4, 5, 5, 7, 9) -> 2',
      ],
      [
        'VAR',
        true,
        false,
        '返回样本方差（n-1）',
        'Variance of a sample (n - 1)',
        'VAR(1, 2, 3, 4) -> 1.6666666666666667',
      ],
      [
        'VARP',
        false,
        false,
        '返回总体方差（n）',
        'Variance of a whole population (n)',
        'VARP(1, 2, 3, 4) -> 1.25',
      ],
    ] as const
  ).map(([name, sample, root, zh, en, example]) =>
    define({
      name,
      category: 'math',
      params: [{ name: 'number', type: 'numbers', repeat: true }],
      returns: N,
      volatile: false,
      description: {
        'zh-CN': `${zh}，忽略空值；数字不足时为 #DIV/0!`,
        en: `${en}; empty values are skipped, too few numbers is #DIV/0!`,
      },
      example,
      impl: (a) => {
        const v = variance(name, rest<Decimal>(a), sample);
        return root ? v.sqrt() : v;
      },
    }),
  ),
  define({
    name: 'SUMIFS',
    category: 'math',
    params: [{ name: 'sum_range', type: 'array' }, rangeParam, criteriaParam],
    returns: N,
    volatile: false,
    description: {
      'zh-CN': '对同时满足所有条件的行求和，如 SUMIFS({明细.金额}, {明细.类型}, "A", {明细.数量}, ">1")',
      en: 'Sum of the rows that meet every criteria, e.g. SUMIFS({lines.amount}, {lines.type}, "A", {lines.qty}, ">1")',
    },
    example: 'SUMIFS({items.amount}, {items.type}, "A") -> 40',
    impl: (a, ctx) => {
      const values = list(a, 0);
      return sum(selected(values, matchingRows('SUMIFS', a, 1, values.length, ctx)));
    },
  }),
];
