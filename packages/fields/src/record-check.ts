import type { FieldDefinition, FormDefinition, ValidationIssue } from '@tangram/schema';
import { pointer } from '@tangram/schema';
import type { FieldRegistry } from './registry.js';

/** Empty as users mean it: nothing, blank text, no items. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export interface CheckedRecord {
  /** Writable values, normalized. */
  data: Record<string, unknown>;
  issues: ValidationIssue[];
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
  hidden: ReadonlySet<string> = new Set(),
): CheckedRecord {
  return checkFields(form.fields, data, registry, mode, basePath, hidden);
}

function checkFields(
  fields: readonly FieldDefinition[],
  data: Record<string, unknown>,
  registry: FieldRegistry,
  mode: 'create' | 'update',
  basePath: string,
  hidden: ReadonlySet<string> = new Set(),
): CheckedRecord {
  const issues: ValidationIssue[] = [];
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (typeof data.id === 'string') out.id = data.id;
  for (const field of fields) {
    const spec = registry.of(field);
    const present = Object.prototype.hasOwnProperty.call(data, field.id);
    const path = pointer(basePath, field.id);
    if (spec.computed && present) {
      issues.push({
        path,
        code: 'read_only',
        message: `${labelOf(field)} is computed by the server and cannot be set`,
      });
    }
    if (!spec.writable) continue;
    const value = present ? data[field.id] : undefined;
    if (isEmptyValue(value)) {
      // A field the user cannot see (hidden, or shown only by a rule that does not hold) is not asked for.
      if (field.required && !field.hidden && !hidden.has(field.id) && (mode === 'create' || present)) {
        issues.push({ path, code: 'required', message: `${labelOf(field)} is required` });
      }
      if (present) out[field.id] = null;
      continue;
    }
    const problem = spec.check(value as never, field as never);
    if (problem) {
      const { code, message } = typeof problem === 'string' ? { code: 'invalid', message: problem } : problem;
      issues.push({ path, code, message: `${labelOf(field)} ${message}` });
      continue;
    }
    if (field.type === 'subform' && Array.isArray(value)) {
      out[field.id] = value.map((row, i) => {
        const checked = checkFields(
          field.config.fields,
          row as Record<string, unknown>,
          registry,
          'create',
          pointer(path, i),
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
