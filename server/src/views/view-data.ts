import { addDays, checkAggregate } from '@tangram/query';
import type { AggregateQuery, Filter, FormDefinition, ValidationIssue } from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { unprocessable, validationFailed } from '../http/app-error';
import { openReader } from '../records/kernel/reader';
import { listRecords } from '../records/records.query';
import type { FormRef } from '../records/records.service';
import { fieldRoleIssue, type FieldRole } from './view-kinds';

/** Most columns a board shows: a select has at most 1,000 options, members are bounded by the org. */
export const MAX_BOARD_COLUMNS = 1000;
/** Most days one calendar request covers: a month grid is 42 days; a little room for custom ranges. */
export const MAX_CALENDAR_DAYS = 62;
const DEFAULT_EVENTS_PAGE = 500;

export interface BoardColumn {
  /** The group value (option value, user id, workflow status); null for the "no value" column. */
  value: string | null;
  count: number;
  /** The chosen sum over the column's records, as the aggregate answers it; absent without `sumField`. */
  sum?: unknown;
}

/** Refuses fields that cannot play their role, with each path, before any SQL. */
function refuseRoles(form: FormDefinition, refs: [string | undefined, FieldRole, string][]): void {
  const issues = refs
    .map(([ref, role, path]) => (ref === undefined ? null : fieldRoleIssue(form, ref, role, path)))
    .filter((i): i is ValidationIssue => i !== null);
  if (issues.length)
    throw unprocessable('invalid_view_config', 'The view settings name fields that do not fit.', issues);
}

/**
 * A kanban board's columns: per group value the number of records and the chosen sum, in one
 * grouped statement through the read door, so the reader's row scope and field mask apply exactly
 * as to the cards (each column's cards are then paged with `records/query`).
 */
export async function kanbanColumns(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { groupField: string; sumField?: string; filter?: Filter },
): Promise<{ columns: BoardColumn[] }> {
  const reader = openReader(db, principal);
  const { ctx } = await reader.open(ref);
  refuseRoles(ctx.form, [
    [body.groupField, 'group', '/groupField'],
    [body.sumField, 'sum', '/sumField'],
  ]);
  const query: AggregateQuery = {
    groupBy: [{ field: body.groupField, as: 'g' }],
    measures: [
      { op: 'count', as: 'n' },
      ...(body.sumField ? [{ op: 'sum' as const, field: body.sumField, as: 's' }] : []),
    ],
    ...(body.filter ? { filter: body.filter } : {}),
    limit: MAX_BOARD_COLUMNS,
  };
  const issues = checkAggregate(query, ctx.form, '');
  if (issues.length) throw validationFailed(issues, 'The board query is invalid.');
  const rows = await reader.aggregate(ref, query);
  return {
    columns: rows.map((r) => ({
      value: r.g === null || r.g === undefined ? null : String(r.g),
      count: Number(r.n),
      ...(body.sumField ? { sum: r.s ?? null } : {}),
    })),
  };
}

const isDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && addDays(s, 0) === s;

/** Days from `from` to `to`, both included (dates already checked). */
const spanDays = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The filter of "meets the days from..to": a date on a date-time field means that whole day in the
 * org's time zone (query language), so one AST serves date and date-time fields. With an end field,
 * a span meets the range when it starts before its end and ends after its start; an event without
 * an end is a one-day event.
 */
export function rangeFilter(
  dateField: string,
  endField: string | undefined,
  from: string,
  to: string,
): Filter {
  const startsBy: Filter = { kind: 'cmp', field: dateField, op: 'lte', value: to };
  const startsIn: Filter = { kind: 'cmp', field: dateField, op: 'gte', value: from };
  if (!endField) return { kind: 'and', items: [startsIn, startsBy] };
  return {
    kind: 'and',
    items: [
      startsBy,
      {
        kind: 'or',
        items: [
          { kind: 'cmp', field: endField, op: 'gte', value: from },
          { kind: 'and', items: [{ kind: 'cmp', field: endField, op: 'isEmpty' }, startsIn] },
        ],
      },
    ],
  };
}

/**
 * A calendar's events: the records whose date (or span) meets the visible days, in date order,
 * keyset-paged like any list (`cursor`), through the read door with the view's own filter.
 */
export async function calendarEvents(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: {
    dateField: string;
    endField?: string;
    from: string;
    to: string;
    filter?: Filter;
    limit?: number;
    cursor?: string;
  },
) {
  const { ctx } = await openReader(db, principal).open(ref);
  refuseRoles(ctx.form, [
    [body.dateField, 'date', '/dateField'],
    [body.endField, 'date', '/endField'],
  ]);
  const issues: ValidationIssue[] = [];
  if (!isDay(body.from))
    issues.push({ path: '/from', code: 'format', message: 'from must be a calendar date' });
  if (!isDay(body.to)) issues.push({ path: '/to', code: 'format', message: 'to must be a calendar date' });
  if (!issues.length && body.from > body.to)
    issues.push({ path: '/to', code: 'range', message: 'to must not be before from' });
  if (!issues.length && spanDays(body.from, body.to) > MAX_CALENDAR_DAYS)
    issues.push({
      path: '/to',
      code: 'range',
      message: `a calendar request covers at most ${MAX_CALENDAR_DAYS} days`,
    });
  if (issues.length) throw validationFailed(issues, 'The calendar range is invalid.');
  const range = rangeFilter(body.dateField, body.endField, body.from, body.to);
  // The view's filter is checked with its own path by listRecords' check of the combined filter.
  const filter: Filter = body.filter ? { kind: 'and', items: [range, body.filter] } : range;
  return listRecords(db, principal, ref, {
    filter,
    sort: [
      { field: body.dateField, dir: 'asc' },
      { field: 'id', dir: 'asc' },
    ],
    limit: body.limit ?? DEFAULT_EVENTS_PAGE,
    ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
  });
}
