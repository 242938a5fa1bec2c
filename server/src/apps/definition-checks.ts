import { fieldRegistry } from '@tangram/fields';
import { checkFilter } from '@tangram/query';
import {
  pointer,
  validateAppDefinition,
  walkFields,
  type AppDefinition,
  type ValidationIssue,
} from '@tangram/schema';
import { validationFailed } from '../http/app-error';
import { checkFormulas } from '../records/formula-fields';
import { checkDashboardQueries } from '../reports/dashboard-checks';

/**
 * Validates a submitted app definition end to end: format upgrade, JSON Schema, references,
 * then the checks that need the field registry (which types may be unique) and the formula
 * language (syntax, unknown fields, cycles). Throws 400 with every issue and its JSON path.
 */
export function checkAppDefinition(raw: unknown): AppDefinition {
  const result = validateAppDefinition(raw);
  if (!result.ok) throw validationFailed(result.issues, 'The app definition is invalid.');
  const issues: ValidationIssue[] = [];
  result.value.forms.forEach((form, i) => {
    const formPath = pointer('', 'forms', i);
    for (const { field, path, parent } of walkFields(form, formPath)) {
      if (field.unique && (parent || !fieldRegistry.of(field).uniqueAllowed)) {
        issues.push({
          path: pointer(path, 'unique'),
          code: 'unique_not_allowed',
          message: `a ${field.type} field${parent ? ' inside a subform' : ''} cannot be unique`,
        });
      }
    }
    issues.push(...checkFormulas(form, formPath));
    // A relation's choice filter runs against its target form (picker list and server check).
    form.fields.forEach((field, f) => {
      if (field.type !== 'relation' || !field.config.filter) return;
      if (field.config.app !== undefined && field.config.app !== result.value.id) return;
      const target = result.value.forms.find((t) => t.id === field.config.form);
      if (target)
        issues.push(
          ...checkFilter(field.config.filter, target, pointer(formPath, 'fields', f, 'config', 'filter')),
        );
    });
    // Rule conditions run on every write and live in the browser: they must be valid queries.
    (form.rules?.visibility ?? []).forEach((rule, r) => {
      issues.push(...checkFilter(rule.when, form, pointer(formPath, 'rules', 'visibility', r, 'when')));
    });
  });
  issues.push(...checkDashboardQueries(result.value));
  if (issues.length) throw validationFailed(issues, 'The app definition is invalid.');
  return result.value;
}
