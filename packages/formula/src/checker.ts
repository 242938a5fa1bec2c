/**
 * Static type checker: reports unknown fields and functions, wrong argument counts and wrong
 * argument types with their source spans, before anything is evaluated. It is deliberately
 * permissive where the evaluator coerces by documented rules (number text is a number, TRUE is 1)
 * and strict where a value can never fit (a date where a number is needed, a list where one value is).
 */
import { functionMap } from './functions/catalogue';
import type { FunctionDecl, ParamType } from './functions/types';
import { arity, arityError, paramAt } from './functions/types';
import {
  formatMessage,
  formatProblem,
  typeName,
  typeParam,
  type MessageKey,
  type MessageParams,
  type ProblemKey,
} from './messages';
import type { AstNode, Diagnostic, FormulaScalarType, FormulaType, FormulaValueType } from './types';

/** Field types by id; subform columns by `sub.col` (the column's scalar type). */
export type FieldTypes = Readonly<Record<string, FormulaValueType>> | ReadonlyMap<string, FormulaValueType>;

export interface CheckResult {
  /** The formula's result type (`any` when it cannot be known statically). */
  type: FormulaType;
  errors: Diagnostic[];
}

export function lookupFieldType(types: FieldTypes, key: string): FormulaValueType | undefined {
  if (types instanceof Map) return types.get(key);
  const record = types as Readonly<Record<string, FormulaValueType>>;
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

const isList = (t: FormulaType): t is { array: FormulaScalarType } => typeof t === 'object';
export function describeType(t: FormulaType): string {
  return typeName(typeParam(t), 'en');
}

const NUMERIC = new Set(['number', 'boolean', 'text', 'any', 'null']);
const DATES = new Set(['date', 'datetime']);

/** Why an argument does not fit, as a message key and the types involved. */
export interface ArgumentProblem {
  problem: ProblemKey;
  expected?: string;
  actual: string;
}

/** Null when an argument of type `arg` fits a parameter of type `param`, else why not. */
export function argumentProblemOf(param: ParamType, arg: FormulaType): ArgumentProblem | null {
  if (arg === 'any' || arg === 'null') return null;
  const scalar = isList(arg) ? null : arg;
  const element = isList(arg) ? arg.array : arg;
  const actual = typeParam(arg);
  const no = (problem: ProblemKey, expected?: string): ArgumentProblem => ({ problem, expected, actual });
  switch (param) {
    case 'any':
    case 'values':
    case 'array':
    case 'fieldref':
      return null;
    case 'number':
      if (scalar === null) return no('numberNotList');
      return NUMERIC.has(scalar) ? null : no('number');
    case 'numbers':
      return NUMERIC.has(element) ? null : no('numbers');
    case 'text':
      if (scalar === null) return no('textNotList');
      if (scalar === 'member') return no('textNotMember');
      if (scalar === 'department') return no('textNotDepartment');
      return null;
    case 'boolean':
      if (scalar === null) return no('booleanNotList');
      return scalar === 'boolean' || scalar === 'number' ? null : no('boolean');
    case 'date':
      if (scalar === null) return no('dateNotList');
      return DATES.has(scalar) || scalar === 'text' ? null : no('date');
    case 'member':
    case 'department':
      return element === param || element === 'text' ? null : no('kind', param);
  }
}

/** Null when an argument of type `arg` fits a parameter of type `param`, else why not (English). */
export function argumentProblem(param: ParamType, arg: FormulaType): string | null {
  const p = argumentProblemOf(param, arg);
  if (!p) return null;
  return formatProblem(p.problem, definedParams(p), 'en');
}

function definedParams(p: ArgumentProblem): Record<string, string> {
  const out: Record<string, string> = { problem: p.problem, actual: p.actual };
  if (p.expected !== undefined) out.expected = p.expected;
  return out;
}

/** Arity problems as message keys (the evaluator words the same checks in `arityError`). */
function arityProblem(
  decl: FunctionDecl,
  argCount: number,
): { key: MessageKey; params: MessageParams } | null {
  const { min, max } = arity(decl);
  if (argCount < min) return { key: 'tooFewArgs', params: { fn: decl.name, min, got: argCount } };
  if (argCount > max) return { key: 'tooManyArgs', params: { fn: decl.name, max, got: argCount } };
  // Group checks (IFS, SWITCH) are delegated to the one implementation and keep its wording.
  const bad = arityError(decl, argCount);
  if (!bad) return null;
  const repeated = decl.params.filter((p) => p.repeat);
  return {
    key: 'argGroups',
    params: { fn: decl.name, group: repeated.length, names: repeated.map((p) => p.name).join(', ') },
  };
}

class Checker {
  readonly errors: Diagnostic[] = [];
  constructor(private readonly fieldTypes: FieldTypes) {}

  private error(
    node: { start: number; end: number },
    key: MessageKey,
    params: MessageParams,
    code: Diagnostic['code'],
  ): void {
    const message = formatMessage(key, params, 'en');
    this.errors.push({ message, start: node.start, end: node.end, code, key, params });
  }

  visit(node: AstNode): FormulaType {
    switch (node.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'text';
      case 'boolean':
        return 'boolean';
      case 'field':
        return this.field(node);
      case 'unary': {
        const t = this.visit(node.operand);
        this.numeric(node.operand, t, { what: 'unary', op: node.op });
        return isList(t) ? { array: 'number' } : 'number';
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private field(node: Extract<AstNode, { kind: 'field' }>): FormulaType {
    const key = node.column === undefined ? node.id : `${node.id}.${node.column}`;
    const t = lookupFieldType(this.fieldTypes, key);
    if (t === undefined) {
      this.error(node, 'unknownField', { ref: key }, '#REF!');
      return 'any';
    }
    if (node.column !== undefined && !isList(t)) return { array: t };
    return t;
  }

  private numeric(node: AstNode, t: FormulaType, what: MessageParams): void {
    const element = isList(t) ? t.array : t;
    if (!NUMERIC.has(element)) this.error(node, 'needsNumber', { ...what, actual: typeParam(t) }, '#VALUE!');
  }

  private binary(node: Extract<AstNode, { kind: 'binary' }>): FormulaType {
    const l = this.visit(node.left);
    const r = this.visit(node.right);
    const list = isList(l) || isList(r);
    switch (node.op) {
      case '&':
        return 'text';
      case '=':
      case '<>':
        return 'boolean';
      case '<':
      case '>':
      case '<=':
      case '>=':
        if (list) this.error(node, 'compareLists', { op: node.op }, '#VALUE!');
        return 'boolean';
      case '+':
      case '-': {
        const ld = !isList(l) && DATES.has(l);
        const rd = !isList(r) && DATES.has(r);
        if (ld || rd) return this.dateArithmetic(node, l, r);
        break;
      }
      default:
        break;
    }
    this.numeric(node.left, l, { what: 'operator', op: node.op });
    this.numeric(node.right, r, { what: 'operator', op: node.op });
    return list ? { array: 'number' } : 'number';
  }

  private dateArithmetic(
    node: Extract<AstNode, { kind: 'binary' }>,
    l: FormulaType,
    r: FormulaType,
  ): FormulaType {
    const ld = typeof l === 'string' && DATES.has(l);
    const rd = typeof r === 'string' && DATES.has(r);
    if (ld && rd) {
      if (node.op === '+') this.error(node, 'addDates', {}, '#VALUE!');
      return 'number';
    }
    if (rd && node.op === '-') {
      this.error(node, 'subtractDate', {}, '#VALUE!');
      return 'any';
    }
    this.numeric(ld ? node.right : node.left, ld ? r : l, { what: 'days' });
    // A fractional number of days turns a date into a datetime; statically we keep the date's type.
    return ld ? l : r;
  }

  private call(node: Extract<AstNode, { kind: 'call' }>): FormulaType {
    const decl = functionMap.get(node.name);
    const argTypes: FormulaType[] = [];
    if (!decl) {
      for (const a of node.args) argTypes.push(this.visit(a));
      this.error(
        { start: node.start, end: node.start + node.name.length },
        'unknownFunction',
        { fn: node.name },
        '#NAME?',
      );
      return 'any';
    }
    const bad = arityProblem(decl, node.args.length);
    if (bad) this.error(node, bad.key, bad.params, '#VALUE!');
    node.args.forEach((arg, i) => {
      const param = paramAt(decl, i, node.args.length);
      if (param?.type === 'fieldref') {
        if (arg.kind !== 'field') this.error(arg, 'fieldRefArg', { fn: decl.name, n: i + 1 }, '#VALUE!');
        argTypes.push('any');
        return;
      }
      const t = this.visit(arg);
      argTypes.push(t);
      const problem = param ? argumentProblemOf(param.type, t) : null;
      if (problem)
        this.error(
          arg,
          'argument',
          { fn: decl.name, n: i + 1, param: param?.name ?? 'value', ...definedParams(problem) },
          '#VALUE!',
        );
    });
    return returnType(decl, argTypes);
  }
}

function returnType(decl: FunctionDecl, argTypes: readonly FormulaType[]): FormulaType {
  return typeof decl.returns === 'function' ? decl.returns(argTypes) : decl.returns;
}

/**
 * Type-check an AST against the form's field types. Never throws; every problem is a diagnostic
 * with the span of the offending node.
 */
export function check(ast: AstNode, fieldTypes: FieldTypes): CheckResult {
  const checker = new Checker(fieldTypes);
  const type = checker.visit(ast);
  return { type, errors: checker.errors };
}
