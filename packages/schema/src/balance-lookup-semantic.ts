import type {
  AppDefinition,
  BalanceLookup,
  FieldDefinition,
  FormDefinition,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { aggregateKeyFits } from './aggregate-semantic.js';

/**
 * Checks a balance lookup (decision 0036): the aggregate table and measure exist, every key of the
 * aggregate is mapped exactly once, each mapped field exists where `from` says (the row the lookup
 * is in, or the parent record of a subform row) and fits the key: a single relation to the key's
 * form for a record key, a text-like field for a text key. `path` is the lookup's `config/balance`.
 */
export function checkBalanceLookup(
  app: Pick<AppDefinition, 'id' | 'aggregates'>,
  form: FormDefinition,
  balance: BalanceLookup,
  container: readonly FieldDefinition[],
  inSubform: boolean,
  path: string,
): ValidationIssue[] {
  const aggregate = (app.aggregates ?? []).find((a) => a.id === balance.aggregate);
  if (!aggregate)
    return [
      {
        path: pointer(path, 'aggregate'),
        code: 'unknown_aggregate',
        message: `no aggregate table "${balance.aggregate}" in this app`,
      },
    ];
  const issues: ValidationIssue[] = [];
  if (!aggregate.measures.some((m) => m.id === balance.measure))
    issues.push({
      path: pointer(path, 'measure'),
      code: 'unknown_measure',
      message: `aggregate table "${aggregate.id}" has no measure "${balance.measure}"`,
    });
  for (const keyId of Object.keys(balance.keys))
    if (!aggregate.keys.some((k) => k.id === keyId))
      issues.push({
        path: pointer(path, 'keys', keyId),
        code: 'unknown_key',
        message: `aggregate table "${aggregate.id}" has no key "${keyId}"`,
      });
  for (const key of aggregate.keys) {
    const ref = balance.keys[key.id];
    const at = pointer(path, 'keys', key.id);
    if (!ref) {
      issues.push({
        path: at,
        code: 'missing_key',
        message: `map aggregate key "${key.id}" to a field of this form`,
      });
      continue;
    }
    if (ref.from === 'record' && !inSubform) {
      issues.push({
        path: pointer(at, 'from'),
        code: 'not_allowed',
        message: '"from: record" is for a lookup in a subform row; this lookup is on the record itself',
      });
      continue;
    }
    const fields = ref.from === 'record' ? form.fields : container;
    const field = fields.find((f) => f.id === ref.field);
    const fits = field !== undefined && aggregateKeyFits(key, field, app.id);
    if (!fits)
      issues.push({
        path: pointer(at, 'field'),
        code: field ? 'wrong_field_type' : 'unknown_field',
        message: field
          ? key.type === 'record'
            ? `key "${key.id}" needs a single relation to form "${key.form}"; "${field.id}" is not one`
            : `key "${key.id}" needs a field with one text value; "${field.id}" is a ${field.type} field`
          : `no field "${ref.field}" ${ref.from === 'record' ? 'on the record' : 'in this row'}`,
      });
  }
  return issues;
}

/** Every balance lookup of a form (on the record or in a subform row), checked. */
export function checkBalanceLookups(
  app: Pick<AppDefinition, 'id' | 'aggregates'>,
  form: FormDefinition,
  at: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const visit = (fields: readonly FieldDefinition[], base: string, inSubform: boolean) =>
    fields.forEach((field, k) => {
      const path = inSubform ? pointer(base, 'config', 'fields', k) : pointer(base, 'fields', k);
      if (field.type === 'lookup' && field.config.balance)
        issues.push(
          ...checkBalanceLookup(
            app,
            form,
            field.config.balance,
            fields,
            inSubform,
            pointer(path, 'config', 'balance'),
          ),
        );
      if (field.type === 'subform' && !inSubform) visit(field.config.fields, path, true);
    });
  visit(form.fields, at, false);
  return issues;
}
