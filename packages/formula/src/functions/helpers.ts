/** Small helpers shared by the function modules. */
import { Decimal } from '../decimal';
import { FormulaError } from '../types';
import type { DateTimeValue, DateValue, Value } from '../types';
import type { Args, FunctionDecl } from './types';

export const num = (a: Args, i: number): Decimal => a[i] as Decimal;
export const optNum = (a: Args, i: number): Decimal | undefined => a[i] as Decimal | undefined;
export const txt = (a: Args, i: number): string => a[i] as string;
export const bool = (a: Args, i: number): boolean => a[i] as boolean;
export const date = (a: Args, i: number): DateValue | DateTimeValue => a[i] as DateValue | DateTimeValue;
export const optDate = (a: Args, i: number): DateValue | DateTimeValue | null | undefined =>
  a[i] as DateValue | DateTimeValue | null | undefined;
export const nums = (a: Args, i: number): Decimal[] => a[i] as Decimal[];
export const list = (a: Args, i: number): Value[] => (a[i] as Value[] | undefined) ?? [];
export const val = (a: Args, i: number): Value => a[i] as Value;
/** All repeated list arguments from `from` on, concatenated. */
export function rest<T>(a: Args, from = 0): T[] {
  const out: T[] = [];
  for (let i = from; i < a.length; i++) out.push(...(a[i] as T[]));
  return out;
}

/** An integer argument within bounds (truncated toward zero, like Excel). */
export function int(d: Decimal, name: string, min: number, max: number): number {
  const n = d.trunc().toNumber();
  if (!(n >= min && n <= max)) throw new FormulaError('#VALUE!', `${name} must be between ${min} and ${max}`);
  return n;
}

export const fail = (code: FormulaError['code'], message: string): never => {
  throw new FormulaError(code, message);
};

export const d = (n: number | string): Decimal => new Decimal(n);

/** Declare a function (keeps the literal tables compact and typed). */
export const define = (decl: FunctionDecl): FunctionDecl => decl;
