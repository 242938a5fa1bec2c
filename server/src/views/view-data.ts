import { addDays, checkAggregate } from '@tangram/query';
import {
  fieldRoleIssue,
  type AggregateQuery,
  type FieldRole,
  type Filter,
  type FormDefinition,
  type ValidationIssue,
} from '@tangram/schema';
import type { Principal } from '../access';
import type { Db } from '../db/db';
import { unprocessable, validationFailed } from '../http/app-error';
import { openReader } from '../records/kernel/reader';
import { listRecords } from '../records/records.query';
import type { FormRef } from '../records/records.service';

/** Most columns a board shows: a select has at most 1,000 options, members are bounded by the org. */
export const MAX_BOARD_COLUMNS = 1000;
/** Most days one calendar request covers: a month grid is 42 days; a little room for custom ranges. */
export const MAX_CALENDAR_DAYS = 62;
/** Most days one gantt request covers: the month zoom shows about half a year; a year bounds it. */
export const MAX_GANTT_DAYS = 370;
/** Most groups a grid shows (like a board's columns). */
export const MAX_GRID_GROUPS = 1000;
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
  const sums = body.sumField ? [body.sumField] : [];
  const groups = await groupSummaries(db, principal, ref, body.groupField, sums, body.filter, {
    sumPath: () => '/sumField',
    limit: MAX_BOARD_COLUMNS,
    what: 'board',
  });
  return {
    columns: groups.map((g) => ({
      value: g.value,
      count: g.count,
      ...(body.sumField ? { sum: g.sums[0] ?? null } : {}),
    })),
  };
}

export interface GridGroup {
  /** The group value; null for the "no value" group. */
  value: string | null;
  count: number;
  /** Per `sumFields` entry, keyed by field id. */
  sums: Record<string, unknown>;
}

/**
 * A grid's groups: per value of `groupField` the number of records and the sums of `sumFields`,
 * in one grouped statement through the read door (like a board's columns); each expanded group's
 * rows are then an ordinary keyset page of `records/query` with the group's filter.
 */
export async function gridGroups(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: { groupField: string; sumFields?: string[]; filter?: Filter },
): Promise<{ groups: GridGroup[] }> {
  const sumFields = body.sumFields ?? [];
  const groups = await groupSummaries(db, principal, ref, body.groupField, sumFields, body.filter, {
    sumPath: (i) => `/sumFields/${i}`,
    limit: MAX_GRID_GROUPS,
    what: 'grouping',
  });
  return {
    groups: groups.map((g) => ({
      value: g.value,
      count: g.count,
      sums: Object.fromEntries(sumFields.map((f, i) => [f, g.sums[i] ?? null])),
    })),
  };
}

/** Count and sums per group value, through the read door (row scope, field mask, the view's filter). */
async function groupSummaries(
  db: Db,
  principal: Principal,
  ref: FormRef,
  groupField: string,
  sumFields: readonly string[],
  filter: Filter | undefined,
  opts: { sumPath: (i: number) => string; limit: number; what: string },
): Promise<{ value: string | null; count: number; sums: unknown[] }[]> {
  const reader = openReader(db, principal);
  const { ctx } = await reader.open(ref);
  refuseRoles(ctx.form, [
    [groupField, 'group', '/groupField'],
    ...sumFields.map((f, i): [string, FieldRole, string] => [f, 'sum', opts.sumPath(i)]),
  ]);
  const query: AggregateQuery = {
    groupBy: [{ field: groupField, as: 'g' }],
    measures: [
      { op: 'count', as: 'n' },
      ...sumFields.map((field, i) => ({ op: 'sum' as const, field, as: `s${i}` })),
    ],
    ...(filter ? { filter } : {}),
    limit: opts.limit,
  };
  const issues = checkAggregate(query, ctx.form, '');
  if (issues.length) throw validationFailed(issues, `The ${opts.what} query is invalid.`);
  const rows = await reader.aggregate(ref, query);
  return rows.map((r) => ({
    value: r.g === null || r.g === undefined ? null : String(r.g),
    count: Number(r.n),
    sums: sumFields.map((_, i) => r[`s${i}`] ?? null),
  }));
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

interface RangeBody {
  from: string;
  to: string;
  filter?: Filter;
  limit?: number;
  cursor?: string;
}

/** The day range of a request, checked: real dates, in order, at most `maxDays` days. */
function checkRange(body: RangeBody, maxDays: number, what: string): void {
  const issues: ValidationIssue[] = [];
  if (!isDay(body.from))
    issues.push({ path: '/from', code: 'format', message: 'from must be a calendar date' });
  if (!isDay(body.to)) issues.push({ path: '/to', code: 'format', message: 'to must be a calendar date' });
  if (!issues.length && body.from > body.to)
    issues.push({ path: '/to', code: 'range', message: 'to must not be before from' });
  if (!issues.length && spanDays(body.from, body.to) > maxDays)
    issues.push({ path: '/to', code: 'range', message: `a ${what} request covers at most ${maxDays} days` });
  if (issues.length) throw validationFailed(issues, `The ${what} range is invalid.`);
}

/** Records whose date (or span) meets the days, in start order, keyset-paged, with the view's filter. */
function recordsInRange(
  db: Db,
  principal: Principal,
  ref: FormRef,
  start: string,
  end: string | undefined,
  body: RangeBody,
) {
  const range = rangeFilter(start, end, body.from, body.to);
  // The view's filter is checked with its own path by listRecords' check of the combined filter.
  const filter: Filter = body.filter ? { kind: 'and', items: [range, body.filter] } : range;
  return listRecords(db, principal, ref, {
    filter,
    sort: [
      { field: start, dir: 'asc' },
      { field: 'id', dir: 'asc' },
    ],
    limit: body.limit ?? DEFAULT_EVENTS_PAGE,
    ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
  });
}

/**
 * A calendar's events: the records whose date (or span) meets the visible days, in date order,
 * keyset-paged like any list (`cursor`), through the read door with the view's own filter.
 */
export async function calendarEvents(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: RangeBody & { dateField: string; endField?: string },
) {
  const { ctx } = await openReader(db, principal).open(ref);
  refuseRoles(ctx.form, [
    [body.dateField, 'date', '/dateField'],
    [body.endField, 'date', '/endField'],
  ]);
  checkRange(body, MAX_CALENDAR_DAYS, 'calendar');
  return recordsInRange(db, principal, ref, body.dateField, body.endField, body);
}

/**
 * A gantt chart's bars: the records whose span from `startField` to `endField` meets the visible
 * days (a bar without an end is a one-day bar), like the calendar's events, over at most a year.
 */
export async function ganttBars(
  db: Db,
  principal: Principal,
  ref: FormRef,
  body: RangeBody & { startField: string; endField: string },
) {
  const { ctx } = await openReader(db, principal).open(ref);
  refuseRoles(ctx.form, [
    [body.startField, 'date', '/startField'],
    [body.endField, 'date', '/endField'],
  ]);
  checkRange(body, MAX_GANTT_DAYS, 'gantt');
  return recordsInRange(db, principal, ref, body.startField, body.endField, body);
}
