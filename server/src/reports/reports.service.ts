import {
  addDays,
  checkAggregate,
  checkFilter,
  comparisonRange,
  dynamicRange,
  groupValueFilter,
  localDate,
  pointFilter,
  type InclusiveRange,
  type QueryContext,
} from '@tangram/query';
import {
  dimensionKey,
  isAggregateSource,
  pointer,
  sourceFields,
  type AggregateQuery,
  type AppDefinition,
  type ChartWidget,
  type Dashboard,
  type FieldDefinition,
  type Filter,
  type FilterWidget,
  type ValidationIssue,
  type Widget,
  type WidgetSource,
} from '@tangram/schema';
import type { Principal } from '../access';
import { appRoleFor } from '../access/grants';
import { loadApp, loadForm, type FormContext } from '../apps/app-cache';
import { checkAppDefinition } from '../apps/definition-checks';
import type { Db } from '../db/db';
import { AppError, badRequest, forbidden, notFound, validationFailed } from '../http/app-error';
import { runBalanceQuery } from '../aggregates/balance-widget';
import { aggregateSource } from '../records/kernel/reader-source';
import { openReader, type ReadAction, type RecordReader } from '../records/kernel/reader';
import { replicaReads } from '../db/read-routing';
import { listRecords } from '../records/records.query';
import type { RecordDto } from '../storage/record-store';
import { applyFormulaMeasures, formulaMeasures } from './formula-measures';
import { createReportCache } from './report-cache';
import { widgetLabels, type WidgetLabels } from './widget-labels';
import {
  andMerge,
  chartColumns,
  chartQuery,
  drillFilters,
  drillLevel,
  drillLevels,
  filterCondition,
  linkedField,
  MAX_PIVOT_CELLS,
  maxPivotRows,
  widgetGroups,
  type DrillPath,
  type FilterState,
  type FilterValue,
  type WidgetColumn,
} from './widget-query';

type Row = Record<string, unknown>;

/** Extra parts of a widget's answer, per type (docs/decisions/0010-report-widgets.md). */
export interface WidgetExtras {
  drill?: { level: number; levels: number; path: DrillPath; field: string; bucket?: string };
  comparison?: {
    field: string;
    period: 'previous' | 'lastYear';
    current: InclusiveRange;
    previous: InclusiveRange;
    measures: Record<
      string,
      { current: number | null; previous: number | null; delta: number | null; deltaPercent: number | null }
    >;
  };
  gauge?: { value: number | null; min: number; max: number; target?: number };
  stages?: {
    key: unknown;
    value: number | null;
    percentOfFirst: number | null;
    percentOfPrevious: number | null;
  }[];
  pivot?: { rows: string[]; columns: string[]; measures: string[] };
  /** Names of the ids in relation, member and department columns (widget-labels.ts). */
  labels?: WidgetLabels;
}

/** What one widget answers: its rows, or why it could not (the other widgets still answer). */
export type WidgetData =
  | ({ columns: WidgetColumn[]; rows: Row[] } & WidgetExtras)
  | { error: { code: string; message: string; details?: unknown } };

export interface DashboardData {
  widgets: Record<string, WidgetData>;
  computedAt: string;
}

/** The parts of a request that change what widgets answer. */
export interface RequestState {
  filterState: FilterState;
  drill: Record<string, DrillPath>;
  /** The reader's UI language: record titles in the answer's labels are formatted in it. */
  locale?: string;
}

/** One filter widget's condition on one linked widget. */
interface Link {
  filter: FilterWidget;
  field: string;
  value: FilterValue;
  condition: Filter;
}

/** Rows a detail table shows when its definition sets no limit. */
const DEFAULT_TABLE_LIMIT = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const cache = createReportCache<DashboardData>();

/** Forgets every cached dashboard result (tests; an admin action later). */
export function clearReportCache(): void {
  cache.clear();
}

interface Loaded {
  appId: string;
  app: AppDefinition;
  version: number;
  dashboard: Dashboard;
}

async function loadDashboard(
  db: Db,
  principal: Principal,
  appId: string,
  dashboardId: string,
): Promise<Loaded> {
  const loaded = await loadApp(db, principal.orgId, appId);
  // Dashboards belong to the app: hidden from non-members like the app itself. Each widget then
  // reads its form through the records kernel, with the viewer's grant on that form.
  if ((await appRoleFor(db, principal, loaded.definition)) === null) throw notFound('App');
  const dashboard = (loaded.definition.dashboards ?? []).find((d) => d.id === dashboardId);
  if (!dashboard) throw notFound('Dashboard');
  return { appId, app: loaded.definition, version: loaded.version, dashboard };
}

/**
 * The data of every widget of a dashboard under a filter state and drill paths. Each widget runs
 * its own query (in parallel) with the viewer's read permission on its form; results are cached
 * per viewer, app version, dashboard, filter state and drill paths until a record of the org
 * changes (report-cache.ts).
 */
export async function dashboardData(
  db: Db,
  principal: Principal,
  appId: string,
  dashboardId: string,
  body: unknown,
  locale?: string,
): Promise<DashboardData> {
  const loaded = await loadDashboard(db, principal, appId, dashboardId);
  const state: RequestState = { ...(await checkRequest(db, principal, loaded, body, [])), locale };
  // The viewer is part of the key: permissions and dynamic values (current user) differ per user.
  const key = JSON.stringify([
    principal.orgId,
    appId,
    loaded.version,
    loaded.dashboard.id,
    principal.userId,
    // Grants follow the directory too (departments, roles, admin flag), not only the definition.
    principal.isAdmin,
    principal.departmentIds,
    principal.roleIds,
    state.filterState,
    state.drill,
    locale,
  ]);
  // Read where the widgets will read (one source per request, db/read-routing.ts): a stamp newer than
  // a lagging replica's answer would keep that answer cached as current.
  const stamp = await cache.stamp(replicaReads(db, principal.userId), principal.orgId);
  const hit = cache.get(key, stamp);
  if (hit) return hit;
  const tz = await orgTimeZone(db, principal.orgId);
  const entries = await Promise.all(
    loaded.dashboard.widgets
      .filter((w) => w.type !== 'text')
      .map(async (w) => [w.id, await widgetData(db, principal, loaded, w, state, tz, 'view')] as const),
  );
  const data: DashboardData = { widgets: Object.fromEntries(entries), computedAt: new Date().toISOString() };
  cache.set(key, stamp, data);
  return data;
}

/** One widget's data under a request state (export, click-through), outside the dashboard cache. */
export async function oneWidgetData(
  db: Db,
  principal: Principal,
  appId: string,
  dashboardId: string,
  widgetId: string,
  body: unknown,
  action: ReadAction = 'export',
  locale?: string,
): Promise<{ loaded: Loaded; widget: Exclude<Widget, { type: 'text' }>; data: WidgetData }> {
  const loaded = await loadDashboard(db, principal, appId, dashboardId);
  const widget = findDataWidget(loaded.dashboard, widgetId);
  const state: RequestState = { ...(await checkRequest(db, principal, loaded, body, [])), locale };
  const tz = await orgTimeZone(db, principal.orgId);
  return { loaded, widget, data: await widgetData(db, principal, loaded, widget, state, tz, action) };
}

function findDataWidget(dashboard: Dashboard, widgetId: string): Exclude<Widget, { type: 'text' }> {
  const widget = dashboard.widgets.find((w) => w.id === widgetId);
  if (!widget) throw notFound('Widget');
  if (widget.type === 'text') throw badRequest('not_supported', 'A text widget has no data.');
  return widget;
}

/**
 * The data of an unsaved widget for the studio's live preview: `{ widget, drill? }`. The widget is
 * checked exactly as a saved one would be (paths under `/widget`); no dashboard filters, no cache.
 */
export async function previewWidgetData(
  db: Db,
  principal: Principal,
  appId: string,
  body: unknown,
  locale?: string,
) {
  const loaded = await loadApp(db, principal.orgId, appId);
  // The preview runs any widget its caller writes (any group-by, any form): only the app's
  // designers may, and still through their grant on each form.
  const role = await appRoleFor(db, principal, loaded.definition);
  if (role === null) throw notFound('App');
  if (role !== 'admin')
    throw forbidden("Only the app's administrators can preview widgets.", 'not_app_admin');
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('invalid_body', 'The body must be an object { widget, drill? }.');
  const { widget, drill, ...rest } = body as { widget?: unknown; drill?: unknown };
  const extra = Object.keys(rest);
  if (extra.length)
    throw validationFailed([
      { path: `/${extra[0]}`, code: 'unknown_property', message: `unknown property "${extra[0]}"` },
    ]);
  const at = '/dashboards/0/widgets/0';
  let app: AppDefinition;
  try {
    // The preview dashboard goes first (so issue paths are /dashboards/0/widgets/0); the saved
    // dashboards stay, because navigation items may point at them.
    const saved = loaded.definition.dashboards ?? [];
    let previewId = 'preview';
    while (saved.some((d) => d.id.toLowerCase() === previewId.toLowerCase())) previewId += '_';
    app = checkAppDefinition({
      ...loaded.definition,
      dashboards: [{ id: previewId, name: { en: 'Preview' }, widgets: [widget] }, ...saved],
    });
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details)) {
      const mine = (error.details as ValidationIssue[])
        .filter((i) => i.path === at || i.path.startsWith(`${at}/`) || i.path === '/dashboards/0/widgets')
        .map((i) => ({
          ...i,
          path: i.path.startsWith(at) ? `/widget${i.path.slice(at.length)}` : '/widget',
        }));
      throw validationFailed(
        mine.length ? mine : (error.details as ValidationIssue[]),
        'The widget is invalid.',
      );
    }
    throw error;
  }
  const dashboard = app.dashboards![0]!;
  const w = dashboard.widgets[0]!;
  if (w.type === 'text') throw badRequest('not_supported', 'A text widget has no data.');
  const own: Loaded = { appId, app, version: loaded.version, dashboard };
  const checked = await checkRequest(
    db,
    principal,
    own,
    { drill: drill === undefined ? {} : { [w.id]: drill } },
    [],
  );
  const state: RequestState = { ...checked, locale };
  return widgetData(db, principal, own, w, state, await orgTimeZone(db, principal.orgId), 'view');
}

/**
 * The exact query-language filter of the records behind one data point of a widget:
 * `{ filterState?, drill?, point }` -> `{ form, filter }` (decision 0010, click-through).
 */
export async function pointRecordsFilter(
  db: Db,
  principal: Principal,
  appId: string,
  dashboardId: string,
  widgetId: string,
  body: unknown,
): Promise<{ form: string; filter: Filter | null }> {
  const loaded = await loadDashboard(db, principal, appId, dashboardId);
  const widget = findDataWidget(loaded.dashboard, widgetId);
  const state = await checkRequest(db, principal, loaded, body, ['point']);
  const raw = (body as { point?: unknown }).point ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw validationFailed([
      { path: '/point', code: 'type', message: 'point maps dimension keys to values' },
    ]);
  const point = raw as Row;
  if (isAggregateSource(widget.source))
    throw badRequest('not_supported', 'Click-through lists records; this widget reads aggregate balances.');
  if (widget.source.subform !== undefined)
    throw badRequest(
      'not_supported',
      'Click-through lists records of a form; this widget reads subform rows.',
    );
  if (point.$others === true)
    throw badRequest('not_supported', 'The "others" row merges many values; open one of them instead.');
  const links = linksOf(loaded.dashboard, state.filterState, widget.id).map((l) => l.condition);
  const { ctx } = await openReader(db, principal).open({ appId, formId: widget.source.form });
  if (widget.type === 'table') {
    return { form: widget.source.form, filter: andMerge(widget.filter, ...links) ?? null };
  }
  const path = state.drill[widget.id] ?? [];
  const groups = widgetGroups(widget, path.length);
  const issues: ValidationIssue[] = [];
  const keys = new Set(groups.map((g) => g.as));
  for (const key of Object.keys(point)) {
    if (!keys.has(key))
      issues.push({
        path: pointer('/point', key),
        code: 'unknown_dimension',
        message: `"${key}" is not a dimension of widget "${widget.id}"`,
      });
    else if (
      groupValueFilter(
        groups.find((g) => g.as === key)!,
        point[key],
      ) === undefined
    )
      issues.push({
        path: pointer('/point', key),
        code: 'invalid_value',
        message: `not a value of "${key}"`,
      });
  }
  if (issues.length) throw validationFailed(issues, 'The point is invalid.');
  const filter = andMerge(
    widget.filter,
    ...links,
    ...(drillFilters(widget, path) as Filter[]),
    pointFilter(groups, point, ctx.form),
  );
  return { form: widget.source.form, filter: filter ?? null };
}

async function orgTimeZone(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>(`SELECT time_zone FROM orgs WHERE id = $1`, [orgId]);
  return rows[0]?.time_zone ?? 'UTC';
}

async function widgetData(
  db: Db,
  principal: Principal,
  loaded: Loaded,
  widget: Exclude<Widget, { type: 'text' }>,
  state: RequestState,
  timeZone: string,
  action: ReadAction,
): Promise<WidgetData> {
  const links = linksOf(loaded.dashboard, state.filterState, widget.id);
  try {
    if (widget.type === 'table') {
      if (widget.source.subform !== undefined)
        throw badRequest('not_supported', 'A detail table lists records of a form, not subform rows.');
      const filter = andMerge(widget.filter, ...links.map((l) => l.condition));
      const page = await listRecords(
        db,
        principal,
        { appId: loaded.appId, formId: widget.source.form },
        {
          ...(filter ? { filter } : {}),
          ...(widget.sort ? { sort: widget.sort } : {}),
          limit: widget.limit ?? DEFAULT_TABLE_LIMIT,
        },
        action,
      );
      // A column of a field hidden from the reader is left out, not shown empty: hidden fields are
      // absent from every answer (and from the xlsx export built from this one).
      const { grant } = await openReader(db, principal).open(
        { appId: loaded.appId, formId: widget.source.form },
        action,
      );
      const visible = new Set<string>([...SYSTEM_KEYS, ...grant.fields.visible]);
      const columns = widget.columns.filter((field) => visible.has(field));
      const out: WidgetData & { columns: WidgetColumn[]; rows: Row[] } = {
        columns: columns.map((field) => ({ key: field, role: 'field', field })),
        rows: page.items.map((r) => tableRow(r, columns)),
      };
      return withLabels(db, principal, loaded, widget, out, state.locale);
    }
    if (isAggregateSource(widget.source)) {
      const aggregateId = widget.source.aggregate;
      const { having, keyFilter } = widget.source;
      const aggregate = (loaded.app.aggregates ?? []).find((a) => a.id === aggregateId);
      if (!aggregate) throw notFound('Aggregate', 'aggregate_not_found');
      const run: RunAggregate = (query) =>
        runBalanceQuery(db, principal, loaded.appId, aggregate, query, having, keyFilter);
      const qctx: QueryContext = {
        now: new Date(),
        timeZone,
        userId: principal.userId,
        userDepartmentIds: principal.departmentIds,
      };
      return await chartData(run, widget, links, [], qctx);
    }
    const source = widget.source;
    const reader = openReader(db, principal);
    const { ctx, qctx } = await reader.open({ appId: loaded.appId, formId: source.form }, action);
    const run: RunAggregate = (query) => runAggregate(reader, ctx, loaded.app, source, query, action);
    const fields = sourceFields(loaded.app, source);
    const out = await chartData(
      run,
      widget,
      links,
      state.drill[widget.id] ?? [],
      { ...qctx, timeZone },
      fields,
    );
    return await withLabels(db, principal, loaded, widget, out, state.locale);
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

/** Adds the display labels of the answer's id columns (none for an aggregate source: titles already). */
async function withLabels(
  db: Db,
  principal: Principal,
  loaded: Loaded,
  widget: Exclude<Widget, { type: 'text' }>,
  out: WidgetData & { columns: WidgetColumn[]; rows: Row[] },
  locale: string | undefined,
): Promise<WidgetData> {
  const fields = sourceFields(loaded.app, widget.source);
  const labels = await widgetLabels(db, principal, loaded.appId, fields, out.columns, out.rows, locale);
  return labels ? { ...out, labels } : out;
}

/** Runs one aggregate of a widget; the query is bound to the widget's source and reader. */
type RunAggregate = (query: AggregateQuery) => Promise<Row[]>;

/**
 * Checks an aggregate against a widget source (400 with paths), then runs it through the records
 * kernel: the viewer's row scope (`action`'s: view, or export for a download) and field mask apply.
 */
async function runAggregate(
  reader: RecordReader,
  ctx: FormContext,
  app: AppDefinition,
  source: WidgetSource,
  query: AggregateQuery,
  action: ReadAction,
): Promise<Row[]> {
  const issues = checkAggregate(query, aggregateSource(ctx, app, source).target, '');
  if (issues.length) throw validationFailed(issues, 'The widget query is invalid.');
  return reader.aggregate({ appId: app.id, formId: source.form }, query, { source, action });
}

async function chartData(
  run: RunAggregate,
  widget: ChartWidget,
  allLinks: Link[],
  path: DrillPath,
  qctx: QueryContext,
  fields?: readonly FieldDefinition[],
): Promise<WidgetData & { columns: WidgetColumn[]; rows: Row[] }> {
  const level = path.length;
  const drill = { level, filters: drillFilters(widget, path) as Filter[] };
  const formulas = formulaMeasures(widget.measures);
  const compare = widget.compare;
  // A compared KPI sets the date range on its field itself: the linked date range is its period.
  const compared = compare
    ? allLinks.filter((l) => l.filter.type === 'dateRange' && l.field === compare.field)
    : [];
  const links = allLinks.filter((l) => !compared.includes(l));
  const extra = andMerge(...links.map((l) => l.condition));
  const out: WidgetData & { columns: WidgetColumn[]; rows: Row[] } = {
    columns: chartColumns(widget, level),
    rows: [],
  };

  if (compare) {
    const current = currentPeriod(compared[0]?.value, compare.range ?? 'thisMonth', qctx);
    const previous = comparisonRange(current, compare.period);
    const range = (r: InclusiveRange): Filter => ({
      kind: 'cmp',
      field: compare.field,
      op: 'between',
      value: [r.from, r.to],
    });
    const [now, before] = await Promise.all(
      [current, previous].map((r) => run(chartQuery(widget, andMerge(extra, range(r)), drill))),
    );
    applyFormulaMeasures(now!, formulas);
    applyFormulaMeasures(before!, formulas);
    out.rows = now!;
    const measures: NonNullable<WidgetExtras['comparison']>['measures'] = {};
    for (const m of widget.measures) {
      const c = num(now![0]?.[m.as]);
      const p = num(before![0]?.[m.as]);
      const delta = c === null || p === null ? null : c - p;
      measures[m.as] = {
        current: c,
        previous: p,
        delta,
        deltaPercent: delta === null || !p ? null : (delta / Math.abs(p)) * 100,
      };
    }
    out.comparison = { field: compare.field, period: compare.period, current, previous, measures };
    return out;
  }

  const query = chartQuery(widget, extra, drill);
  const rows = await run(query);
  if (widget.type === 'pivot' && rows.length > maxPivotRows(widget.measures.length)) {
    throw badRequest(
      'pivot_too_large',
      `This pivot has more than ${MAX_PIVOT_CELLS} cells; add a filter or use coarser dimensions (e.g. month instead of day).`,
    );
  }
  applyFormulaMeasures(rows, formulas);
  sortByFormulas(
    widget,
    rows,
    formulas.map((f) => f.as),
  );
  const groups = query.groupBy ?? [];
  for (const row of rows) {
    if (typeof row.$grouping === 'number') {
      const bits = row.$grouping;
      if (bits)
        row.$totals = groups.filter((_g, i) => (bits >> (groups.length - 1 - i)) & 1).map((g) => g.as!);
      delete row.$grouping;
    }
  }
  out.rows = rows;
  if (widget.drill) {
    const at = drillLevel(widget, level);
    out.drill = {
      level,
      levels: drillLevels(widget),
      path,
      field: at.field,
      ...(at.bucket ? { bucket: at.bucket } : {}),
    };
  }
  const shown = widget.measures.filter((m) => !m.hidden);
  if (widget.type === 'gauge' && widget.options?.gauge) {
    const g = widget.options.gauge;
    out.gauge = {
      value: num(rows[0]?.[shown[0]!.as]),
      min: g.min,
      max: g.max,
      ...(g.target === undefined ? {} : { target: g.target }),
    };
  }
  if (widget.type === 'funnel') {
    const stageField = widget.dimensions.length
      ? fields?.find((f) => f.id === drillLevel(widget, level).field)
      : undefined;
    out.stages = funnelStages(widget, rows, stageField);
  }
  if (widget.type === 'pivot') {
    out.pivot = {
      rows: widget.dimensions.map(dimensionKey),
      columns: (widget.pivot?.columns ?? []).map(dimensionKey),
      measures: widget.measures.map((m) => m.as),
    };
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** A sort on a formula measure happens here: SQL cannot see it. Stable, nulls last. */
function sortByFormulas(widget: ChartWidget, rows: Row[], formulaKeys: string[]) {
  const sort = widget.sort ?? [];
  if (!sort.some((s) => formulaKeys.includes(s.key))) return;
  rows.sort((a, b) => {
    if (a.$others !== b.$others) return a.$others ? 1 : -1;
    for (const s of sort) {
      const x = a[s.key];
      const y = b[s.key];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = (x as number | string) < (y as number | string) ? -1 : 1;
      return s.dir === 'desc' ? -c : c;
    }
    return 0;
  });
}

/** The stages of a funnel: measures in order (no dimension) or the values of its dimension. */
function funnelStages(
  widget: ChartWidget,
  rows: Row[],
  field: FieldDefinition | undefined,
): NonNullable<WidgetExtras['stages']> {
  const shown = widget.measures.filter((m) => !m.hidden);
  let stages: { key: unknown; value: number | null }[];
  if (widget.dimensions.length === 0) {
    stages = shown.map((m) => ({ key: m.as, value: num(rows[0]?.[m.as]) }));
  } else {
    const key = dimensionKey(widget.dimensions[0]!);
    const m = shown[0]!.as;
    stages = rows.map((r) => ({ key: r[key], value: num(r[m]) }));
    if (widget.options?.funnelSort !== 'definition')
      stages.sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    else {
      // The select's option order (the pipeline as designed); values it does not list, then the
      // empty value and the top-N remainder, keep their answer order after it. Stable sort.
      const options = (field?.config as { options?: { value: unknown }[] } | undefined)?.options ?? [];
      const rank = (k: unknown) => {
        const i = options.findIndex((o) => o.value === k);
        return i < 0 ? options.length : i;
      };
      stages.sort((a, b) => rank(a.key) - rank(b.key));
    }
  }
  const first = stages[0]?.value ?? null;
  return stages.map((s, i) => {
    const prev = i === 0 ? s.value : stages[i - 1]!.value;
    const pct = (v: number | null, of: number | null) => (v === null || !of ? null : (v / of) * 100);
    return { ...s, percentOfFirst: pct(s.value, first), percentOfPrevious: pct(s.value, prev) };
  });
}

/** The period a compared KPI shows: the linked date range (both ends), else the dynamic range. */
function currentPeriod(
  value: FilterValue | undefined,
  range: NonNullable<ChartWidget['compare']>['range'] & string,
  qctx: QueryContext,
): InclusiveRange {
  if (value && 'from' in value && value.from && value.to) return { from: value.from, to: value.to };
  const today = localDate(qctx.now.getTime(), qctx.timeZone);
  const r = dynamicRange(range, today);
  return { from: r.start, to: addDays(r.end, -1) };
}

const SYSTEM_KEYS = ['createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'] as const;

/** A record as a table row: its id and the columns' values (system fields included). */
function tableRow(record: RecordDto, columns: readonly string[]): Row {
  const row: Row = { id: record.id };
  for (const key of columns) {
    const system = SYSTEM_KEYS.find((k) => k === key);
    row[key] = system ? record[system] : (record.data[key] ?? null);
  }
  return row;
}

/** The conditions the filter widgets put on one widget (each on its linked field). */
function linksOf(dashboard: Dashboard, state: FilterState, widgetId: string): Link[] {
  const out: Link[] = [];
  for (const filter of dashboard.filters ?? []) {
    if (!filter.widgets.includes(widgetId)) continue;
    const value = state[filter.id];
    const field = linkedField(filter, widgetId);
    const condition = filterCondition(field, value);
    if (value && condition) out.push({ filter, field, value, condition });
  }
  return out;
}

/**
 * Reads `{ filterState?, drill? }` (plus the `allowed` extra keys): filter values fit their filter's
 * type and make a valid condition on every linked widget's source; drill paths name drillable
 * widgets, stay within their levels and hold values of each level. 400 with paths.
 */
async function checkRequest(
  db: Db,
  principal: Principal,
  loaded: Loaded,
  body: unknown,
  allowed: readonly string[],
): Promise<RequestState> {
  const { dashboard, app } = loaded;
  const input = body ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest('invalid_body', 'The body must be an object { filterState?, drill? }.');
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(input))
    if (key !== 'filterState' && key !== 'drill' && !allowed.includes(key))
      issues.push({ path: pointer('', key), code: 'unknown_property', message: `unknown property "${key}"` });
  const raw = (input as { filterState?: unknown }).filterState ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: '/filterState', code: 'type', message: 'filterState maps filter ids to values' });
    throw validationFailed(issues, 'The filter state is invalid.');
  }
  const filters = new Map((dashboard.filters ?? []).map((f) => [f.id, f]));
  const state: FilterState = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const path = pointer('/filterState', id);
    const filter = filters.get(id);
    if (!filter) {
      issues.push({ path, code: 'unknown_filter', message: `this dashboard has no filter "${id}"` });
      continue;
    }
    const parsed = parseFilterValue(filter, value, path, issues);
    if (!parsed) continue;
    // The condition must be valid on its own form and on every linked widget's source.
    const targets: [WidgetSource, string][] = [[{ form: filter.form }, filter.field]];
    for (const w of dashboard.widgets)
      if (w.type !== 'text' && !isAggregateSource(w.source) && filter.widgets.includes(w.id))
        targets.push([w.source, linkedField(filter, w.id)]);
    for (const [source, field] of targets) {
      const condition = filterCondition(field, parsed);
      const fields = sourceFields(app, source);
      if (!condition || !fields) continue;
      await loadForm(db, principal.orgId, loaded.appId, source.form);
      const found = checkFilter(condition, { fields }, path);
      if (found.length) {
        issues.push(...found);
        break;
      }
    }
    state[id] = parsed;
  }
  const drill: Record<string, DrillPath> = {};
  const rawDrill = (input as { drill?: unknown }).drill ?? {};
  if (typeof rawDrill !== 'object' || rawDrill === null || Array.isArray(rawDrill)) {
    issues.push({ path: '/drill', code: 'type', message: 'drill maps widget ids to drill paths' });
  } else {
    for (const [id, value] of Object.entries(rawDrill as Record<string, unknown>)) {
      const path = pointer('/drill', id);
      const widget = dashboard.widgets.find((w) => w.id === id);
      if (!widget || widget.type === 'text' || widget.type === 'table' || !widget.drill) {
        issues.push({ path, code: 'not_drillable', message: `widget "${id}" has no drill-down` });
        continue;
      }
      const max = drillLevels(widget) - 1;
      if (!Array.isArray(value) || value.length > max) {
        issues.push({
          path,
          code: 'invalid_drill',
          message: `a drill path of "${id}" lists at most ${max} values`,
        });
        continue;
      }
      const bad = drillFilters(widget, value as DrillPath).findIndex((f) => f === undefined);
      if (bad >= 0) {
        const at = drillLevel(widget, bad);
        issues.push({
          path: pointer(path, bad),
          code: 'invalid_drill',
          message: `${JSON.stringify(value[bad])} is not a value of "${at.field}"${at.bucket ? ` by ${at.bucket}` : ''}`,
        });
        continue;
      }
      if (value.length) drill[id] = value as DrillPath;
    }
  }
  if (issues.length) throw validationFailed(issues, 'The filter state is invalid.');
  // Sorted keys: one cache entry per meaning, whatever order the page sent them in.
  const sorted = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { filterState: sorted(state), drill: sorted(drill) };
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
  const scalar = (x: unknown) =>
    filter.type === 'select'
      ? typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'
      : typeof x === 'string'; // member and department ids
  if (!Array.isArray(values) || values.length > 1000 || !values.every(scalar))
    return bad(
      filter.type === 'select'
        ? 'values is a list of at most 1000 texts, numbers or booleans'
        : `values is a list of at most 1000 ${filter.type} ids`,
    );
  return { values: values as (string | number | boolean)[] };
}
