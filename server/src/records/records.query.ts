import { checkAggregate, checkFilter, checkSort, encodeCursor, type QueryRecord } from '@tangram/query';
import {
  compileFilter,
  compilePage,
  compileSearch,
  createParams,
  decodeCursor,
  type Cursor,
  type SqlParams,
} from '@tangram/query/sql';
import type { Filter, SortKey, ValidationIssue } from '@tangram/schema';
import { authorize, type Principal } from '../access';
import { loadForm, type FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { quoteIdent } from '../db/sql/ident';
import { badRequest, validationFailed } from '../http/app-error';
import { StrictJsonError, parseStrictJson } from '../http/strict-json';
import { recordStore, type RecordDto } from '../storage/record-store';
import { queryContext, queryTarget } from './query-target';
import type { FormRef } from './records.service';
import { withSubforms } from './records.service';
import { compileAggregateQuery } from './records.aggregate';

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
  if (count !== undefined) out.count = count === 'true' || count === '1';
  return out;
}

interface CheckedList {
  filter?: Filter;
  sort: SortKey[];
  q?: string;
  limit: number;
  cursor?: string;
  count: boolean;
}

/** Validates a list request against the form: unknown fields, bad operators and shapes are 400s. */
function checkList(ctx: FormContext, query: ListQuery): CheckedList {
  const issues: ValidationIssue[] = [];
  if (query === null || typeof query !== 'object' || Array.isArray(query))
    throw badRequest('invalid_query', 'The query must be an object.');
  const known = new Set(['filter', 'sort', 'q', 'limit', 'cursor', 'count']);
  for (const key of Object.keys(query))
    if (!known.has(key))
      issues.push({ path: `/${key}`, code: 'unknown_property', message: `unknown property "${key}"` });
  if (query.filter !== undefined) issues.push(...checkFilter(query.filter, ctx.form, '/filter'));
  const sort = query.sort === undefined ? DEFAULT_SORT : query.sort;
  issues.push(...checkSort(sort, ctx.form, '/sort'));
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
  if (query.count !== undefined && typeof query.count !== 'boolean')
    issues.push({ path: '/count', code: 'type', message: 'count must be true or false' });
  if (issues.length) throw validationFailed(issues, 'The query is invalid.');
  return {
    filter: query.filter as Filter | undefined,
    sort: sort as SortKey[],
    q: query.q as string | undefined,
    limit: limit as number,
    cursor: query.cursor as string | undefined,
    count: query.count === true,
  };
}

async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [orgId]);
  return rows[0]?.time_zone ?? 'UTC';
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

/** The form, once the principal may read it (404 for another org's, 403 when refused). */
async function readableForm(db: Db, principal: Principal, ref: FormRef): Promise<FormContext> {
  await authorize(principal, 'read', {
    kind: 'form',
    orgId: principal.orgId,
    appId: ref.appId,
    formId: ref.formId,
  });
  return loadForm(db, principal.orgId, ref.appId, ref.formId);
}

/**
 * One page of live records: filter, search and sort in SQL, keyset pagination (`cursor`, never
 * OFFSET), and the exact total only when asked (`count`), so a page never waits for a count.
 */
export async function listRecords(db: Db, principal: Principal, ref: FormRef, query: ListQuery) {
  const ctx = await readableForm(db, principal, ref);
  const list = checkList(ctx, query);
  const target = queryTarget(ctx);
  const qctx = queryContext(principal, await orgTimeZone(db, principal.orgId));
  const table = quoteIdent(ctx.table.table);
  // Filter and search, compiled into the statement's own parameter list.
  const conditions = (params: SqlParams): string[] => [
    't.deleted_at IS NULL',
    ...(list.filter ? [compileFilter(list.filter, target, qctx, params)] : []),
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
  const rows: Record<string, unknown>[] = [];
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
  return { items, nextCursor, ...(total !== undefined ? { total } : {}) };
}

/** Grouped measures over live records, computed in SQL. */
export async function aggregateRecords(db: Db, principal: Principal, ref: FormRef, body: unknown) {
  const ctx = await readableForm(db, principal, ref);
  const issues = checkAggregate(body, ctx.form, '');
  if (issues.length) throw validationFailed(issues, 'The aggregate query is invalid.');
  const qctx = queryContext(principal, await orgTimeZone(db, principal.orgId));
  return { rows: await compileAggregateQuery(db, ctx, body, qctx) };
}
