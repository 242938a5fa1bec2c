/**
 * Error handling and information functions (IFERROR, ISERROR, ISBLANK, ISNUMBER...), and CHOOSE.
 *
 * Errors are thrown as `FormulaError` while a formula evaluates (see evaluator.ts), so the functions
 * that inspect errors are lazy: they evaluate their argument themselves and catch the error. Only
 * the formula errors of Excel are caught; running out of the step budget (#TIMEOUT) or a size limit
 * (#LIMIT) is not a value a formula may hide, and a stack overflow is not a FormulaError at all.
 */
import { isDecimal } from '../decimal';
import { FormulaError } from '../types';
import type { AstNode, ErrorCode, Value } from '../types';
import { isArray, toNumber } from '../values';
import { define, fail, int, val } from './helpers';
import { unionType } from './logic';
import type { FunctionDecl } from './types';

const B = 'boolean' as const;

/** The error values of Excel, which IFERROR and ISERROR see. */
const FORMULA_ERRORS: ReadonlySet<ErrorCode> = new Set([
  '#VALUE!',
  '#DIV/0!',
  '#NAME?',
  '#NUM!',
  '#REF!',
  '#N/A',
]);

/** Evaluate `node`; a formula error accepted by `catches` comes back as its code, anything else is rethrown. */
function attempt(
  node: AstNode,
  evaluate: (node: AstNode) => Value,
  catches: (code: ErrorCode) => boolean,
): { value: Value } | { error: ErrorCode } {
  try {
    return { value: evaluate(node) };
  } catch (e) {
    if (e instanceof FormulaError && FORMULA_ERRORS.has(e.code) && catches(e.code)) return { error: e.code };
    throw e;
  }
}

const anyError = (): boolean => true;
const isNa = (code: ErrorCode): boolean => code === '#N/A';

export const infoFunctions: FunctionDecl[] = [
  define({
    name: 'IFERROR',
    category: 'logic',
    params: [
      { name: 'value', type: 'any' },
      { name: 'value_if_error', type: 'any' },
    ],
    returns: (t) => unionType(t),
    volatile: false,
    description: {
      'zh-CN':
        '第一个参数计算出错（#VALUE!、#DIV/0!、#NUM!、#N/A、#NAME?、#REF!）时返回第二个参数，否则返回第一个参数；计算超时或超出限制不会被捕获',
      en: 'The second argument when the first evaluates to an error (#VALUE!, #DIV/0!, #NUM!, #N/A, #NAME?, #REF!), else the first; timeouts and size limits are not caught',
    },
    example: 'IFERROR(10 / 0, 0) -> 0',
    lazy: (args, ev) => {
      const r = attempt(args[0]!, ev, anyError);
      return 'value' in r ? r.value : ev(args[1]!);
    },
  }),
  define({
    name: 'IFNA',
    category: 'logic',
    params: [
      { name: 'value', type: 'any' },
      { name: 'value_if_na', type: 'any' },
    ],
    returns: (t) => unionType(t),
    volatile: false,
    description: {
      'zh-CN': '第一个参数为 #N/A 错误时返回第二个参数，其他错误照常返回',
      en: 'The second argument when the first is #N/A; other errors pass through',
    },
    example: 'IFNA(NA(), "无") -> "无"',
    lazy: (args, ev) => {
      const r = attempt(args[0]!, ev, isNa);
      return 'value' in r ? r.value : ev(args[1]!);
    },
  }),
  define({
    name: 'ISERROR',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '判断值是否为错误（任何错误类型，包括 #N/A）',
      en: 'Whether a value is an error (any error, #N/A included)',
    },
    example: 'ISERROR(1 / 0) -> TRUE',
    lazy: (args, ev) => 'error' in attempt(args[0]!, ev, anyError),
  }),
  define({
    name: 'ISERR',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '判断值是否为 #N/A 以外的错误（#N/A 返回 FALSE）',
      en: 'Whether a value is an error other than #N/A (#N/A gives FALSE)',
    },
    example: 'ISERR(VALUE("abc")) -> TRUE',
    lazy: (args, ev) => {
      const r = attempt(args[0]!, ev, anyError);
      return 'error' in r && r.error !== '#N/A';
    },
  }),
  define({
    name: 'ISNA',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '判断值是否为 #N/A 错误（其他错误返回 FALSE）',
      en: 'Whether a value is the #N/A error (other errors give FALSE)',
    },
    example: 'ISNA(NA()) -> TRUE',
    lazy: (args, ev) => {
      const r = attempt(args[0]!, ev, anyError);
      return 'error' in r && r.error === '#N/A';
    },
  }),
  define({
    name: 'NA',
    category: 'logic',
    params: [],
    returns: 'null',
    volatile: false,
    description: {
      'zh-CN': '返回错误值 #N/A（“没有可用的值”）',
      en: 'The error value #N/A ("no value available")',
    },
    example: 'NA() -> #N/A',
    impl: () => fail('#N/A', 'NA(): no value available'),
  }),
  define({
    name: 'ISBLANK',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN':
        '判断值是否为空（未填写的字段、没有行的子表单列）；与 Excel 相同，文本常量 "" 不算空，未填写的文本字段算空',
      en: 'Whether a value is blank (an unfilled field, a subform column without rows); like Excel the literal "" is not blank, an unfilled text field is',
    },
    example: 'ISBLANK({empty}) -> TRUE',
    impl: (a) => {
      const v = val(a, 0);
      return v === null || (isArray(v) && v.length === 0);
    },
  }),
  define({
    name: 'ISNUMBER',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '判断值是否为数字（数字文本如 "12" 不算，与 Excel 相同）',
      en: 'Whether a value is a number (number text like "12" is not, as in Excel)',
    },
    example: 'ISNUMBER(3.5) -> TRUE',
    impl: (a) => isDecimal(val(a, 0)),
  }),
  define({
    name: 'ISTEXT',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '判断值是否为文本（空值不是文本）',
      en: 'Whether a value is text (an empty value is not)',
    },
    example: 'ISTEXT("简道云") -> TRUE',
    impl: (a) => typeof val(a, 0) === 'string',
  }),
  define({
    name: 'ISLOGICAL',
    category: 'logic',
    params: [{ name: 'value', type: 'any' }],
    returns: B,
    volatile: false,
    description: { 'zh-CN': '判断值是否为逻辑值 TRUE/FALSE', en: 'Whether a value is TRUE or FALSE' },
    example: 'ISLOGICAL(1 > 0) -> TRUE',
    impl: (a) => typeof val(a, 0) === 'boolean',
  }),
  define({
    name: 'CHOOSE',
    category: 'logic',
    params: [
      { name: 'index', type: 'number' },
      { name: 'value', type: 'any', repeat: true },
    ],
    returns: (t) => unionType(t.slice(1)),
    volatile: false,
    description: {
      'zh-CN': '按序号（从 1 开始）返回后面参数中的一个，只计算被选中的参数；序号超出范围为 #VALUE!',
      en: 'The value at a 1-based index among the following arguments (only that one is evaluated); out of range is #VALUE!',
    },
    example: 'CHOOSE(2, "低", "中", "高") -> "中"',
    lazy: (args, ev) => {
      const index = ev(args[0]!);
      if (isArray(index)) return fail('#VALUE!', 'CHOOSE: the index must be a single number, not a list');
      const i = int(toNumber(index), 'CHOOSE index', 1, args.length - 1);
      return ev(args[i]!);
    },
  }),
];
