import type { Transport } from './transport';

/** One column of a widget's result: a dimension, a measure, or a record field of a detail table. */
export type WidgetColumn =
  | { key: string; role: 'dimension'; field: string; bucket?: string; axis?: 'row' | 'column' }
  | { key: string; role: 'measure'; op: string; field?: string; formula?: string }
  | { key: string; role: 'field'; field: string };

/** Per-type parts of a widget's answer (decision 0010). */
export interface WidgetExtras {
  drill?: { level: number; levels: number; path: unknown[]; field: string; bucket?: string };
  comparison?: {
    field: string;
    period: 'previous' | 'lastYear';
    current: { from: string; to: string };
    previous: { from: string; to: string };
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
}

/** A value of one dimension or measure; detail-table rows carry record values (and the record `id`). */
export type WidgetRow = Record<string, unknown>;

/** What one widget answers: its rows, or why it could not (the other widgets still answer). */
export type WidgetData =
  | ({ columns: WidgetColumn[]; rows: WidgetRow[] } & WidgetExtras)
  | { error: { code: string; message: string; details?: unknown } };

/** The value of one filter widget: a date range (`YYYY-MM-DD`, either end open) or chosen values. */
export type DashboardFilterValue = { from?: string; to?: string } | { values: (string | number | boolean)[] };

/** Filter widget id -> value; a missing id means that filter is not set. */
export type DashboardFilterState = Record<string, DashboardFilterValue>;

export interface DashboardData {
  /** By widget id; text widgets have no entry. */
  widgets: Record<string, WidgetData>;
  /** When the results were computed (an earlier time when they came from the cache). */
  computedAt: string;
}

/** Widget id -> the values clicked at drill levels 0..k-1 (decision 0010). */
export type DashboardDrill = Record<string, unknown[]>;

/** `POST /apps/:app/dashboards/:dashboard/data` and the widget endpoints (docs/api.md, Reports; decision 0010). */
/** What one rollup of a form keeps (decision 0053): a date bucket, key fields and summed fields. */
export interface RollupSpec {
  date: { field: string; grain: 'day' | 'month' } | null;
  keys: string[];
  measures: string[];
}

/** `GET …/forms/:form/rollups`: the rollups the app's dashboards want, and those built. */
export interface FormRollups {
  wanted: { spec: RollupSpec; built: boolean }[];
  built: {
    id: string;
    spec: RollupSpec;
    records: number;
    cells: number;
    builtAt: string;
    /** False once a field it uses changed: it is no longer read, and a rebuild replaces it. */
    current: boolean;
  }[];
}

export interface RollupRebuild {
  rollups: { spec: RollupSpec; id: string | null; records: number; cells: number; skipped?: string }[];
  ms: number;
}

export function createReportsApi(http: Transport) {
  const enc = encodeURIComponent;
  const widgetPath = (appId: string, dashboardId: string, widgetId: string) =>
    `/apps/${enc(appId)}/dashboards/${enc(dashboardId)}/widgets/${enc(widgetId)}`;
  return {
    data: (
      appId: string,
      dashboardId: string,
      filterState: DashboardFilterState = {},
      drill?: DashboardDrill,
    ) =>
      http.request<DashboardData>('POST', `/apps/${enc(appId)}/dashboards/${enc(dashboardId)}/data`, {
        body: { filterState, ...(drill && Object.keys(drill).length ? { drill } : {}) },
        read: true,
      }),
    /** The data of an unsaved widget (the studio's live preview). */
    widgetData: (appId: string, widget: unknown, drill?: unknown[]) =>
      http.request<WidgetData>('POST', `/apps/${enc(appId)}/widget-data`, {
        body: { widget, ...(drill?.length ? { drill } : {}) },
        read: true,
      }),
    /**
     * Click-through: the exact filter of the records behind one data point (`point` maps dimension
     * keys to the row's values), for the form's record list (`?filter=`).
     */
    recordsFilter: (
      appId: string,
      dashboardId: string,
      widgetId: string,
      input: { point: Record<string, unknown>; filterState?: DashboardFilterState; drill?: DashboardDrill },
    ) =>
      http.request<{ form: string; filter: unknown }>(
        'POST',
        `${widgetPath(appId, dashboardId, widgetId)}/records-filter`,
        { body: input, read: true },
      ),
    /** The rollups of a form (app administrators). */
    rollups: (appId: string, formId: string) =>
      http.request<FormRollups>('GET', `/apps/${enc(appId)}/forms/${enc(formId)}/rollups`),
    /** Rebuilds a form's rollups from its records; writes to the form wait meanwhile. */
    rebuildRollups: (appId: string, formId: string) =>
      http.request<RollupRebuild>('POST', `/apps/${enc(appId)}/forms/${enc(formId)}/rollups/rebuild`),
    /** The widget's rows as an .xlsx under the current filters and drill path. */
    exportWidget: (
      appId: string,
      dashboardId: string,
      widgetId: string,
      input: { filterState?: DashboardFilterState; drill?: DashboardDrill } = {},
    ) =>
      http.requestFile('POST', `${widgetPath(appId, dashboardId, widgetId)}/export`, {
        query: { format: 'xlsx' },
        body: input,
        read: true,
      }),
  };
}
