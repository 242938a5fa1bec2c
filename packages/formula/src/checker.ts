/**
 * Static type checker: reports unknown fields and functions, wrong argument counts and wrong
 * argument types with their source spans, before anything is evaluated. It is deliberately
 * permissive where the evaluator coerces by documented rules (number text is a number, TRUE is 1)
 * and strict where a value can never fit (a date where a number is needed, a list where one value is).
 */
import { functionMap } from './functions/catalogue';
import type { FunctionDecl, ParamType } from './functions/types';
import { arityError, paramAt } from './functions/types';
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
  if (isList(t)) return `a list of ${t.array}`;
  const names: Record<string, string> = {
    number: 'a number',
    text: 'text',
    boolean: 'TRUE/FALSE',
    date: 'a date',
    datetime: 'a date and time',
    member: 'a member',
    department: 'a department',
    any: 'any value',
    null: 'empty',
  };
  return names[t] ?? t;
}

const NUMERIC = new Set(['number', 'boolean', 'text', 'any', 'null']);
const DATES = new Set(['date', 'datetime']);

/** Null when an argument of type `arg` fits a parameter of type `param`, else why not. */
export function argumentProblem(param: ParamType, arg: FormulaType): string | null {
  if (arg === 'any' || arg === 'null') return null;
  const scalar = isList(arg) ? null : arg;
  const element = isList(arg) ? arg.array : arg;
  switch (param) {
    case 'any':
    case 'values':
    case 'array':
      return null;
    case 'number':
      if (scalar === null) return 'needs a single number, not a list (use SUM or another aggregate)';
      return NUMERIC.has(scalar) ? null : `needs a number, not ${describeType(arg)}`;
    case 'numbers':
      return NUMERIC.has(element) ? null : `needs numbers, not ${describeType(arg)}`;
    case 'text':
      if (scalar === null) return 'needs a single text, not a list (use JOIN)';
      if (scalar === 'member') return 'needs text, not a member (use TEXTUSER to get the name)';
      if (scalar === 'department') return 'needs text, not a department (use TEXTDEPT to get the name)';
      return null;
    case 'boolean':
      if (scalar === null) return 'needs a single TRUE/FALSE, not a list (use AND or OR)';
      return scalar === 'boolean' || scalar === 'number'
        ? null
        : `needs TRUE/FALSE, not ${describeType(arg)}`;
    case 'date':
      if (scalar === null) return 'needs a single date, not a list';
      return DATES.has(scalar) || scalar === 'text' ? null : `needs a date, not ${describeType(arg)}`;
    case 'member':
    case 'department':
      return element === param || element === 'text'
        ? null
        : `needs ${describeType(param)}, not ${describeType(arg)}`;
    case 'fieldref':
      return null;
  }
}

class Checker {
  readonly errors: Diagnostic[] = [];
  constructor(private readonly fieldTypes: FieldTypes) {}

  private error(node: { start: number; end: number }, message: string, code: Diagnostic['code']): void {
    this.errors.push({ message, start: node.start, end: node.end, code });
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
        this.numeric(node.operand, t, `Unary ${node.op}`);
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
      this.error(node, `Unknown field {${key}}`, '#REF!');
      return 'any';
    }
    if (node.column !== undefined && !isList(t)) return { array: t };
    return t;
  }

  private numeric(node: AstNode, t: FormulaType, what: string): void {
    const element = isList(t) ? t.array : t;
    if (!NUMERIC.has(element)) this.error(node, `${what} needs a number, not ${describeType(t)}`, '#VALUE!');
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
        if (list) this.error(node, `${node.op} cannot compare lists`, '#VALUE!');
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
    this.numeric(node.left, l, `Operator ${node.op}`);
    this.numeric(node.right, r, `Operator ${node.op}`);
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
      if (node.op === '+')
        this.error(node, 'Two dates cannot be added; add a number of days to a date', '#VALUE!');
      return 'number';
    }
    if (rd && node.op === '-') {
      this.error(node, 'A date cannot be subtracted from a number', '#VALUE!');
      return 'any';
    }
    this.numeric(ld ? node.right : node.left, ld ? r : l, 'Days added to a date');
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
        `Unknown function ${node.name}`,
        '#NAME?',
      );
      return 'any';
    }
    const bad = arityError(decl, node.args.length);
    if (bad) this.error(node, bad, '#VALUE!');
    node.args.forEach((arg, i) => {
      const param = paramAt(decl, i, node.args.length);
      if (param?.type === 'fieldref') {
        if (arg.kind !== 'field')
          this.error(arg, `${decl.name} argument ${i + 1} must be a field reference`, '#VALUE!');
        argTypes.push('any');
        return;
      }
      const t = this.visit(arg);
      argTypes.push(t);
      const problem = param ? argumentProblem(param.type, t) : null;
      if (problem)
        this.error(arg, `${decl.name} argument ${i + 1} (${param?.name ?? 'value'}) ${problem}`, '#VALUE!');
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
