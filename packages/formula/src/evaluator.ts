/**
 * Tree-walking evaluator. Errors are values at the boundary: `evaluate` never throws, it returns
 * `{ value: null, error: { code, message } }`. Work is bounded by a step budget.
 */
import { Decimal, isDecimal } from './decimal';
import { addDays, power } from './arith';
import { functionMap } from './functions/catalogue';
import type { FunctionContext, FunctionDecl, ParamType } from './functions/types';
import { arityError, paramAt } from './functions/types';
import { LIMITS } from './limits';
import { parse } from './parser';
import { FormulaError } from './types';
import type { AstNode, BinaryOp, EvaluateResult, FormulaContext, FormulaValueType, Value } from './types';
import {
  checkText,
  compareValues,
  flatten,
  formatDecimal,
  fromRaw,
  instantOf,
  isArray,
  isDateLike,
  toBoolean,
  toDate,
  toNumber,
  toResult,
  toText,
  typeOfValue,
  valuesEqual,
} from './values';
import { MS_PER_DAY } from './dates';

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** Parsed-formula cache: the same formula text is evaluated for every record. */
const astCache = new Map<string, AstNode | FormulaError>();
function parseCached(text: string): AstNode | FormulaError {
  const hit = astCache.get(text);
  if (hit) return hit;
  const { ast, errors } = parse(text);
  const first = errors[0];
  const result = ast ?? new FormulaError(first?.code ?? '#SYNTAX', first?.message ?? 'Syntax error');
  if (astCache.size >= 1000) astCache.clear();
  astCache.set(text, result);
  return result;
}

/** Per-AST caches: literal decimals and resolved calls (an AST is evaluated once per record). */
const literals = new WeakMap<AstNode, Decimal>();
const calls = new WeakMap<AstNode, { decl: FunctionDecl; paramTypes: ParamType[] } | FormulaError>();

function resolveCall(node: Extract<AstNode, { kind: 'call' }>): {
  decl: FunctionDecl;
  paramTypes: ParamType[];
} {
  let hit = calls.get(node);
  if (!hit) {
    const decl = functionMap.get(node.name);
    const bad = decl ? arityError(decl, node.args.length) : null;
    hit = !decl
      ? new FormulaError('#NAME?', `Unknown function ${node.name}`)
      : bad
        ? new FormulaError('#VALUE!', bad)
        : { decl, paramTypes: node.args.map((_, i) => paramAt(decl, i, node.args.length)?.type ?? 'any') };
    calls.set(node, hit);
  }
  if (hit instanceof FormulaError) throw new FormulaError(hit.code, hit.message);
  return hit;
}

class Evaluation implements FunctionContext {
  readonly timeZone: string;
  readonly now: number;
  readonly user;
  readonly recordNumber;
  readonly resolvers;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly values: Record<string, unknown>;
  private readonly fieldTypes: Record<string, FormulaValueType> | undefined;
  private readonly randomSource: () => number;

  constructor(ctx: FormulaContext) {
    this.timeZone = ctx.timeZone ?? 'UTC';
    this.now = (ctx.now ?? new Date()).getTime();
    this.user = ctx.user;
    this.recordNumber = ctx.recordNumber;
    this.resolvers = ctx.resolvers ?? {};
    this.maxSteps = ctx.maxSteps ?? LIMITS.maxSteps;
    this.values = ctx.values ?? {};
    this.fieldTypes = ctx.fieldTypes;
    this.randomSource = ctx.random ?? cryptoRandom;
  }

  random(): number {
    const r = this.randomSource();
    // A host-supplied source outside [0, 1) would make RANDBETWEEN leave its bounds.
    if (!(r >= 0 && r < 1))
      throw new FormulaError('#NUM!', 'The random source returned a number outside [0, 1)');
    return r;
  }

  step(n: number): void {
    this.steps += n;
    if (this.steps > this.maxSteps) {
      throw new FormulaError('#TIMEOUT', `Formula needs too much work (more than ${this.maxSteps} steps)`);
    }
  }

  private typeOf(key: string): FormulaValueType | undefined {
    const types = this.fieldTypes;
    return types && own(types, key) ? types[key] : undefined;
  }

  field(node: Extract<AstNode, { kind: 'field' }>): Value {
    const raw = own(this.values, node.id) ? this.values[node.id] : undefined;
    if (node.column === undefined) {
      // A subform referenced as a whole: its rows (so COUNT({sub}) counts rows).
      if (
        Array.isArray(raw) &&
        raw.length > 0 &&
        raw.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))
      ) {
        this.step(raw.length);
        return raw.map(() => true);
      }
      const v = fromRaw(raw, this.typeOf(node.id), this.timeZone);
      if (isArray(v)) this.step(v.length);
      return v;
    }
    const col = node.column;
    const rows: unknown[] = Array.isArray(raw) ? raw : [];
    this.step(rows.length);
    const cells = rows.map((row: unknown) =>
      typeof row === 'object' && row !== null && own(row, col) ? (row as Record<string, unknown>)[col] : null,
    );
    const t = this.typeOf(`${node.id}.${col}`);
    const elementType = t === undefined ? undefined : typeof t === 'object' ? t : { array: t };
    return fromRaw(cells, elementType, this.timeZone);
  }

  eval(node: AstNode): Value {
    this.step(1);
    switch (node.kind) {
      case 'number': {
        let d = literals.get(node);
        if (!d) {
          d = new Decimal(node.value);
          literals.set(node, d);
        }
        return d;
      }
      case 'string':
        return node.value;
      case 'boolean':
        return node.value;
      case 'field':
        return this.field(node);
      case 'unary': {
        const v = this.eval(node.operand);
        return node.op === '-' ? this.map1(v, (x) => toNumber(x).neg()) : this.map1(v, (x) => toNumber(x));
      }
      case 'binary':
        return this.binary(node.op, this.eval(node.left), this.eval(node.right));
      case 'call':
        return this.call(node);
    }
  }

  private map1(v: Value, f: (x: Value) => Value): Value {
    if (!isArray(v)) return f(v);
    this.step(v.length);
    return v.map((x) => this.map1(x, f));
  }

  /** Apply a scalar operator, broadcasting over lists (`{sub.price} * {sub.qty}` is a list). */
  private binary(op: BinaryOp, a: Value, b: Value): Value {
    if (op === '=' || op === '<>') {
      const eq = valuesEqual(a, b, this.timeZone);
      return op === '=' ? eq : !eq;
    }
    if (op === '&') return this.chargeText(checkText(toText(a, this.timeZone) + toText(b, this.timeZone)));
    if (isArray(a) || isArray(b)) {
      const la = isArray(a) ? a.length : -1;
      const lb = isArray(b) ? b.length : -1;
      if (la >= 0 && lb >= 0 && la !== lb) {
        throw new FormulaError(
          '#VALUE!',
          `Lists of different lengths (${la} and ${lb}) cannot be combined with ${op}`,
        );
      }
      const n = Math.max(la, lb);
      this.step(n);
      const out: Value[] = [];
      for (let i = 0; i < n; i++) {
        out.push(this.binary(op, isArray(a) ? (a[i] as Value) : a, isArray(b) ? (b[i] as Value) : b));
      }
      return out;
    }
    switch (op) {
      case '<':
        return compareValues(a, b, this.timeZone) < 0;
      case '>':
        return compareValues(a, b, this.timeZone) > 0;
      case '<=':
        return compareValues(a, b, this.timeZone) <= 0;
      case '>=':
        return compareValues(a, b, this.timeZone) >= 0;
      case '+':
      case '-':
        if (isDateLike(a) || isDateLike(b)) return this.dateArithmetic(op, a, b);
        return op === '+' ? toNumber(a).plus(toNumber(b)) : toNumber(a).minus(toNumber(b));
      case '*':
        return toNumber(a).times(toNumber(b));
      case '/': {
        const d = toNumber(b);
        if (d.isZero()) throw new FormulaError('#DIV/0!', 'Division by zero');
        return toNumber(a).div(d);
      }
      case '^':
        return power(toNumber(a), toNumber(b));
    }
  }

  /** date ± days -> date (datetime when the days have a fraction); date - date -> days. */
  private dateArithmetic(op: '+' | '-', a: Value, b: Value): Value {
    const tz = this.timeZone;
    if (isDateLike(a) && isDateLike(b)) {
      if (op === '+')
        throw new FormulaError('#VALUE!', 'Two dates cannot be added; add a number of days to a date');
      if (a.kind === 'date' && b.kind === 'date') return new Decimal(a.day - b.day);
      return new Decimal(instantOf(a, tz) - instantOf(b, tz)).div(MS_PER_DAY);
    }
    const date = isDateLike(a) ? a : (b as Extract<Value, { kind: 'date' | 'datetime' }>);
    if (!isDateLike(a) && op === '-')
      throw new FormulaError('#VALUE!', 'A date cannot be subtracted from a number');
    let days = toNumber(isDateLike(a) ? b : a);
    if (op === '-') days = days.neg();
    return addDays(date, days, tz);
  }

  private call(node: Extract<AstNode, { kind: 'call' }>): Value {
    const { decl, paramTypes } = resolveCall(node);
    if (decl.lazy) return decl.lazy(node.args, (n) => this.eval(n), this);
    const args: unknown[] = [];
    for (let i = 0; i < node.args.length; i++) {
      const v = this.eval(node.args[i] as AstNode);
      args.push(this.coerce(this.chargeText(v), paramTypes[i] ?? 'any', decl, i));
    }
    if (!decl.impl) throw new FormulaError('#NAME?', `Function ${decl.name} has no implementation`);
    // Date functions give empty for an empty date argument.
    if (decl.params.some((p, i) => p.type === 'date' && !p.optional && args[i] === null)) return null;
    return this.chargeText(decl.impl(args, this));
  }

  /**
   * Text work costs steps by length (read as an argument, produced as a result): a formula of a
   * few hundred `LEN(REPT("ab", 499999))` terms would otherwise scan gigabytes within its steps.
   */
  private chargeText(v: Value): Value {
    if (typeof v === 'string' && v.length >= LIMITS.textCharsPerStep)
      this.step(Math.floor(v.length / LIMITS.textCharsPerStep));
    return v;
  }

  private coerce(v: Value, type: ParamType, decl: FunctionDecl, index: number): unknown {
    const scalar = (f: (x: Value) => unknown): unknown => {
      if (isArray(v)) {
        throw new FormulaError(
          '#VALUE!',
          `${decl.name} argument ${index + 1} must be a single value, not a list`,
        );
      }
      return f(v);
    };
    switch (type) {
      case 'number':
        return scalar(toNumber);
      case 'text':
        return scalar((x) => toText(x, this.timeZone));
      case 'boolean':
        return scalar(toBoolean);
      case 'date':
        return scalar((x) => toDate(x, this.timeZone));
      case 'array': {
        const list = isArray(v) ? flatten(v) : [v];
        this.step(list.length);
        return list;
      }
      case 'numbers': {
        const list = isArray(v) ? flatten(v) : [v];
        this.step(list.length);
        const out: Decimal[] = [];
        for (const x of list) if (x !== null && x !== '') out.push(toNumber(x));
        return out;
      }
      case 'values': {
        const list = isArray(v) ? flatten(v) : [v];
        this.step(list.length);
        return list;
      }
      default:
        return v;
    }
  }
}

/** 53 random bits from `globalThis.crypto` (browsers and Node 19+), Math.random where it is missing. */
function cryptoRandom(): number {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (!c?.getRandomValues) return Math.random();
  const [hi, lo] = c.getRandomValues(new Uint32Array(2));
  return ((hi ?? 0) * 2 ** 21 + ((lo ?? 0) >>> 11)) / 2 ** 53;
}

function normalize(e: unknown): FormulaError {
  if (e instanceof FormulaError) return e;
  if (e instanceof RangeError) return new FormulaError('#LIMIT', 'Formula is too complex to evaluate');
  return new FormulaError('#VALUE!', e instanceof Error ? e.message : 'Evaluation failed');
}

/**
 * Evaluate formula text (parsed once and cached) or an AST against a record. Never throws.
 * Number results come back as JS numbers in `value` and exactly in `exact`.
 */
export function evaluate(textOrAst: string | AstNode, context: FormulaContext = {}): EvaluateResult {
  try {
    const ast = typeof textOrAst === 'string' ? parseCached(textOrAst) : textOrAst;
    if (ast instanceof FormulaError) throw ast;
    const run = new Evaluation(context);
    const value = run.eval(ast);
    const result: EvaluateResult = { value: toResult(value, run.timeZone), type: typeOfValue(value) };
    if (isDecimal(value)) result.exact = formatDecimal(value);
    return result;
  } catch (e) {
    const err = normalize(e);
    return { value: null, type: 'null', error: { code: err.code, message: err.message } };
  }
}

/** Evaluate to the internal value (used by the function tests and by MAPX-style callers). */
export function evaluateValue(
  textOrAst: string | AstNode,
  context: FormulaContext = {},
): Value | FormulaError {
  try {
    const ast = typeof textOrAst === 'string' ? parseCached(textOrAst) : textOrAst;
    if (ast instanceof FormulaError) return ast;
    return new Evaluation(context).eval(ast);
  } catch (e) {
    return normalize(e);
  }
}
