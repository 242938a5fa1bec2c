// Dashboards of the player: a React-free core (chart options, pivot tables, drill state, number
// formats, click-through filters, preview queries) and the React layer (grid, widget cards,
// ECharts view, filter controls), reused by the studio's editor.
export {
  buildChartOption,
  chartBuilders,
  measureLabel,
  measureText,
  type BuiltChart,
  type ChartContext,
} from './core/chart-option';
export { formatMeasure, formatWith } from './core/number-format';
export { dimensionLabel, bucketLabel } from './core/dimension-label';
export { previewQuery } from './core/preview-query';
export { aggregateAsForm, widgetSourceForm } from './core/aggregate-source';
export { pivotToTable, TOTAL, type PivotTable } from './core/pivot-table';
export { pointFilter, recordsHref } from './core/click-through';
export type { WidgetResult } from './core/widget-result';
export { ChartView, type ChartViewProps } from './react/chart-view';
export { WidgetCard, type WidgetCardProps } from './react/widget-card';
export { DashboardView, cellStyle, type DashboardViewProps } from './react/dashboard-view';
export { DashboardStyles } from './react/styles';
