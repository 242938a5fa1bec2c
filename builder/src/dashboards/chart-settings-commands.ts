import type {
  AggregateWidgetSource,
  ChartOptions,
  ChartWidget,
  Dashboard,
  DrillLevel,
  KpiComparison,
  PivotOptions,
  WidgetDimension,
  WidgetMeasure,
} from '@tangram/schema';

/**
 * Changes of a chart widget's settings beyond its fields: dimension buckets and top-N, measure
 * labels / formats / colours / formulas, chart options, pivot columns and totals, the KPI
 * comparison, the drill hierarchy, the dashboard's refresh interval, and a balances source's
 * `having` and `keyFilter`. In every patch an
 * `undefined` value removes the key, so definitions hold only what was set.
 */
export type SettingsCommand =
  | { kind: 'setDimension'; id: string; index: number; patch: Partial<Omit<WidgetDimension, 'field'>> }
  | { kind: 'setMeasure'; id: string; index: number; patch: Partial<Omit<WidgetMeasure, 'as' | 'op'>> }
  | { kind: 'addFormulaMeasure'; id: string; formula: string }
  | { kind: 'setOptions'; id: string; patch: Partial<ChartOptions> }
  | { kind: 'setPivot'; id: string; patch: Partial<Omit<PivotOptions, 'columns'>> }
  | { kind: 'addPivotColumn'; id: string; field: string; bucket?: WidgetDimension['bucket'] }
  | { kind: 'removePivotColumn'; id: string; index: number }
  | { kind: 'setCompare'; id: string; compare: KpiComparison | undefined }
  | { kind: 'addDrillLevel'; id: string; level: DrillLevel }
  | { kind: 'removeDrillLevel'; id: string; index: number }
  | { kind: 'setRefresh'; seconds: number | undefined }
  | { kind: 'setBalanceSource'; id: string; patch: Partial<Omit<AggregateWidgetSource, 'aggregate'>> };

export const SETTINGS_COMMANDS: ReadonlySet<string> = new Set<SettingsCommand['kind']>([
  'setDimension',
  'setMeasure',
  'addFormulaMeasure',
  'setOptions',
  'setPivot',
  'addPivotColumn',
  'removePivotColumn',
  'setCompare',
  'addDrillLevel',
  'removeDrillLevel',
  'setRefresh',
  'setBalanceSource',
]);

export class SettingsCommandError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `{...base, ...patch}` where an undefined value in the patch removes the key. */
export function patched<T extends object>(base: T, patch: Partial<T>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as T;
}

/** The first free alias `base`, `base_2`, … among the widget's measures. */
function freeAlias(widget: ChartWidget, base: string): string {
  const used = new Set(widget.measures.map((m) => m.as));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

const MAX_DRILL_LEVELS = 4;
const MAX_PIVOT_COLUMNS = 2;

/** Applies one settings command; returns a new dashboard. */
export function applySettingsCommand(dashboard: Dashboard, command: SettingsCommand): Dashboard {
  if (command.kind === 'setRefresh') {
    if (command.seconds !== undefined && (command.seconds < 30 || command.seconds > 86400))
      throw new SettingsCommandError('bad_interval', 'refresh every 30 seconds to 24 hours');
    return patched(dashboard, { refreshSeconds: command.seconds });
  }
  const chart = (fn: (w: ChartWidget) => ChartWidget): Dashboard => {
    const widget = dashboard.widgets.find((w) => w.id === command.id);
    if (!widget) throw new SettingsCommandError('unknown_widget', `no widget "${command.id}"`);
    if (widget.type === 'text' || widget.type === 'table')
      throw new SettingsCommandError('not_a_chart', 'not a chart widget');
    const next = fn(widget);
    return { ...dashboard, widgets: dashboard.widgets.map((w) => (w.id === command.id ? next : w)) };
  };
  const at = <T>(list: readonly T[], index: number): T => {
    const item = list[index];
    if (item === undefined) throw new SettingsCommandError('bad_index', `no item ${index}`);
    return item;
  };
  switch (command.kind) {
    case 'setDimension':
      return chart((w) => {
        at(w.dimensions, command.index);
        // A top-N on one dimension replaces any other (the format allows one per widget).
        const dims = w.dimensions.map((d, i) =>
          i === command.index
            ? patched<WidgetDimension>(d, command.patch)
            : command.patch.top
              ? patched<WidgetDimension>(d, { top: undefined })
              : d,
        );
        return { ...w, dimensions: dims };
      });
    case 'setMeasure':
      return chart((w) => {
        const m = at(w.measures, command.index);
        if (command.patch.formula !== undefined && m.op !== 'formula')
          throw new SettingsCommandError('not_a_formula', 'only a formula measure has a formula');
        return {
          ...w,
          measures: w.measures.map((x, i) =>
            i === command.index ? patched<WidgetMeasure>(x, command.patch) : x,
          ),
        };
      });
    case 'addFormulaMeasure':
      return chart((w) => {
        if (w.measures.length >= 20) throw new SettingsCommandError('too_many', 'at most 20 measures');
        return {
          ...w,
          measures: [...w.measures, { op: 'formula', formula: command.formula, as: freeAlias(w, 'formula') }],
        };
      });
    case 'setOptions':
      return chart((w) => {
        const options = patched(w.options ?? {}, command.patch);
        const { options: _drop, ...rest } = w;
        return Object.keys(options).length ? { ...rest, options } : rest;
      });
    case 'setPivot':
      return chart((w) => ({
        ...w,
        pivot: patched<PivotOptions>(w.pivot ?? { columns: [] }, command.patch),
      }));
    case 'addPivotColumn':
      return chart((w) => {
        if (w.type !== 'pivot')
          throw new SettingsCommandError('not_a_pivot', 'only a pivot table has columns');
        const pivot = w.pivot ?? { columns: [] };
        const dim = { field: command.field, ...(command.bucket ? { bucket: command.bucket } : {}) };
        // A full slot takes the new field in place of its last one (as the dimension slot does).
        const columns =
          pivot.columns.length >= MAX_PIVOT_COLUMNS
            ? [...pivot.columns.slice(0, MAX_PIVOT_COLUMNS - 1), dim]
            : [...pivot.columns, dim];
        return { ...w, pivot: { ...pivot, columns } };
      });
    case 'removePivotColumn':
      return chart((w) => {
        const pivot = w.pivot ?? { columns: [] };
        at(pivot.columns, command.index);
        return { ...w, pivot: { ...pivot, columns: pivot.columns.filter((_, i) => i !== command.index) } };
      });
    case 'setCompare':
      return chart((w) => {
        if (command.compare && w.type !== 'kpi')
          throw new SettingsCommandError('not_a_kpi', 'only a KPI compares periods');
        const { compare: _drop, ...rest } = w;
        return command.compare ? { ...rest, compare: command.compare } : rest;
      });
    case 'addDrillLevel':
      return chart((w) => {
        const levels = w.drill?.levels ?? [];
        if (levels.length >= MAX_DRILL_LEVELS)
          throw new SettingsCommandError('too_many', `at most ${MAX_DRILL_LEVELS} drill levels`);
        return { ...w, drill: { levels: [...levels, command.level] } };
      });
    case 'removeDrillLevel':
      return chart((w) => {
        const levels = w.drill?.levels ?? [];
        at(levels, command.index);
        const rest = levels.filter((_, i) => i !== command.index);
        const { drill: _drop, ...without } = w;
        return rest.length ? { ...w, drill: { levels: rest as [DrillLevel, ...DrillLevel[]] } } : without;
      });
    case 'setBalanceSource':
      // `having` and `keyFilter` belong to a balances source only (decision 0051).
      return chart((w) => {
        if (!('aggregate' in w.source))
          throw new SettingsCommandError('not_a_balance', 'only a widget over an aggregate table has these');
        return { ...w, source: patched<AggregateWidgetSource>(w.source, command.patch) };
      });
  }
}

/** The next finer date bucket for a drill level: year -> month -> day (quarter -> month, week -> day). */
export function finer(bucket: WidgetDimension['bucket'] | undefined): WidgetDimension['bucket'] | undefined {
  switch (bucket) {
    case 'year':
    case 'quarter':
      return 'month';
    case 'month':
    case 'week':
      return 'day';
    default:
      return undefined;
  }
}
