import { checkAggregate, checkFilter, checkSort, type QueryForm } from '@tangram/query';
import { canDo } from '@tangram/acl';
import type {
  AggregateQuery,
  FieldDefinition,
  Filter,
  FormDefinition,
  SortKey,
  ValidationIssue,
} from '@tangram/schema';
import type { Principal } from '../access';
import { grantFor } from '../access/grants';
import { loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError, badRequest, forbidden, notFound, validationFailed } from '../http/app-error';
import { StrictJsonError, parseStrictJson } from '../http/strict-json';
import { openReader, type ReadAction, type RecordPage } from './kernel/reader';
import { linkedTitle, relationTitles } from './relation-display';
import type { CountMode } from './kernel/reader-count';

/** `count` of a list request besides true/false (decision 0050). */
const COUNT_MODES: readonly CountMode[] = ['exact', 'capped', 'estimate'];
import type { FormRef } from './records.service';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;
const DEFAULT_SORT: SortKey[] = [{ field: 'createdAt', dir: 'desc' }];

/** A list request, from the query string (GET) or the body (POST /records/query). */
export interface ListQuery {
  filter?: unknown;
  sort?: unknown;
  q?: unknown;
  limit?: unknown;
  cursor?: unknown;
  count?: unknown;
}

/** Reads `?filter=<json>&sort=f1,-f2&limit=&cursor=&q=&count=true`; malformed parts are 400s. */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const out: ListQuery = {};
  const text = (key: string): string | undefined => {
    const v = query[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw badRequest('invalid_query', `Query parameter ${key} must appear once.`);
    return v;
  };
  const filter = text('filter');
  if (filter !== undefined) {
    try {
      // The same parser as bodies: NUL, lone surrogates, duplicate keys are refused with their path.
      out.filter = parseStrictJson(filter);
    } catch (err) {
      if (!(err instanceof StrictJsonError)) throw err;
      const malformed = err.code === 'malformed_json';
      throw validationFailed([
        malformed
          ? { path: '/filter', code: 'malformed_json', message: 'filter must be a JSON filter expression' }
          : { path: `/filter${err.path}`, code: err.code, message: err.message },
      ]);
    }
  }
  const sort = text('sort');
  if (sort !== undefined) {
    out.sort = sort
      .split(',')
      .filter((s) => s !== '')
      .map((s) => (s.startsWith('-') ? { field: s.slice(1), dir: 'desc' } : { field: s, dir: 'asc' }));
  }
  const limit = text('limit');
  if (limit !== undefined) out.limit = /^\d{1,6}$/.test(limit) ? Number(limit) : limit;
  out.cursor = text('cursor');
  out.q = text('q');
  const count = text('count');
  // true/1 and false/0 as before; the other words are checked with the body's (checkList).
  if (count !== undefined)
    out.count = count === 'true' || count === '1' ? true : count === 'false' || count === '0' ? false : count;
  return out;
}

interface CheckedList {
  filter?: Filter;
  sort: SortKey[];
  q?: string;
  limit: number;
  cursor?: string;
  count: boolean | CountMode;
}

/** Validates a list request against the form: unknown fields, bad operators and shapes are 400s. */
function checkList(form: QueryForm, query: ListQuery): CheckedList {
  const issues: ValidationIssue[] = [];
  if (query === null || typeof query !== 'object' || Array.isArray(query))
    throw badRequest('invalid_query', 'The query must be an object.');
  const known = new Set(['filter', 'sort', 'q', 'limit', 'cursor', 'count']);
  for (const key of Object.keys(query))
    if (!known.has(key))
      issues.push({ path: `/${key}`, code: 'unknown_property', message: `unknown property "${key}"` });
  if (query.filter !== undefined) issues.push(...checkFilter(query.filter, form, '/filter'));
  const sort = query.sort === undefined ? DEFAULT_SORT : query.sort;
  issues.push(...checkSort(sort, form, '/sort'));
  const limit = query.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PAGE) {
    issues.push({
      path: '/limit',
      code: 'range',
      message: `limit must be a whole number from 1 to ${MAX_PAGE}`,
    });
  }
  if (query.q !== undefined && typeof query.q !== 'string')
    issues.push({ path: '/q', code: 'type', message: 'q must be text' });
  if (query.cursor !== undefined && typeof query.cursor !== 'string')
    issues.push({ path: '/cursor', code: 'type', message: 'cursor must be text' });
  if (
    query.count !== undefined &&
    typeof query.count !== 'boolean' &&
    !COUNT_MODES.includes(query.count as CountMode)
  )
    issues.push({
      path: '/count',
      code: 'type',
      message: 'count must be true, false, "exact", "capped" or "estimate"',
    });
  if (issues.length) throw validationFailed(issues, 'The query is invalid.');
  return {
    filter: query.filter as Filter | undefined,
    sort: sort as SortKey[],
    q: query.q as string | undefined,
    limit: limit as number,
    cursor: query.cursor as string | undefined,
    count: typeof query.count === 'string' ? (query.count as CountMode) : query.count === true,
  };
}

/**
 * One page of permitted live records (records kernel reader): filter, search and sort in SQL,
 * keyset pagination (`cursor`, never OFFSET), and the exact total only when asked (`count`), so a
 * page never waits for a count.
 */
export async function listRecords(
  db: Db,
  principal: Principal,
  ref: FormRef,
  query: ListQuery,
  action: ReadAction = 'view',
) {
  const reader = openReader(db, principal);
  // The form with the lookups this reader may see: they can be filtered and sorted by (decision 0031).
  const { query: form, ctx, grant } = await reader.open(ref, action);
  const list = checkList(form, query);
  const visible = new Set(grant.fields.visible);
  const relations = ctx.form.fields.filter((f) => f.type === 'relation' && visible.has(f.id));
  const qLinks = list.q ? await linkedSearch(reader, ref, relations, list.q) : undefined;
  return reader.page(ref, { ...list, ...(qLinks ? { qLinks } : {}) }, action);
}

/** Linked records `q` may find per relation: enough for a search box, bounded per target. */
const MAX_LINKED_MATCHES = 200;

/**
 * `q` finds a record by the title of a record it links to (decision 0035): each visible relation's
 * target is searched with the same `q`, through the same reader (its grant and scope on the
 * target), and the matches become `relation in [ids]`, OR-ed with the text search by the reader.
 * A target the reader cannot open adds nothing.
 */
async function linkedSearch(
  reader: ReturnType<typeof openReader>,
  ref: FormRef,
  relations: readonly FieldDefinition[],
  q: string,
): Promise<Filter | undefined> {
  const items: Filter[] = [];
  for (const field of relations) {
    if (field.type !== 'relation') continue;
    const target = { appId: field.config.app ?? ref.appId, formId: field.config.form };
    const found = await reader
      .page(target, { q, sort: [{ field: 'id', dir: 'asc' }], limit: MAX_LINKED_MATCHES })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.status < 500) return null;
        throw error;
      });
    const ids = found?.items.map((r) => r.id) ?? [];
    if (ids.length) items.push({ kind: 'cmp', field: field.id, op: 'in', value: ids });
  }
  if (items.length === 0) return undefined;
  return items.length === 1 ? items[0] : { kind: 'or', items };
}

/** Grouped measures over the permitted live records, computed in SQL. */
export async function aggregateRecords(db: Db, principal: Principal, ref: FormRef, body: unknown) {
  const reader = openReader(db, principal);
  const { ctx } = await reader.open(ref);
  const issues = checkAggregate(body, ctx.form, '');
  if (issues.length) throw validationFailed(issues, 'The aggregate query is invalid.');
  return { rows: await reader.aggregate(ref, body as AggregateQuery) };
}

/** The request of a relation picker: search text and paging only (the filter is the relation's). */
export interface ChoicesQuery {
  q?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

/** The relation field `fieldId` of `form` (relations are top-level only: subform columns cannot be). */
function relationField(
  form: FormDefinition,
  fieldId: string,
): { field: Extract<FieldDefinition, { type: 'relation' }>; owner: string } | null {
  const field = form.fields.find((f) => f.id === fieldId);
  if (field?.type === 'relation') return { field, owner: field.id };
  // A relation column of a subform row (an order line's product): seen with its subform.
  for (const sub of form.fields)
    if (sub.type === 'subform')
      for (const column of sub.config.fields)
        if (column.id === fieldId && column.type === 'relation') return { field: column, owner: sub.id };
  return null;
}

/**
 * The relation field `fieldId` of `ref`'s form, for its picker, with a reader as the caller and
 * the field's target. The caller must see the field; choosing (`write`) also needs create or edit
 * on its form: the choices exist to choose a value for it. Naming held values does not (a
 * read-only form shows them too), as record answers name them for anyone who reads the record.
 */
async function openPicker(db: Db, principal: Principal, ref: FormRef, fieldId: string, write: boolean) {
  const reader = openReader(db, principal);
  const source = await reader.open(ref).catch(async (error: unknown) => {
    // A form the caller may write but not list (a "submit only" group) still has a picker.
    if (!(error instanceof AppError) || error.code !== 'form_not_readable') throw error;
    const ctx = await loadForm(db, principal.orgId, ref.appId, ref.formId);
    return { ctx, grant: await grantFor(db, principal, ctx.app, ref.formId) };
  });
  const found = relationField(source.ctx.form, fieldId);
  // An unknown, non-relation or hidden field is reported alike: a hidden field does not exist for them.
  if (!found || !source.grant.fields.visible.includes(found.owner)) throw notFound('Field');
  const writer = canDo(source.grant, 'create') || canDo(source.grant, 'edit');
  if (write && !writer)
    throw forbidden('You are not allowed to create or change records of this form.', 'form_not_writable');
  if (!writer && !canDo(source.grant, 'view'))
    throw forbidden('You are not allowed to read records of this form.', 'form_not_readable');
  const target: FormRef = { appId: found.field.config.app ?? ref.appId, formId: found.field.config.form };
  return { reader, field: found.field, target };
}

/**
 * `GET …/fields/:field/choices`: the records a relation field may link to, for its picker. The
 * relation's choice filter comes from the definition and is applied as a system condition over
 * every field of the target (it may name a field hidden from the caller), AND-ed with the caller's
 * view scope on the target; the caller's `q` searches visible fields only and hidden values are
 * left out of the answer (decision 0027). `titles` names each record as record answers' `display`
 * does (decision 0035): the player may not have the target's definition (another app), and a
 * picker must never show a raw id.
 */
export async function relationChoices(
  db: Db,
  principal: Principal,
  ref: FormRef,
  fieldId: string,
  query: ChoicesQuery,
  locale: string,
): Promise<RecordPage & { titles: Record<string, string> }> {
  const { reader, field, target } = await openPicker(db, principal, ref, fieldId, true);
  const { query: targetForm, ctx } = await reader.open(target);
  const unknown = Object.keys(query).filter((k) => !['q', 'limit', 'cursor'].includes(k));
  if (unknown.length)
    throw validationFailed(
      unknown.map((k) => ({ path: `/${k}`, code: 'unknown_property', message: `unknown property "${k}"` })),
      'The query is invalid.',
    );
  const list = checkList(targetForm, { q: query.q, limit: query.limit, cursor: query.cursor });
  const page = await reader.choices(target, list, field.config.filter);
  const titles = Object.fromEntries(page.items.map((r) => [r.id, linkedTitle(ctx.form, field, r, locale)]));
  return { ...page, titles };
}

/** What a record id may look like (a NUL or a quote never reaches a statement). */
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** At most this many ids per `…/fields/:field/titles` request. */
export const MAX_PICKER_TITLES = 100;

/**
 * `GET …/fields/:field/titles?ids=a,b`: the titles of records a picker holds but has no name for
 * (a value set by a linkage default or a formula, a link outside the current choices page), by
 * the same rule as record answers' `display` (decision 0035): null for a record the caller may
 * not see. For whoever sees the field (a read-only form holds values too).
 */
export async function relationPickerTitles(
  db: Db,
  principal: Principal,
  ref: FormRef,
  fieldId: string,
  ids: unknown,
  locale: string,
): Promise<Record<string, string | null>> {
  const list = typeof ids === 'string' ? [...new Set(ids.split(',').filter(Boolean))] : [];
  if (list.length === 0 || list.length > MAX_PICKER_TITLES || list.some((id) => !RECORD_ID.test(id)))
    throw validationFailed(
      [
        {
          path: '/ids',
          code: 'invalid_ids',
          message: `ids must list 1 to ${MAX_PICKER_TITLES} record ids, separated by commas`,
        },
      ],
      'The query is invalid.',
    );
  const { reader, field, target } = await openPicker(db, principal, ref, fieldId, false);
  return relationTitles(reader, target.appId, field, list, locale);
}
