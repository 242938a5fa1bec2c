import type { ChartWidget, FieldDefinition, FormDefinition } from '@tangram/schema';
import { dimensionKey } from '@tangram/schema';

/**
 * What the data endpoint answers for one widget (docs/decisions/0010-report-widgets.md): rows and
 * columns, plus per-type extras. The client types the common part; the extras are read here.
 */
export type Row = Record<string, unknown>;

export type ResultColumn =
  | { key: string; role: 'dimension'; field: string; bucket?: string; axis?: 'row' | 'column' }
  | { key: string; role: 'measure'; op: string; field?: string; formula?: string }
  | { key: string; role: 'field'; field: string };

export interface DateSpan {
  from: string;
  to: string;
}

export interface Comparison {
  field: string;
  period: 'previous' | 'lastYear';
  current: DateSpan;
  previous: DateSpan;
  measures: Record<
    string,
    { current: number | null; previous: number | null; delta: number | null; deltaPercent: number | null }
  >;
}

export interface DrillInfo {
  /** The level answered (0 = the widget's own first dimension). */
  level: number;
  /** How many levels there are, level 0 included. */
  levels: number;
  path: unknown[];
  field: string;
  bucket?: string;
}

export interface FunnelStage {
  key: string | number | boolean | null;
  value: number | null;
  percentOfFirst: number | null;
  percentOfPrevious: number | null;
}

export interface WidgetResult {
  columns: ResultColumn[];
  rows: Row[];
  drill?: DrillInfo;
  comparison?: Comparison;
  gauge?: { value: number | null; min: number; max: number; target?: number };
  stages?: FunnelStage[];
  pivot?: { rows: string[]; columns: string[]; measures: string[] };
  /**
   * Names of the ids in relation, member and department columns: `labels[columnKey][id]`, null
   * for a record the viewer may not read (shown as a neutral mark). Absent for other columns.
   */
  labels?: Record<string, Record<string, string | null>>;
}

export type Measure = ChartWidget['measures'][number];
export type Dimension = ChartWidget['dimensions'][number];

/** The measures a widget draws (hidden ones are formula inputs). */
export const shownMeasures = (widget: ChartWidget): Measure[] => widget.measures.filter((m) => !m.hidden);

/**
 * The field and bucket a dimension column actually holds: under drill-down the first dimension's
 * key stays, but the field and bucket are those of the level answered (the result's column).
 */
export function dimensionAt(
  widget: ChartWidget,
  result: Pick<WidgetResult, 'columns'> | undefined,
  index: number,
): { key: string; field: string; bucket?: string; dimension: Dimension } | undefined {
  const dimension = widget.dimensions[index];
  if (!dimension) return undefined;
  const key = dimensionKey(dimension);
  const column = result?.columns.find((c) => c.key === key && c.role === 'dimension');
  const field = column?.role === 'dimension' ? column.field : dimension.field;
  const bucket = column?.role === 'dimension' ? column.bucket : dimension.bucket;
  return { key, field, ...(bucket ? { bucket } : {}), dimension };
}

/** A field of the widget's source: for a subform source the subform's columns, then the form's. */
export function sourceField(form: FormDefinition | undefined, widget: ChartWidget, id: string | undefined) {
  if (!form || id === undefined) return undefined;
  const subform = 'subform' in widget.source ? widget.source.subform : undefined;
  if (subform) {
    const sub = form.fields.find((f) => f.id === subform);
    const column = (sub?.config as { fields?: FieldDefinition[] } | undefined)?.fields?.find(
      (f) => f.id === id,
    );
    if (column) return column;
  }
  return form.fields.find((f) => f.id === id);
}

/** Reads the extras of a successful widget answer (absent ones stay undefined). */
export function asResult(data: { columns: unknown[]; rows: Row[] }): WidgetResult {
  return data as unknown as WidgetResult;
}
