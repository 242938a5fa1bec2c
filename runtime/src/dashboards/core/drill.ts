import type { ChartWidget } from '@tangram/schema';
import type { DrillInfo } from './widget-result';

/** Widget id -> the values clicked at levels 0..k-1 (the data request's `drill`). */
export type DrillPaths = Readonly<Record<string, readonly unknown[]>>;

/** Chart types whose first dimension is a category that can drill down (decision 0010). */
const DRILLABLE: ReadonlySet<string> = new Set(['bar', 'line', 'area', 'pie', 'funnel']);

/** The field and bucket of drill level `level` (0 = the widget's first dimension). */
export function drillLevel(
  widget: ChartWidget,
  level: number,
): { field: string; bucket?: string; label?: ChartWidget['dimensions'][number]['label'] } | undefined {
  if (level === 0) return widget.dimensions[0];
  return widget.drill?.levels[level - 1];
}

/** How many levels the widget has, level 0 included (1 without a hierarchy). */
export const levelCount = (widget: ChartWidget): number =>
  DRILLABLE.has(widget.type) && widget.dimensions.length > 0 ? 1 + (widget.drill?.levels.length ?? 0) : 1;

/** True when a click on a value at the current level goes one level down. */
export function canDrillDown(widget: ChartWidget, path: readonly unknown[] = [], info?: DrillInfo): boolean {
  const levels = info?.levels ?? levelCount(widget);
  const level = info?.level ?? path.length;
  return level + 1 < levels;
}

/** The paths after clicking `value` on widget `id` (one level down). */
export function drillDown(paths: DrillPaths, id: string, value: unknown): DrillPaths {
  return { ...paths, [id]: [...(paths[id] ?? []), value] };
}

/** The paths after going back to `level` (0 = the top: the widget's entry is removed). */
export function drillUp(paths: DrillPaths, id: string, level: number): DrillPaths {
  const { [id]: current = [], ...rest } = paths;
  return level <= 0 ? rest : { ...rest, [id]: current.slice(0, level) };
}

/** Breadcrumb entries of a drilled widget: the top, then one per clicked value (its level's label). */
export function breadcrumbs(
  widget: ChartWidget,
  path: readonly unknown[],
  label: (level: number, value: unknown) => string,
  top: string,
): { level: number; label: string }[] {
  return [{ level: 0, label: top }, ...path.map((v, i) => ({ level: i + 1, label: label(i, v) }))];
}
