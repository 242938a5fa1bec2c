/**
 * Names of linked records in record answers (decision 0035). A relation's value is record ids;
 * answers carry `display[fieldId][recordId]` (`display["subform.column"]` for the relation
 * columns of a subform's rows): the linked record's title as the *reader* would see
 * it, read through the read door with the reader's own grant on the target form. A target the
 * reader cannot see (app not visible, no view, outside the view scope, deleted) is `null`: the
 * client shows "no access", never the title. Hidden title fields are masked by the door, so the
 * title falls back to the next visible candidate (`recordTitle`).
 */
import { fieldRegistry, recordTitle } from '@tangram/fields';
import type { FieldDefinition, Filter, FormDefinition } from '@tangram/schema';
import { AppError } from '../http/app-error';
import type { RecordDto } from '../storage/record-store';
import type { RecordReader } from './kernel/reader';
import type { FormRef } from './records.service';

/** `display[relationFieldId][linkedRecordId]`: the title, or null when the reader may not see it. */
export type RelationDisplay = Record<string, Record<string, string | null>>;

/** Ids per `in` filter: well under the query language's list bound. */
const CHUNK = 200;

type Relation = Extract<FieldDefinition, { type: 'relation' }>;

/** The ids a record links through `field` (one or many), ignoring anything that is not an id. */
export function linkedIds(field: Relation, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * A relation whose titles an answer names: a top-level field (`display[field]`) or a column of a
 * subform's rows (`display["subform.column"]`, every row's ids together).
 */
interface Named {
  field: Relation;
  /** The key under `display`. */
  name: string;
  /** The target form's key in the plan. */
  key: string;
  ids(record: RecordDto): string[];
}

/** The relations of a form to name: its own fields and its subforms' relation columns. */
function namedRelations(form: FormDefinition): Omit<Named, 'key'>[] {
  const out: Omit<Named, 'key'>[] = [];
  for (const field of form.fields) {
    if (field.type === 'relation')
      out.push({
        field,
        name: field.id,
        // A field hidden from the reader is absent from `data`: nothing to name.
        ids: (record) => (field.id in record.data ? linkedIds(field, record.data[field.id]) : []),
      });
    if (field.type !== 'subform') continue;
    for (const column of field.config.fields) {
      if (column.type !== 'relation') continue;
      out.push({
        field: column,
        name: `${field.id}.${column.id}`,
        ids: (record) => {
          const rows = record.data[field.id];
          if (!Array.isArray(rows)) return [];
          return rows.flatMap((row) =>
            row && typeof row === 'object'
              ? linkedIds(column, (row as Record<string, unknown>)[column.id])
              : [],
          );
        },
      });
    }
  }
  return out;
}

/** What to read: per target form, the relations to name and every linked id. */
export function displayPlan(form: FormDefinition, records: readonly RecordDto[]) {
  const targets = new Map<string, { ref: FormRef; ids: Set<string> }>();
  const fields: Named[] = [];
  for (const named of namedRelations(form)) {
    const { field } = named;
    const ref = { appId: field.config.app ?? '', formId: field.config.form };
    const key = `${ref.appId}/${ref.formId}`;
    let target = targets.get(key);
    for (const record of records)
      for (const id of named.ids(record)) {
        target ??= { ref, ids: new Set() };
        target.ids.add(id);
      }
    if (target) {
      targets.set(key, target);
      fields.push({ ...named, key });
    }
  }
  return { targets, fields };
}

/** The target's records the reader may see among `ids`, by id (a form they cannot open: none). */
async function visibleTargets(
  reader: RecordReader,
  ref: FormRef,
  ids: readonly string[],
): Promise<{ form: FormDefinition; records: Map<string, RecordDto> } | null> {
  let form: FormDefinition;
  try {
    form = (await reader.open(ref)).ctx.form;
  } catch (error) {
    // Not found, not visible or not readable: every link reads as "no access".
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
  const records = new Map<string, RecordDto>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const filter: Filter = { kind: 'cmp', field: 'id', op: 'in', value: chunk };
    const page = await reader.page(ref, { filter, sort: [{ field: 'id', dir: 'asc' }], limit: chunk.length });
    for (const r of page.items) records.set(r.id, r);
  }
  return { form, records };
}

/**
 * The titles of `ids` linked through a relation `field` of a form of app `appId`, as the reader
 * may see them (dashboard labels): the same rule as `display`, null for a record they cannot read.
 */
export async function relationTitles(
  reader: RecordReader,
  appId: string,
  field: Relation,
  ids: readonly string[],
  locale: string,
): Promise<Record<string, string | null>> {
  if (ids.length === 0) return {};
  const target = await visibleTargets(
    reader,
    { appId: field.config.app || appId, formId: field.config.form },
    ids,
  );
  return Object.fromEntries(
    ids.map((id) => {
      const linked = target?.records.get(id);
      return [id, target && linked ? linkedTitle(target.form, field, linked, locale) : null];
    }),
  );
}

/**
 * The name a relation `field` gives a linked record the reader may see (`record.data` holds only
 * what they may see): its display field, title, serial or summary (`recordTitle`). A record with
 * nothing readable filled in is named by the end of its number in the list, not hidden.
 */
export function linkedTitle(
  form: FormDefinition,
  field: Relation,
  record: Pick<RecordDto, 'id' | 'data'>,
  locale: string,
): string {
  const title = recordTitle(form, record.data, fieldRegistry, {
    locale,
    ...(field.config.displayField ? { displayField: field.config.displayField } : {}),
  });
  return title ?? `#${record.id.slice(-6)}`;
}

/**
 * Adds `display` to each record that links records: titles read through `reader` (the caller's
 * grant). One page read per target form and 200 ids, whatever the number of records.
 */
export async function withRelationDisplay<R extends RecordDto>(
  reader: RecordReader,
  ref: FormRef,
  records: R[],
  locale: string,
): Promise<(R & { display?: RelationDisplay })[]> {
  if (records.length === 0) return records;
  let form: FormDefinition;
  try {
    form = (await reader.open(ref)).ctx.form;
  } catch (error) {
    // A writer who may create but not view the form (a drop box) gets its answer without titles.
    if (error instanceof AppError && error.status < 500) return records;
    throw error;
  }
  const { targets, fields } = displayPlan(form, records);
  if (fields.length === 0) return records;
  const resolved = new Map<string, Awaited<ReturnType<typeof visibleTargets>>>();
  for (const [key, target] of targets) {
    const ref2 = { appId: target.ref.appId || ref.appId, formId: target.ref.formId };
    resolved.set(key, await visibleTargets(reader, ref2, [...target.ids]));
  }
  return records.map((record) => {
    const display: RelationDisplay = {};
    for (const { field, key, name, ids: idsOf } of fields) {
      const ids = [...new Set(idsOf(record))];
      if (ids.length === 0) continue;
      const target = resolved.get(key);
      display[name] = Object.fromEntries(
        ids.map((id) => {
          const linked = target?.records.get(id);
          return [id, target && linked ? linkedTitle(target.form, field, linked, locale) : null];
        }),
      );
    }
    return Object.keys(display).length ? { ...record, display } : record;
  });
}

/** The UI language of a request, for formatting titles (numbers, dates, option labels). */
export function requestLocale(accepts: (...langs: string[]) => string | false): string {
  return accepts('zh-CN', 'en') || 'zh-CN';
}
