/**
 * The shape of one function declaration. One table of these (see `catalogue.ts`) drives arity
 * checks, argument coercion, type checking, editor completion and the function help.
 */
import type { AstNode, FormulaResolvers, FormulaType, FormulaUser, Value } from '../types';

export type FunctionCategory = 'math' | 'text' | 'logic' | 'date' | 'other';

/**
 * How an argument is checked and coerced before the implementation sees it:
 * - `number` -> Decimal (empty is 0, number text is converted), `text` -> string (empty is ""),
 *   `boolean` -> boolean (empty is FALSE), `date` -> date/datetime or null (text is parsed),
 *   `any` -> the value as it is, `array` -> a flat list (a single value becomes a list of one),
 * - `numbers` -> a flat list of Decimals, empties skipped (SUM, AVERAGE...),
 * - `values` -> a flat list of values, arrays spread (COUNT, CONCATENATE, AND...),
 * - `member` / `department` -> the value as it is (checked statically),
 * - `fieldref` -> not evaluated: must be written as a field reference (MAPX's target fields).
 */
export type ParamType =
  | 'number'
  | 'text'
  | 'boolean'
  | 'date'
  | 'any'
  | 'array'
  | 'numbers'
  | 'values'
  | 'member'
  | 'department'
  | 'fieldref';

export interface ParamDecl {
  name: string;
  type: ParamType;
  optional?: boolean;
  /** Repeated parameters form a group that may occur one or more times (IFS: condition, value). */
  repeat?: boolean;
}

export interface I18nText {
  'zh-CN': string;
  en: string;
}

/** What a function implementation can see besides its arguments. */
export interface FunctionContext {
  readonly timeZone: string;
  /** The evaluation's "now" in ms since the epoch. */
  readonly now: number;
  readonly user: FormulaUser | undefined;
  readonly recordNumber: number | undefined;
  readonly resolvers: FormulaResolvers;
  /** A uniform random number in [0, 1) (the context's source, else `globalThis.crypto`). */
  random(): number;
  /** Charge `n` evaluation steps (for work proportional to data, e.g. list lengths). */
  step(n: number): void;
}

export type Args = readonly unknown[];

export interface FunctionDecl {
  name: string;
  category: FunctionCategory;
  params: readonly ParamDecl[];
  /** Static return type, or computed from the argument types. */
  returns: FormulaType | ((argTypes: readonly FormulaType[]) => FormulaType);
  /** True when the result can change without any field changing (NOW, TODAY, UUID). */
  volatile: boolean;
  description: I18nText;
  /** A call with its result, e.g. `ROUND(3.14159, 2)` -> `3.14`. */
  example: string;
  /** With a trailing odd argument after the repeated groups (SWITCH's default). */
  trailingDefault?: boolean;
  /** Eager implementation: receives coerced arguments (undefined for omitted optionals). */
  impl?: (args: Args, ctx: FunctionContext) => Value;
  /** Lazy implementation (IF, IFS, SWITCH, MAPX): evaluates argument nodes itself. */
  lazy?: (args: readonly AstNode[], evaluate: (node: AstNode) => Value, ctx: FunctionContext) => Value;
}

/** Arity of a declaration: minimum and maximum (Infinity with repeated groups). */
export function arity(decl: FunctionDecl): { min: number; max: number } {
  const required = decl.params.filter((p) => !p.optional).length;
  const repeats = decl.params.some((p) => p.repeat);
  return { min: required, max: repeats ? Infinity : decl.params.length };
}

/** The parameter an argument at position `index` binds to, given the call's argument count. */
export function paramAt(decl: FunctionDecl, index: number, argCount: number): ParamDecl | undefined {
  const params = decl.params;
  const first = params.findIndex((p) => p.repeat);
  if (first < 0 || index < first) return params[index];
  let last = first;
  while (last + 1 < params.length && params[last + 1]?.repeat) last++;
  const group = last - first + 1;
  const after = params.slice(last + 1);
  // Parameters after the repeated group bind to the trailing arguments.
  const trailingStart = argCount - after.length;
  if (after.length > 0 && index >= trailingStart && index >= first + group)
    return after[index - trailingStart];
  if (decl.trailingDefault && index === argCount - 1 && (argCount - first) % group !== 0) {
    return { name: 'default', type: 'any', optional: true };
  }
  return params[first + ((index - first) % group)];
}

/** Null when the argument count fits, else a message. */
export function arityError(decl: FunctionDecl, argCount: number): string | null {
  const { min, max } = arity(decl);
  if (argCount < min)
    return `${decl.name} needs at least ${min} argument${min === 1 ? '' : 's'}, got ${argCount}`;
  if (argCount > max)
    return `${decl.name} takes at most ${max} argument${max === 1 ? '' : 's'}, got ${argCount}`;
  const first = decl.params.findIndex((p) => p.repeat);
  if (first >= 0) {
    const group = decl.params.filter((p) => p.repeat).length;
    const trailing = decl.params.length - first - group;
    const extra = argCount - first - trailing;
    if (group > 1 && extra % group !== 0 && !(decl.trailingDefault && extra % group === 1)) {
      return `${decl.name} takes its arguments in groups of ${group} (${decl.params
        .filter((p) => p.repeat)
        .map((p) => p.name)
        .join(', ')})`;
    }
  }
  return null;
}
