/**
 * Shared types of the formula language: AST nodes, static types, runtime values and errors.
 * Field value types come from `@tangram/fields` (one definition for every layer).
 */
import type { FormulaScalarType, FormulaValueType } from '@tangram/fields';
import type { Decimal } from './decimal';
import type { MessageKey, MessageParams } from './messages';

export type { FormulaScalarType, FormulaValueType };

/** Static type of an expression: a field type, or `null` for an expression that is always empty. */
export type FormulaType = FormulaValueType | 'null';

// ---------------------------------------------------------------------------------------------
// AST

export interface Span {
  /** Offset of the first character (UTF-16 code units) in the formula text. */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';
export type UnaryOp = '-' | '+';

export type AstNode =
  | ({ kind: 'number'; value: string } & Span)
  | ({ kind: 'string'; value: string } & Span)
  | ({ kind: 'boolean'; value: boolean } & Span)
  | ({ kind: 'field'; id: string; column?: string } & Span)
  | ({ kind: 'call'; name: string; args: AstNode[] } & Span)
  | ({ kind: 'unary'; op: UnaryOp; operand: AstNode } & Span)
  | ({ kind: 'binary'; op: BinaryOp; left: AstNode; right: AstNode } & Span);

/** A problem found while parsing or checking, with the span of the offending text. */
export interface Diagnostic {
  message: string;
  start: number;
  end: number;
  /** Error code (`#NAME?`, `#VALUE!`, `#REF!`, `#SYNTAX`, `#LIMIT`). */
  code?: ErrorCode;
  /** The message's key and parameters in `messages.ts`, to show it in the user's language. */
  key?: MessageKey;
  params?: MessageParams;
}

// ---------------------------------------------------------------------------------------------
// Errors

export type ErrorCode =
  | '#VALUE!'
  | '#DIV/0!'
  | '#NAME?'
  | '#NUM!'
  | '#REF!'
  | '#N/A'
  | '#TIMEOUT'
  | '#CYCLE'
  | '#LIMIT'
  | '#SYNTAX';

export interface FormulaErrorValue {
  code: ErrorCode;
  message: string;
}

/**
 * Internal signal for an error value. The evaluator throws it to unwind quickly and converts it to
 * a `{ value: null, error }` result at the boundary; it never escapes `evaluate`.
 */
export class FormulaError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Runtime values (internal representation)

/** A calendar day, independent of time zones: days since 1970-01-01. */
export interface DateValue {
  readonly kind: 'date';
  readonly day: number;
}
/** An instant: milliseconds since the epoch (UTC). Calendar fields use `context.timeZone`. */
export interface DateTimeValue {
  readonly kind: 'datetime';
  readonly ms: number;
}
export interface MemberValue {
  readonly kind: 'member';
  readonly id: string;
}
export interface DepartmentValue {
  readonly kind: 'department';
  readonly id: string;
}

export type ScalarValue =
  null | Decimal | string | boolean | DateValue | DateTimeValue | MemberValue | DepartmentValue;
export type Value = ScalarValue | readonly Value[];

// ---------------------------------------------------------------------------------------------
// Evaluation context and results

export interface FormulaUser {
  id: string;
  name: string;
  departments: string[];
}

export interface FormulaResolvers {
  /** Name of a member id (TEXTUSER). */
  userName?(id: string): string | null | undefined;
  /** Name of a department id (TEXTDEPT). */
  deptName?(id: string): string | null | undefined;
  /**
   * MAPX lookup, synchronous: find the records of `form` whose `matchField` equals `matchValue` and
   * return the value of `returnField` of the first one (or an array of all, as the caller decides).
   */
  mapx?(request: MapxRequest): unknown;
}

export interface MapxRequest {
  /** Operation (first argument of MAPX): e.g. "GET", "SUM", "COUNT". */
  op: string;
  matchValue: unknown;
  /** Field reference of the target form to match, as written (`{form.field}` → form, field). */
  matchField: { id: string; column?: string };
  returnField: { id: string; column?: string };
}

/** Raw field values as stored in records (JSON shape), plus what `evaluate` needs around them. */
export interface FormulaContext {
  /** Field values by field id; subforms are arrays of row objects keyed by column id. */
  values?: Record<string, unknown>;
  /** Field types by id (and `sub.col`); when given, raw values are converted with them. */
  fieldTypes?: Record<string, FormulaValueType>;
  /** The current instant (NOW / TODAY). Defaults to the machine clock. */
  now?: Date;
  /** The organisation's IANA time zone. Defaults to UTC. */
  timeZone?: string;
  user?: FormulaUser;
  recordNumber?: number;
  resolvers?: FormulaResolvers;
  /** Override the evaluation step limit (default 1,000,000). */
  maxSteps?: number;
  /**
   * Uniform random numbers in [0, 1) for RAND, RANDBETWEEN and UUID. Defaults to
   * `globalThis.crypto`; tests and function examples pass a fixed source to be reproducible.
   */
  random?: () => number;
}

/** JSON-shaped result value: numbers, strings, booleans, ISO dates, member ids, arrays, null. */
export type ResultValue = null | number | string | boolean | ResultValue[];

export interface EvaluateResult {
  value: ResultValue;
  /** Static type of the result value as computed (`null` when empty). */
  type: FormulaType;
  /** For number results: the exact decimal text (`value` is the nearest JS number). */
  exact?: string;
  error?: FormulaErrorValue;
}
