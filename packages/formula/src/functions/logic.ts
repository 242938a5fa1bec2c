/** Logic functions. IF, IFS and SWITCH evaluate only the branch they return. */
import type { FormulaType, Value } from '../types';
import { toBoolean, valuesEqual } from '../values';
import { define, fail, rest, bool } from './helpers';
import type { FunctionDecl } from './types';

const B = 'boolean' as const;

/** The type of "one of these values": the common type, else `any` (empty branches are ignored). */
export function unionType(types: readonly FormulaType[]): FormulaType {
  const present = types.filter((t) => t !== 'null');
  if (present.length === 0) return 'null';
  const key = (t: FormulaType): string => JSON.stringify(t);
  const first = present[0] as FormulaType;
  if (present.every((t) => key(t) === key(first))) return first;
  if (present.every((t) => t === 'date' || t === 'datetime')) return 'datetime';
  return 'any';
}

const booleans = (a: readonly unknown[]): boolean[] => rest<Value>(a).map(toBoolean);

export const logicFunctions: FunctionDecl[] = [
  define({
    name: 'AND',
    category: 'logic',
    params: [{ name: 'logical', type: 'values', repeat: true }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '所有参数都为真时返回 TRUE（空值为 FALSE）',
      en: 'TRUE when every argument is true (empty is FALSE)',
    },
    example: 'AND(TRUE, 1 > 0) -> TRUE',
    impl: (a) => booleans(a).every(Boolean),
  }),
  define({
    name: 'OR',
    category: 'logic',
    params: [{ name: 'logical', type: 'values', repeat: true }],
    returns: B,
    volatile: false,
    description: { 'zh-CN': '任一参数为真时返回 TRUE', en: 'TRUE when any argument is true' },
    example: 'OR(FALSE, 1 > 0) -> TRUE',
    impl: (a) => booleans(a).some(Boolean),
  }),
  define({
    name: 'XOR',
    category: 'logic',
    params: [{ name: 'logical', type: 'values', repeat: true }],
    returns: B,
    volatile: false,
    description: {
      'zh-CN': '为真的参数个数为奇数时返回 TRUE',
      en: 'TRUE when an odd number of arguments are true',
    },
    example: 'XOR(TRUE, FALSE) -> TRUE',
    impl: (a) => booleans(a).filter(Boolean).length % 2 === 1,
  }),
  define({
    name: 'NOT',
    category: 'logic',
    params: [{ name: 'logical', type: B }],
    returns: B,
    volatile: false,
    description: { 'zh-CN': '对逻辑值取反', en: 'Logical negation' },
    example: 'NOT(TRUE) -> FALSE',
    impl: (a) => !bool(a, 0),
  }),
  define({
    name: 'IF',
    category: 'logic',
    params: [
      { name: 'condition', type: B },
      { name: 'value_if_true', type: 'any' },
      { name: 'value_if_false', type: 'any', optional: true },
    ],
    returns: (t) => unionType(t.slice(1).concat(t.length < 3 ? ['null'] : [])),
    volatile: false,
    description: {
      'zh-CN': '条件为真时返回第二个参数，否则返回第三个参数（省略时为空）',
      en: 'The second argument when the condition is true, else the third (empty when omitted)',
    },
    example: 'IF({score} >= 60, "及格", "不及格") -> "及格"',
    lazy: (args, ev) => {
      if (toBoolean(scalar(ev(args[0]!)))) return ev(args[1]!);
      return args[2] ? ev(args[2]) : null;
    },
  }),
  define({
    name: 'IFS',
    category: 'logic',
    params: [
      { name: 'condition', type: B, repeat: true },
      { name: 'value', type: 'any', repeat: true },
    ],
    returns: (t) => unionType(t.filter((_, i) => i % 2 === 1)),
    volatile: false,
    description: {
      'zh-CN': '返回第一个为真的条件对应的值；都不满足时返回 #N/A',
      en: 'The value of the first true condition; #N/A when none is true',
    },
    example: 'IFS({score} >= 90, "A", {score} >= 60, "B", TRUE, "C") -> "B"',
    lazy: (args, ev) => {
      for (let i = 0; i + 1 < args.length; i += 2) {
        if (toBoolean(scalar(ev(args[i]!)))) return ev(args[i + 1]!);
      }
      return fail('#N/A', 'IFS: no condition is true');
    },
  }),
  define({
    name: 'SWITCH',
    category: 'logic',
    params: [
      { name: 'expression', type: 'any' },
      { name: 'value', type: 'any', repeat: true },
      { name: 'result', type: 'any', repeat: true },
    ],
    trailingDefault: true,
    returns: (t) =>
      unionType(t.filter((_, i) => i > 0 && (i % 2 === 0 || (t.length % 2 === 0 && i === t.length - 1)))),
    volatile: false,
    description: {
      'zh-CN': '将表达式与各值比较，返回第一个相等值对应的结果；可带默认值，否则返回 #N/A',
      en: 'Compare an expression with values and return the result of the first match, else the default or #N/A',
    },
    example: 'SWITCH({level}, 1, "低", 2, "中", "高") -> "中"',
    lazy: (args, ev, ctx) => {
      const subject = ev(args[0]!);
      let i = 1;
      for (; i + 1 < args.length; i += 2) {
        if (valuesEqual(subject, ev(args[i]!), ctx.timeZone)) return ev(args[i + 1]!);
      }
      return i < args.length ? ev(args[i]!) : fail('#N/A', 'SWITCH: no value matches');
    },
  }),
  define({
    name: 'TRUE',
    category: 'logic',
    params: [],
    returns: B,
    volatile: false,
    description: { 'zh-CN': '返回逻辑值 TRUE', en: 'The logical value TRUE' },
    example: 'TRUE() -> TRUE',
    impl: () => true,
  }),
  define({
    name: 'FALSE',
    category: 'logic',
    params: [],
    returns: B,
    volatile: false,
    description: { 'zh-CN': '返回逻辑值 FALSE', en: 'The logical value FALSE' },
    example: 'FALSE() -> FALSE',
    impl: () => false,
  }),
];

function scalar(v: Value): Value {
  return Array.isArray(v) ? fail('#VALUE!', 'A condition must be a single value, not a list') : v;
}
