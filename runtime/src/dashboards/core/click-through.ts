import { groupValueFilter } from '@tangram/query';
import type { ChartWidget, Dashboard, Filter, FilterWidget } from '@tangram/schema';

/** The value of one filter widget, as the dashboard page holds it (same shape as the data request). */
export type FilterWidgetValue = { from?: string; to?: string } | { values: (string | number | boolean)[] };
export type FilterWidgetState = Record<string, FilterWidgetValue>;

type Dimension = ChartWidget['dimensions'][number];

/** AND of the parts that exist; undefined when none does. */
export function andFilters(...parts: (Filter | undefined)[]): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined);
  if (present.length <= 1) return present[0];
  return { kind: 'and', items: present };
}

/**
 * The condition a filter widget adds to the widgets it is linked to. Mirrors the server's
 * `filterCondition` (server/src/reports/widget-query.ts): the records behind a data point must be
 * exactly the ones the server aggregated under the same filter state.
 */
export function filterWidgetCondition(
  filter: FilterWidget,
  value: FilterWidgetValue | undefined,
  widgetId?: string,
): Filter | undefined {
  if (!value) return undefined;
  // A widget over another form is filtered on the field the filter names for it.
  const field = (widgetId !== undefined ? filter.fields?.[widgetId] : undefined) ?? filter.field;
  if ('values' in value) {
    return value.values.length ? { kind: 'cmp', field, op: 'in', value: value.values } : undefined;
  }
  const { from, to } = value;
  if (from && to) return { kind: 'cmp', field, op: 'between', value: [from, to] };
  if (from) return { kind: 'cmp', field, op: 'gte', value: from };
  if (to) return { kind: 'cmp', field, op: 'lte', value: to };
  return undefined;
}

/**
 * The condition "this dimension has this value", with the server's own rule (`groupValueFilter`
 * of @tangram/query, used by its records-filter endpoint): equality for plain values, the whole
 * bucket for a bucketed date (`between` first and last day; on datetime fields a date bound
 * covers its whole day in the org zone), "is empty" for the empty group.
 */
export function dimensionCondition(dimension: Pick<Dimension, 'field' | 'bucket'>, value: unknown): Filter {
  const filter = groupValueFilter(
    { field: dimension.field, ...(dimension.bucket ? { bucket: dimension.bucket } : {}) },
    value,
  );
  if (!filter) throw new Error(`cannot filter "${dimension.field}" by ${JSON.stringify(value)}`);
  return filter;
}

/** A clicked data point: the values of the widget's dimensions there, in dimension order. */
export interface DataPoint {
  values: readonly unknown[];
}

/**
 * The filter of the records behind one data point of a chart widget: the widget's own filter,
 * the dashboard's filter widgets linked to it (with their current values), the drill path (one
 * condition per level clicked through) and one condition per dimension of the point, the first
 * at the current drill level. Pure, so the data view receives exactly what the chart aggregated
 * (the same rules as the server's records-filter endpoint, decision 0010).
 */
export function pointFilter(
  widget: ChartWidget,
  point: DataPoint,
  dashboard: Pick<Dashboard, 'filters'>,
  state: FilterWidgetState,
  drillPath: readonly unknown[] = [],
): Filter | undefined {
  const linked = (dashboard.filters ?? [])
    .filter((f) => f.widgets.includes(widget.id))
    .map((f) => filterWidgetCondition(f, state[f.id], widget.id));
  const levelOf = (k: number) => (k === 0 ? widget.dimensions[0] : widget.drill?.levels[k - 1]);
  const path = drillPath.map((v, k) => {
    const level = levelOf(k);
    if (!level) throw new Error(`widget "${widget.id}" has no drill level ${k}`);
    return dimensionCondition(level, v);
  });
  const dims = widget.dimensions.slice(0, point.values.length).map((d, i) => {
    const at = i === 0 ? (levelOf(drillPath.length) ?? d) : d;
    return dimensionCondition(at, point.values[i]);
  });
  return flatten(andFilters(widget.filter, ...linked, ...path, ...dims));
}

/** `and(and(a, b), c)` -> `and(a, b, c)`: shorter URLs and a flat list of chips. */
function flatten(filter: Filter | undefined): Filter | undefined {
  if (!filter || filter.kind !== 'and') return filter;
  const items = filter.items.flatMap((f) =>
    f.kind === 'and' ? (flatten(f) as { items: Filter[] }).items : [f],
  );
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** The data view's address showing the records behind a point (`?filter=` holds the query AST). */
export function recordsHref(appId: string, formId: string, filter: Filter | undefined): string {
  const path = `/apps/${encodeURIComponent(appId)}/forms/${encodeURIComponent(formId)}`;
  return filter ? `${path}?${new URLSearchParams({ filter: JSON.stringify(filter) }).toString()}` : path;
}
