import type { FieldDefinition, FormDefinition, ValidationIssue } from '@tangram/schema';
import { fill, type FormTexts } from '../form-texts';

/** The field (or subform column) an error key names: `f`, or `sub/row/col`. */
export function fieldOfErrorKey(form: FormDefinition, key: string): FieldDefinition | undefined {
  const [fieldId, , col] = key.split('/');
  const field = form.fields.find((f) => f.id === fieldId);
  if (col && field?.type === 'subform') return field.config.fields.find((f) => f.id === col);
  return field;
}

type Numeric = Extract<FieldDefinition, { type: 'number' | 'money' | 'percent' }>;
const isNumeric = (f: FieldDefinition | undefined): f is Numeric =>
  f?.type === 'number' || f?.type === 'money' || f?.type === 'percent';

/** A bound as the user typed it: percent fields store fractions but take percentages. */
const bound = (field: Numeric, v: number) =>
  field.type === 'percent' ? `${Number((v * 100).toFixed(6))}%` : String(v);

/**
 * Number problems (codes of the fields registry's number check) in the UI language, naming the
 * field and what is wrong; undefined for other issues (the registry's message is kept).
 */
export function numberIssueMessage(
  form: FormDefinition,
  key: string,
  issue: ValidationIssue,
  value: unknown,
  texts: FormTexts,
  label: (field: FieldDefinition) => string,
): string | undefined {
  const field = fieldOfErrorKey(form, key);
  if (!isNumeric(field)) return undefined;
  const name = label(field);
  const c = field.config ?? {};
  switch (issue.code) {
    case 'not_a_number':
      return fill(texts.notANumber, { field: name, text: String(value ?? '') });
    case 'below_min':
      return c.min === undefined
        ? undefined
        : fill(texts.belowMin, { field: name, min: bound(field, c.min) });
    case 'above_max':
      return c.max === undefined
        ? undefined
        : fill(texts.aboveMax, { field: name, max: bound(field, c.max) });
    case 'too_many_decimals':
      return fill(texts.tooManyDecimals, {
        field: name,
        n: c.precision ?? (field.type === 'number' ? 10 : 2),
      });
    case 'too_large':
      return fill(texts.tooLargeNumber, { field: name });
    default:
      return undefined;
  }
}

/** The value an error key points at in form values (a subform cell or a top-level field). */
export function valueOfErrorKey(values: Record<string, unknown>, key: string): unknown {
  const [fieldId, row, col] = key.split('/');
  const value = values[fieldId!];
  if (row === undefined || col === undefined || !Array.isArray(value)) return value;
  const cells = value[Number(row)] as Record<string, unknown> | undefined;
  return cells?.[col];
}
