import type { FieldDefinition, FormDefinition, ValidationIssue } from '@tangram/schema';
import { pointer } from '@tangram/schema';
import { DEFAULT_CHECK_CONTEXT, type CheckContext } from './phone.js';
import type { FieldRegistry } from './registry.js';

/** Empty as users mean it: nothing, blank text, no items. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * An issue with its message in both UI languages: the server answers the one the request's
 * Accept-Language prefers, the runtime shows the one of its UI. `message` is the English one.
 */
export interface RecordIssue extends ValidationIssue {
  localized: { en: string; 'zh-CN': string };
}

export interface CheckedRecord {
  /** Writable values, normalized. */
  data: Record<string, unknown>;
  issues: RecordIssue[];
}

/** Options of a record check beyond the values. */
export interface RecordCheckOptions {
  /** Fields hidden by visibility rules for these values: they are not asked for. */
  hidden?: ReadonlySet<string>;
  /** What the organisation decides (its country for phone numbers); China by default. */
  context?: CheckContext;
}

/**
 * The checks JSON Schema cannot express, run after it: required values are not empty, per-type
 * rules (decimal places, ranges, calendar days, patterns), then normalization. A value sent for a
 * computed field (formula, lookup, serial) is refused (`read_only`), even null: the server computes
 * it, and silently dropping it would hide a client bug. `data` must already have passed the record
 * schema.
 */
export function checkRecordData(
  form: FormDefinition,
  data: Record<string, unknown>,
  registry: FieldRegistry,
  mode: 'create' | 'update',
  basePath = '/data',
  options: RecordCheckOptions = {},
): CheckedRecord {
  const ctx = options.context ?? DEFAULT_CHECK_CONTEXT;
  return checkFields(form.fields, data, registry, mode, basePath, ctx, options.hidden ?? new Set());
}

function checkFields(
  fields: readonly FieldDefinition[],
  data: Record<string, unknown>,
  registry: FieldRegistry,
  mode: 'create' | 'update',
  basePath: string,
  ctx: CheckContext,
  hidden: ReadonlySet<string> = new Set(),
): CheckedRecord {
  const issues: RecordIssue[] = [];
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (typeof data.id === 'string') out.id = data.id;
  for (const field of fields) {
    const spec = registry.of(field);
    const present = Object.prototype.hasOwnProperty.call(data, field.id);
    // The JSON pointer is built only for a problem (`pointer` at each issue, not a closure per
    // field: most values of a big batch have none, and the server's loader names every closure).
    if (spec.computed && present) {
      issues.push(
        issue(
          pointer(basePath, field.id),
          'read_only',
          field,
          'is computed by the server and cannot be set',
          '由系统计算，不能填写',
        ),
      );
    }
    if (!spec.writable) continue;
    const value = present ? data[field.id] : undefined;
    if (isEmptyValue(value)) {
      // A field the user cannot see (hidden, or shown only by a rule that does not hold) is not asked for.
      if (field.required && !field.hidden && !hidden.has(field.id) && (mode === 'create' || present)) {
        issues.push(issue(pointer(basePath, field.id), 'required', field, 'is required', '为必填项'));
      }
      if (present) out[field.id] = null;
      continue;
    }
    const problem = spec.check(value as never, field as never, ctx);
    if (problem) {
      const { code, message, zh } =
        typeof problem === 'string' ? { code: 'invalid', message: problem, zh: undefined } : problem;
      issues.push(issue(pointer(basePath, field.id), code, field, message, zh));
      continue;
    }
    if (field.type === 'subform' && Array.isArray(value)) {
      const rowsPath = pointer(basePath, field.id);
      out[field.id] = value.map((row, i) => {
        const checked = checkFields(
          field.config.fields,
          row as Record<string, unknown>,
          registry,
          'create',
          pointer(rowsPath, i),
          ctx,
        );
        issues.push(...checked.issues);
        return checked.data;
      });
      continue;
    }
    out[field.id] = spec.normalize(value as never, field as never);
  }
  return { data: { ...out }, issues };
}

const labelOf = (field: FieldDefinition) => field.label.en ?? field.label['zh-CN'] ?? field.id;
const zhLabelOf = (field: FieldDefinition) => field.label['zh-CN'] ?? field.label.en ?? field.id;

/**
 * One issue naming the field in each language. Without a Chinese message the English one is used
 * after the Chinese label, so a check that has no translation yet still names the field.
 */
function issue(path: string, code: string, field: FieldDefinition, en: string, zh?: string): RecordIssue {
  const message = `${labelOf(field)} ${en}`;
  return {
    path,
    code,
    message,
    localized: { en: message, 'zh-CN': zh ? `${zhLabelOf(field)}${zh}` : `${zhLabelOf(field)}：${en}` },
  };
}
