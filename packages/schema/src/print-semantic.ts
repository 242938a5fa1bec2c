import type { FieldDefinition, FormDefinition, PrintTemplate } from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';

/** Field types with no value to print: layout only. */
const NO_VALUE = new Set<FieldDefinition['type']>(['description', 'divider']);

/**
 * Checks the print templates of a form (decision 0045): unique template ids, rows name top-level
 * fields that hold a value (a subform goes in a subform block, which names a subform and columns
 * among its sub-fields). `at` is the form's JSON pointer.
 */
export function checkPrintTemplates(form: FormDefinition, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  (form.printTemplates ?? []).forEach((template, t) => {
    const tAt = pointer(at, 'printTemplates', t);
    if (ids.has(template.id))
      issues.push({
        path: pointer(tAt, 'id'),
        code: 'duplicate_id',
        message: `print template id "${template.id}" is used twice`,
      });
    ids.add(template.id);
    issues.push(...checkPrintTemplate(form, template, tAt));
  });
  return issues;
}

/** Checks one template's references to the fields of `form`; `at` is the template's pointer. */
export function checkPrintTemplate(
  form: FormDefinition,
  template: PrintTemplate,
  at: string,
): ValidationIssue[] {
  const fields = new Map(form.fields.map((f) => [f.id, f]));
  const issues: ValidationIssue[] = [];
  template.body.forEach((block, b) => {
    const bAt = pointer(at, 'body', b);
    if (block.kind === 'fields') {
      block.fields.forEach((id, i) => {
        const path = pointer(bAt, 'fields', i);
        const field = fields.get(id);
        if (!field)
          issues.push({ path, code: 'unknown_field', message: `print template names unknown field "${id}"` });
        else if (field.type === 'subform')
          issues.push({
            path,
            code: 'subform_in_row',
            message: `subform "${id}" is printed as a table: use a subform block`,
          });
        else if (NO_VALUE.has(field.type))
          issues.push({ path, code: 'no_value', message: `a ${field.type} field has no value to print` });
      });
    }
    if (block.kind === 'subform') {
      const field = fields.get(block.field);
      if (!field || field.type !== 'subform') {
        issues.push({
          path: pointer(bAt, 'field'),
          code: field ? 'not_a_subform' : 'unknown_field',
          message: field
            ? `field "${block.field}" is not a subform`
            : `print template names unknown field "${block.field}"`,
        });
        return;
      }
      const subIds = new Set(field.config.fields.map((f) => f.id));
      (block.columns ?? []).forEach((id, i) => {
        if (!subIds.has(id))
          issues.push({
            path: pointer(bAt, 'columns', i),
            code: 'unknown_field',
            message: `subform "${block.field}" has no field "${id}"`,
          });
      });
    }
  });
  return issues;
}
