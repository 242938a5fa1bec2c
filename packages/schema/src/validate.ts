import type {
  AggregateQuery,
  AppDefinition,
  Filter,
  FormDefinition,
  PrintTemplate,
  SortKey,
  ViewConfig,
} from './generated/definitions.js';
import {
  validateAggregateQuery,
  validateApp,
  validateFilter,
  validatePrintTemplate,
  validateSortKey,
  validateViewConfig,
  type CompiledValidator,
} from './generated/validators.js';
import type { ValidationResult } from './errors.js';
import { issuesFromAjv } from './ajv-issues.js';
import { checkAppSemantics } from './semantic.js';
import { checkPrintTemplate } from './print-semantic.js';
import type { DirectoryContext } from './permission-semantic.js';
import { upgradeDefinition } from './upgrade.js';

/** Deepest nesting any definition needs; deeper input is refused before any recursive walk. */
export const MAX_DEPTH = 64;

/** Nesting depth of a JSON value, measured iteratively (a hostile value cannot overflow the stack). */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function check<T>(validator: CompiledValidator, value: unknown, basePath = ''): ValidationResult<T> {
  if (depthExceeds(value, MAX_DEPTH)) {
    return {
      ok: false,
      issues: [{ path: basePath, code: 'too_deep', message: `is nested more than ${MAX_DEPTH} levels deep` }],
    };
  }
  if (validator(value)) return { ok: true, value: value as T };
  return { ok: false, issues: issuesFromAjv(validator.errors, basePath) };
}

/**
 * Validates an app definition completely: upgrades it to the current format, checks it against
 * the JSON Schema, then checks references between its parts (and, with `options.directory`, the
 * org users, departments and roles its permissions name). Returns the upgraded definition.
 */
export function validateAppDefinition(
  raw: unknown,
  options: { directory?: DirectoryContext } = {},
): ValidationResult<AppDefinition> {
  if (depthExceeds(raw, MAX_DEPTH)) {
    return {
      ok: false,
      issues: [{ path: '', code: 'too_deep', message: `is nested more than ${MAX_DEPTH} levels deep` }],
    };
  }
  const upgraded = upgradeDefinition(raw);
  if (!upgraded.ok) return upgraded;
  const structural = check<AppDefinition>(validateApp, upgraded.definition);
  if (!structural.ok) return structural;
  const issues = checkAppSemantics(structural.value, options.directory);
  return issues.length ? { ok: false, issues } : structural;
}

/** Validates the shape of a filter AST (field existence is checked against a form elsewhere). */
export const parseFilter = (raw: unknown, basePath = ''): ValidationResult<Filter> =>
  check(validateFilter, raw, basePath);

/** Validates one sort key. */
export const parseSortKey = (raw: unknown, basePath = ''): ValidationResult<SortKey> =>
  check(validateSortKey, raw, basePath);

/** Validates the shape of an aggregate query. */
export const parseAggregateQuery = (raw: unknown, basePath = ''): ValidationResult<AggregateQuery> =>
  check(validateAggregateQuery, raw, basePath);

/** Validates the shape of a saved view's config (view.schema.json); fields are checked by checkViewSettings. */
export const parseViewConfig = (raw: unknown, basePath = ''): ValidationResult<ViewConfig> =>
  check(validateViewConfig, raw, basePath);

/**
 * A print template of `form` sent with a request (the studio's preview of an unsaved template):
 * the JSON Schema, then its references to the form's fields; issue paths start at `basePath`.
 */
export function parsePrintTemplate(
  form: FormDefinition,
  raw: unknown,
  basePath = '',
): ValidationResult<PrintTemplate> {
  const shape = check<PrintTemplate>(validatePrintTemplate, raw, basePath);
  if (!shape.ok) return shape;
  const issues = checkPrintTemplate(form, shape.value, basePath);
  return issues.length ? { ok: false, issues } : shape;
}
