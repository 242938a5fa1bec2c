import { dimensionKey, type AggregateQuery, type ChartWidget } from '@tangram/schema';

/**
 * The aggregate query of a chart widget, for previews of unsaved widgets in the studio (saved
 * dashboards are answered by `POST …/dashboards/:id/data`, which builds the same query on the
 * server). Without a sort, rows follow the first dimension.
 */
export function previewQuery(widget: ChartWidget): AggregateQuery {
  // A pivot groups by its row and its column dimensions (the cells; totals need the server).
  const dims = [...widget.dimensions, ...(widget.type === 'pivot' ? (widget.pivot?.columns ?? []) : [])];
  const groupBy = dims.map((d) => ({
    field: d.field,
    ...(d.bucket ? { bucket: d.bucket } : {}),
    as: dimensionKey(d),
  }));
  const first = groupBy[0];
  const sort = widget.sort ?? (first ? [{ key: first.as, dir: 'asc' as const }] : undefined);
  return {
    groupBy,
    // Formula measures are computed by the server's widget endpoint, not by the aggregate API.
    measures: widget.measures.flatMap((m) =>
      m.op === 'formula' ? [] : [{ op: m.op, ...(m.field ? { field: m.field } : {}), as: m.as }],
    ),
    ...(widget.filter ? { filter: widget.filter } : {}),
    ...(sort ? { sort } : {}),
    ...(widget.limit ? { limit: widget.limit } : {}),
  };
}
