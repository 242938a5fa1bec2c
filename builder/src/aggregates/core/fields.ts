/**
 * Which fields the aggregate designer offers: a key's value, a measure's posting and the source's
 * subform, each from the record or its subform lines. Fitness is the definition check's own rule
 * (`aggregateKeyFits`, `aggregatePostable` from @tangram/schema), so a pick here always saves.
 */
import {
  aggregateKeyFits,
  aggregatePostable,
  type AggregateKey,
  type AggregateSource,
  type AppDefinition,
  type FieldDefinition,
  type FormDefinition,
} from '@tangram/schema';

/** A field a picker offers, with where it is read from. */
export interface FieldChoice {
  field: FieldDefinition;
  from: 'line' | 'record';
}

export const formOf = (app: AppDefinition, formId: string): FormDefinition | undefined =>
  app.forms.find((f) => f.id === formId);

/** The form's subform fields (candidates for "post one line per row"). */
export const subformsOf = (form: FormDefinition): FieldDefinition[] =>
  form.fields.filter((f) => f.type === 'subform');

/** The source's subform field, when it names one that exists. */
function subformOf(form: FormDefinition, source: AggregateSource): FieldDefinition | undefined {
  const field = source.subform ? form.fields.find((f) => f.id === source.subform) : undefined;
  return field?.type === 'subform' ? field : undefined;
}

/** Line fields first (the usual pick when posting per line), then the record's own fields. */
function choices(app: AppDefinition, source: AggregateSource, fits: (f: FieldDefinition) => boolean) {
  const form = formOf(app, source.form);
  if (!form) return [];
  const subform = subformOf(form, source);
  const lines: FieldChoice[] =
    subform?.type === 'subform'
      ? subform.config.fields.filter(fits).map((field) => ({ field, from: 'line' as const }))
      : [];
  const record = form.fields.filter(fits).map((field) => ({ field, from: 'record' as const }));
  return [...lines, ...record];
}

/** Fields of the source that can give key `key` its value. */
export const keyChoices = (app: AppDefinition, source: AggregateSource, key: AggregateKey): FieldChoice[] =>
  choices(app, source, (f) => aggregateKeyFits(key, f, app.id));

/** Number fields of the source a measure can post. */
export const postingChoices = (app: AppDefinition, source: AggregateSource): FieldChoice[] =>
  choices(app, source, aggregatePostable);

/**
 * A choice as one select value, `line:<id>` or `record:<id>` (a line column and a record field
 * may share an id), and back. A reference without `from` means line when the source has a subform.
 */
export const choiceValue = (c: { field: string; from?: 'line' | 'record' }, source: AggregateSource) =>
  `${c.from ?? (source.subform ? 'line' : 'record')}:${c.field}`;

export function parseChoice(value: string): { field: string; from: 'line' | 'record' } {
  const at = value.indexOf(':');
  const from = value.slice(0, at);
  if (from !== 'line' && from !== 'record') throw new Error(`not a field choice: ${value}`);
  return { from, field: value.slice(at + 1) };
}

/** Parts of an aggregate a save would be refused for, before sending (the server decides). */
export interface Gap {
  code: 'no_keys' | 'no_measures' | 'no_sources' | 'unmapped_key' | 'no_posting';
  sourceId?: string;
  keyId?: string;
}

/** What is still missing in one aggregate, so the designer can say so next to it. */
export function gapsOf(agg: {
  keys: AggregateKey[];
  measures: unknown[];
  sources: AggregateSource[];
}): Gap[] {
  const gaps: Gap[] = [];
  if (!agg.keys.length) gaps.push({ code: 'no_keys' });
  if (!agg.measures.length) gaps.push({ code: 'no_measures' });
  if (!agg.sources.length) gaps.push({ code: 'no_sources' });
  for (const s of agg.sources) {
    for (const k of agg.keys)
      if (!s.keys[k.id]) gaps.push({ code: 'unmapped_key', sourceId: s.id, keyId: k.id });
    if (!Object.keys(s.measures).length) gaps.push({ code: 'no_posting', sourceId: s.id });
  }
  return gaps;
}
