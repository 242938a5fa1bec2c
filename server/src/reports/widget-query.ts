import {
  dimensionKey,
  type AggregateQuery,
  type ChartWidget,
  type Filter,
  type FilterWidget,
} from '@tangram/schema';

/** One column of a widget's result: a dimension, a measure, or a record field of a detail table. */
export type WidgetColumn =
  | { key: string; role: 'dimension'; field: string; bucket?: string }
  | { key: string; role: 'measure'; op: string; field?: string }
  | { key: string; role: 'field'; field: string };

/** The value of one filter widget, as the dashboard page sends it. */
export type FilterValue = { from?: string; to?: string } | { values: (string | number | boolean)[] };

/** The filter state of a dashboard: filter widget id to value; absent or empty means "no filter". */
export type FilterState = Record<string, FilterValue>;

/** AND of the parts that exist; undefined when none does. */
export function andMerge(...parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined);
  if (present.length <= 1) return present[0];
  return { kind: 'and', items: present };
}

/** The condition one filter widget adds to its linked widgets; undefined when it is empty. */
export function filterCondition(filter: FilterWidget, value: FilterValue | undefined): Filter | undefined {
  if (!value) return undefined;
  if ('values' in value) {
    return value.values.length
      ? { kind: 'cmp', field: filter.field, op: 'in', value: value.values }
      : undefined;
  }
  const { from, to } = value;
  if (from && to) return { kind: 'cmp', field: filter.field, op: 'between', value: [from, to] };
  if (from) return { kind: 'cmp', field: filter.field, op: 'gte', value: from };
  if (to) return { kind: 'cmp', field: filter.field, op: 'lte', value: to };
  return undefined;
}

/**
 * The aggregate query of a chart widget. Without an explicit sort, results follow the first
 * dimension (dates and buckets in time order), so charts never depend on SQL's group order.
 */
export function chartQuery(widget: ChartWidget, extra: Filter | undefined): AggregateQuery {
  const groupBy = widget.dimensions.map((d) => ({
    field: d.field,
    ...(d.bucket ? { bucket: d.bucket } : {}),
    as: dimensionKey(d),
  }));
  const first = groupBy[0];
  const sort = widget.sort ?? (first ? [{ key: first.as, dir: 'asc' as const }] : undefined);
  const filter = andMerge(widget.filter, extra);
  return {
    groupBy,
    measures: widget.measures.flatMap((m) =>
      m.op === 'formula' ? [] : [{ op: m.op, ...(m.field ? { field: m.field } : {}), as: m.as }],
    ),
    ...(filter ? { filter } : {}),
    ...(sort ? { sort } : {}),
    ...(widget.limit ? { limit: widget.limit } : {}),
  };
}

/** The result columns of a chart widget, in order: dimensions, then measures. */
export function chartColumns(widget: ChartWidget): WidgetColumn[] {
  return [
    ...widget.dimensions.map((d): WidgetColumn => ({
      key: dimensionKey(d),
      role: 'dimension',
      field: d.field,
      ...(d.bucket ? { bucket: d.bucket } : {}),
    })),
    ...widget.measures.map((m): WidgetColumn => ({
      key: m.as,
      role: 'measure',
      op: m.op,
      ...(m.field ? { field: m.field } : {}),
    })),
  ];
}
