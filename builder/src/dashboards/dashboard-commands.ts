import {
  applyFilterCommand,
  FILTER_COMMANDS,
  FilterCommandError,
  type FilterCommand,
} from './filter-commands';
import {
  applySettingsCommand,
  SETTINGS_COMMANDS,
  SettingsCommandError,
  type SettingsCommand,
} from './chart-settings-commands';
import type {
  AppDefinition,
  ChartWidget,
  Dashboard,
  FormDefinition,
  I18NText,
  Widget,
} from '@tangram/schema';

import { lookupField } from '@tangram/query';
import { widgetForm } from '@tangram/schema';
/** Widget types the editor offers (the schema's chart types, the detail table and text). */
export type NewWidgetType = Widget['type'];
export type MeasureOp = ChartWidget['measures'][number]['op'];

/** Every change of the dashboard editor, applied by the pure `applyDashboardCommand`. */
export type DashboardCommand =
  | FilterCommand
  | SettingsCommand
  | { kind: 'rename'; name: I18NText }
  | { kind: 'addWidget'; type: NewWidgetType; form: string | undefined; aggregate?: string; id?: string }
  | { kind: 'removeWidget'; id: string }
  | { kind: 'setType'; id: string; type: NewWidgetType }
  | { kind: 'setTitle'; id: string; title: I18NText | undefined }
  | { kind: 'moveWidget'; id: string; x: number; y: number }
  | { kind: 'resizeWidget'; id: string; w: number; h: number }
  | { kind: 'addDimension'; id: string; field: string; bucket?: ChartWidget['dimensions'][number]['bucket'] }
  | { kind: 'removeDimension'; id: string; index: number }
  | { kind: 'addMeasure'; id: string; field: string | undefined; op: MeasureOp }
  | { kind: 'setMeasureOp'; id: string; index: number; op: MeasureOp }
  | { kind: 'removeMeasure'; id: string; index: number }
  | { kind: 'addColumn'; id: string; field: string };

export class DashboardCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CHART_TYPES = new Set(['kpi', 'bar', 'line', 'area', 'pie', 'funnel', 'gauge', 'scatter', 'pivot']);

/** How many (row) dimensions each chart type takes (decision 0010); a full slot replaces its last. */
export const MAX_DIMENSIONS = {
  kpi: 0,
  gauge: 0,
  bar: 2,
  line: 2,
  area: 2,
  pie: 1,
  funnel: 1,
  scatter: 2,
  pivot: 3,
} satisfies Record<ChartWidget['type'], number>;

const DRILLABLE: ReadonlySet<string> = new Set(['bar', 'line', 'area', 'pie', 'funnel']);

/** A chart widget turned into another chart type: what the new type cannot hold is dropped. */
function convertChart(c: ChartWidget, type: ChartWidget['type']): ChartWidget {
  const { pivot, compare, drill, options, ...rest } = c;
  const { gauge, ...otherOptions } = options ?? {};
  const nextOptions =
    type === 'gauge' ? { ...otherOptions, gauge: gauge ?? { min: 0, max: 100 } } : otherOptions;
  return {
    ...rest,
    type,
    dimensions: c.dimensions.slice(0, MAX_DIMENSIONS[type]),
    ...(Object.keys(nextOptions).length ? { options: nextOptions } : {}),
    ...(type === 'pivot' ? { pivot: pivot ?? { columns: [], grandTotals: true } } : {}),
    ...(type === 'kpi' && compare ? { compare } : {}),
    ...(DRILLABLE.has(type) && drill ? { drill } : {}),
  };
}
export const NUMERIC_TYPES = new Set(['number', 'money', 'percent']);
export const DATE_TYPES = new Set(['date', 'datetime']);

/** A fresh id not used by any widget or filter of the dashboard: `bar_1`, `bar_2`, … */
export function nextWidgetId(dashboard: Dashboard, type: string): string {
  const used = new Set([...dashboard.widgets, ...(dashboard.filters ?? [])].map((w) => w.id.toLowerCase()));
  for (let i = 1; ; i++) if (!used.has(`${type}_${i}`)) return `${type}_${i}`;
}

/** The row under every widget: new widgets go there, full width or half. */
const bottom = (d: Dashboard) => d.widgets.reduce((y, w) => Math.max(y, w.layout.y + w.layout.h), 0);

/** What a new widget reads: a form, or an aggregate table's balances (decision 0036). */
type NewSource = { form: string } | { aggregate: string } | undefined;

function newWidget(dashboard: Dashboard, type: NewWidgetType, source: NewSource, id?: string): Widget {
  const widgetId = id ?? nextWidgetId(dashboard, type);
  const layout = {
    x: 0,
    y: bottom(dashboard),
    w:
      type === 'kpi'
        ? 6
        : type === 'gauge'
          ? 8
          : type === 'table' || type === 'text' || type === 'pivot'
            ? 24
            : 12,
    h: type === 'kpi' ? 3 : type === 'text' ? 2 : type === 'gauge' ? 6 : 7,
  };
  if (type === 'text') return { id: widgetId, type, layout, content: { 'zh-CN': '', en: '' } };
  if (!source) throw new DashboardCommandError('no_form', 'pick a form for this widget');
  if (type === 'table') {
    if (!('form' in source))
      throw new DashboardCommandError('not_supported', 'a detail table lists records: pick a form');
    return { id: widgetId, type, layout, source, columns: [] as unknown as [string] };
  }
  return convertChart(
    {
      id: widgetId,
      type,
      layout,
      source,
      dimensions: [],
      measures: type === 'kpi' || type === 'gauge' ? [{ op: 'count', as: 'count' }] : [],
    },
    type,
  );
}

function measureAlias(widget: ChartWidget, op: string, field: string | undefined): string {
  const base = field ? `${op}_${field}` : op;
  const used = new Set(widget.measures.map((m) => m.as));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

const chart = (w: Widget | undefined): ChartWidget => {
  if (!w || !CHART_TYPES.has(w.type)) throw new DashboardCommandError('not_a_chart', 'not a chart widget');
  return w as ChartWidget;
};

const overlaps = (a: Widget['layout'], b: Widget['layout']) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Keeps widgets from overlapping after `id` moved or grew: it stays where it was put, and every
 * other widget (top to bottom) is pushed down below whatever it would cover.
 */
export function settle(dashboard: Dashboard, id: string): Dashboard {
  const fixed = dashboard.widgets.find((w) => w.id === id);
  if (!fixed) return dashboard;
  const placed: Widget['layout'][] = [fixed.layout];
  const moved = new Map<string, Widget['layout']>();
  const others = dashboard.widgets
    .filter((w) => w.id !== id)
    .sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  for (const w of others) {
    const layout = { ...w.layout };
    for (
      let hit = placed.find((p) => overlaps(p, layout));
      hit;
      hit = placed.find((p) => overlaps(p, layout))
    )
      layout.y = hit.y + hit.h;
    placed.push(layout);
    if (layout.y !== w.layout.y) moved.set(w.id, layout);
  }
  const pushed = moved.size
    ? { ...dashboard, widgets: dashboard.widgets.map((w) => ({ ...w, layout: moved.get(w.id) ?? w.layout })) }
    : dashboard;
  return compact(pushed);
}

/** Floats every widget up (top to bottom) until it touches the one above: no empty bands. */
export function compact(dashboard: Dashboard): Dashboard {
  const placed: Widget['layout'][] = [];
  const layouts = new Map<string, Widget['layout']>();
  const order = [...dashboard.widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  for (const w of order) {
    const layout = { ...w.layout };
    while (layout.y > 0 && !placed.some((p) => overlaps(p, { ...layout, y: layout.y - 1 }))) layout.y -= 1;
    placed.push(layout);
    layouts.set(w.id, layout);
  }
  if (dashboard.widgets.every((w) => layouts.get(w.id)?.y === w.layout.y)) return dashboard;
  return {
    ...dashboard,
    widgets: dashboard.widgets.map((w) => ({ ...w, layout: layouts.get(w.id) ?? w.layout })),
  };
}

const isFilterCommand = (c: DashboardCommand): c is FilterCommand => FILTER_COMMANDS.has(c.kind);
const isSettingsCommand = (c: DashboardCommand): c is SettingsCommand => SETTINGS_COMMANDS.has(c.kind);

/**
 * Applies one command; returns a new dashboard (the input is never changed). `app` gives the
 * forms, which filter commands need to pick and check fields.
 */
export function applyDashboardCommand(
  dashboard: Dashboard,
  command: DashboardCommand,
  app: Pick<AppDefinition, 'forms'> = { forms: [] },
): Dashboard {
  if (isFilterCommand(command)) {
    try {
      return applyFilterCommand(dashboard, command, app);
    } catch (e) {
      if (e instanceof FilterCommandError) throw new DashboardCommandError(e.code, e.message);
      throw e;
    }
  }
  if (isSettingsCommand(command)) {
    try {
      return applySettingsCommand(dashboard, command);
    } catch (e) {
      if (e instanceof SettingsCommandError) throw new DashboardCommandError(e.code, e.message);
      throw e;
    }
  }
  const next = applyCommand(dashboard, command, app);
  return command.kind === 'moveWidget' || command.kind === 'resizeWidget' ? settle(next, command.id) : next;
}

/** A new widget joins the filters of its form that stand on a field the form has. */
function linkToFilters(dashboard: Dashboard, widget: Widget, app: Pick<AppDefinition, 'forms'>): Dashboard {
  const formId = widgetForm(widget);
  if (formId === undefined || !dashboard.filters?.length) return dashboard;
  const form = app.forms.find((f) => f.id === formId);
  const has = (field: string) =>
    ['createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId'].includes(field) ||
    (form?.fields.some((f) => f.id === field) ?? false);
  return {
    ...dashboard,
    filters: dashboard.filters.map((f) =>
      f.form === formId && has(f.field) && !f.widgets.includes(widget.id)
        ? { ...f, widgets: [...f.widgets, widget.id] }
        : f,
    ),
  };
}

function applyCommand(
  dashboard: Dashboard,
  command: Exclude<DashboardCommand, FilterCommand | SettingsCommand>,
  app: Pick<AppDefinition, 'forms'>,
): Dashboard {
  const update = (id: string, fn: (w: Widget) => Widget): Dashboard => {
    if (!dashboard.widgets.some((w) => w.id === id))
      throw new DashboardCommandError('unknown_widget', `no widget "${id}"`);
    return { ...dashboard, widgets: dashboard.widgets.map((w) => (w.id === id ? fn(w) : w)) };
  };
  switch (command.kind) {
    case 'rename':
      return { ...dashboard, name: command.name };
    case 'addWidget': {
      const source = command.aggregate
        ? { aggregate: command.aggregate }
        : command.form
          ? { form: command.form }
          : undefined;
      const widget = newWidget(dashboard, command.type, source, command.id);
      return linkToFilters({ ...dashboard, widgets: [...dashboard.widgets, widget] }, widget, app);
    }
    case 'removeWidget':
      return compact({
        ...dashboard,
        widgets: dashboard.widgets.filter((w) => w.id !== command.id),
        ...(dashboard.filters
          ? {
              filters: dashboard.filters.map((f) => ({
                ...f,
                widgets: f.widgets.filter((id) => id !== command.id),
              })),
            }
          : {}),
      });
    case 'setType':
      return update(command.id, (w) => {
        if (CHART_TYPES.has(w.type) && CHART_TYPES.has(command.type))
          return convertChart(w as ChartWidget, command.type as ChartWidget['type']);
        const fresh = newWidget(dashboard, command.type, w.type === 'text' ? undefined : w.source, w.id);
        return { ...fresh, layout: w.layout, ...(w.title ? { title: w.title } : {}) } as Widget;
      });
    case 'setTitle':
      return update(command.id, (w) => {
        const { title: _drop, ...rest } = w;
        return (command.title ? { ...rest, title: command.title } : rest) as Widget;
      });
    case 'moveWidget':
      return update(command.id, (w) => ({
        ...w,
        layout: {
          ...w.layout,
          x: clamp(command.x, 0, 24 - w.layout.w),
          y: clamp(command.y, 0, 10000),
        },
      }));
    case 'resizeWidget':
      return update(command.id, (w) => ({
        ...w,
        layout: {
          ...w.layout,
          w: clamp(command.w, 1, 24 - w.layout.x),
          h: clamp(command.h, 1, 100),
        },
      }));
    case 'addDimension':
      return update(command.id, (w) => {
        const c = chart(w);
        const max = MAX_DIMENSIONS[c.type];
        if (max === 0) throw new DashboardCommandError('no_dimensions', `a ${c.type} has no dimensions`);
        const dim = { field: command.field, ...(command.bucket ? { bucket: command.bucket } : {}) };
        // A full slot takes the new field in place of its last one.
        const dims =
          c.dimensions.length >= max ? [...c.dimensions.slice(0, max - 1), dim] : [...c.dimensions, dim];
        return { ...c, dimensions: dims };
      });
    case 'removeDimension':
      return update(command.id, (w) => {
        const c = chart(w);
        return { ...c, dimensions: c.dimensions.filter((_, i) => i !== command.index) };
      });
    case 'addMeasure':
      return update(command.id, (w) => {
        const c = chart(w);
        if (c.measures.length >= 10) throw new DashboardCommandError('too_many', 'at most 10 measures');
        const measure = {
          op: command.op,
          ...(command.field ? { field: command.field } : {}),
          as: measureAlias(c, command.op, command.field),
        };
        return { ...c, measures: [...c.measures, measure] };
      });
    case 'setMeasureOp':
      return update(command.id, (w) => {
        const c = chart(w);
        return {
          ...c,
          measures: c.measures.map((m, i) => {
            if (i !== command.index) return m;
            const others = { ...c, measures: c.measures.filter((_, j) => j !== i) };
            return { ...m, op: command.op, as: measureAlias(others, command.op, m.field) };
          }),
        };
      });
    case 'removeMeasure':
      return update(command.id, (w) => {
        const c = chart(w);
        return { ...c, measures: c.measures.filter((_, i) => i !== command.index) };
      });
    case 'addColumn':
      return update(command.id, (w) => {
        if (w.type !== 'table') throw new DashboardCommandError('not_a_table', 'not a table widget');
        if (w.columns.includes(command.field)) return w;
        return { ...w, columns: [...w.columns, command.field] as unknown as [string, ...string[]] };
      });
  }
}

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(max, Math.round(n)));

/**
 * The default operation for a field dropped on the measures slot: sum what the query language
 * can sum (numbers, money, percentages, number formulas, aggregated lookups), count the rest.
 * Asking the query package keeps this in step with what a report accepts.
 */
export function defaultOp(
  field: FormDefinition['fields'][number] | undefined,
  form?: FormDefinition,
): MeasureOp {
  if (!field) return 'count';
  if (form) {
    const found = lookupField(form, field.id);
    return found.ok && found.info.kind === 'numeric' ? 'sum' : 'distinctCount';
  }
  return NUMERIC_TYPES.has(field.type) ? 'sum' : 'distinctCount';
}

/** The app with one dashboard replaced (or added). */
export function withDashboard(app: AppDefinition, dashboard: Dashboard): AppDefinition {
  const list = app.dashboards ?? [];
  const exists = list.some((d) => d.id === dashboard.id);
  return {
    ...app,
    dashboards: exists ? list.map((d) => (d.id === dashboard.id ? dashboard : d)) : [...list, dashboard],
  };
}

/** A new empty dashboard with a fresh id, added to the app and its navigation. */
export function withNewDashboard(app: AppDefinition, name: I18NText): { app: AppDefinition; id: string } {
  const used = new Set((app.dashboards ?? []).map((d) => d.id.toLowerCase()));
  let id = 'dashboard_1';
  for (let i = 1; used.has(id); i++) id = `dashboard_${i + 1}`;
  const dashboard: Dashboard = { id, name, widgets: [] };
  return {
    app: {
      ...withDashboard(app, dashboard),
      navigation: [...(app.navigation ?? []), { kind: 'dashboard', target: id }],
    },
    id,
  };
}

/** The app without a dashboard and without navigation links to it. */
export function withoutDashboard(app: AppDefinition, id: string): AppDefinition {
  return {
    ...app,
    dashboards: (app.dashboards ?? []).filter((d) => d.id !== id),
    navigation: (app.navigation ?? [])
      .map((item) =>
        item.kind === 'group'
          ? { ...item, items: item.items.filter((l) => !(l.kind === 'dashboard' && l.target === id)) }
          : item,
      )
      .filter((item) => !(item.kind === 'dashboard' && item.target === id)),
  };
}
