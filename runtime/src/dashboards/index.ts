// Dashboards of the player: a React-free core (chart options, number formats, preview queries)
// and the React layer (grid, widget cards, ECharts view), reused by the studio's editor.
export { buildChartOption, measureLabel, type BuiltChart, type ChartContext } from './core/chart-option';
export { formatMeasure, formatWith } from './core/number-format';
export { dimensionLabel, bucketLabel } from './core/dimension-label';
export { previewQuery } from './core/preview-query';
export { ChartView, type ChartViewProps } from './react/chart-view';
export { WidgetCard, type WidgetCardProps } from './react/widget-card';
export { DashboardView, cellStyle, type DashboardViewProps } from './react/dashboard-view';
export { DashboardStyles } from './react/styles';
