/**
 * The read door of the records kernel (decision 0023): the only code that builds SQL over live
 * records for reads. Every method resolves the form's Grant (once per request), refuses hidden
 * fields in the request (422), AND-merges the row scope into the statement itself (so pages,
 * counts, sums and chart buckets see the same rows), and masks hidden fields out of every answer.
 * `deleted_at IS NULL` lives here.
 */
import { canDo, maskRecord, scopeFilter, systemGrant, type Grant } from '@tangram/acl';
import {
  encodeCursor,
  QueryError,
  type QueryContext,
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
  readAggregateRow,
  type Cursor,
  type SqlParams,
} from '@tangram/query/sql';
import type { AggregateQuery, Filter, SortKey, WidgetSource } from '@tangram/schema';
import type { Principal } from '../../access';
import { grantFor } from '../../access/grants';
import { loadForm, type FormContext } from '../../apps/app-cache';
import type { Db } from '../../db/db';
import { quoteIdent } from '../../db/sql/ident';
import { forbidden, notFound, validationFailed } from '../../http/app-error';
import { fromSqlValue, toSqlValue } from '../../storage/record-codec';
import { recordStore, type RecordDto } from '../../storage/record-store';
import { readHistory } from '../record-history';
import { queryTarget } from '../query-target';
import { withSubforms, type FormRef } from '../records.service';
import { aggregateFieldRefs, filterFieldRefs, refuseHiddenFields, sortFieldRefs } from './reader-fields';
import { aggregateSource } from './reader-source';

/** The row actions a read can be made under: a page, an export or a print each use their own scope. */
export type ReadAction = 'view' | 'export' | 'print';

/** A form opened for reading: its context, the reader's grant on it and the dynamic-value context. */
export interface ReadableForm {
  ctx: FormContext;
  grant: Grant;
  qctx: QueryContext;
}

/** A checked list request (records.query.ts validates shapes and fields first). */
export interface ListRequest {
  filter?: Filter;
  sort: SortKey[];
  q?: string;
  limit: number;
  cursor?: string;
  count?: boolean;
}

export interface RecordPage {
  items: RecordDto[];
  nextCursor: string | null;
  total?: number;
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
  /** The history of a permitted record (deleted ones too), without changes of hidden fields. */
  history(ref: FormRef, id: string): Promise<Awaited<ReturnType<typeof readHistory>>>;
  /**
   * The title-field values of records the caller reaches through another right (a task in their
   * inbox, a link in a record they see): no row scope, but nothing when the title field is hidden
   * from them or the app is not visible to them. Keyed by record id; records without a title are left out.
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
}

export type LookupOp = 'GET' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'COUNT';

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
  let timeZone: Promise<string> | undefined;
  const orgTimeZone = () => (timeZone ??= loadTimeZone(db, identity.orgId));

  async function open(ref: FormRef, action: ReadAction = 'view'): Promise<ReadableForm> {
    const ctx = await loadForm(db, identity.orgId, ref.appId, ref.formId);
    const tz = await orgTimeZone();
    if ('system' in identity.who) {
      const qctx: QueryContext = { now: new Date(), timeZone: tz, userId: '', userDepartmentIds: [] };
      return { ctx, grant: systemGrant(ctx.form, identity.who.system), qctx };
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
    return { ctx, grant, qctx };
  }

  async function page(ref: FormRef, list: ListRequest, action: ReadAction = 'view'): Promise<RecordPage> {
    const form = await open(ref, action);
    const { ctx } = form;
    refuseHiddenFields(form.grant, [
      ...filterFieldRefs(list.filter, '/filter'),
      ...sortFieldRefs(list.sort, '/sort'),
    ]);
    const target = visibleTarget(form);
    const table = quoteIdent(ctx.table.table);
    const conditions = (params: SqlParams): string[] => [
      liveWhere(form, action, params),
      ...(list.filter ? [compileFilter(list.filter, target, form.qctx, params)] : []),
      ...(list.q ? [compileSearch(list.q, target, params)] : []),
    ];
    let cursor: Cursor | null = null;
    if (list.cursor !== undefined) {
      const decoded = decodeCursor(list.cursor, list.sort, ctx.form);
      if (!decoded.ok)
        throw validationFailed(decoded.issues, 'The cursor is invalid; start again from the first page.');
      cursor = decoded.value;
    }
    // Segments are read in order until the page (plus one row to know there is more) is full.
    const rows: Row[] = [];
    for (const segment of compilePage(list.sort, cursor, target)) {
      const params = createParams();
      const where = [...conditions(params), segment.where(params)];
      const result = await db.query(
        `SELECT ${recordStore.selectList(ctx.table)} FROM ${table} t WHERE ${where.join(' AND ')}
          ORDER BY ${segment.orderBy} LIMIT ${list.limit + 1 - rows.length}`,
        params.values,
      );
      rows.push(...result.rows);
      if (rows.length > list.limit) break;
    }
    const hasMore = rows.length > list.limit;
    const items = await withSubforms(db, ctx, rows.slice(0, list.limit));
    const last = items[items.length - 1];
    // The cursor is built before masking: it carries only sort keys, which are visible fields.
    const nextCursor = hasMore && last ? encodeCursor(list.sort, asQueryRecord(last), ctx.form) : null;
    let total: number | undefined;
    if (list.count) {
      const params = createParams();
      const counted = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} t WHERE ${conditions(params).join(' AND ')}`,
        params.values,
      );
      total = counted.rows[0]?.n ?? 0;
    }
    return {
      items: items.map((r) => maskRecord(form.grant, r)),
      nextCursor,
      ...(total !== undefined ? { total } : {}),
    };
  }

  async function count(ref: FormRef, q: { filter?: Filter; q?: string }): Promise<number> {
    const result = await page(ref, { ...q, sort: [{ field: 'id', dir: 'asc' }], limit: 1, count: true });
    return result.total ?? 0;
  }

  async function get(ref: FormRef, id: string): Promise<RecordDto> {
    const form = await open(ref);
    const row = await scopedRow(form, id, { includeDeleted: false });
    const [record] = await withSubforms(db, form.ctx, [row]);
    return maskRecord(form.grant, record!);
  }

  /** The row `id` inside the view scope, or 404. */
  async function scopedRow(form: ReadableForm, id: string, opts: { includeDeleted: boolean }): Promise<Row> {
    const params = createParams();
    const idParam = params.add(id);
    const scope = scopeWhere(form, 'view', params);
    const where = [`t.id = ${idParam}`, ...(opts.includeDeleted ? [] : ['t.deleted_at IS NULL'])];
    if (scope) where.push(scope);
    const { rows } = await db.query(
      `SELECT ${recordStore.selectList(form.ctx.table)} FROM ${quoteIdent(form.ctx.table.table)} t
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
    const params = createParams();
    // The scope is compiled first, into the statement's own parameter list, then the query after it.
    const where = liveWhere(form, action, params);
    const compiled = compileAggregate(query, src.target, form.qctx, params, { from: src.from, where });
    const { rows } = await db.query<Row>(compiled.sql, params.values);
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
    const fieldId = ctx?.form.titleField;
    const column = fieldId ? ctx.table.columns.get(fieldId) : undefined;
    if (!ctx || !fieldId || !column || column.archived || ids.length === 0) return out;
    if ('principal' in identity.who) {
      const grant = await grantFor(db, identity.who.principal, ctx.app, ref.formId);
      if (grant.appRole === null || !grant.fields.visible.includes(fieldId)) return out;
    }
    const { rows } = await db.query<{ id: string; title: unknown }>(
      `SELECT id, ${quoteIdent(column.column)} AS title FROM ${quoteIdent(ctx.table.table)} WHERE id = ANY($1)`,
      [ids],
    );
    for (const row of rows) {
      if (row.title === null || row.title === undefined) continue;
      out.set(row.id, typeof row.title === 'string' ? row.title : JSON.stringify(row.title));
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

  return { open, page, count, get, aggregate, history, titles, existing, lookup };
}

/**
 * The scope of `action` as SQL over alias `t`, in `params`; null when it adds nothing. A scope
 * that does not compile (a custom filter a later definition change broke) reads as no rows:
 * permissions fail closed.
 */
function scopeWhere(form: ReadableForm, action: ReadAction, params: SqlParams): string | null {
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

/** Live rows inside the scope of `action`: the WHERE every read of live records starts from. */
function liveWhere(form: ReadableForm, action: ReadAction, params: SqlParams): string {
  const scope = scopeWhere(form, action, params);
  return scope ? `t.deleted_at IS NULL AND ${scope}` : 't.deleted_at IS NULL';
}

/** The form as the request's filter, sort and search see it: visible fields only. */
function visibleTarget(form: ReadableForm): QueryTarget {
  const target = queryTarget(form.ctx);
  const visible = new Set(form.grant.fields.visible);
  return { ...target, fields: target.fields.filter((f) => visible.has(f.id)) };
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

async function loadTimeZone(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [orgId]);
  return rows[0]?.time_zone ?? 'UTC';
}
