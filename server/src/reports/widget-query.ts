import { groupValueFilter, type PointGroup } from '@tangram/query';
import {
  dimensionKey,
  type AggregateQuery,
  type ChartWidget,
  type DateBucket,
  type Filter,
  type FilterWidget,
  type WidgetDimension,
  type WidgetMeasure,
} from '@tangram/schema';

/** One column of a widget's result: a dimension, a measure, or a record field of a detail table. */
export type WidgetColumn =
  | { key: string; role: 'dimension'; field: string; bucket?: string; axis?: 'row' | 'column' }
  | { key: string; role: 'measure'; op: string; field?: string; formula?: string }
  | { key: string; role: 'field'; field: string };

/** The value of one filter widget, as the dashboard page sends it. */
export type FilterValue = { from?: string; to?: string } | { values: (string | number | boolean)[] };

/** The filter state of a dashboard: filter widget id to value; absent or empty means "no filter". */
export type FilterState = Record<string, FilterValue>;

/** A drill path: the values clicked at levels 0..k-1 of a widget's drill hierarchy. */
export type DrillPath = readonly (string | number | boolean | null)[];

/** Most cells (result rows, subtotals included, × measures) a pivot answers. */
export const MAX_PIVOT_CELLS = 10_000;

/**
 * Most result rows a pivot with these measures may answer. One less than the aggregate limit
 * (10,000) at most: the query asks for one row more to tell "too large" from "exactly full".
 */
export const maxPivotRows = (measures: number): number =>
  Math.min(9_999, Math.floor(MAX_PIVOT_CELLS / Math.max(1, measures)));

/** AND of the parts that exist; undefined when none does. */
export function andMerge(...parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined);
  if (present.length <= 1) return present[0];
  return { kind: 'and', items: present };
}

/** The field a filter widget filters on one of its linked widgets. */
export const linkedField = (filter: FilterWidget, widgetId: string): string =>
  filter.fields?.[widgetId] ?? filter.field;

/**
 * The condition one filter widget adds on `field`; undefined when it is empty. Select, member
 * and department values become `in` (on multi-valued fields: has any of them).
 */
export function filterCondition(field: string, value: FilterValue | undefined): Filter | undefined {
  if (!value) return undefined;
  if ('values' in value) {
    return value.values.length ? { kind: 'cmp', field, op: 'in', value: value.values } : undefined;
  }
  const { from, to } = value;
  if (from && to) return { kind: 'cmp', field, op: 'between', value: [from, to] };
  if (from) return { kind: 'cmp', field, op: 'gte', value: from };
  if (to) return { kind: 'cmp', field, op: 'lte', value: to };
  return undefined;
}

/** The dimension a drillable widget groups its first key by at drill level `level`. */
export function drillLevel(widget: ChartWidget, level: number): { field: string; bucket?: DateBucket } {
  const first = widget.dimensions[0]!;
  if (level === 0 || !widget.drill)
    return { field: first.field, ...(first.bucket ? { bucket: first.bucket } : {}) };
  const l = widget.drill.levels[level - 1]!;
  return { field: l.field, ...(l.bucket ? { bucket: l.bucket } : {}) };
}

/** How many levels a widget drills through (1 when it does not drill). */
export const drillLevels = (widget: ChartWidget): number => 1 + (widget.drill?.levels.length ?? 0);

/**
 * The conditions of a drill path: the value clicked at each level, as the records of that group
 * (a bucket value becomes its date range). Undefined entries are values that cannot be a group's.
 */
export function drillFilters(widget: ChartWidget, path: DrillPath): (Filter | undefined)[] {
  return path.map((value, i) => groupValueFilter(drillLevel(widget, i), value));
}

/** A group key of the compiled query, with the alias the widget's rows use. */
const groupOf = (d: { field: string; bucket?: DateBucket }, as: string): PointGroup => ({
  field: d.field,
  ...(d.bucket ? { bucket: d.bucket } : {}),
  as,
});

/**
 * The group keys of a chart widget at a drill level: its dimensions (the first one replaced by the
 * drill level's field and bucket, keeping its result key), then a pivot's column dimensions.
 */
export function widgetGroups(widget: ChartWidget, level = 0): PointGroup[] {
  return [
    ...widget.dimensions.map((d, i) => groupOf(i === 0 ? drillLevel(widget, level) : d, dimensionKey(d))),
    ...(widget.pivot?.columns ?? []).map((d) => groupOf(d, dimensionKey(d))),
  ];
}

const computed = (m: WidgetMeasure): m is WidgetMeasure & { op: Exclude<WidgetMeasure['op'], 'formula'> } =>
  m.op !== 'formula';

/** Prefixes of a list, longest first, down to `min` items: [a,b,c] -> [a,b,c], [a,b], [a]. */
function prefixes<T>(xs: readonly T[], subtotals: boolean, total: boolean): T[][] {
  const out: T[][] = [xs.slice()];
  if (subtotals) for (let n = xs.length - 1; n >= 1; n--) out.push(xs.slice(0, n));
  if (total && xs.length > 0) out.push([]);
  return out;
}

/** The GROUPING SETS of a pivot: every row prefix × every column prefix that its totals ask for. */
export function pivotSets(widget: ChartWidget): string[][] {
  const rows = widget.dimensions.map(dimensionKey);
  const cols = (widget.pivot?.columns ?? []).map(dimensionKey);
  const p = widget.pivot;
  const rowSets = prefixes(rows, p?.rowSubtotals === true, p?.grandTotals === true);
  const colSets = prefixes(cols, p?.columnSubtotals === true, p?.grandTotals === true);
  return rowSets.flatMap((r) => colSets.map((c) => [...r, ...c]));
}

/**
 * The aggregate query of a chart widget (SQL part: formula measures are computed afterwards, see
 * formula-measures.ts). Without an explicit sort, rows follow the first dimension (dates and
 * buckets in time order). A sort on a formula measure is left to the caller (it sorts the rows).
 */
export function chartQuery(
  widget: ChartWidget,
  extra: Filter | undefined,
  drill: { level: number; filters: Filter[] } = { level: 0, filters: [] },
): AggregateQuery {
  const groups = widgetGroups(widget, drill.level);
  const groupBy = groups.map((g) => ({
    field: g.field,
    ...(g.bucket ? { bucket: g.bucket } : {}),
    as: g.as,
  }));
  const measures = widget.measures.filter(computed).map((m) => ({
    op: m.op,
    ...(m.field ? { field: m.field } : {}),
    ...(m.filter ? { filter: m.filter } : {}),
    as: m.as,
  }));
  const sqlAliases = new Set([...groupBy.map((g) => g.as), ...measures.map((m) => m.as)]);
  const first = groupBy[0];
  const sort = (widget.sort ?? (first ? [{ key: first.as, dir: 'asc' as const }] : [])).filter((s) =>
    sqlAliases.has(s.key),
  );
  const filter = andMerge(widget.filter, extra, ...drill.filters);
  const topped = [...widget.dimensions, ...(widget.pivot?.columns ?? [])].find((d) => d.top);
  const top = topped?.top;
  const isPivot = widget.type === 'pivot';
  return {
    groupBy,
    measures,
    ...(filter ? { filter } : {}),
    ...(sort.length ? { sort } : {}),
    ...(top && topped && measures[0]
      ? {
          top: {
            group: dimensionKey(topped),
            n: top.n,
            by: top.by ?? measures[0].as,
            ...(top.dir ? { dir: top.dir } : {}),
            ...(top.others ? { others: true } : {}),
          },
        }
      : {}),
    ...(isPivot && groupBy.length ? { groupingSets: pivotSets(widget) } : {}),
    // A pivot asks for one row more than it may show, to tell "too large" from "exactly full".
    ...(isPivot
      ? { limit: maxPivotRows(widget.measures.length) + 1 }
      : widget.limit
        ? { limit: widget.limit }
        : {}),
  };
}

/** The result columns of a chart widget at a drill level, in order: dimensions, then measures. */
export function chartColumns(widget: ChartWidget, level = 0): WidgetColumn[] {
  const pivot = widget.type === 'pivot';
  const dim = (
    d: WidgetDimension,
    at: { field: string; bucket?: string },
    axis: 'row' | 'column',
  ): WidgetColumn => ({
    key: dimensionKey(d),
    role: 'dimension',
    field: at.field,
    ...(at.bucket ? { bucket: at.bucket } : {}),
    ...(pivot ? { axis } : {}),
  });
  return [
    ...widget.dimensions.map((d, i) => dim(d, i === 0 ? drillLevel(widget, level) : d, 'row')),
    ...(widget.pivot?.columns ?? []).map((d) => dim(d, d, 'column')),
    ...widget.measures.map((m): WidgetColumn => ({
      key: m.as,
      role: 'measure',
      op: m.op,
      ...(m.field ? { field: m.field } : {}),
      ...(m.formula ? { formula: m.formula } : {}),
    })),
  ];
}
