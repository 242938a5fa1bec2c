/** Text functions. Positions and lengths count characters (code points): LEN("简道云") is 3. */
import { formatDatePattern, formatNumberPattern, looksLikeDatePattern } from '../format';
import { LIMITS } from '../limits';
import type { Value } from '../types';
import { checkText, isDateLike, isEmpty, parseNumberText, toDate, toText } from '../values';
import { isDecimal } from '../decimal';
import { d, define, fail, int, list, num, rest, txt, val } from './helpers';
import type { FunctionDecl } from './types';

const T = 'text' as const;
const chars = (s: string): string[] => Array.from(s);

export const textFunctions: FunctionDecl[] = [
  define({
    name: 'CONCATENATE',
    category: 'text',
    params: [{ name: 'text', type: 'values', repeat: true }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '将多个文本合并为一个（空值为空文本）',
      en: 'Join texts into one (empty values are "")',
    },
    example: 'CONCATENATE("简", "道", "云") -> "简道云"',
    impl: (a, ctx) =>
      checkText(
        rest<Value>(a)
          .map((v) => toText(v, ctx.timeZone))
          .join(''),
      ),
  }),
  define({
    name: 'CHAR',
    category: 'text',
    params: [{ name: 'code', type: 'number' }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '返回编码对应的字符（CHAR(10) 为换行）',
      en: 'The character of a code point (CHAR(10) is a line break)',
    },
    example: 'CHAR(65) -> "A"',
    impl: (a) => String.fromCodePoint(int(num(a, 0), 'Character code', 1, 0x10ffff)),
  }),
  define({
    name: 'EXACT',
    category: 'text',
    params: [
      { name: 'text1', type: T },
      { name: 'text2', type: T },
    ],
    returns: 'boolean',
    volatile: false,
    description: {
      'zh-CN': '比较两个文本是否完全相同（区分大小写）',
      en: 'Whether two texts are exactly equal (case-sensitive)',
    },
    example: 'EXACT("a", "A") -> FALSE',
    impl: (a) => txt(a, 0) === txt(a, 1),
  }),
  define({
    name: 'LEFT',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'count', type: 'number', optional: true },
    ],
    returns: T,
    volatile: false,
    description: { 'zh-CN': '从文本开头返回指定个数的字符', en: 'The first characters of a text' },
    example: 'LEFT("简道云", 2) -> "简道"',
    impl: (a) => {
      const n = a[1] === undefined ? 1 : int(num(a, 1), 'Character count', 0, LIMITS.maxTextLength);
      return chars(txt(a, 0)).slice(0, n).join('');
    },
  }),
  define({
    name: 'LEN',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: 'number',
    volatile: false,
    description: { 'zh-CN': '返回文本的字符数', en: 'Number of characters in a text' },
    example: 'LEN("简道云") -> 3',
    impl: (a) => d(chars(txt(a, 0)).length),
  }),
  define({
    name: 'LOWER',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: T,
    volatile: false,
    description: { 'zh-CN': '将文本转换为小写', en: 'Text in lower case' },
    example: 'LOWER("ABC") -> "abc"',
    impl: (a) => txt(a, 0).toLowerCase(),
  }),
  define({
    name: 'MID',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'start', type: 'number' },
      { name: 'count', type: 'number' },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '从指定位置（从 1 开始）返回指定个数的字符',
      en: 'Characters from a position (1-based)',
    },
    example: 'MID("简道云", 2, 1) -> "道"',
    impl: (a) => {
      const start = int(num(a, 1), 'Start position', 1, LIMITS.maxTextLength + 1);
      const n = int(num(a, 2), 'Character count', 0, LIMITS.maxTextLength);
      return chars(txt(a, 0))
        .slice(start - 1, start - 1 + n)
        .join('');
    },
  }),
  define({
    name: 'REPLACE',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'start', type: 'number' },
      { name: 'count', type: 'number' },
      { name: 'new_text', type: T },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '将文本中从指定位置开始的若干字符替换为新文本',
      en: 'Replace count characters from a position with new text',
    },
    example: 'REPLACE("abcdef", 2, 3, "X") -> "aXef"',
    impl: (a) => {
      const cs = chars(txt(a, 0));
      const start = int(num(a, 1), 'Start position', 1, LIMITS.maxTextLength + 1);
      const n = int(num(a, 2), 'Character count', 0, LIMITS.maxTextLength);
      return checkText([...cs.slice(0, start - 1), txt(a, 3), ...cs.slice(start - 1 + n)].join(''));
    },
  }),
  define({
    name: 'REPT',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'times', type: 'number' },
    ],
    returns: T,
    volatile: false,
    description: { 'zh-CN': '将文本重复指定次数', en: 'Repeat a text a number of times' },
    example: 'REPT("ab", 3) -> "ababab"',
    impl: (a) => {
      const s = txt(a, 0);
      const times = num(a, 1).trunc();
      if (times.isNegative()) return fail('#VALUE!', 'REPT: the number of times is negative');
      const total = times.times(s.length);
      if (total.gt(LIMITS.maxTextLength)) {
        return fail(
          '#VALUE!',
          `REPT result would have ${total.toFixed()} characters, more than ${LIMITS.maxTextLength}`,
        );
      }
      return s.repeat(times.toNumber());
    },
  }),
  define({
    name: 'RIGHT',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'count', type: 'number', optional: true },
    ],
    returns: T,
    volatile: false,
    description: { 'zh-CN': '从文本末尾返回指定个数的字符', en: 'The last characters of a text' },
    example: 'RIGHT("简道云", 1) -> "云"',
    impl: (a) => {
      const n = a[1] === undefined ? 1 : int(num(a, 1), 'Character count', 0, LIMITS.maxTextLength);
      const cs = chars(txt(a, 0));
      return n === 0 ? '' : cs.slice(-n).join('');
    },
  }),
  define({
    name: 'SEARCH',
    category: 'text',
    params: [
      { name: 'find', type: T },
      { name: 'within', type: T },
      { name: 'start', type: 'number', optional: true },
    ],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '查找文本的位置（不区分大小写，从 1 开始），找不到时返回 0',
      en: 'Position of a text inside another (case-insensitive, 1-based); 0 when not found',
    },
    example: 'SEARCH("道", "简道云") -> 2',
    impl: (a) => {
      const within = chars(txt(a, 1).toLowerCase());
      const find = txt(a, 0).toLowerCase();
      const start = a[2] === undefined ? 1 : int(num(a, 2), 'Start position', 1, within.length + 1);
      const prefix = within.slice(0, start - 1).join('');
      const idx = within.join('').indexOf(find, prefix.length);
      return d(idx < 0 ? 0 : chars(within.join('').slice(0, idx)).length + 1);
    },
  }),
  define({
    name: 'SPLIT',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'separator', type: T },
    ],
    returns: { array: 'text' },
    volatile: false,
    description: { 'zh-CN': '按分隔符将文本拆分为数组', en: 'Split a text into a list at a separator' },
    example: 'SPLIT("a,b,c", ",") -> ["a","b","c"]',
    impl: (a) => {
      const s = txt(a, 0);
      if (s === '') return [];
      const parts = txt(a, 1) === '' ? chars(s) : s.split(txt(a, 1));
      if (parts.length > LIMITS.maxArrayLength) return fail('#VALUE!', 'SPLIT: too many parts');
      return parts;
    },
  }),
  define({
    name: 'JOIN',
    category: 'text',
    params: [
      { name: 'values', type: 'array' },
      { name: 'separator', type: T, optional: true },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '用分隔符将数组元素连接为文本',
      en: 'Join the elements of a list with a separator',
    },
    example: 'JOIN(SPLIT("a b", " "), "-") -> "a-b"',
    impl: (a, ctx) =>
      checkText(
        list(a, 0)
          .map((v) => toText(v, ctx.timeZone))
          .join(a[1] === undefined ? '' : txt(a, 1)),
      ),
  }),
  define({
    name: 'TEXT',
    category: 'text',
    params: [
      { name: 'value', type: 'any' },
      { name: 'format', type: T, optional: true },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '按格式将数字或日期转换为文本，如 "#,##0.00"、"0%"、"yyyy年MM月dd日"',
      en: 'Format a number or date as text, e.g. "#,##0.00", "0%", "yyyy-MM-dd"',
    },
    example: 'TEXT(0.256, "0.0%") -> "25.6%"',
    impl: (a, ctx) => {
      const v = val(a, 0);
      const format = a[1] === undefined ? '' : txt(a, 1);
      if (format === '' || isEmpty(v)) return toText(v, ctx.timeZone);
      if (isDateLike(v)) return formatDatePattern(v, format, ctx.timeZone);
      const n = isDecimal(v) ? v : typeof v === 'string' ? parseNumberText(v) : null;
      if (n && !looksLikeDatePattern(format)) return formatNumberPattern(n, format);
      if (typeof v === 'string' && looksLikeDatePattern(format)) {
        const date = toDate(v, ctx.timeZone);
        if (date) return formatDatePattern(date, format, ctx.timeZone);
      }
      return toText(v, ctx.timeZone);
    },
  }),
  define({
    name: 'TRIM',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '删除首尾空格，并将中间连续空格合并为一个',
      en: 'Remove leading/trailing spaces and collapse inner runs',
    },
    example: 'TRIM("  a   b ") -> "a b"',
    impl: (a) => txt(a, 0).trim().replace(/ {2,}/g, ' '),
  }),
  define({
    name: 'UPPER',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: T,
    volatile: false,
    description: { 'zh-CN': '将文本转换为大写', en: 'Text in upper case' },
    example: 'UPPER("abc") -> "ABC"',
    impl: (a) => txt(a, 0).toUpperCase(),
  }),
  define({
    name: 'VALUE',
    category: 'text',
    params: [{ name: 'text', type: 'any' }],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '将文本转换为数字（空文本为 0）',
      en: 'Convert text to a number (empty text is 0)',
    },
    example: 'VALUE("1,234.5") -> 1234.5',
    impl: (a) => {
      const v = val(a, 0);
      if (isDecimal(v)) return v;
      if (v === null || v === '') return d(0);
      if (typeof v !== 'string') return fail('#VALUE!', 'VALUE needs text');
      return parseNumberText(v) ?? fail('#VALUE!', `"${v.slice(0, 40)}" is not a number`);
    },
  }),
  define({
    name: 'UUID',
    category: 'text',
    params: [],
    returns: T,
    volatile: true,
    description: { 'zh-CN': '生成一个随机的 UUID', en: 'A random UUID' },
    example: 'UUID() -> "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"',
    impl: () => randomUuid(),
  }),
  define({
    name: 'ISEMPTY',
    category: 'text',
    params: [{ name: 'value', type: 'any' }],
    returns: 'boolean',
    volatile: false,
    description: {
      'zh-CN': '判断值是否为空（空值、空文本、空数组）',
      en: 'Whether a value is empty (empty, "", empty list)',
    },
    example: 'ISEMPTY("") -> TRUE',
    impl: (a) => isEmpty(val(a, 0)),
  }),
];

/** UUID v4 from `globalThis.crypto` (browsers and Node 19+); never Node's crypto module. */
function randomUuid(): string {
  const c = (
    globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array } }
  ).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
