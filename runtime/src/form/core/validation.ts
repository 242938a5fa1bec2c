import { checkRecordData, fieldRegistry, type CheckContext, type RecordIssue } from '@tangram/fields';
import type { FieldDefinition, FormDefinition } from '@tangram/schema';
import type { FormModel } from './form-model';

/** Errors keyed by field path: `f_name`, or `sub/0/col` for a subform cell. */
export type FieldErrors = Record<string, string>;

/** `/data/a` -> `a`, `/data/sub/2/col` -> `sub/2/col`; null for paths outside `/data`. */
export function errorKey(pointer: string): string | null {
  if (!pointer.startsWith('/data/')) return null;
  const parts = pointer
    .slice('/data/'.length)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  // An item of a multi-value field (`/data/members/1`) belongs to the field itself.
  if (parts.length === 2) return parts[0]!;
  return parts.slice(0, 3).join('/');
}

/** The top-level field an error key belongs to. */
export const fieldOfKey = (key: string): string => key.split('/')[0]!;

/**
 * The values the client would send: writable, visible fields only. Subform rows keep their id and
 * writable columns: row formulas are computed by the server, which refuses a value sent for one.
 */
export function submitData(
  model: FormModel,
  values: Record<string, unknown>,
  hidden: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of model.fields) {
    if (!fieldRegistry.of(field).writable || hidden.has(field.id) || field.readOnly) continue;
    if (!(field.id in values)) continue;
    const value = values[field.id];
    out[field.id] =
      value === undefined ? null : field.type === 'subform' ? writableRows(field, value) : value;
  }
  return out;
}

function writableRows(field: Extract<FieldDefinition, { type: 'subform' }>, rows: unknown): unknown {
  if (!Array.isArray(rows)) return rows;
  const columns = field.config.fields.filter((c) => fieldRegistry.of(c).writable).map((c) => c.id);
  return rows.map((row: unknown) => {
    if (typeof row !== 'object' || row === null) return row;
    const source = row as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const key of ['id', ...columns]) if (key in source) kept[key] = source[key];
    return kept;
  });
}

/** Words an issue in the UI language; undefined keeps the registry's (English) message. */
export type IssueMessage = (
  key: string,
  issue: RecordIssue,
  values: Record<string, unknown>,
) => string | undefined;

/** What a client-side check needs beyond the values. */
export interface ValidateOptions {
  /** The organisation's country, for phone numbers. */
  context?: CheckContext;
  /**
   * Issue codes left out: checks of a whole value (a phone number's format) are not shown while
   * the user is still typing it, only when the form is submitted.
   */
  skipCodes?: ReadonlySet<string>;
}

/** Codes of checks that only make sense on a finished value. */
export const FINISHED_VALUE_CODES: ReadonlySet<string> = new Set(['phone_format']);

/**
 * Client-side validation with the same registry checks as the server (required, per-type rules),
 * for the visible writable fields. Messages are in the registry's words (English) unless
 * `requiredMessage` / `issueMessage` word them in the UI language.
 */
export function validateValues(
  model: FormModel,
  values: Record<string, unknown>,
  hidden: ReadonlySet<string>,
  mode: 'create' | 'update',
  requiredMessage: (fieldId: string) => string,
  issueMessage?: IssueMessage,
  options: ValidateOptions = {},
): FieldErrors {
  const visibleFields = model.fields.filter((f) => !hidden.has(f.id) && !f.readOnly);
  const form: FormDefinition = { ...model.form, fields: visibleFields };
  const data = submitData(model, values, hidden);
  const { issues } = checkRecordData(
    form,
    data,
    fieldRegistry,
    mode,
    '/data',
    options.context ? { context: options.context } : {},
  );
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = errorKey(issue.path);
    if (!key || errors[key] || options.skipCodes?.has(issue.code)) continue;
    errors[key] =
      issue.code === 'required'
        ? requiredMessage(key)
        : (issueMessage?.(key, issue, values) ?? issue.message);
  }
  return errors;
}
