import { checkAggregate, checkFilter, checkSort } from '@tangram/query';
import type { AggregateQuery, Filter, SortKey, ValidationIssue } from '@tangram/schema';
import type { Principal } from '../access';
import type { FormContext } from '../apps/app-cache';
import type { Db } from '../db/db';
import { badRequest, validationFailed } from '../http/app-error';
import { StrictJsonError, parseStrictJson } from '../http/strict-json';
import { openReader, type ReadAction } from './kernel/reader';
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
  const { ctx } = await reader.open(ref, action);
  return reader.page(ref, checkList(ctx, query), action);
}

/** Grouped measures over the permitted live records, computed in SQL. */
export async function aggregateRecords(db: Db, principal: Principal, ref: FormRef, body: unknown) {
  const reader = openReader(db, principal);
  const { ctx } = await reader.open(ref);
  const issues = checkAggregate(body, ctx.form, '');
  if (issues.length) throw validationFailed(issues, 'The aggregate query is invalid.');
  return { rows: await reader.aggregate(ref, body as AggregateQuery) };
}
