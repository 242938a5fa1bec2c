/** Text functions. Positions and lengths count characters (code points): LEN("简道云") is 3. */
import { formatDatePattern, formatNumberPattern, looksLikeDatePattern } from '../format';
import { LIMITS } from '../limits';
import type { Value } from '../types';
import { checkText, isDateLike, isEmpty, parseNumberText, toDate, toText } from '../values';
import { Decimal, ZERO, isDecimal } from '../decimal';
import { d, define, fail, int, list, num, rest, txt, val } from './helpers';
import type { FunctionContext, FunctionDecl } from './types';

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
    example: 'UUID() -> "40404040-4040-4040-8040-404040404040"',
    impl: (_a, ctx) => randomUuid(ctx),
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
  define({
    name: 'CONCAT',
    category: 'text',
    params: [{ name: 'text', type: 'values', repeat: true }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '将多个文本或列表的元素依次连接（同 CONCATENATE，列表按元素连接）',
      en: 'Join texts and the elements of lists (like CONCATENATE)',
    },
    example: 'CONCAT("A", 1, TRUE) -> "A1TRUE"',
    impl: (a, ctx) =>
      joinTexts(
        rest<Value>(a).map((v) => toText(v, ctx.timeZone)),
        '',
      ),
  }),
  define({
    name: 'TEXTJOIN',
    category: 'text',
    params: [
      { name: 'delimiter', type: T },
      { name: 'ignore_empty', type: 'boolean' },
      { name: 'text', type: 'values', repeat: true },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '用分隔符连接文本或列表的元素；第二个参数为 TRUE 时跳过空值',
      en: 'Join texts and list elements with a delimiter; TRUE as the second argument skips empty values',
    },
    example: 'TEXTJOIN("、", TRUE, "北京", "", "上海") -> "北京、上海"',
    impl: (a, ctx) => {
      const texts = rest<Value>(a, 2).map((v) => toText(v, ctx.timeZone));
      return joinTexts(a[1] === true ? texts.filter((t) => t !== '') : texts, txt(a, 0));
    },
  }),
  define({
    name: 'FIND',
    category: 'text',
    params: [
      { name: 'find', type: T },
      { name: 'within', type: T },
      { name: 'start', type: 'number', optional: true },
    ],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '查找文本的位置（区分大小写，从 1 开始）；找不到时为 #VALUE!（与 Excel 相同，可配合 IFERROR）',
      en: 'Position of a text inside another (case-sensitive, 1-based); #VALUE! when not found (as in Excel; use IFERROR)',
    },
    example: 'FIND("b", "abcb", 3) -> 4',
    impl: (a) => {
      const within = chars(txt(a, 1));
      const start = a[2] === undefined ? 1 : int(num(a, 2), 'Start position', 1, within.length + 1);
      const offset = within.slice(0, start - 1).join('').length;
      const joined = within.join('');
      const idx = joined.indexOf(txt(a, 0), offset);
      if (idx < 0) return fail('#VALUE!', `FIND: "${txt(a, 0).slice(0, 40)}" was not found`);
      return d(chars(joined.slice(0, idx)).length + 1);
    },
  }),
  define({
    name: 'SUBSTITUTE',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'old_text', type: T },
      { name: 'new_text', type: T },
      { name: 'instance', type: 'number', optional: true },
    ],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '将文本中的旧文本替换为新文本（区分大小写）；指定第几次出现时只替换那一次',
      en: 'Replace old text with new text (case-sensitive); with instance, only that occurrence',
    },
    example: 'SUBSTITUTE("2024-01-05", "-", "/") -> "2024/01/05"',
    impl: (a) => {
      const [text, old, repl] = [txt(a, 0), txt(a, 1), txt(a, 2)];
      if (old === '') return text;
      const parts = text.split(old);
      if (a[3] !== undefined) {
        const n = int(num(a, 3), 'Instance', 1, LIMITS.maxTextLength);
        if (n >= parts.length) return text;
        return checkText(parts.slice(0, n).join(old) + repl + parts.slice(n).join(old));
      }
      // Check the size before building it: 1,000,000 matches times a long replacement is too big.
      const length = text.length + (parts.length - 1) * (repl.length - old.length);
      if (length > LIMITS.maxTextLength)
        return fail(
          '#VALUE!',
          `SUBSTITUTE result would have ${length} characters, more than ${LIMITS.maxTextLength}`,
        );
      return parts.join(repl);
    },
  }),
  define({
    name: 'PROPER',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '将每个单词的首字母大写，其余字母小写（字母后面紧跟的字母不算新单词）',
      en: 'Capitalise the first letter of every word and lower-case the rest',
    },
    example: 'PROPER("hello WORLD") -> "Hello World"',
    // Excel: a letter is upper-cased when the character before it is not a letter.
    impl: (a) =>
      txt(a, 0)
        .toLowerCase()
        .replace(/(^|[^\p{L}])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  }),
  define({
    name: 'CLEAN',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: T,
    volatile: false,
    description: {
      'zh-CN': '删除文本中不可打印的控制字符（编码 0-31，含换行和制表符）',
      en: 'Remove non-printable control characters (codes 0-31, line breaks and tabs included)',
    },
    example: 'CLEAN("a" & CHAR(10) & "b") -> "ab"',
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    impl: (a) => txt(a, 0).replace(/[\u0000-\u001f]/g, ''),
  }),
  define({
    name: 'UNICODE',
    category: 'text',
    params: [{ name: 'text', type: T }],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '返回文本第一个字符的 Unicode 编码；空文本为 #VALUE!',
      en: 'Unicode code point of the first character; empty text is #VALUE!',
    },
    example: 'UNICODE("A") -> 65',
    impl: (a) => {
      const cp = txt(a, 0).codePointAt(0);
      return cp === undefined ? fail('#VALUE!', 'UNICODE of empty text') : d(cp);
    },
  }),
  define({
    name: 'NUMBERVALUE',
    category: 'text',
    params: [
      { name: 'text', type: T },
      { name: 'decimal_separator', type: T, optional: true },
      { name: 'group_separator', type: T, optional: true },
    ],
    returns: 'number',
    volatile: false,
    description: {
      'zh-CN': '按指定的小数点和千分位符号将文本转换为数字（默认 "." 和 ","），忽略空格，末尾的 % 除以 100',
      en: 'Convert text to a number with given decimal and group separators (default "." and ","); spaces are ignored, a trailing % divides by 100',
    },
    example: 'NUMBERVALUE("1.234,5", ",", ".") -> 1234.5',
    impl: (a) =>
      numberValue(txt(a, 0), a[1] === undefined ? '.' : txt(a, 1), a[2] === undefined ? ',' : txt(a, 2)),
  }),
];

/** Join with a size check before the join: 100,000 elements of 1,000,000 characters is too big. */
function joinTexts(texts: readonly string[], separator: string): string {
  let length = Math.max(0, texts.length - 1) * separator.length;
  for (const t of texts) length += t.length;
  if (length > LIMITS.maxTextLength)
    return fail('#VALUE!', `Text result would have ${length} characters, more than ${LIMITS.maxTextLength}`);
  return texts.join(separator);
}

/**
 * Excel's NUMBERVALUE: the first character of each separator counts; spaces anywhere are ignored;
 * group separators may appear only before the decimal separator; each trailing % divides by 100.
 */
function numberValue(text: string, decimalSep: string, groupSep: string): Decimal {
  const dec = Array.from(decimalSep)[0];
  const group = Array.from(groupSep)[0];
  if (dec === undefined || group === undefined) return fail('#VALUE!', 'NUMBERVALUE: a separator is empty');
  if (dec === group) return fail('#VALUE!', 'NUMBERVALUE: the decimal and group separators are the same');
  let s = text.replace(/\s+/g, '');
  if (s === '') return ZERO;
  let percents = 0;
  while (s.endsWith('%')) {
    percents++;
    s = s.slice(0, -1);
  }
  const at = s.indexOf(dec);
  const whole = at < 0 ? s : s.slice(0, at);
  const fraction = at < 0 ? '' : s.slice(at + dec.length);
  if (fraction.includes(group) || fraction.includes(dec))
    return fail('#VALUE!', `NUMBERVALUE: "${text.slice(0, 40)}" is not a number`);
  const plain = whole.split(group).join('') + (at < 0 ? '' : `.${fraction}`);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(plain))
    return fail('#VALUE!', `NUMBERVALUE: "${text.slice(0, 40)}" is not a number`);
  const n = new Decimal(plain);
  if (!n.isFinite()) return fail('#NUM!', 'NUMBERVALUE: the number is too large');
  return percents === 0 ? n : n.div(new Decimal(100).pow(percents));
}

/** UUID v4 from the evaluation's random source (crypto by default, fixed in tests and examples). */
function randomUuid(ctx: FunctionContext): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(ctx.random() * 256));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
