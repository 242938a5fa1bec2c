import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { pickText } from '../../core/i18n-text';
import { dimensionLabel } from './dimension-label';
import { formatMeasure } from './number-format';
import {
  dimensionAt,
  shownMeasures,
  sourceField,
  type Measure,
  type Row,
  type WidgetResult,
} from './widget-result';

/** What the option builders need besides the widget and its result. */
export interface ChartContext {
  form: FormDefinition | undefined;
  lang: string;
  /** Label of empty dimension values ("(empty)"). */
  empty: string;
  /** Label of the top-N "others" row. */
  others: string;
  /** Phones: legend at the bottom, fewer labels. */
  narrow: boolean;
}

/**
 * An ECharts option, and for each drawn item the dimension values behind it (for drill-down and
 * click-through): `pointAt(dataIndex, seriesIndex)` is those values in dimension order, or null
 * where a click means nothing (the "others" row, a measure-stage funnel). Pure: the React layer
 * only hands the option to ECharts.
 */
export interface BuiltChart {
  option: Record<string, unknown>;
  pointAt(dataIndex: number, seriesIndex: number): unknown[] | null;
}

/** Chart types drawn by ECharts (KPI and pivot are HTML). */
export type EChartsWidgetType = Exclude<ChartWidget['type'], 'kpi' | 'pivot'>;

type Builder = (widget: ChartWidget, result: WidgetResult, ctx: ChartContext) => BuiltChart;

/** The label of a measure: its own label, else "Sum of Amount", "Count". */
export function measureLabel(measure: Measure, form: FormDefinition | undefined, lang: string): string {
  if (measure.label) return pickText(measure.label, lang);
  const en = lang.startsWith('en');
  if (measure.op === 'formula') return measure.as;
  const field = form?.fields.find((f) => f.id === measure.field);
  const name = field ? pickText(field.label, lang) : (measure.field ?? '');
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

/** A measure value as text: the measure's own format, else the widget's, else the field's. */
export function measureText(
  widget: ChartWidget,
  measure: Measure,
  value: unknown,
  ctx: Pick<ChartContext, 'form' | 'lang'>,
): string {
  const format = measure.format ?? widget.options?.numberFormat;
  return formatMeasure(value, {
    ...(format ? { format } : {}),
    field: sourceField(ctx.form, widget, measure.field),
    op: measure.op,
    locale: ctx.lang,
  });
}

/**
 * The label of the value of dimension `index` in a row: "Others" for the top-N remainder, an
 * explicit label from `options.labels`, else the option label / bucket / formatted value.
 */
export function valueLabel(
  widget: ChartWidget,
  result: Pick<WidgetResult, 'columns' | 'labels'> | undefined,
  index: number,
  value: unknown,
  ctx: ChartContext,
  row?: Row,
): string {
  if (row?.$others === true) return ctx.others;
  const custom = widget.options?.labels?.[String(value)];
  if (custom !== undefined && value !== null && value !== undefined) return custom;
  const at = dimensionAt(widget, result, index);
  return dimensionLabel(value, {
    ...(at ? { field: sourceField(ctx.form, widget, at.field) } : {}),
    ...(at?.bucket ? { bucket: at.bucket } : {}),
    labels: at ? result?.labels?.[at.key] : undefined,
    lang: ctx.lang,
    empty: ctx.empty,
  });
}

/** Text for ECharts' HTML tooltips: data values (names, labels) must not become markup. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const unique = (values: unknown[]): unknown[] => {
  const seen = new Set<unknown>();
  return values.filter((v) => (seen.has(v) ? false : (seen.add(v), true)));
};

/** Axis ticks: 12000 -> 12K (en) / 1.2万 (zh). */
function compact(value: number, lang: string): string {
  return new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

const palette = (widget: ChartWidget) =>
  widget.options?.colors?.length ? { color: widget.options.colors } : {};

function legendOf(widget: ChartWidget, ctx: ChartContext, count: number) {
  return {
    type: 'scroll',
    show: widget.options?.showLegend ?? count > 1,
    ...(ctx.narrow ? { bottom: 0 } : { top: 0 }),
  };
}

const key = (row: Row, k: string) => row[k];

/** Bar, line and area: categories from the first dimension, series per measure or per second-dimension value. */
const axisChart: Builder = (widget, result, ctx) => {
  const rows = result.rows;
  const measures = shownMeasures(widget);
  const cat = dimensionAt(widget, result, 0);
  const split = dimensionAt(widget, result, 1);
  const horizontal = widget.options?.horizontal === true && widget.type === 'bar';
  const seriesType = widget.type === 'bar' ? 'bar' : 'line';
  const common = {
    type: seriesType,
    ...(widget.options?.stacked ? { stack: 'total' } : {}),
    ...(widget.type === 'area' ? { areaStyle: { opacity: 0.25 } } : {}),
    ...(widget.options?.smooth && seriesType === 'line' ? { smooth: true } : {}),
    ...(seriesType === 'bar' ? { barMaxWidth: 48 } : {}),
    emphasis: { focus: 'series' },
  };
  const labelsFor = (m: Measure) =>
    widget.options?.showLabels
      ? {
          label: {
            show: true,
            position: widget.options.stacked ? 'inside' : horizontal ? 'right' : 'top',
            formatter: (p: { value: unknown }) => measureText(widget, m, p.value, ctx),
          },
        }
      : {};
  const tooltipFor = (m: Measure) => ({
    tooltip: { valueFormatter: (v: unknown) => measureText(widget, m, v, ctx) },
  });

  let categoryRows: Row[];
  let series: Record<string, unknown>[];
  let splitValues: unknown[] = [];
  if (split && cat) {
    // Two dimensions: one series per value of the second, the first shown measure.
    const m = measures[0];
    const firstRow = new Map<unknown, Row>();
    for (const r of rows) if (!firstRow.has(key(r, cat.key))) firstRow.set(key(r, cat.key), r);
    categoryRows = [...firstRow.values()];
    splitValues = unique(rows.map((r) => key(r, split.key)));
    series = splitValues.map((g) => ({
      ...common,
      name: valueLabel(widget, result, 1, g, ctx),
      ...(m ? { ...labelsFor(m), ...tooltipFor(m) } : {}),
      data: categoryRows.map((c) => {
        const row = rows.find((r) => key(r, cat.key) === key(c, cat.key) && key(r, split.key) === g);
        return row && m ? row[m.as] : null;
      }),
    }));
  } else {
    categoryRows = rows;
    series = measures.map((m) => ({
      ...common,
      name: measureLabel(m, ctx.form, ctx.lang),
      ...(m.color ? { itemStyle: { color: m.color }, lineStyle: { color: m.color } } : {}),
      ...labelsFor(m),
      ...tooltipFor(m),
      data: rows.map((r) => r[m.as]),
    }));
  }
  const categoryAxis = {
    type: 'category',
    data: categoryRows.map((r) => (cat ? valueLabel(widget, result, 0, r[cat.key], ctx, r) : '')),
    axisLabel: { hideOverlap: true },
    axisTick: { alignWithLabel: true },
  };
  const valueAxis = {
    type: 'value',
    axisLabel: { formatter: (v: number) => compact(v, ctx.lang) },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  };
  const legend = legendOf(widget, ctx, series.length);
  return {
    option: {
      ...palette(widget),
      animationDuration: 300,
      tooltip: { trigger: 'axis', axisPointer: { type: seriesType === 'bar' ? 'shadow' : 'line' } },
      legend,
      grid: {
        left: 8,
        right: 16,
        top: legend.show && !ctx.narrow ? 36 : 16,
        bottom: ctx.narrow && legend.show ? 36 : 8,
        containLabel: true,
      },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series,
    },
    pointAt: (dataIndex, seriesIndex) => {
      const row = categoryRows[dataIndex];
      if (!row || !cat || row.$others === true) return null;
      return split ? [row[cat.key], splitValues[seriesIndex]] : [row[cat.key]];
    },
  };
};

/** Pie and donut: one slice per value of the dimension, the first shown measure. */
const pieChart: Builder = (widget, result, ctx) => {
  const m = shownMeasures(widget)[0];
  const cat = dimensionAt(widget, result, 0);
  const rows = result.rows;
  const text = (v: unknown) => (m ? measureText(widget, m, v, ctx) : String(v));
  return {
    option: {
      ...palette(widget),
      animationDuration: 300,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: unknown; percent: number; marker: string }) =>
          `${p.marker}${escapeHtml(p.name)}: <b>${escapeHtml(text(p.value))}</b> (${p.percent}%)`,
      },
      legend: { ...legendOf(widget, ctx, 2), show: widget.options?.showLegend ?? true },
      series: [
        {
          type: 'pie',
          name: m ? measureLabel(m, ctx.form, ctx.lang) : '',
          radius: widget.options?.donut ? ['38%', '62%'] : ['0%', '62%'],
          center: ['50%', ctx.narrow ? '45%' : '55%'],
          avoidLabelOverlap: true,
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          label: { show: widget.options?.showLabels ?? !ctx.narrow, formatter: '{b}\n{d}%' },
          data: rows.map((r) => ({
            name: cat ? valueLabel(widget, result, 0, r[cat.key], ctx, r) : '',
            value: m ? r[m.as] : null,
          })),
        },
      ],
    },
    pointAt: (dataIndex) => {
      const row = rows[dataIndex];
      return row && cat && row.$others !== true ? [row[cat.key]] : null;
    },
  };
};

/**
 * Funnel: the stages the server lists (measures as stages, or the values of one dimension), each
 * with its share of the first stage; without `stages` (an older server) they come from the rows.
 */
const funnelChart: Builder = (widget, result, ctx) => {
  const measures = shownMeasures(widget);
  const cat = dimensionAt(widget, result, 0);
  const byMeasure = !cat;
  const stages =
    result.stages ??
    (byMeasure
      ? measures.map((m) => ({ key: m.as, value: num(result.rows[0]?.[m.as]) }))
      : result.rows.map((r) => ({ key: r[cat.key] as string, value: num(r[measures[0]?.as ?? '']) })));
  const first = stages[0]?.value ?? null;
  // The server orders the stages (by value or by the select's options): a stage's row is found by
  // its value, not its position (the top-N remainder is the row marked $others).
  const rowOf = (i: number): Row | undefined => {
    const k = stages[i]?.key;
    if (!cat) return undefined;
    return (
      result.rows.find((r) => r[cat.key] === k && r.$others !== true) ??
      result.rows.find((r) => r[cat.key] === k)
    );
  };
  const measureOf = (k: unknown) => measures.find((m) => m.as === k) ?? measures[0];
  const nameOf = (k: unknown, i: number) => {
    if (byMeasure) {
      const m = measureOf(k);
      return m ? measureLabel(m, ctx.form, ctx.lang) : String(k);
    }
    return valueLabel(widget, result, 0, k, ctx, rowOf(i));
  };
  const percent = (s: { value: number | null; percentOfFirst?: number | null }) =>
    s.percentOfFirst ?? (first && s.value !== null ? (s.value / first) * 100 : null);
  const data = stages.map((s, i) => ({
    name: nameOf(s.key, i),
    value: s.value,
    percent: percent(s),
  }));
  const pct = (v: number | null) =>
    v === null ? '–' : `${new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 1 }).format(v)}%`;
  // A share of the first stage reads well only when each stage is at most the one before (a
  // conversion funnel); stages in their own order (deals by current stage) show their values.
  const narrowing = data.every((d, i) => i === 0 || (d.value ?? 0) <= (data[i - 1]!.value ?? 0));
  const valueText = (i: number) => {
    const m = byMeasure ? measureOf(stages[i]?.key) : measures[0];
    return m ? measureText(widget, m, data[i]?.value ?? null, ctx) : String(data[i]?.value ?? '');
  };
  return {
    option: {
      ...palette(widget),
      animationDuration: 300,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: unknown; dataIndex: number; marker: string }) => {
          const m = byMeasure ? measureOf(stages[p.dataIndex]?.key) : measures[0];
          const value = m ? measureText(widget, m, p.value, ctx) : String(p.value);
          return `${p.marker}${escapeHtml(p.name)}: <b>${escapeHtml(value)}</b> (${pct(data[p.dataIndex]?.percent ?? null)})`;
        },
      },
      legend: { ...legendOf(widget, ctx, data.length), show: widget.options?.showLegend ?? false },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          // ECharts scales stage widths between 0 and 100 by default: the largest stage is full width.
          min: 0,
          max: Math.max(0, ...data.map((d) => d.value ?? 0)) || 1,
          left: '8%',
          width: '84%',
          top: 12,
          bottom: 12,
          gap: 2,
          minSize: '8%',
          label: {
            show: true,
            position: 'inside',
            formatter: (p: { name: string; dataIndex: number }) =>
              `${p.name}  ${narrowing ? pct(data[p.dataIndex]?.percent ?? null) : valueText(p.dataIndex)}`,
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          data: data.map(({ name, value }) => ({ name, value })),
        },
      ],
    },
    pointAt: (dataIndex) => {
      if (byMeasure || !cat) return null;
      const row = rowOf(dataIndex);
      if (row?.$others === true) return null;
      const stage = stages[dataIndex];
      return stage ? [stage.key] : null;
    },
  };
};

/** Gauge: one measure between min and max, with the target marked when there is one. */
const gaugeChart: Builder = (widget, result, ctx) => {
  const m = shownMeasures(widget)[0];
  const g = result.gauge ?? {
    value: m ? num(result.rows[0]?.[m.as]) : null,
    min: widget.options?.gauge?.min ?? 0,
    max: widget.options?.gauge?.max ?? 100,
    ...(widget.options?.gauge?.target !== undefined ? { target: widget.options.gauge.target } : {}),
  };
  const text = (v: unknown) => (m ? measureText(widget, m, v, ctx) : String(v));
  const span = g.max - g.min || 1;
  const color = widget.options?.colors?.[0] ?? m?.color ?? '#4263eb';
  // The target splits the track: reached part in the colour, the rest grey, a tick at the target.
  const targetAt = g.target !== undefined ? Math.min(1, Math.max(0, (g.target - g.min) / span)) : undefined;
  return {
    option: {
      animationDuration: 300,
      series: [
        {
          type: 'gauge',
          min: g.min,
          max: g.max,
          startAngle: 210,
          endAngle: -30,
          radius: '90%',
          center: ['50%', '58%'],
          progress: { show: true, width: 14, itemStyle: { color } },
          axisLine: {
            lineStyle: {
              width: 14,
              color:
                targetAt !== undefined
                  ? [
                      [Math.max(0, targetAt - 0.004), '#eef0f4'],
                      [Math.min(1, targetAt + 0.004), '#1f2937'],
                      [1, '#eef0f4'],
                    ]
                  : [[1, '#eef0f4']],
            },
          },
          pointer: { show: false },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: {
            distance: 20,
            color: '#98a2b3',
            fontSize: 11,
            formatter: (v: number) => (v === g.min || v === g.max ? compact(v, ctx.lang) : ''),
          },
          anchor: { show: false },
          title: { show: true, offsetCenter: [0, '32%'], fontSize: 12, color: '#667085' },
          detail: {
            valueAnimation: false,
            offsetCenter: [0, '2%'],
            fontSize: ctx.narrow ? 22 : 26,
            fontWeight: 600,
            color: '#1f2937',
            formatter: (v: number) => text(v),
          },
          data: [
            {
              value: g.value,
              name:
                g.target !== undefined
                  ? `${ctx.lang.startsWith('en') ? 'Target' : '目标'} ${text(g.target)}`
                  : m
                    ? measureLabel(m, ctx.form, ctx.lang)
                    : '',
            },
          ],
        },
      ],
    },
    pointAt: () => null,
  };
};

/**
 * Scatter: one point per value of the first dimension at (first measure, second measure), sized
 * by a third; a second dimension splits the points into coloured series.
 */
const scatterChart: Builder = (widget, result, ctx) => {
  const [mx, my, ms] = shownMeasures(widget);
  const point = dimensionAt(widget, result, 0);
  const split = dimensionAt(widget, result, 1);
  const rows = result.rows;
  const groups = split ? unique(rows.map((r) => r[split.key])) : [undefined];
  const maxSize = ms ? Math.max(0, ...rows.map((r) => Math.abs(num(r[ms.as]) ?? 0))) : 0;
  const size = (v: unknown) => {
    const n = Math.abs(num(v) ?? 0);
    return maxSize ? 6 + Math.sqrt(n / maxSize) * 34 : 12;
  };
  const groupRows = groups.map((g) => (split ? rows.filter((r) => r[split.key] === g) : rows));
  const axis = (m: Measure | undefined) => ({
    type: 'value',
    scale: true,
    name: m ? measureLabel(m, ctx.form, ctx.lang) : '',
    nameLocation: 'middle',
    nameGap: 28,
    axisLabel: { formatter: (v: number) => compact(v, ctx.lang) },
    splitLine: { lineStyle: { color: '#eef0f4' } },
  });
  const text = (m: Measure | undefined, v: unknown) => (m ? measureText(widget, m, v, ctx) : '');
  const legend = legendOf(widget, ctx, groups.length);
  return {
    option: {
      ...palette(widget),
      animationDuration: 300,
      legend,
      grid: {
        left: 24,
        right: 24,
        top: legend.show && !ctx.narrow ? 40 : 20,
        bottom: ctx.narrow && legend.show ? 56 : 32,
        containLabel: true,
      },
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesIndex: number; dataIndex: number; marker: string }) => {
          const row = groupRows[p.seriesIndex]?.[p.dataIndex];
          if (!row) return '';
          const name = point ? valueLabel(widget, result, 0, row[point.key], ctx, row) : '';
          const lines = [mx, my, ms]
            .filter((m): m is Measure => m !== undefined)
            .map(
              (m) =>
                `${escapeHtml(measureLabel(m, ctx.form, ctx.lang))}: <b>${escapeHtml(text(m, row[m.as]))}</b>`,
            );
          return `${p.marker}${escapeHtml(name)}<br/>${lines.join('<br/>')}`;
        },
      },
      xAxis: axis(mx),
      yAxis: { ...axis(my), nameGap: 40, nameRotate: 90 },
      series: groups.map((g, i) => ({
        type: 'scatter',
        name: split ? valueLabel(widget, result, 1, g, ctx) : mx ? measureLabel(mx, ctx.form, ctx.lang) : '',
        symbolSize: (_: unknown, p: { dataIndex: number }) =>
          ms ? size(groupRows[i]?.[p.dataIndex]?.[ms.as]) : 12,
        emphasis: { focus: 'series' },
        itemStyle: { opacity: 0.8 },
        data: (groupRows[i] ?? []).map((r) => [mx ? r[mx.as] : null, my ? r[my.as] : null]),
      })),
    },
    pointAt: (dataIndex, seriesIndex) => {
      const row = groupRows[seriesIndex]?.[dataIndex];
      if (!row || !point || row.$others === true) return null;
      return split ? [row[point.key], row[split.key]] : [row[point.key]];
    },
  };
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** One option builder per chart type ECharts draws; a new type is a type error until it has one. */
export const chartBuilders = {
  bar: axisChart,
  line: axisChart,
  area: axisChart,
  pie: pieChart,
  funnel: funnelChart,
  gauge: gaugeChart,
  scatter: scatterChart,
} satisfies Record<EChartsWidgetType, Builder>;

export const isEChartsType = (type: string): type is EChartsWidgetType => Object.hasOwn(chartBuilders, type);

/** The ECharts option of a chart widget over its result. */
export function buildChartOption(widget: ChartWidget, result: WidgetResult, ctx: ChartContext): BuiltChart {
  if (!isEChartsType(widget.type)) throw new Error(`"${widget.type}" is not drawn by ECharts`);
  return chartBuilders[widget.type](widget, result, ctx);
}
