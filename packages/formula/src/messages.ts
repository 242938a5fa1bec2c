/**
 * Every message the parser and the checker produce, in zh-CN and en. Diagnostics carry a `key`
 * and `params` next to their English `message`, so an editor shows them in the user's language
 * without parsing English text (the message stays for logs, the server and old callers).
 */
import type { FormulaType } from './types';

export type MessageLang = 'zh-CN' | 'en';
export type MessageParams = Readonly<Record<string, string | number>>;

type Template = (p: MessageParams) => string;

const TYPE_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  number: { 'zh-CN': '数字', en: 'a number' },
  text: { 'zh-CN': '文本', en: 'text' },
  boolean: { 'zh-CN': '真/假', en: 'TRUE/FALSE' },
  date: { 'zh-CN': '日期', en: 'a date' },
  datetime: { 'zh-CN': '日期时间', en: 'a date and time' },
  member: { 'zh-CN': '成员', en: 'a member' },
  department: { 'zh-CN': '部门', en: 'a department' },
  any: { 'zh-CN': '任意值', en: 'any value' },
  null: { 'zh-CN': '空值', en: 'empty' },
};

/** A static type as a message parameter: `number`, `list:text`. */
export function typeParam(t: FormulaType): string {
  return typeof t === 'object' ? `list:${t.array}` : t;
}

/** A type parameter in words: `a list of text` / `文本列表`. */
export function typeName(param: string | number, lang: MessageLang): string {
  const s = String(param);
  if (s.startsWith('list:')) {
    const inner = s.slice(5);
    const name = TYPE_NAMES[inner]?.[lang] ?? inner;
    return lang === 'en' ? `a list of ${inner}` : `${name}列表`;
  }
  return TYPE_NAMES[s]?.[lang] ?? s;
}

const en = (p: MessageParams, k: string) => typeName(p[k] ?? 'any', 'en');
const zh = (p: MessageParams, k: string) => typeName(p[k] ?? 'any', 'zh-CN');
const plural = (n: string | number | undefined, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

/** Why an argument does not fit its parameter (`argument` messages carry one of these). */
const PROBLEMS = {
  numberNotList: {
    en: () => 'needs a single number, not a list (use SUM or another aggregate)',
    'zh-CN': () => '需要单个数字，而不是列表（请用 SUM 等汇总函数）',
  },
  number: {
    en: (p) => `needs a number, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `需要数字，而不是${zh(p, 'actual')}`,
  },
  numbers: {
    en: (p) => `needs numbers, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `需要数字，而不是${zh(p, 'actual')}`,
  },
  textNotList: {
    en: () => 'needs a single text, not a list (use JOIN)',
    'zh-CN': () => '需要单个文本，而不是列表（请用 JOIN）',
  },
  textNotMember: {
    en: () => 'needs text, not a member (use TEXTUSER to get the name)',
    'zh-CN': () => '需要文本，而不是成员（请用 TEXTUSER 取姓名）',
  },
  textNotDepartment: {
    en: () => 'needs text, not a department (use TEXTDEPT to get the name)',
    'zh-CN': () => '需要文本，而不是部门（请用 TEXTDEPT 取部门名）',
  },
  booleanNotList: {
    en: () => 'needs a single TRUE/FALSE, not a list (use AND or OR)',
    'zh-CN': () => '需要单个真/假值，而不是列表（请用 AND 或 OR）',
  },
  boolean: {
    en: (p) => `needs TRUE/FALSE, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `需要真/假值，而不是${zh(p, 'actual')}`,
  },
  dateNotList: {
    en: () => 'needs a single date, not a list',
    'zh-CN': () => '需要单个日期，而不是列表',
  },
  date: {
    en: (p) => `needs a date, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `需要日期，而不是${zh(p, 'actual')}`,
  },
  kind: {
    en: (p) => `needs ${en(p, 'expected')}, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `需要${zh(p, 'expected')}，而不是${zh(p, 'actual')}`,
  },
} satisfies Record<string, Record<MessageLang, Template>>;

export type ProblemKey = keyof typeof PROBLEMS;

const MESSAGES = {
  // Parser
  empty: { en: () => 'Formula is empty', 'zh-CN': () => '公式为空' },
  notText: { en: () => 'Formula must be text', 'zh-CN': () => '公式必须是文本' },
  tooLong: {
    en: (p) => `Formula is too long (${p.length} characters, at most ${p.max})`,
    'zh-CN': (p) => `公式太长（${p.length} 个字符，最多 ${p.max} 个）`,
  },
  tooLarge: {
    en: (p) => `Formula is too large (more than ${p.max} parts)`,
    'zh-CN': (p) => `公式太复杂（超过 ${p.max} 个部分）`,
  },
  tooDeep: {
    en: (p) => `Formula is nested too deeply (more than ${p.max} levels)`,
    'zh-CN': (p) => `公式嵌套太深（超过 ${p.max} 层）`,
  },
  invalidNumber: { en: (p) => `Invalid number "${p.text}"`, 'zh-CN': (p) => `无效的数字 "${p.text}"` },
  numberRange: {
    en: (p) => `Number out of range "${p.text}" (allowed: up to 1e308)`,
    'zh-CN': (p) => `数字超出范围 "${p.text}"（最大 1e308）`,
  },
  unterminatedText: {
    en: () => 'Unterminated text: a closing " is missing',
    'zh-CN': () => '文本缺少结尾的引号 "',
  },
  unterminatedField: {
    en: () => 'Unterminated field reference: a closing } is missing',
    'zh-CN': () => '字段引用缺少结尾的 }',
  },
  invalidField: {
    en: (p) => `Invalid field reference {${p.ref}}`,
    'zh-CN': (p) => `无效的字段引用 {${p.ref}}`,
  },
  unexpectedChar: {
    en: (p) => `Unexpected character "${p.text}"`,
    'zh-CN': (p) => `无法识别的字符 "${p.text}"`,
  },
  unexpected: { en: (p) => `Unexpected "${p.text}"`, 'zh-CN': (p) => `此处不应出现 "${p.text}"` },
  unmatchedClose: { en: () => 'Unmatched closing parenthesis', 'zh-CN': () => '多余的右括号' },
  missingClose: { en: () => 'Missing closing parenthesis', 'zh-CN': () => '缺少右括号' },
  endsUnexpectedly: { en: () => 'Formula ends unexpectedly', 'zh-CN': () => '公式不完整' },
  unknownName: {
    en: (p) => `Unknown name "${p.text}": use {fieldId} for fields and NAME(...) for functions`,
    'zh-CN': (p) => `无法识别 "${p.text}"：字段请写成 {字段名}，函数请写成 函数名(...)`,
  },
  missingCallClose: {
    en: (p) => `Missing ")" to close ${p.fn}(`,
    'zh-CN': (p) => `${p.fn}( 缺少右括号 ")"`,
  },
  expectedSeparator: {
    en: (p) => `Expected "," or ")" but found "${p.text}"`,
    'zh-CN': (p) => `这里应为 "," 或 ")"，却是 "${p.text}"`,
  },
  unparsable: { en: () => 'Formula could not be parsed', 'zh-CN': () => '无法解析公式' },
  // Checker
  unknownField: { en: (p) => `Unknown field {${p.ref}}`, 'zh-CN': (p) => `未知字段 {${p.ref}}` },
  unknownFunction: { en: (p) => `Unknown function ${p.fn}`, 'zh-CN': (p) => `未知函数 ${p.fn}` },
  needsNumber: {
    en: (p) => `${operand(p, 'en')} needs a number, not ${en(p, 'actual')}`,
    'zh-CN': (p) => `${operand(p, 'zh-CN')}需要数字，而不是${zh(p, 'actual')}`,
  },
  compareLists: { en: (p) => `${p.op} cannot compare lists`, 'zh-CN': (p) => `${p.op} 不能比较列表` },
  addDates: {
    en: () => 'Two dates cannot be added; add a number of days to a date',
    'zh-CN': () => '两个日期不能相加；请给日期加上天数',
  },
  subtractDate: {
    en: () => 'A date cannot be subtracted from a number',
    'zh-CN': () => '不能用数字减去日期',
  },
  fieldRefArg: {
    en: (p) => `${p.fn} argument ${p.n} must be a field reference`,
    'zh-CN': (p) => `${p.fn} 的第 ${p.n} 个参数必须是字段引用`,
  },
  argument: {
    en: (p) => `${p.fn} argument ${p.n} (${p.param}) ${formatProblem(p.problem as ProblemKey, p, 'en')}`,
    'zh-CN': (p) =>
      `${p.fn} 的第 ${p.n} 个参数（${p.param}）${formatProblem(p.problem as ProblemKey, p, 'zh-CN')}`,
  },
  tooFewArgs: {
    en: (p) => `${p.fn} needs at least ${plural(p.min, 'argument')}, got ${p.got}`,
    'zh-CN': (p) => `${p.fn} 至少需要 ${p.min} 个参数，实际 ${p.got} 个`,
  },
  tooManyArgs: {
    en: (p) => `${p.fn} takes at most ${plural(p.max, 'argument')}, got ${p.got}`,
    'zh-CN': (p) => `${p.fn} 最多接受 ${p.max} 个参数，实际 ${p.got} 个`,
  },
  argGroups: {
    en: (p) => `${p.fn} takes its arguments in groups of ${p.group} (${p.names})`,
    'zh-CN': (p) => `${p.fn} 的参数须按 ${p.group} 个一组给出（${p.names}）`,
  },
} satisfies Record<string, Record<MessageLang, Template>>;

/** What an operator message names: `Operator *`, `Unary -`, `Days added to a date`. */
function operand(p: MessageParams, lang: MessageLang): string {
  if (p.what === 'days') return lang === 'en' ? 'Days added to a date' : '与日期相加的天数';
  if (p.what === 'unary') return lang === 'en' ? `Unary ${p.op}` : `一元运算 ${p.op} `;
  return lang === 'en' ? `Operator ${p.op}` : `运算符 ${p.op} `;
}

export type MessageKey = keyof typeof MESSAGES;

/** The message for `key` in `lang`. */
export function formatMessage(key: MessageKey, params: MessageParams, lang: MessageLang): string {
  return MESSAGES[key][lang](params);
}

/** Why an argument does not fit, in `lang` (`needs a number, not text`). */
export function formatProblem(problem: ProblemKey, params: MessageParams, lang: MessageLang): string {
  return PROBLEMS[problem][lang](params);
}

/** Every message key (tests check each renders in both languages). */
export const messageKeys = Object.keys(MESSAGES) as MessageKey[];
/** Every argument-problem key. */
export const problemKeys = Object.keys(PROBLEMS) as ProblemKey[];
