import type { ValidateFunction } from 'ajv/dist/2020.js';
import { checkRecordData, DEFAULT_COUNTRY, fieldRegistry } from '@tangram/fields';
import { matches, type QueryContext } from '@tangram/query';
import {
  issuesFromAjv,
  pointer,
  type AjvError,
  type FieldDefinition,
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
  country: string = DEFAULT_COUNTRY,
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
  const checked = checkRecordData(ctx.form, values, fieldRegistry, mode, basePath, {
    hidden,
    context: { country },
  });
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

/**
 * Prefixes schema messages with the field's label, so "must be number" says which field, and words
 * them in Chinese too (the error handler answers the language the request prefers).
 */
function labelIssues(ctx: FormContext, issues: ValidationIssue[], basePath: string): ValidationIssue[] {
  const fields = new Map(ctx.form.fields.map((f) => [pointer(basePath, f.id), f]));
  // A value may also be empty (null): that branch's "must be null" only repeats that the value is
  // wrong, next to the issue that says how.
  const explained = new Set(issues.filter((i) => !isNullBranch(i)).map((i) => i.path));
  return issues
    .filter((issue) => !(isNullBranch(issue) && explained.has(issue.path)))
    .map((issue) => {
      const fieldPath = [...fields.keys()].find((p) => issue.path === p || issue.path.startsWith(`${p}/`));
      const field = fieldPath ? fields.get(fieldPath) : undefined;
      if (!field) return issue;
      const enLabel = field.label.en ?? field.label['zh-CN'] ?? field.id;
      // A missing value reads as the registry's "Title is required", not "Title: title is required".
      const own = issue.path === fieldPath ? SHAPES[field.type] : undefined;
      const en =
        issue.code === 'required' && issue.path === fieldPath
          ? `${enLabel} is required`
          : issue.code === 'pattern' && own
            ? `${enLabel} ${own.en}`
            : `${enLabel}: ${issue.message}`;
      const zhLabel = field.label['zh-CN'] ?? field.label.en ?? field.id;
      const zh = schemaIssueZh(issue, field);
      return {
        ...issue,
        message: en,
        localized: { en, 'zh-CN': zh ? `${zhLabel}${zh}` : `${zhLabel}：${issue.message}` },
      };
    });
}

/** The shapes of typed text fields, worded instead of their regular expressions. */
const SHAPES: Partial<Record<FieldDefinition['type'], { en: string; zh: string }>> = {
  phone: {
    en: 'is not a phone number (only digits, spaces, +, brackets, dots and dashes)',
    zh: '不是电话号码（只能包含数字、空格、+、括号、点和短横线）',
  },
  email: { en: 'is not an email address', zh: '不是有效的邮箱地址' },
  url: {
    en: 'is not a web address (starting with http:// or https://)',
    zh: '不是有效的网址（以 http:// 或 https:// 开头）',
  },
};

const isNullBranch = (issue: ValidationIssue) => issue.code === 'type' && issue.message === 'must be null';

/** Chinese wording of the JSON Schema problems a record value can have; null keeps the English. */
function schemaIssueZh(issue: ValidationIssue, field: FieldDefinition): string | null {
  const limit = /\d+/.exec(issue.message)?.[0];
  const numeric = fieldRegistry.of(field).formulaType(field as never) === 'number';
  switch (issue.code) {
    case 'required':
      return '为必填项';
    case 'type':
      return numeric ? '必须是数字' : '的值类型不正确';
    case 'pattern':
      return SHAPES[field.type]?.zh ?? '的格式不正确';
    case 'maxLength':
      return limit ? `最多 ${limit} 个字符` : null;
    case 'minLength':
      return limit ? `至少 ${limit} 个字符` : null;
    case 'maxItems':
      return limit ? `最多 ${limit} 项` : null;
    case 'minItems':
      return limit ? `至少 ${limit} 项` : null;
    case 'enum':
    case 'const':
      return '不是可选的选项';
    default:
      return null;
  }
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
