/**
 * The read door of the records kernel (decision 0023): the only code that builds SQL over live
 * records for reads. Every method resolves the form's Grant (once per request), refuses hidden
 * fields in the request (422), AND-merges the row scope into the statement itself (so pages,
 * counts, sums and chart buckets see the same rows), and masks hidden fields out of every answer.
 * `deleted_at IS NULL` lives here.
 */
import { canDo, maskRecord, scopeFilter, systemGrant, type Grant } from '@tangram/acl';
import { fieldRegistry, recordTitle } from '@tangram/fields';
import {
  checkFilter,
  encodeCursor,
  QueryError,
  searchableFields,
  searchNeedle,
  type QueryContext,
  type QueryForm,
  type QueryRecord,
  type QueryTarget,
} from '@tangram/query';
import {
  compileAggregate,
  compileFilter,
  compilePage,
  compileSearch,
  createParams,
  decodeCursor,
  escapeLike,
  readAggregateRow,
  type Cursor,
  type SqlParams,
} from '@tangram/query/sql';
import type { AggregateQuery, Filter, SortKey, WidgetSource } from '@tangram/schema';
import type { Principal } from '../../access';
import { grantFor } from '../../access/grants';
import { loadForm, type FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { memo } from '../../db/request-memo';
import { quoteIdent } from '../../db/sql/ident';
import { replicaReads } from '../../db/read-routing';
import { forbidden, notFound, validationFailed } from '../../http/app-error';
import { fromSqlValue, toSqlValue } from '../../storage/record-codec';
import { recordStore, type RecordDto } from '../../storage/record-store';
import { registeredIndexDemand } from '../../storage/index-demand';
import { indexedSearch, searchColumns, searchTextSql } from '../../storage/search-text';
import { readHistory } from '../record-history';
import { countRows, type CountMode, type TotalKind } from './reader-count';
import { queryTarget } from '../query-target';
import { withSubforms, type FormRef } from '../records.service';
import { aggregateFieldRefs, filterFieldRefs, refuseHiddenFields, sortFieldRefs } from './reader-fields';
import {
  lookupQueryForm,
  lookupTarget,
  readLookupValue,
  resolveLookupColumns,
  type LookupColumn,
} from './reader-lookups';
import { aggregateSource } from './reader-source';
import { answerFromRollup } from '../../rollups/answer';

/** The row actions a read can be made under: a page, an export or a print each use their own scope. */
export type ReadAction = 'view' | 'export' | 'print';

/** A form opened for reading: its context, the reader's grant on it and the dynamic-value context. */
export interface ReadableForm {
  ctx: FormContext;
  /** The reader's grant; lookups the reader may not see (decision 0031) are not among its visible fields. */
  grant: Grant;
  qctx: QueryContext;
  /** The lookup fields the reader may see, computed in SQL by every read of the form. */
  lookups: Map<string, LookupColumn>;
  /** The form as requests may query it: its fields and the lookups above. */
  query: QueryForm;
}

/** A checked list request (records.query.ts validates shapes and fields first). */
export interface ListRequest {
  filter?: Filter;
  sort: SortKey[];
  q?: string;
  /**
   * Records `q` also finds: a filter over relation fields naming the linked records whose own
   * text matched `q` (decision 0035, found through this reader), OR-ed with the text search.
   */
  qLinks?: Filter;
  limit: number;
  cursor?: string;
  /** `true` = `'exact'`; `'capped'` and `'estimate'` never scan a large set (reader-count.ts). */
  count?: boolean | CountMode;
}

export interface RecordPage {
  items: RecordDto[];
  nextCursor: string | null;
  total?: number;
  /** With `count: 'capped' | 'estimate'` only: whether `total` is exact, a floor or an estimate. */
  totalKind?: TotalKind;
}

type Row = Record<string, unknown>;

export interface RecordReader {
  /**
   * The form with the reader's grant: 404 when the app or form does not exist or the app is not
   * visible to the reader, 403 when the app is visible but `action` is not granted on the form.
   */
  open(ref: FormRef, action?: ReadAction): Promise<ReadableForm>;
  /** One keyset page of permitted records, hidden fields left out. */
  page(ref: FormRef, list: ListRequest, action?: ReadAction): Promise<RecordPage>;
  /**
   * A relation picker's page of target records: `page` under the view scope, plus the relation's
   * own choice filter (`definitionFilter`, from the app definition, never from the request),
   * compiled over every field of the target like `existing` does on writes: the author's condition
   * may name a field hidden from the reader. Hidden values are still left out of the answer, and
   * the request's own `q`, filter and sort stay limited to visible fields (decision 0027).
   */
  choices(ref: FormRef, list: ListRequest, definitionFilter: Filter | undefined): Promise<RecordPage>;
  /** How many permitted records match. */
  count(ref: FormRef, q: { filter?: Filter; q?: string }): Promise<number>;
  /** One permitted live record; 404 when it is outside the scope (its existence does not leak). */
  get(ref: FormRef, id: string): Promise<RecordDto>;
  /**
   * A checked aggregate query over the permitted records of a form, or of a subform's rows joined
   * to their permitted parents (`source.subform`). Rows come back in API shape.
   */
  aggregate(
    ref: FormRef,
    query: AggregateQuery,
    opts?: { source?: WidgetSource; action?: ReadAction },
  ): Promise<Row[]>;
  /**
   * The recycle bin: deleted records the reader may restore (`delete` on the form, rows inside both
   * the view and the delete scope), most recently deleted first, keyset-paged by deletion time and
   * id; hidden fields left out. 403 `form_not_writable` without `delete`.
   */
  deleted(ref: FormRef, q: { limit: number; cursor?: string }): Promise<RecordPage>;
  /** The history of a permitted record (deleted ones too), without changes of hidden fields. */
  history(ref: FormRef, id: string): Promise<Awaited<ReturnType<typeof readHistory>>>;
  /**
   * The title-field values of records the caller reaches through another right (a task in their
   * inbox, a link in a record they see): no row scope, but nothing when the app is not visible to
   * them. The title field, else the serial number or a summary of visible short fields (decision
   * 0035); hidden fields are never read. Keyed by record id; records with nothing filled are left out.
   */
  titles(ref: FormRef, ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Which of `ids` are live records inside the view scope (`live`), and which of those also match
   * `filter` (`matching`). The filter is a definition's own (a relation's choice filter), compiled
   * over every field: the app's author wrote it, not the reader. One statement.
   */
  existing(
    ref: FormRef,
    ids: readonly string[],
    filter?: Filter,
  ): Promise<{ live: Set<string>; matching: Set<string> }>;
  /**
   * A lookup by one field's value over the live records in the view scope (MAPX): `GET` answers
   * `returnField` of the first match by record number, the others aggregate over every match.
   * Null when a field is unknown or archived or the value cannot match; hidden fields are refused (422).
   */
  lookup(ref: FormRef, q: LookupRequest): Promise<unknown>;
  /**
   * The form's lookup values for relation values that need not be stored yet (`data` holds the
   * relation fields): formulas of a record being written, the answer of a write, the preview of an
   * unsaved record. Only the lookups this reader may see are answered (decision 0031).
   */
  lookupValues(ref: FormRef, data: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>;
  /**
   * Data linkage: field `take` of the first live record (by record number) in the view scope whose
   * `match` fields equal the given values; null when none matches or a value cannot match. Hidden
   * fields are refused (422) like in filters: the linkage must not probe what the reader cannot see.
   */
  linked(ref: FormRef, q: LinkedRequest): Promise<unknown>;
}

export type LookupOp = 'GET' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'COUNT';

export interface LinkedRequest {
  match: readonly { field: string; value: unknown }[];
  take: string;
}

export interface LookupRequest {
  op: LookupOp;
  matchField: string;
  matchValue: unknown;
  returnField: string;
}

const LOOKUP_AGGREGATES: Record<Exclude<LookupOp, 'GET'>, (column: string) => string> = {
  SUM: (c) => `sum(${c})`,
  AVG: (c) => `avg(${c})`,
  MIN: (c) => `min(${c})`,
  MAX: (c) => `max(${c})`,
  COUNT: () => 'count(*)',
};

interface ReaderIdentity {
  orgId: string;
  /** The principal reading, or a system reason (server-internal reads, `systemGrant`). */
  who: { principal: Principal } | { system: string };
}

/**
 * The reader of one request, reading as `principal` (the session's, or the viewed user's for an
 * admin's "view as"). Grants are computed once per form per request (access/grants.ts).
 */
export function openReader(db: Db, principal: Principal): RecordReader {
  return createReader(db, { orgId: principal.orgId, who: { principal } });
}

/**
 * A reader for server-internal work that is not done on a user's behalf (workflow engine resolving
 * assignees, formula reads of other forms): every record and field, visibly in the code. `reason`
 * names the caller for review and logs.
 */
export function openSystemReader(db: Db, orgId: string, reason: string): RecordReader {
  return createReader(db, { orgId, who: { system: reason } });
}

function createReader(db: Db, identity: ReaderIdentity): RecordReader {
  // List pages, counts, aggregates and the recycle bin may come from a read replica (decision 0055);
  // definitions, grants, single records and the checks of writes stay on `db`, the primary. System
  // readers work for writes (workflow, formulas) and always read the primary.
  const listDb = 'principal' in identity.who ? replicaReads(db, identity.who.principal.userId) : db;
  let timeZone: Promise<string> | undefined;
  const orgTimeZone = () => (timeZone ??= loadTimeZone(db, identity.orgId));

  /** A related form of a lookup with the reader's grant on it; null when it does not exist for them. */
  async function relatedForm(appId: string, formId: string) {
    const ctx = await loadForm(db, identity.orgId, appId, formId);
    if ('system' in identity.who) return { ctx, grant: systemGrant(ctx.form, identity.who.system) };
    const grant = await grantFor(db, identity.who.principal, ctx.app, formId);
    return { ctx, grant: grant.appRole === null || !canDo(grant, 'view') ? null : grant };
  }

  /** The form with its lookups resolved for this reader, hiding the lookups it may not see. */
  async function withLookups(ctx: FormContext, grant: Grant, qctx: QueryContext): Promise<ReadableForm> {
    const resolved = await resolveLookupColumns(ctx, (rel) =>
      relatedForm(rel.config.app ?? ctx.app.id, rel.config.form),
    );
    // Lookups hidden on this form itself are not computed either.
    const lookups = new Map([...resolved.columns].filter(([id]) => grant.fields.visible.includes(id)));
    const unseen = new Set(
      ctx.form.fields.filter((f) => f.type === 'lookup' && !lookups.has(f.id)).map((f) => f.id),
    );
    const masked: Grant =
      unseen.size === 0
        ? grant
        : {
            ...grant,
            fields: {
              visible: grant.fields.visible.filter((id) => !unseen.has(id)),
              editable: grant.fields.editable.filter((id) => !unseen.has(id)),
            },
          };
    return { ctx, grant: masked, qctx, lookups, query: lookupQueryForm(ctx.form.fields, resolved) };
  }

  async function open(ref: FormRef, action: ReadAction = 'view'): Promise<ReadableForm> {
    const ctx = await loadForm(db, identity.orgId, ref.appId, ref.formId);
    const tz = await orgTimeZone();
    if ('system' in identity.who) {
      const qctx: QueryContext = { now: new Date(), timeZone: tz, userId: '', userDepartmentIds: [] };
      return withLookups(ctx, systemGrant(ctx.form, identity.who.system), qctx);
    }
    const { principal } = identity.who;
    const grant = await grantFor(db, principal, ctx.app, ref.formId);
    // An app the reader is not a member of does not exist for them; a form of a visible app
    // without the action is a plain refusal.
    if (grant.appRole === null) throw notFound('App');
    if (!canDo(grant, action))
      throw forbidden(`You are not allowed to ${action} the records of this form.`, 'form_not_readable');
    const qctx: QueryContext = {
      now: new Date(),
      timeZone: tz,
      userId: principal.userId,
      userDepartmentIds: principal.departmentIds,
    };
    return withLookups(ctx, grant, qctx);
  }

  function page(ref: FormRef, list: ListRequest, action: ReadAction = 'view'): Promise<RecordPage> {
    return readPage(ref, list, action, undefined);
  }

  function choices(
    ref: FormRef,
    list: ListRequest,
    definitionFilter: Filter | undefined,
  ): Promise<RecordPage> {
    return readPage(ref, list, 'view', definitionFilter);
  }

  async function readPage(
    ref: FormRef,
    list: ListRequest,
    action: ReadAction,
    definitionFilter: Filter | undefined,
  ): Promise<RecordPage> {
    const form = await open(ref, action);
    const { ctx } = form;
    const used = [...filterFieldRefs(list.filter, '/filter'), ...sortFieldRefs(list.sort, '/sort')];
    refuseHiddenFields(form.grant, used);
    wantSortIndexes(db, form, used);
    if (list.q) wantSearchIndex(db, form);
    const table = quoteIdent(ctx.table.table);
    // Each statement has its own parameters, and lookup filters put theirs there: one target each.
    const requested = (params: SqlParams, target: QueryTarget): string[] => [
      ...(definitionFilter ? [definitionWhere(form, definitionFilter, params)] : []),
      ...(list.filter ? [compileFilter(list.filter, target, form.qctx, params)] : []),
      ...(list.q ? [searchWhere(form, list.q, list.qLinks, target, params)] : []),
    ];
    const conditions = (params: SqlParams, target: QueryTarget): string[] => [
      liveWhere(form, action, params),
      ...requested(params, target),
    ];
    let cursor: Cursor | null = null;
    if (list.cursor !== undefined) {
      const decoded = decodeCursor(list.cursor, list.sort, form.query);
      if (!decoded.ok)
        throw validationFailed(decoded.issues, 'The cursor is invalid; start again from the first page.');
      cursor = decoded.value;
    }
    // Segments are read in order until the page (plus one row to know there is more) is full.
    const rows: Row[] = [];
    const segments = compilePage(list.sort, cursor, visibleTarget(form, createParams())).length;
    // PostgreSQL server only: PGlite's planner (PostgreSQL 18) walks the unscoped sort index inside
    // every branch when the filter is selective, slower than one walk (decision 0033).
    const departments = db.kind === 'postgres' ? departmentBranches(form, action, list.sort) : null;
    for (let i = 0; i < segments; i++) {
      const params = createParams();
      const target = visibleTarget(form, params);
      const segment = compilePage(list.sort, cursor, target)[i]!;
      const select = selectList(form, params);
      const limit = list.limit + 1 - rows.length;
      let sql: string;
      if (departments) {
        // One branch per department, each read in page order over its (owner_department_id, col,
        // id) index and cut at the page size; Merge Append merges them (decision 0033). The
        // request's conditions and the keyset compile once: every branch uses the same parameters.
        const rest = [...requested(params, target), segment.where(params)].join(' AND ');
        const branches = departments.map((d) => {
          const scope = compileFilter(departmentEq(d), queryTarget(ctx), form.qctx, params);
          return `(SELECT ${select} FROM ${table} t WHERE t.deleted_at IS NULL AND (${scope}) AND ${rest}
            ORDER BY ${segment.orderBy} LIMIT ${limit})`;
        });
        sql = `SELECT * FROM (${branches.join(' UNION ALL ')}) t ORDER BY ${segment.orderBy} LIMIT ${limit}`;
      } else {
        const where = [...conditions(params, target), segment.where(params)];
        sql = `SELECT ${select} FROM ${table} t WHERE ${where.join(' AND ')}
          ORDER BY ${segment.orderBy} LIMIT ${limit}`;
      }
      const result = await listDb.query(sql, params.values);
      rows.push(...result.rows);
      if (rows.length > list.limit) break;
    }
    const hasMore = rows.length > list.limit;
    const items = await toRecords(form, rows.slice(0, list.limit), listDb);
    const last = items[items.length - 1];
    // The cursor is built before masking: it carries only sort keys, which are visible fields.
    const nextCursor = hasMore && last ? encodeCursor(list.sort, asQueryRecord(last), form.query) : null;
    let counted: { total: number; totalKind?: TotalKind } | undefined;
    if (list.count) {
      const params = createParams();
      const from = `${table} t WHERE ${conditions(params, visibleTarget(form, params)).join(' AND ')}`;
      const mode = list.count === true ? 'exact' : list.count;
      const result = await countRows(listDb, from, params.values, mode);
      // `count: true` answers as it always did: a bare exact total.
      counted = list.count === true ? { total: result.total } : result;
    }
    return {
      items: items.map((r) => maskRecord(form.grant, r)),
      nextCursor,
      ...counted,
    };
  }

  async function count(ref: FormRef, q: { filter?: Filter; q?: string }): Promise<number> {
    const result = await page(ref, { ...q, sort: [{ field: 'id', dir: 'asc' }], limit: 1, count: true });
    return result.total ?? 0;
  }

  async function get(ref: FormRef, id: string): Promise<RecordDto> {
    const form = await open(ref);
    const row = await scopedRow(form, id, { includeDeleted: false });
    const [record] = await toRecords(form, [row]);
    return maskRecord(form.grant, record!);
  }

  async function deleted(ref: FormRef, q: { limit: number; cursor?: string }): Promise<RecordPage> {
    const form = await open(ref);
    if (!canDo(form.grant, 'delete'))
      throw forbidden('You are not allowed to restore the records of this form.', 'form_not_writable');
    const params = createParams();
    // Milliseconds: the precision the API's `deletedAt` (and so the cursor) carries.
    const at = `date_trunc('milliseconds', t.deleted_at)`;
    const where = ['t.deleted_at IS NOT NULL'];
    for (const action of ['view', 'delete'] as const) {
      const scope = scopeWhere(form, action, params);
      if (scope) where.push(scope);
    }
    if (q.cursor !== undefined) {
      const c = decodeBinCursor(q.cursor);
      where.push(`(${at}, t.id) < (${params.add(c.at)}::timestamptz, ${params.add(c.id)})`);
    }
    const { rows } = await listDb.query<Row>(
      `SELECT ${selectList(form, params)} FROM ${quoteIdent(form.ctx.table.table)} t
        WHERE ${where.join(' AND ')} ORDER BY ${at} DESC, t.id DESC LIMIT ${q.limit + 1}`,
      params.values,
    );
    const records = (await toRecords(form, rows.slice(0, q.limit), listDb)).map((r) =>
      maskRecord(form.grant, r),
    );
    const last = records.at(-1);
    const more = rows.length > q.limit && last?.deletedAt;
    return {
      items: records,
      nextCursor: more ? Buffer.from(JSON.stringify([last.deletedAt, last.id])).toString('base64url') : null,
    };
  }

  /** Rows of `selectList` as API records: subform rows attached, lookup values in `data`. */
  async function toRecords(form: ReadableForm, rows: Row[], source: Db = db): Promise<RecordDto[]> {
    const records = await withSubforms(source, form.ctx, rows);
    records.forEach((record, i) => {
      for (const [fieldId, lookup] of form.lookups)
        record.data[fieldId] = readLookupValue(lookup, rows[i]![lookup.alias]);
    });
    return records;
  }

  /** The row `id` inside the view scope, or 404. */
  async function scopedRow(form: ReadableForm, id: string, opts: { includeDeleted: boolean }): Promise<Row> {
    const params = createParams();
    const idParam = params.add(id);
    const scope = scopeWhere(form, 'view', params);
    const where = [`t.id = ${idParam}`, ...(opts.includeDeleted ? [] : ['t.deleted_at IS NULL'])];
    if (scope) where.push(scope);
    const { rows } = await db.query(
      `SELECT ${selectList(form, params)} FROM ${quoteIdent(form.ctx.table.table)} t
        WHERE ${where.join(' AND ')}`,
      params.values,
    );
    if (!rows[0]) throw notFound('Record');
    return rows[0];
  }

  async function aggregate(
    ref: FormRef,
    query: AggregateQuery,
    opts: { source?: WidgetSource; action?: ReadAction } = {},
  ): Promise<Row[]> {
    const action = opts.action ?? 'view';
    const form = await open(ref, action);
    const src = aggregateSource(form.ctx, form.ctx.app, opts.source ?? { form: ref.formId });
    // A subform's own columns are visible when the subform is (a subform is masked as a whole).
    const subformVisible = src.subform === undefined || form.grant.fields.visible.includes(src.subform);
    refuseHiddenFields(
      form.grant,
      aggregateFieldRefs(query),
      (id) => subformVisible && src.ownFields.has(id),
    );
    // A rollup counts every live record: only a reader who may see every row gets its numbers
    // (decision 0053); anyone else, and subform rows, read the records.
    if (src.subform === undefined && scopeFilter(form.grant, action) === 'all') {
      const rolled = await answerFromRollup(db, form.ctx, query, form.qctx);
      if (rolled) return rolled;
    }
    const params = createParams();
    // The scope is compiled first, into the statement's own parameter list, then the query after it.
    const where = liveWhere(form, action, params);
    const compiled = compileAggregate(query, src.target, form.qctx, params, { from: src.from, where });
    const { rows } = await listDb.query<Row>(compiled.sql, params.values);
    return rows.map((row) => readAggregateRow(row, compiled.columns));
  }

  async function history(ref: FormRef, id: string) {
    const form = await open(ref);
    await scopedRow(form, id, { includeDeleted: true });
    const visible = new Set(form.grant.fields.visible);
    const entries = await readHistory(db, identity.orgId, ref.appId, ref.formId, id);
    return entries.map((e) => ({ ...e, changes: e.changes.filter((c) => visible.has(c.field)) }));
  }

  async function titles(ref: FormRef, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ctx = await loadForm(db, identity.orgId, ref.appId, ref.formId).catch(() => null);
    if (!ctx || ids.length === 0) return out;
    let visible: ReadonlySet<string> | null = null;
    if ('principal' in identity.who) {
      const grant = await grantFor(db, identity.who.principal, ctx.app, ref.formId);
      if (grant.appRole === null) return out;
      visible = new Set(grant.fields.visible);
    }
    // The title field, else the serial number, else a summary of short fields (decision 0035):
    // only fields the reader may see are read, so a hidden title is never the answer.
    const columns = ctx.form.fields
      .map((f) => ({ field: f, column: ctx.table.columns.get(f.id) }))
      .filter(({ field, column }) => column && !column.archived && (!visible || visible.has(field.id)))
      .filter(({ field }) => TITLE_TYPES.has(field.type) || field.id === ctx.form.titleField)
      // The title field and the serial number first: the summary only needs the first few others.
      .sort((a, b) => titleRank(ctx.form, a.field) - titleRank(ctx.form, b.field))
      .slice(0, MAX_TITLE_COLUMNS);
    if (columns.length === 0) return out;
    const select = columns.map(({ column }, i) => `${quoteIdent(column!.column)} AS c${i}`).join(', ');
    const { rows } = await db.query<Row>(
      `SELECT id, ${select} FROM ${quoteIdent(ctx.table.table)} WHERE id = ANY($1)`,
      [ids],
    );
    const form = { ...ctx.form, fields: columns.map(({ field }) => field) };
    for (const row of rows) {
      const data: Record<string, unknown> = {};
      columns.forEach(
        ({ field, column }, i) => (data[field.id] = fromSqlValue(column!.storage, row[`c${i}`])),
      );
      const title = recordTitle(form, data, fieldRegistry, { locale: 'zh-CN' });
      if (title !== null) out.set(row.id as string, title);
    }
    return out;
  }

  async function existing(ref: FormRef, ids: readonly string[], filter?: Filter) {
    const live = new Set<string>();
    const matching = new Set<string>();
    if (ids.length === 0) return { live, matching };
    const form = await open(ref);
    const params = createParams();
    const idsParam = params.add([...ids]);
    const where = liveWhere(form, 'view', params);
    const matches = filter
      ? `COALESCE((${compileFilter(filter, queryTarget(form.ctx), form.qctx, params)}), FALSE)`
      : 'TRUE';
    const { rows } = await db.query<{ id: string; matches: boolean }>(
      `SELECT t.id, ${matches} AS matches FROM ${quoteIdent(form.ctx.table.table)} t
        WHERE t.id = ANY(${idsParam}) AND ${where}`,
      params.values,
    );
    for (const row of rows) {
      live.add(row.id);
      if (row.matches) matching.add(row.id);
    }
    return { live, matching };
  }

  async function lookup(ref: FormRef, q: LookupRequest): Promise<unknown> {
    const form = await open(ref);
    const match = form.ctx.table.columns.get(q.matchField);
    const result = form.ctx.table.columns.get(q.returnField);
    if (!match || !result || match.archived || result.archived) return null;
    refuseHiddenFields(form.grant, [
      [q.matchField, '/matchField'],
      [q.returnField, '/returnField'],
    ]);
    const value = toSqlValue(match.storage, q.matchValue);
    if (value === null) return null;
    const params = createParams();
    const where = `${liveWhere(form, 'view', params)} AND t.${quoteIdent(match.column)} = ${params.add(value)}`;
    const table = quoteIdent(form.ctx.table.table);
    const column = `t.${quoteIdent(result.column)}`;
    if (q.op === 'GET') {
      const { rows } = await db.query<{ v: unknown }>(
        `SELECT ${column} AS v FROM ${table} t WHERE ${where} ORDER BY t.seq LIMIT 1`,
        params.values,
      );
      return rows[0] ? fromSqlValue(result.storage, rows[0].v) : null;
    }
    const aggregate = LOOKUP_AGGREGATES[q.op];
    if (!aggregate) return null;
    const { rows } = await db.query<{ v: unknown }>(
      `SELECT ${aggregate(column)} AS v FROM ${table} t WHERE ${where}`,
      params.values,
    );
    const v = rows[0]?.v;
    return v === null || v === undefined ? null : Number(v);
  }

  async function lookupValues(ref: FormRef, data: Readonly<Record<string, unknown>>) {
    const form = await open(ref);
    const out: Record<string, unknown> = {};
    if (form.lookups.size === 0) return out;
    const params = createParams();
    const columns = [...form.lookups.values()].map((l) => {
      const linkedIds = data[l.relationId];
      const value = l.target.multiple
        ? Array.isArray(linkedIds)
          ? linkedIds.filter((v) => typeof v === 'string')
          : null
        : typeof linkedIds === 'string'
          ? linkedIds
          : null;
      const link = `${params.add(value)}::text${l.target.multiple ? '[]' : ''}`;
      return `${l.sql(params, form.qctx, link)} AS ${quoteIdent(l.alias)}`;
    });
    const { rows } = await db.query<Row>(`SELECT ${columns.join(', ')}`, params.values);
    for (const [fieldId, l] of form.lookups) out[fieldId] = readLookupValue(l, rows[0]?.[l.alias]);
    return out;
  }

  async function linked(ref: FormRef, q: LinkedRequest): Promise<unknown> {
    const form = await open(ref);
    const columns = form.ctx.table.columns;
    const take = columns.get(q.take);
    const match = q.match.map((m) => ({ column: columns.get(m.field), value: m.value }));
    refuseHiddenFields(form.grant, [
      ...q.match.map((m, i): [string, string] => [m.field, `/match/${i}/field`]),
      [q.take, '/take'],
    ]);
    if (!take || take.archived || match.some((m) => !m.column || m.column.archived)) return null;
    const params = createParams();
    const where = [liveWhere(form, 'view', params)];
    for (const m of match) {
      const value = toSqlValue(m.column!.storage, m.value);
      // An empty key matches nothing (it is not "the record whose key is empty").
      if (value === null || m.column!.storage === 'jsonb' || m.column!.storage === 'text[]') return null;
      where.push(`t.${quoteIdent(m.column!.column)} = ${params.add(value)}`);
    }
    const { rows } = await db.query<{ v: unknown }>(
      `SELECT t.${quoteIdent(take.column)} AS v FROM ${quoteIdent(form.ctx.table.table)} t
        WHERE ${where.join(' AND ')} ORDER BY t.seq LIMIT 1`,
      params.values,
    );
    return rows[0] ? fromSqlValue(take.storage, rows[0].v) : null;
  }

  return {
    open,
    page,
    choices,
    count,
    get,
    aggregate,
    deleted,
    history,
    titles,
    existing,
    lookup,
    lookupValues,
    linked,
  };
}

/** Field types a fallback title may be made of (see `recordTitle`), and how many columns to read. */
const TITLE_TYPES: ReadonlySet<string> = new Set([
  'text',
  'serial',
  'select',
  'radio',
  'phone',
  'email',
  'number',
  'money',
  'date',
]);
const MAX_TITLE_COLUMNS = 8;
const titleRank = (form: { titleField?: string }, field: { id: string; type: string }) =>
  field.id === form.titleField ? 0 : field.type === 'serial' ? 1 : 2;

/** A recycle-bin cursor (`[deletedAt, id]`, base64url JSON), or 400 naming it. */
function decodeBinCursor(cursor: string): { at: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      value[1].length <= 64
    )
      return { at: value[0], id: value[1] };
  } catch {
    // Falls through to the error below.
  }
  throw validationFailed(
    [{ path: '/cursor', code: 'invalid_cursor', message: 'cursor is not a recycle-bin cursor' }],
    'The cursor is invalid; start again from the first page.',
  );
}

/**
 * Asks for the `(col, id)` b-trees of the record columns a page filters or sorts by; they are
 * built in the background the first time (storage/index-demand.ts, decision 0052). On `db`, the
 * primary (a replica cannot build), and only when it is the app's root handle, not a transaction.
 */
function wantSortIndexes(db: Db, form: ReadableForm, used: readonly [string, string][]): void {
  const columns = [];
  for (const [fieldId] of used) {
    const field = form.ctx.form.fields.find((f) => f.id === fieldId);
    const state = form.ctx.table.columns.get(fieldId);
    if (!field || !state || state.archived || !fieldRegistry.of(field).indexed(field as never)) continue;
    columns.push({ column: state.column, storage: state.storage });
  }
  if (columns.length) registeredIndexDemand(db)?.want(form.ctx.table.table, columns);
}

/** Asks for the form's search index (built in the background when missing, decision 0065). */
function wantSearchIndex(db: Db, form: ReadableForm): void {
  const covered = searchColumns(form.ctx.form.fields, form.ctx.table);
  registeredIndexDemand(db)?.wantSearch(
    form.ctx.table.table,
    covered.map((c) => c.column),
  );
}

/** `q` over the visible text fields, or (with `links`) a link to a record whose text matched it. */
function searchWhere(
  form: ReadableForm,
  q: string,
  links: Filter | undefined,
  target: QueryTarget,
  params: SqlParams,
): string {
  const text = textSearch(form, q, target, params);
  if (!links) return text;
  return `(${text} OR COALESCE((${compileFilter(links, target, form.qctx, params)}), FALSE))`;
}

/**
 * The text part of `q`, through the form's one search index when it can serve it (decision 0052,
 * storage/search-text.ts): the joined text alone when the reader searches exactly the covered
 * columns, else as a pre-filter before the per-field search. The answer is the same either way.
 */
function textSearch(form: ReadableForm, q: string, target: QueryTarget, params: SqlParams): string {
  const needle = searchNeedle(q);
  if (needle === null) return compileSearch(q, target, params);
  const covered = searchColumns(form.ctx.form.fields, form.ctx.table);
  const searched = searchableFields(target).map((f) => f.ref);
  const plan = indexedSearch(covered, searched, needle);
  if (plan.kind === 'none') return compileSearch(q, target, params);
  const joined = searchTextSql(plan.columns.map((c) => `"t".${quoteIdent(c)}`));
  const pre = `${joined} LIKE ${params.add(`%${escapeLike(needle)}%`)}`;
  return plan.kind === 'exact' ? pre : `(${pre} AND ${compileSearch(q, target, params)})`;
}

/**
 * The scope of `action` as SQL over alias `t`, in `params`; null when it adds nothing. A scope
 * that does not compile (a custom filter a later definition change broke) reads as no rows:
 * permissions fail closed.
 */
function scopeWhere(form: ReadableForm, action: ReadAction | 'delete', params: SqlParams): string | null {
  const scope = scopeFilter(form.grant, action);
  if (scope === 'all') return null;
  if (scope === 'none') return 'FALSE';
  try {
    return `(${compileFilter(scope, queryTarget(form.ctx), form.qctx, params)})`;
  } catch (error) {
    if (error instanceof QueryError) return 'FALSE';
    throw error;
  }
}

/**
 * A definition's own condition (a relation's choice filter) as SQL over alias `t`, compiled over
 * every field of the form: the app's author wrote it, not the reader. One that no longer compiles
 * (its target changed since) matches nothing, as a broken scope does: fail closed.
 */
function definitionWhere(form: ReadableForm, filter: Filter, params: SqlParams): string {
  const target = queryTarget(form.ctx);
  // Checked and tried on its own parameters first, so a refused filter leaves no parameter behind.
  if (checkFilter(filter, form.ctx.form, '').length > 0) return 'FALSE';
  try {
    compileFilter(filter, target, form.qctx, createParams());
  } catch (error) {
    if (error instanceof QueryError) return 'FALSE';
    throw error;
  }
  return `COALESCE((${compileFilter(filter, target, form.qctx, params)}), FALSE)`;
}

/** Longest department list a page reads as one branch per department (see `departmentBranches`). */
const MAX_DEPARTMENT_BRANCHES = 32;

/**
 * The departments of a "department (and below)" scope when a page should read them as separate
 * branches, else null. `owner_department_id = ANY(list)` cannot walk the
 * `(owner_department_id, col, id)` index in sort order, so one branch per department (each an
 * equality, served in order) merged by sort order reads only the scope's rows (decision 0033).
 * Only for a scope that is exactly one such list of 2..MAX_DEPARTMENT_BRANCHES departments, and
 * a sort on the record's own columns: the merge re-sorts the branches' output columns, which carry
 * neither lookups nor owner_department_id.
 */
function departmentBranches(
  form: ReadableForm,
  action: ReadAction,
  sort: readonly SortKey[],
): string[] | null {
  const scope = scopeFilter(form.grant, action);
  if (typeof scope === 'string' || scope.kind !== 'cmp') return null;
  if (scope.field !== 'ownerDepartmentId' || scope.op !== 'in') return null;
  const value: unknown = scope.value;
  const ids = Array.isArray(value)
    ? value
    : isDynamic(value, 'currentUserDepartments')
      ? form.qctx.userDepartmentIds
      : null;
  if (!ids || !ids.every((id): id is string => typeof id === 'string')) return null;
  const unique = [...new Set(ids)];
  if (unique.length < 2 || unique.length > MAX_DEPARTMENT_BRANCHES) return null;
  if (sort.some((k) => k.field === 'ownerDepartmentId' || form.lookups.has(k.field))) return null;
  return unique;
}

const isDynamic = (value: unknown, name: string): boolean =>
  typeof value === 'object' && value !== null && (value as { dynamic?: unknown }).dynamic === name;

/** One department of a department scope, compiled as the scope itself would compare it. */
const departmentEq = (id: string): Filter => ({
  kind: 'cmp',
  field: 'ownerDepartmentId',
  op: 'eq',
  value: id,
});

/** Live rows inside the scope of `action`: the WHERE every read of live records starts from. */
function liveWhere(form: ReadableForm, action: ReadAction, params: SqlParams): string {
  const scope = scopeWhere(form, action, params);
  return scope ? `t.deleted_at IS NULL AND ${scope}` : 't.deleted_at IS NULL';
}

/**
 * The form as the request's filter, sort and search see it in one statement: visible fields only,
 * lookups as their subqueries (their filters' literals in `params`).
 */
function visibleTarget(form: ReadableForm, params: SqlParams): QueryTarget {
  const target = lookupTarget(queryTarget(form.ctx), form.lookups, params, form.qctx);
  const visible = new Set(form.grant.fields.visible);
  return { ...target, fields: target.fields.filter((f) => visible.has(f.id)) };
}

/** The record columns and, after them, each visible lookup's value under its own alias. */
function selectList(form: ReadableForm, params: SqlParams): string {
  const lookups = [...form.lookups.values()].map(
    (l) => `${l.sql(params, form.qctx)} AS ${quoteIdent(l.alias)}`,
  );
  return [recordStore.selectList(form.ctx.table), ...lookups].join(', ');
}

/** The API record as the query language reads it: system fields next to field values. */
const asQueryRecord = (r: RecordDto): QueryRecord => ({
  ...r.data,
  id: r.id,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  ownerId: r.ownerId,
  workflowStatus: r.workflowStatus,
});

/** The org's time zone, looked up once per request (db/request-memo.ts). */
function loadTimeZone(db: Db, orgId: string): Promise<string> {
  return memo(`org-time-zone:${orgId}`, async () => {
    const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [
      orgId,
    ]);
    return rows[0]?.time_zone ?? 'UTC';
  });
}
