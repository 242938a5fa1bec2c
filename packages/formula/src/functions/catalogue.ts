/**
 * The function catalogue: every function declared once, with its metadata. Arity checks, coercion,
 * type checking, completion and function help all read this table.
 */
import { dateFunctions } from './date';
import { infoFunctions } from './info';
import { logicFunctions } from './logic';
import { mathFunctions } from './math';
import { otherFunctions } from './other';
import { statisticsFunctions } from './statistics';
import { textFunctions } from './text';
import type { FunctionDecl } from './types';

/** All functions, grouped by category (math, text, logic, date, other). */
export const functions: readonly FunctionDecl[] = Object.freeze([
  ...mathFunctions,
  ...statisticsFunctions,
  ...textFunctions,
  ...logicFunctions,
  ...infoFunctions,
  ...dateFunctions,
  ...otherFunctions,
]);

/** Lookup by upper-case name. A Map, so `constructor` or `__proto__` are simply unknown. */
export const functionMap: ReadonlyMap<string, FunctionDecl> = new Map(functions.map((f) => [f.name, f]));
