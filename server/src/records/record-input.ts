import type { ValidateFunction } from 'ajv/dist/2020.js';
import { checkRecordData, fieldRegistry } from '@tangram/fields';
import { matches, type QueryContext } from '@tangram/query';
import {
  issuesFromAjv,
  pointer,
  type AjvError,
  type FormDefinition,
  type ValidationIssue,
} from '@tangram/schema';
import type { FormContext } from '../apps/app-cache';
import { newId } from '../db/ids';
import { sanitizeRichText } from './rich-text';

export interface CheckedInput {
  data: Record<string, unknown>;
  issues: ValidationIssue[];
}

/**
 * Validates one record's `data` against the form's record schema (types, unknown fields, options),
 * then the registry's own checks (required, decimals, ranges, calendar days), and normalizes it.
 * Issues carry JSON paths under `basePath` (e.g. `/data/f_amount` or `/items/3/data/f_amount`).
 */
export function checkInput(
  ctx: FormContext,
  data: unknown,
  mode: 'create' | 'update',
  basePath: string,
  queryContext: QueryContext,
): CheckedInput {
  const validate: ValidateFunction = mode === 'create' ? ctx.validateCreate : ctx.validateUpdate;
  if (!validate(data)) {
    return {
      data: {},
      issues: labelIssues(ctx, issuesFromAjv(validate.errors as AjvError[], basePath), basePath),
    };
  }
  const values = data as Record<string, unknown>;
  const hidden = ruleHiddenFields(ctx.form, values, queryContext);
  const checked = checkRecordData(ctx.form, values, fieldRegistry, mode, basePath, hidden);
  sanitizeRichText(ctx.form.fields, checked.data);
  return { data: checked.data, issues: checked.issues };
}

/**
 * Fields that visibility rules hide for these values: a field listed in rules' `show` is visible
 * only while one of those rules holds. The runtime applies the same rules live.
 */
export function ruleHiddenFields(
  form: FormDefinition,
  data: Record<string, unknown>,
  queryContext: QueryContext,
): Set<string> {
  const shown = new Map<string, boolean>();
  for (const rule of form.rules?.visibility ?? []) {
    const holds = matches(rule.when, data, form, queryContext);
    for (const id of rule.show) shown.set(id, (shown.get(id) ?? false) || holds);
  }
  return new Set([...shown].filter(([, visible]) => !visible).map(([id]) => id));
}

/** Prefixes schema messages with the field's label, so "must be number" says which field. */
function labelIssues(ctx: FormContext, issues: ValidationIssue[], basePath: string): ValidationIssue[] {
  const labels = new Map(
    ctx.form.fields.map((f) => [pointer(basePath, f.id), f.label.en ?? f.label['zh-CN'] ?? f.id]),
  );
  return issues.map((issue) => {
    const fieldPath = [...labels.keys()].find((p) => issue.path === p || issue.path.startsWith(`${p}/`));
    return fieldPath ? { ...issue, message: `${labels.get(fieldPath)}: ${issue.message}` } : issue;
  });
}

/**
 * Gives new subform rows server ids. On create no row may carry an id; on update an id must be one
 * of the record's own rows (a row of another record is refused, never moved).
 */
export function assignRowIds(
  ctx: FormContext,
  data: Record<string, unknown>,
  existingRowIds: ReadonlyMap<string, ReadonlySet<string>>,
  basePath: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of ctx.form.fields) {
    if (field.type !== 'subform' || !Array.isArray(data[field.id])) continue;
    const own = existingRowIds.get(field.id) ?? new Set<string>();
    data[field.id] = (data[field.id] as Record<string, unknown>[]).map((row, i) => {
      if (typeof row.id === 'string') {
        if (!own.has(row.id)) {
          issues.push({
            path: pointer(basePath, field.id, i, 'id'),
            code: 'unknown_row',
            message: `row id "${row.id}" is not a row of this record`,
          });
        }
        return row;
      }
      return { ...row, id: newId() };
    });
  }
  return issues;
}
