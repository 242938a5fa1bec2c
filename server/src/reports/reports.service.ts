import { checkFilter } from '@tangram/query';
import type { Dashboard, Filter, FilterWidget, ValidationIssue, Widget } from '@tangram/schema';
import { authorize, type Principal } from '../access';
import { loadApp, loadForm } from '../apps/app-cache';
import type { Db } from '../db/db';
import { AppError, badRequest, notFound, validationFailed } from '../http/app-error';
import { aggregateRecords, listRecords } from '../records/records.query';
import type { RecordDto } from '../storage/record-store';
import { createReportCache } from './report-cache';
import {
  andMerge,
  chartColumns,
  chartQuery,
  filterCondition,
  type FilterState,
  type FilterValue,
  type WidgetColumn,
} from './widget-query';

/** What one widget answers: its rows, or why it could not (the other widgets still answer). */
export type WidgetData =
  | { columns: WidgetColumn[]; rows: Record<string, unknown>[] }
  | { error: { code: string; message: string; details?: unknown } };

export interface DashboardData {
  widgets: Record<string, WidgetData>;
  computedAt: string;
}

/** Rows a detail table shows when its definition sets no limit. */
const DEFAULT_TABLE_LIMIT = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const cache = createReportCache<DashboardData>();

/** Forgets every cached dashboard result (tests; an admin action later). */
export function clearReportCache(): void {
  cache.clear();
}

/**
 * The data of every widget of a dashboard under a filter state. Each widget runs its own query
 * (in parallel) with the viewer's permissions on its form; results are cached per viewer, app
 * version, dashboard and filter state until a record of the org changes (report-cache.ts).
 */
export async function dashboardData(
  db: Db,
  principal: Principal,
  appId: string,
  dashboardId: string,
  body: unknown,
): Promise<DashboardData> {
  await authorize(principal, 'read', { kind: 'app', orgId: principal.orgId, appId });
  const loaded = await loadApp(db, principal.orgId, appId);
  const dashboard = (loaded.definition.dashboards ?? []).find((d) => d.id === dashboardId);
  if (!dashboard) throw notFound('Dashboard');
  const state = await checkFilterState(db, principal, appId, dashboard, body);
  // The viewer is part of the key: permissions and dynamic values (current user) differ per user.
  const key = JSON.stringify([principal.orgId, appId, loaded.version, dashboard.id, principal.userId, state]);
  const stamp = await cache.stamp(db, principal.orgId);
  const hit = cache.get(key, stamp);
  if (hit) return hit;
  const extra = linkedFilters(dashboard, state);
  const entries = await Promise.all(
    dashboard.widgets
      .filter((w) => w.type !== 'text')
      .map(async (w) => [w.id, await widgetData(db, principal, appId, w, extra.get(w.id))] as const),
  );
  const data: DashboardData = { widgets: Object.fromEntries(entries), computedAt: new Date().toISOString() };
  cache.set(key, stamp, data);
  return data;
}

async function widgetData(
  db: Db,
  principal: Principal,
  appId: string,
  widget: Exclude<Widget, { type: 'text' }>,
  extra: Filter | undefined,
): Promise<WidgetData> {
  const ref = { appId, formId: widget.source.form };
  try {
    if (widget.type === 'table') {
      const filter = andMerge(widget.filter, extra);
      const page = await listRecords(db, principal, ref, {
        ...(filter ? { filter } : {}),
        ...(widget.sort ? { sort: widget.sort } : {}),
        limit: widget.limit ?? DEFAULT_TABLE_LIMIT,
      });
      return {
        columns: widget.columns.map((field) => ({ key: field, role: 'field', field })),
        rows: page.items.map((r) => tableRow(r, widget.columns)),
      };
    }
    const { rows } = await aggregateRecords(db, principal, ref, chartQuery(widget, extra));
    return { columns: chartColumns(widget), rows };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
  }
}

const SYSTEM_KEYS = ['createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'] as const;

/** A record as a table row: its id and the columns' values (system fields included). */
function tableRow(record: RecordDto, columns: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = { id: record.id };
  for (const key of columns) {
    const system = SYSTEM_KEYS.find((k) => k === key);
    row[key] = system ? record[system] : (record.data[key] ?? null);
  }
  return row;
}

/** The extra condition of each widget: every linked filter widget's condition, AND-merged. */
function linkedFilters(dashboard: Dashboard, state: FilterState): Map<string, Filter | undefined> {
  const out = new Map<string, Filter | undefined>();
  for (const filter of dashboard.filters ?? []) {
    const condition = filterCondition(filter, state[filter.id]);
    if (!condition) continue;
    for (const id of filter.widgets) out.set(id, andMerge(out.get(id), condition));
  }
  return out;
}

/**
 * Reads `{ filterState? }`: keys are filter widget ids, values fit the filter's type, and the
 * condition each one makes is a valid filter on every linked widget's form. 400 with paths.
 */
async function checkFilterState(
  db: Db,
  principal: Principal,
  appId: string,
  dashboard: Dashboard,
  body: unknown,
): Promise<FilterState> {
  const input = body ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest('invalid_body', 'The body must be an object { filterState? }.');
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(input))
    if (key !== 'filterState')
      issues.push({ path: `/${key}`, code: 'unknown_property', message: `unknown property "${key}"` });
  const raw = (input as { filterState?: unknown }).filterState ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: '/filterState', code: 'type', message: 'filterState maps filter ids to values' });
    throw validationFailed(issues, 'The filter state is invalid.');
  }
  const filters = new Map((dashboard.filters ?? []).map((f) => [f.id, f]));
  const state: FilterState = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const path = `/filterState/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const filter = filters.get(id);
    if (!filter) {
      issues.push({ path, code: 'unknown_filter', message: `this dashboard has no filter "${id}"` });
      continue;
    }
    const parsed = parseFilterValue(filter, value, path, issues);
    if (!parsed) continue;
    const condition = filterCondition(filter, parsed);
    if (condition) {
      const formIds = new Set([filter.form]);
      for (const w of dashboard.widgets)
        if (w.type !== 'text' && filter.widgets.includes(w.id)) formIds.add(w.source.form);
      for (const formId of formIds) {
        const ctx = await loadForm(db, principal.orgId, appId, formId);
        const found = checkFilter(condition, ctx.form, path);
        if (found.length) {
          issues.push(...found);
          break;
        }
      }
    }
    state[id] = parsed;
  }
  if (issues.length) throw validationFailed(issues, 'The filter state is invalid.');
  // Sorted keys: one cache entry per meaning, whatever order the page sent them in.
  return Object.fromEntries(Object.entries(state).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function parseFilterValue(
  filter: FilterWidget,
  value: unknown,
  path: string,
  issues: ValidationIssue[],
): FilterValue | undefined {
  if (value === null) return undefined;
  const bad = (message: string) => {
    issues.push({ path, code: 'invalid_filter_value', message });
    return undefined;
  };
  if (typeof value !== 'object' || Array.isArray(value)) return bad('a filter value is an object');
  const v = value as Record<string, unknown>;
  if (filter.type === 'dateRange') {
    const extraKey = Object.keys(v).find((k) => k !== 'from' && k !== 'to');
    if (extraKey) return bad(`a date range is { from?, to }; "${extraKey}" is unknown`);
    for (const k of ['from', 'to'] as const)
      if (v[k] !== undefined && (typeof v[k] !== 'string' || !DATE.test(v[k])))
        return bad(`${k} must be a date YYYY-MM-DD`);
    const from = v.from as string | undefined;
    const to = v.to as string | undefined;
    if (from && to && from > to) return bad('from must not be after to');
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  const extraKey = Object.keys(v).find((k) => k !== 'values');
  if (extraKey) return bad(`a selection is { values }; "${extraKey}" is unknown`);
  const values = v.values;
  if (
    !Array.isArray(values) ||
    values.length > 1000 ||
    !values.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
  )
    return bad('values is a list of at most 1000 texts, numbers or booleans');
  return { values: values as (string | number | boolean)[] };
}
