/**
 * What JSON Schema cannot say about aggregate tables (decision 0028): ids unique, every source names
 * a real form, subform and fields of the right kinds, maps every key exactly once, posts only known
 * measures, and rules name known measures. A definition that passes can be posted without guessing.
 */
import type {
  AggregateDefinition,
  AggregateKey,
  AggregateSource,
  AppDefinition,
  FieldDefinition,
  FormDefinition,
} from './generated/definitions.js';
import type { ValidationIssue } from './errors.js';
import { pointer } from './errors.js';
import { filterFields } from './semantic.js';
import { isSystemFieldName } from './system-fields.js';

/** Field types whose value is one plain text: usable as a `text` key. */
const TEXT_KEY_TYPES = new Set<FieldDefinition['type']>([
  'text',
  'select',
  'radio',
  'serial',
  'phone',
  'email',
  'member',
  'department',
]);
/** Field types whose value is a number a posting can take. */
const NUMBER_TYPES = new Set<FieldDefinition['type']>(['number', 'money', 'percent']);

const isNumeric = (f: FieldDefinition) =>
  NUMBER_TYPES.has(f.type) || (f.type === 'formula' && f.config.resultType === 'number');

/**
 * Whether `field` can take aggregate key `key`'s values (the designer's pickers offer only these).
 * A record key of another app (`key.app`, e.g. shared master data) takes relations to that app's
 * form; `appId` is the aggregate's own app, so naming it explicitly is the same as leaving it out.
 */
export function aggregateKeyFits(
  key: Pick<AggregateKey, 'type' | 'form' | 'app'>,
  field: FieldDefinition,
  appId?: string,
): boolean {
  // A text formula keys too: e.g. the month of a date (`TEXT({order_date}, "yyyy-MM")`) for
  // balances by period (decision 0041).
  if (key.type !== 'record')
    return TEXT_KEY_TYPES.has(field.type) || (field.type === 'formula' && field.config.resultType === 'text');
  if (field.type !== 'relation' || field.config.multiple || field.config.form !== key.form) return false;
  const own = (app: string | undefined) => (app === undefined || app === appId ? undefined : app);
  return own(key.app) === own(field.config.app);
}

/** Whether a record key names a form of another app (checked when that app is loaded, not here). */
const foreignKey = (key: AggregateKey, appId: string) => key.app !== undefined && key.app !== appId;

/** Whether `field` holds a number a posting can take (number, money, percent, a number formula). */
export const aggregatePostable = (field: FieldDefinition): boolean => isNumeric(field);

/**
 * The top-level fields of its form a source reads (key values, posted amounts, its `when`), system
 * fields left out; a line reference reads the subform. A balance shows what these fields hold, so
 * reading it needs every one of them visible (decision 0041).
 */
export function aggregateSourceFields(source: AggregateSource): string[] {
  const out = new Set<string>();
  const add = (ref: { field: string; from?: 'line' | 'record' } | undefined) => {
    if (!ref) return;
    const from = ref.from ?? (source.subform ? 'line' : 'record');
    const id = from === 'line' ? source.subform : ref.field;
    if (id !== undefined && !isSystemFieldName(id)) out.add(id);
  };
  Object.values(source.keys).forEach(add);
  for (const posting of Object.values(source.measures)) if (posting && 'field' in posting) add(posting);
  if (source.when)
    for (const [ref] of filterFields(source.when, '')) if (!isSystemFieldName(ref)) out.add(ref);
  return [...out];
}

/** Checks every aggregate of the app; assumes the JSON Schema passed. */
export function checkAggregates(app: AppDefinition): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const forms = new Map(app.forms.map((f) => [f.id, f]));
  const seen = new Set<string>();
  (app.aggregates ?? []).forEach((agg, i) => {
    const at = pointer('', 'aggregates', i);
    if (seen.has(agg.id))
      issues.push({
        path: pointer(at, 'id'),
        code: 'duplicate_id',
        message: `aggregate id "${agg.id}" is used twice`,
      });
    seen.add(agg.id);
    issues.push(...checkAggregate(agg, at, forms, app.id));
  });
  return issues;
}

function duplicates(ids: string[], at: string, list: string, what: string): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  ids.forEach((id, i) => {
    if (seen.has(id))
      out.push({
        path: pointer(at, list, i, 'id'),
        code: 'duplicate_id',
        message: `${what} id "${id}" is used twice`,
      });
    seen.add(id);
  });
  return out;
}

function checkAggregate(
  agg: AggregateDefinition,
  at: string,
  forms: Map<string, FormDefinition>,
  appId: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [
    ...duplicates(
      agg.keys.map((k) => k.id),
      at,
      'keys',
      'key',
    ),
    ...duplicates(
      agg.measures.map((m) => m.id),
      at,
      'measures',
      'measure',
    ),
    ...duplicates(
      agg.sources.map((s) => s.id),
      at,
      'sources',
      'source',
    ),
  ];
  agg.keys.forEach((key, i) => {
    const kat = pointer(at, 'keys', i);
    if (key.type === 'record' && (!key.form || (!foreignKey(key, appId) && !forms.has(key.form))))
      issues.push({
        path: pointer(kat, 'form'),
        code: 'unknown_form',
        message: key.form
          ? `key "${key.id}" names unknown form "${key.form}"`
          : `key "${key.id}" of type record needs a form`,
      });
    if (key.type === 'text' && key.form !== undefined)
      issues.push({
        path: pointer(kat, 'form'),
        code: 'unexpected_form',
        message: `text key "${key.id}" takes no form`,
      });
    if (key.type === 'text' && key.app !== undefined)
      issues.push({
        path: pointer(kat, 'app'),
        code: 'unexpected_app',
        message: `text key "${key.id}" takes no app`,
      });
  });
  const measures = new Set(agg.measures.map((m) => m.id));
  agg.sources.forEach((source, i) =>
    issues.push(...checkSource(agg, source, pointer(at, 'sources', i), forms, appId)),
  );
  (agg.rules ?? []).forEach((rule, i) => {
    if (!measures.has(rule.measure))
      issues.push({
        path: pointer(at, 'rules', i, 'measure'),
        code: 'unknown_measure',
        message: `rule names unknown measure "${rule.measure}"`,
      });
  });
  return issues;
}

const isIssue = (x: FieldDefinition | ValidationIssue): x is ValidationIssue => !('type' in x);

/** The field a value reference names, with where it was looked up; an issue when it does not resolve. */
function resolveRef(
  form: FormDefinition,
  subform: FieldDefinition | undefined,
  ref: { field: string; from?: 'line' | 'record' },
  at: string,
): FieldDefinition | ValidationIssue {
  const from = ref.from ?? (subform ? 'line' : 'record');
  if (from === 'line' && !subform)
    return {
      path: pointer(at, 'from'),
      code: 'no_subform',
      message: 'a line field needs the source to name a subform',
    };
  const fields = from === 'line' && subform?.type === 'subform' ? subform.config.fields : form.fields;
  const field = fields.find((f) => f.id === ref.field);
  if (!field)
    return {
      path: pointer(at, 'field'),
      code: 'unknown_field',
      message: `${from === 'line' ? `subform "${subform!.id}"` : `form "${form.id}"`} has no field "${ref.field}"`,
    };
  return field;
}

function checkSource(
  agg: AggregateDefinition,
  source: AggregateSource,
  at: string,
  forms: Map<string, FormDefinition>,
  appId: string,
): ValidationIssue[] {
  const form = forms.get(source.form);
  if (!form)
    return [
      {
        path: pointer(at, 'form'),
        code: 'unknown_form',
        message: `source names unknown form "${source.form}"`,
      },
    ];
  const issues: ValidationIssue[] = [];
  let subform: FieldDefinition | undefined;
  if (source.subform !== undefined) {
    subform = form.fields.find((f) => f.id === source.subform);
    if (subform?.type !== 'subform') {
      issues.push({
        path: pointer(at, 'subform'),
        code: 'unknown_subform',
        message: `form "${form.id}" has no subform "${source.subform}"`,
      });
      subform = undefined;
    }
  }
  for (const key of agg.keys) {
    const ref = source.keys[key.id];
    const kat = pointer(at, 'keys', key.id);
    if (!ref) {
      issues.push({
        path: pointer(at, 'keys'),
        code: 'missing_key',
        message: `source does not map key "${key.id}"`,
      });
      continue;
    }
    // The record's own id keys a balance per source record (e.g. what is still open on each
    // purchase order, posted by the order itself and drawn down by its receipts).
    if ((ref.from ?? 'record') === 'record' && ref.field === 'id' && (ref.from === 'record' || !subform)) {
      if (key.type === 'record' && (foreignKey(key, appId) || key.form !== source.form))
        issues.push({
          path: pointer(kat, 'field'),
          code: 'wrong_field_type',
          message: `key "${key.id}" holds records of "${key.form}"; the id of a "${source.form}" record is not one`,
        });
      continue;
    }
    const field = resolveRef(form, subform, ref, kat);
    if (isIssue(field)) {
      issues.push(field);
      continue;
    }
    if (!aggregateKeyFits(key, field, appId))
      issues.push({
        path: pointer(kat, 'field'),
        code: 'wrong_field_type',
        message:
          key.type === 'record'
            ? `key "${key.id}" needs a single relation field to form "${foreignKey(key, appId) ? `${key.app}/` : ''}${key.form}", "${field.id}" is not one`
            : `key "${key.id}" needs a field with one text value, "${field.id}" is a ${field.type} field`,
      });
  }
  for (const keyId of Object.keys(source.keys))
    if (!agg.keys.some((k) => k.id === keyId))
      issues.push({
        path: pointer(at, 'keys', keyId),
        code: 'unknown_key',
        message: `aggregate has no key "${keyId}"`,
      });
  for (const [measureId, posting] of Object.entries(source.measures)) {
    const mat = pointer(at, 'measures', measureId);
    if (!agg.measures.some((m) => m.id === measureId)) {
      issues.push({ path: mat, code: 'unknown_measure', message: `aggregate has no measure "${measureId}"` });
      continue;
    }
    if (!posting || !('field' in posting)) continue;
    const field = resolveRef(form, subform, posting, mat);
    if (isIssue(field)) {
      issues.push(field);
      continue;
    }
    if (!isNumeric(field))
      issues.push({
        path: pointer(mat, 'field'),
        code: 'wrong_field_type',
        message: `measure "${measureId}" needs a number field, "${field.id}" is a ${field.type} field`,
      });
  }
  if (source.when) {
    for (const [ref, path] of filterFields(source.when, pointer(at, 'when')))
      if (!isSystemFieldName(ref) && !form.fields.some((f) => f.id === ref))
        issues.push({ path, code: 'unknown_field', message: `condition names unknown field "${ref}"` });
  }
  return issues;
}
