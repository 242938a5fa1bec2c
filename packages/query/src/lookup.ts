import { pointer, type FieldDefinition, type FormDefinition, type ValidationIssue } from '@tangram/schema';
import { checkFilter } from './check.js';
import { addDec, compareDec, decOf, formatDec, type Dec } from './decimal.js';
import { averageOf } from './aggregate.js';
import { lookupKind, type QueryKind } from './field-info.js';
import type { LookupTarget, QueryForm, QueryRecord } from './types.js';
import { compareScalars, readValue } from './values.js';

type LookupField = Extract<FieldDefinition, { type: 'lookup' }>;
type RelationField = Extract<FieldDefinition, { type: 'relation' }>;

/** What a lookup field reads: its relation field and the related form's field, with the aggregate. */
export interface ResolvedLookup extends LookupTarget {
  lookup: LookupField;
  relation: RelationField;
}

/**
 * Resolves a lookup field of `form`: the relation field it goes through and the related field,
 * found by `formOf` (the caller knows where the related form lives: this app, or another one for a
 * cross-app relation). Null when any part is missing or the combination has no value (`lookupKind`).
 */
export function resolveLookup(
  form: QueryForm,
  lookup: LookupField,
  formOf: (relation: RelationField) => Pick<FormDefinition, 'fields'> | undefined,
): ResolvedLookup | null {
  const relation = form.fields.find((f) => f.id === lookup.config.relation);
  if (relation?.type !== 'relation') return null;
  const field = formOf(relation)?.fields.find((f) => f.id === lookup.config.field);
  if (!field) return null;
  const resolved: ResolvedLookup = {
    lookup,
    relation,
    field,
    aggregate: lookup.config.aggregate ?? 'none',
    multiple: relation.config.multiple === true,
  };
  return lookupKind(resolved) === null ? null : resolved;
}

/**
 * The form as the query language sees it with its lookups resolved inside one app definition
 * (relations to other apps stay unresolved): what a browser needs to offer filters and sorts on
 * lookup fields. The server resolves lookups itself, hiding those the reader may not see.
 */
export function withAppLookups(
  form: FormDefinition,
  app: { id?: string; forms?: readonly FormDefinition[] },
): QueryForm {
  const lookups: Record<string, LookupTarget> = {};
  for (const field of form.fields) {
    if (field.type !== 'lookup') continue;
    const resolved = resolveLookup(form, field, (rel) =>
      rel.config.app !== undefined && rel.config.app !== app.id
        ? undefined
        : app.forms?.find((f) => f.id === rel.config.form),
    );
    if (resolved)
      lookups[field.id] = {
        aggregate: resolved.aggregate,
        multiple: resolved.multiple,
        field: resolved.field,
      };
  }
  return { fields: form.fields, lookups };
}

/** The separator of `concat` lookups (SQL `string_agg` uses the same). */
export const LOOKUP_SEPARATOR = ', ';

/**
 * A lookup's value computed in memory from the related records it reaches (already filtered, in
 * link order), exactly as the SQL of `lookupSql` computes it: numbers in exact decimals (0.1 + 0.2
 * is 0.3), sum and count 0 over no records, avg rounded to 12 places, min/max/avg null over no
 * values, concat of the non-empty values' text, `none` the single value or the list of values.
 * The server answers lookups from SQL; this is the executor the conformance vectors hold it to.
 */
export function lookupValue(target: LookupTarget, related: readonly QueryRecord[]): unknown {
  const kind = lookupKind(target);
  if (kind === null) return null;
  const id = target.field.id;
  const raw = related.map((r) => r[id]);
  const fieldKind = kindOfField(target);
  const present = raw.filter((v) => readValue(fieldKind, v) !== null);
  switch (target.aggregate) {
    case 'count':
      return related.length;
    case 'sum':
      return Number(formatDec(present.reduce<Dec>((s, v) => addDec(s, decOf(v as number)), { m: 0n, s: 0 })));
    case 'avg': {
      if (present.length === 0) return null;
      const sum = present.reduce<Dec>((s, v) => addDec(s, decOf(v as number)), { m: 0n, s: 0 });
      return averageOf(formatDec(sum), present.length);
    }
    case 'min':
    case 'max': {
      if (present.length === 0) return null;
      const sign = target.aggregate === 'min' ? -1 : 1;
      return present.reduce((best, v) => (compareOrdered(kind, v, best) * sign > 0 ? v : best));
    }
    case 'concat':
      return present.length === 0 ? null : present.map((v) => textOf(fieldKind, v)).join(LOOKUP_SEPARATOR);
    case 'none':
      if (!target.multiple) return present[0] ?? null;
      return present.length === 0 ? null : present;
  }
}

const kindOfField = (target: LookupTarget) => lookupKind({ ...target, aggregate: 'none', multiple: false })!;

/** A value as `concat` joins it: the same text as the SQL side's casts. */
function textOf(kind: QueryKind, v: unknown): string {
  const n = readValue(kind, v)!;
  if (kind === 'timestamptz') return new Date(n as number).toISOString();
  if (kind === 'text[]') return (n as readonly string[]).join(LOOKUP_SEPARATOR);
  if (kind === 'jsonb') return JSON.stringify(v);
  return String(n);
}

function compareOrdered(kind: QueryKind, a: unknown, b: unknown): number {
  if (kind === 'numeric') return compareDec(decOf(a as number), decOf(b as number));
  // Text by code point (SQL's COLLATE "C"), instants by time, dates and times as their ISO text.
  return compareScalars(readValue(kind, a)!, readValue(kind, b)!);
}

const AGGREGATE_NEEDS: Readonly<Record<string, string>> = {
  sum: 'a number field',
  avg: 'a number field',
  min: 'a number, date, date-time, time or text field',
  max: 'a number, date, date-time, time or text field',
};

/**
 * Definition checks of a form's lookups within one app (cross-app relations are checked when
 * read): the aggregate must suit the related field (sum of a text field has no value), the related
 * field must hold a stored value (not another lookup), and the filter must be a valid query of the
 * related form. Issues carry the JSON path of the offending property under `formPath`.
 */
export function checkLookups(
  form: FormDefinition,
  app: { id?: string; forms?: readonly FormDefinition[] },
  formPath: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  form.fields.forEach((field, i) => {
    if (field.type !== 'lookup') return;
    const path = pointer(formPath, 'fields', i, 'config');
    const relation = form.fields.find((f) => f.id === field.config.relation);
    if (relation?.type !== 'relation') return; // reported by the schema's reference checks
    if (relation.config.app !== undefined && relation.config.app !== app.id) return;
    const related = app.forms?.find((f) => f.id === relation.config.form);
    const target = related?.fields.find((f) => f.id === field.config.field);
    if (!related || !target) return;
    const aggregate = field.config.aggregate ?? 'none';
    const resolved = { aggregate, multiple: relation.config.multiple === true, field: target };
    if (lookupKind(resolved) === null) {
      const needs = AGGREGATE_NEEDS[aggregate];
      issues.push({
        path: pointer(path, needs ? 'aggregate' : 'field'),
        code: 'invalid_lookup',
        message: needs
          ? `lookup "${field.id}": ${aggregate} needs ${needs}; "${target.id}" is a ${target.type} field`
          : `lookup "${field.id}": the ${target.type} field "${target.id}" has no stored value to look up`,
      });
    }
    if (field.config.filter)
      issues.push(...checkFilter(field.config.filter, related, pointer(path, 'filter')));
  });
  return issues;
}
