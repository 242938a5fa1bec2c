import type { ChartWidget, FieldDefinition, FormDefinition } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { dimensionLabel } from './dimension-label';
import { formatMeasure } from './number-format';

type Row = Record<string, unknown>;

/** What the option builder needs besides the widget and its rows. */
export interface ChartContext {
  form: FormDefinition | undefined;
  lang: string;
  /** Label of empty dimension values ("(empty)"). */
  empty: string;
  /** Phones: legend at the bottom, fewer labels. */
  narrow: boolean;
}

/**
 * An ECharts option for a bar, line, area or pie widget, and the raw dimension value behind each
 * category (for click-through). Pure: the React layer only hands the option to ECharts.
 * One dimension: one series per measure. Two dimensions: the second splits the first measure
 * into series (stacked when `options.stacked`).
 */
export interface BuiltChart {
  option: Record<string, unknown>;
  /** Raw first-dimension value per category (data index). */
  categories: unknown[];
  /** Raw second-dimension value per series (series index), when a second dimension splits them. */
  seriesValues?: unknown[];
}

const fieldOf = (form: FormDefinition | undefined, id: string | undefined): FieldDefinition | undefined =>
  id === undefined ? undefined : form?.fields.find((f) => f.id === id);

/** The label of a measure: its own label, else "Sum of Amount", "Count". */
export function measureLabel(
  measure: ChartWidget['measures'][number],
  form: FormDefinition | undefined,
  lang: string,
): string {
  if (measure.label) return pickText(measure.label, lang);
  const field = fieldOf(form, measure.field);
  const name = field ? pickText(field.label, lang) : (measure.field ?? '');
  const en = lang.startsWith('en');
  const ops: Record<string, [string, string]> = {
    count: ['Count', '计数'],
    distinctCount: ['Distinct', '去重计数'],
    sum: ['Sum', '求和'],
    avg: ['Average', '平均值'],
    min: ['Min', '最小值'],
    max: ['Max', '最大值'],
  };
  const [opEn, opZh] = ops[measure.op] ?? [measure.op, measure.op];
  if (measure.op === 'count' && !measure.field) return en ? opEn : opZh;
  return en ? `${name} (${opEn.toLowerCase()})` : `${name}（${opZh}）`;
}

export function buildChartOption(widget: ChartWidget, rows: readonly Row[], ctx: ChartContext): BuiltChart {
  const { form, lang } = ctx;
  const [dim, split] = widget.dimensions;
  const dimKey = dim ? (dim.as ?? (dim.bucket ? `${dim.field}_${dim.bucket}` : dim.field)) : '';
  const label = (value: unknown, d: ChartWidget['dimensions'][number] | undefined) =>
    dimensionLabel(value, { field: fieldOf(form, d?.field), bucket: d?.bucket, lang, empty: ctx.empty });
  const fmt = (m: ChartWidget['measures'][number]) => (value: unknown) =>
    formatMeasure(value, {
      format: widget.options?.numberFormat,
      field: fieldOf(form, m.field),
      op: m.op,
      locale: lang,
    });
  const colors = widget.options?.colors?.length ? { color: widget.options.colors } : {};
  const legend = {
    type: 'scroll',
    ...(ctx.narrow ? { bottom: 0 } : { top: 0 }),
  };

  if (widget.type === 'pie') {
    const m = widget.measures[0];
    const categories = rows.map((r) => r[dimKey]);
    const format = m ? fmt(m) : String;
    return {
      categories,
      option: {
        ...colors,
        animationDuration: 300,
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string; value: unknown; percent: number }) =>
            `${p.name}: ${format(p.value)} (${p.percent}%)`,
        },
        legend,
        series: [
          {
            type: 'pie',
            name: m ? measureLabel(m, form, lang) : '',
            radius: widget.options?.donut ? ['36%', '60%'] : '60%',
            center: ['50%', ctx.narrow ? '45%' : '55%'],
            label: { show: widget.options?.showLabels ?? !ctx.narrow, formatter: '{b}\n{d}%' },
            data: rows.map((r) => ({ name: label(r[dimKey], dim), value: m ? r[m.as] : null })),
          },
        ],
      },
    };
  }

  const horizontal = widget.options?.horizontal === true && widget.type === 'bar';
  const seriesType = widget.type === 'bar' ? 'bar' : 'line';
  const stack = widget.options?.stacked ? { stack: 'total' } : {};
  const area = widget.type === 'area' ? { areaStyle: { opacity: 0.25 } } : {};
  const showLabels = widget.options?.showLabels
    ? { label: { show: true, position: horizontal ? 'right' : 'top' } }
    : {};
  let categories: unknown[];
  let series: Record<string, unknown>[];
  let splitValues: unknown[] | undefined;
  if (split) {
    // Two dimensions: categories from the first, one series per value of the second.
    const splitKey = split.as ?? (split.bucket ? `${split.field}_${split.bucket}` : split.field);
    const m = widget.measures[0];
    categories = unique(rows.map((r) => r[dimKey]));
    const groups = unique(rows.map((r) => r[splitKey]));
    splitValues = groups;
    series = groups.map((g) => ({
      type: seriesType,
      name: label(g, split),
      ...stack,
      ...area,
      ...showLabels,
      data: categories.map((c) => {
        const row = rows.find((r) => r[dimKey] === c && r[splitKey] === g);
        return row && m ? row[m.as] : null;
      }),
    }));
  } else {
    categories = rows.map((r) => r[dimKey]);
    series = widget.measures.map((m) => ({
      type: seriesType,
      name: measureLabel(m, form, lang),
      ...stack,
      ...area,
      ...showLabels,
      data: rows.map((r) => r[m.as]),
    }));
  }
  const first = widget.measures[0];
  const valueFormatter = first ? fmt(first) : String;
  const categoryAxis = {
    type: 'category',
    data: categories.map((c) => label(c, dim)),
    axisLabel: { hideOverlap: true },
  };
  const valueAxis = { type: 'value', axisLabel: { formatter: (v: number) => compact(v, lang) } };
  return {
    categories,
    ...(splitValues ? { seriesValues: splitValues } : {}),
    option: {
      ...colors,
      animationDuration: 300,
      tooltip: { trigger: 'axis', valueFormatter },
      legend: { ...legend, show: series.length > 1 },
      grid: {
        left: 8,
        right: 16,
        top: series.length > 1 && !ctx.narrow ? 36 : 16,
        bottom: ctx.narrow && series.length > 1 ? 36 : 8,
        containLabel: true,
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    },
  };
}

function unique(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return values.filter((v) => (seen.has(v) ? false : (seen.add(v), true)));
}

/** Axis ticks: 12000 -> 12K (en) / 1.2万 (zh). */
function compact(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
