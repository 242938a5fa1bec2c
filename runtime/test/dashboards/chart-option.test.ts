import { describe, expect, it, vi } from 'vitest';
import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { buildChartOption, escapeHtml, type ChartContext } from '../../src/dashboards/core/chart-option';
import { breadcrumbs, canDrillDown, drillDown, drillUp, levelCount } from '../../src/dashboards/core/drill';
import { kpiChange } from '../../src/dashboards/core/kpi';
import { intervalParts, startAutoRefresh } from '../../src/dashboards/core/auto-refresh';
import type { WidgetResult } from '../../src/dashboards/core/widget-result';

const form = {
  id: 'orders',
  name: { en: 'Orders' },
  fields: [
    {
      id: 'region',
      type: 'select',
      label: { en: 'Region' },
      config: {
        options: [
          { value: 'east', label: { en: 'East' } },
          { value: 'west', label: { en: 'West' } },
        ],
      },
    },
    { id: 'amount', type: 'number', label: { en: 'Amount' }, config: {} },
    { id: 'orderDate', type: 'date', label: { en: 'Order date' } },
  ],
} as unknown as FormDefinition;
const ctx: ChartContext = { form, lang: 'en', empty: '(empty)', others: 'Others', narrow: false };
const layout = { x: 0, y: 0, w: 12, h: 6 };
const w = (over: Partial<ChartWidget>): ChartWidget => ({
  id: 'w',
  type: 'bar',
  layout,
  source: { form: 'orders' },
  dimensions: [{ field: 'region' }],
  measures: [{ op: 'sum', field: 'amount', as: 's' }],
  ...over,
});
const result = (rows: Record<string, unknown>[], extra: Partial<WidgetResult> = {}): WidgetResult => ({
  columns: [],
  rows,
  ...extra,
});
type Series = { type: string; name: string; data: unknown[]; stack?: string; itemStyle?: { color: string } };
const series = (o: Record<string, unknown>) => o.series as Series[];

describe('chart options per type', () => {
  it('bar: one series per shown measure, labelled categories, the others row, formula and hidden measures', () => {
    const widget = w({
      measures: [
        { op: 'sum', field: 'amount', as: 's', color: '#ff0000' },
        { op: 'count', as: 'n', hidden: true },
        { op: 'formula', formula: '{s} / {n}', as: 'avg', label: { en: 'Avg order' } },
      ],
    });
    const built = buildChartOption(
      widget,
      result([
        { region: 'east', s: 100, n: 4, avg: 25 },
        { region: null, $others: true, s: 30, n: 1, avg: 30 },
      ]),
      ctx,
    );
    expect(series(built.option).map((s) => [s.name, s.data, s.itemStyle?.color])).toEqual([
      ['Amount (sum)', [100, 30], '#ff0000'],
      ['Avg order', [25, 30], undefined],
    ]);
    expect((built.option.xAxis as { data: string[] }).data).toEqual(['East', 'Others']);
    expect(built.pointAt(0, 0)).toEqual(['east']);
    // The "others" row is no single value: a click on it means nothing.
    expect(built.pointAt(1, 0)).toBeNull();
  });

  it('bar with two dimensions: series per second-dimension value, stacked, horizontal', () => {
    const widget = w({
      dimensions: [{ field: 'orderDate', bucket: 'month' }, { field: 'region' }],
      options: { stacked: true, horizontal: true, labels: { west: 'W' } },
    });
    const built = buildChartOption(
      widget,
      result([
        { orderDate_month: '2024-01-01', region: 'east', s: 1 },
        { orderDate_month: '2024-01-01', region: 'west', s: 2 },
        { orderDate_month: '2024-02-01', region: 'west', s: 3 },
      ]),
      ctx,
    );
    expect(series(built.option).map((s) => [s.name, s.data, s.stack])).toEqual([
      ['East', [1, null], 'total'],
      ['W', [2, 3], 'total'],
    ]);
    expect((built.option.yAxis as { type: string; data: string[] }).data).toEqual(['2024-01', '2024-02']);
    expect(built.pointAt(1, 1)).toEqual(['2024-02-01', 'west']);
  });

  it('reads the level actually answered for labels under drill-down', () => {
    const widget = w({
      dimensions: [{ field: 'orderDate', bucket: 'year', as: 'd' }],
      drill: { levels: [{ field: 'orderDate', bucket: 'month' }] },
    });
    const built = buildChartOption(
      widget,
      result([{ d: '2024-03-01', s: 1 }], {
        columns: [{ key: 'd', role: 'dimension', field: 'orderDate', bucket: 'month' }],
      }),
      ctx,
    );
    expect((built.option.xAxis as { data: string[] }).data).toEqual(['2024-03']);
  });

  it('pie: slices with an escaped tooltip', () => {
    const built = buildChartOption(w({ type: 'pie' }), result([{ region: '<b>x</b>', s: 2 }]), ctx);
    const pie = series(built.option)[0] as unknown as { data: { name: string; value: number }[] };
    expect(pie.data).toEqual([{ name: '<b>x</b>', value: 2 }]);
    const tooltip = built.option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ name: '<b>x</b>', value: 2, percent: 100, marker: '' })).toBe(
      '&lt;b&gt;x&lt;/b&gt;: <b>2</b> (100%)',
    );
  });

  it('funnel: stages from the answer in order, measures as stages are not clickable', () => {
    const widget = w({
      type: 'funnel',
      dimensions: [],
      measures: [
        { op: 'count', as: 'all', label: { en: 'Leads' } },
        { op: 'count', as: 'won', label: { en: 'Won' } },
      ],
    });
    const built = buildChartOption(
      widget,
      result([{ all: 120, won: 30 }], {
        stages: [
          { key: 'all', value: 120, percentOfFirst: 100, percentOfPrevious: 100 },
          { key: 'won', value: 30, percentOfFirst: 25, percentOfPrevious: 25 },
        ],
      }),
      ctx,
    );
    const funnel = series(built.option)[0] as unknown as {
      data: { name: string; value: number }[];
      label: { formatter: (p: unknown) => string };
    };
    expect(funnel.data).toEqual([
      { name: 'Leads', value: 120 },
      { name: 'Won', value: 30 },
    ]);
    expect(funnel.label.formatter({ name: 'Won', dataIndex: 1 })).toBe('Won  25%');
    expect(built.pointAt(0, 0)).toBeNull();
    // One dimension: each value is a stage, and a stage is clickable.
    const byRegion = buildChartOption(
      w({ type: 'funnel' }),
      result([
        { region: 'east', s: 5 },
        { region: 'west', s: 2 },
      ]),
      ctx,
    );
    expect(byRegion.pointAt(1, 0)).toEqual(['west']);
  });

  it('gauge: min, max, the value in the number format and the target', () => {
    const widget = w({
      type: 'gauge',
      dimensions: [],
      measures: [{ op: 'avg', field: 'amount', as: 'a', format: { decimals: 1, suffix: ' pts' } }],
      options: { gauge: { min: 0, max: 200, target: 150 } },
    });
    const built = buildChartOption(
      widget,
      result([{ a: 72.5 }], { gauge: { value: 72.5, min: 0, max: 200, target: 150 } }),
      ctx,
    );
    const g = series(built.option)[0] as unknown as {
      min: number;
      max: number;
      data: { value: number; name: string }[];
      detail: { formatter: (v: number) => string };
    };
    expect([g.min, g.max, g.data[0]]).toEqual([0, 200, { value: 72.5, name: 'Target 150.0 pts' }]);
    expect(g.detail.formatter(72.5)).toBe('72.5 pts');
  });

  it('scatter: points at (x, y) sized by the third measure, series per second dimension', () => {
    const widget = w({
      type: 'scatter',
      dimensions: [{ field: 'orderDate' }, { field: 'region' }],
      measures: [
        { op: 'sum', field: 'amount', as: 'x' },
        { op: 'count', as: 'y' },
        { op: 'avg', field: 'amount', as: 'z' },
      ],
    });
    const built = buildChartOption(
      widget,
      result([
        { orderDate: '2024-01-02', region: 'east', x: 10, y: 1, z: 4 },
        { orderDate: '2024-01-03', region: 'west', x: 20, y: 2, z: 16 },
      ]),
      ctx,
    );
    const s = series(built.option) as unknown as {
      name: string;
      data: unknown[][];
      symbolSize: (v: unknown, p: { dataIndex: number }) => number;
    }[];
    expect(s.map((x) => [x.name, x.data])).toEqual([
      ['East', [[10, 1]]],
      ['West', [[20, 2]]],
    ]);
    expect(s[1]?.symbolSize(null, { dataIndex: 0 })).toBe(40);
    expect(s[0]?.symbolSize(null, { dataIndex: 0 })).toBe(23);
    expect(built.pointAt(0, 1)).toEqual(['2024-01-03', 'west']);
  });

  it('refuses types ECharts does not draw', () => {
    expect(() => buildChartOption(w({ type: 'pivot' }), result([]), ctx)).toThrow(/not drawn/);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('drill state', () => {
  const widget = w({
    dimensions: [{ field: 'orderDate', bucket: 'year' }],
    drill: {
      levels: [
        { field: 'orderDate', bucket: 'month' },
        { field: 'orderDate', bucket: 'day' },
      ],
    },
  });
  it('goes down one level per click and back to any breadcrumb', () => {
    expect(levelCount(widget)).toBe(3);
    let paths = drillDown({}, 'w', '2024-01-01');
    paths = drillDown(paths, 'w', '2024-03-01');
    expect(paths).toEqual({ w: ['2024-01-01', '2024-03-01'] });
    expect(canDrillDown(widget, paths.w)).toBe(false);
    expect(canDrillDown(widget, ['2024-01-01'])).toBe(true);
    expect(canDrillDown(widget, [], { level: 2, levels: 3, path: [], field: 'orderDate' })).toBe(false);
    expect(drillUp(paths, 'w', 1)).toEqual({ w: ['2024-01-01'] });
    expect(drillUp(paths, 'w', 0)).toEqual({});
    expect(
      breadcrumbs(widget, paths.w ?? [], (level, v) => `${level}:${String(v)}`, 'All').map((c) => c.label),
    ).toEqual(['All', '0:2024-01-01', '1:2024-03-01']);
    expect(canDrillDown(w({ type: 'scatter', drill: widget.drill }), [])).toBe(false);
  });
});

describe('KPI comparison', () => {
  const comparison = {
    field: 'orderDate',
    period: 'previous' as const,
    current: { from: '2024-03-01', to: '2024-03-31' },
    previous: { from: '2024-01-30', to: '2024-02-29' },
    measures: {
      up: { current: 150, previous: 120, delta: 30, deltaPercent: 25 },
      down: { current: 90, previous: 120, delta: -30, deltaPercent: -25 },
      none: { current: 5, previous: 0, delta: 5, deltaPercent: null },
      flat: { current: 1, previous: 1, delta: 0, deltaPercent: 0 },
    },
  };
  it('shows an arrow, a signed percent and a tone', () => {
    expect(kpiChange(comparison, 'up', 'en')).toMatchObject({
      direction: 'up',
      percent: '+25%',
      tone: 'good',
    });
    expect(kpiChange(comparison, 'down', 'en')).toMatchObject({
      direction: 'down',
      percent: '−25%',
      tone: 'bad',
    });
    expect(kpiChange(comparison, 'none', 'en')).toMatchObject({ direction: 'up', percent: '—' });
    expect(kpiChange(comparison, 'flat', 'en')).toMatchObject({
      direction: 'flat',
      percent: '0%',
      tone: 'neutral',
    });
    expect(kpiChange(comparison, 'missing', 'en')).toBeNull();
    expect(kpiChange(undefined, 'up', 'en')).toBeNull();
  });
});

describe('auto refresh', () => {
  it('ticks on the interval while visible, pauses while hidden and catches up when shown', () => {
    vi.useFakeTimers();
    const listeners = new Set<() => void>();
    const page = {
      visibilityState: 'visible',
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    };
    const tick = vi.fn();
    const stop = startAutoRefresh({ seconds: 60, tick, page });
    vi.advanceTimersByTime(60_000);
    expect(tick).toHaveBeenCalledTimes(1);
    page.visibilityState = 'hidden';
    listeners.forEach((l) => l());
    vi.advanceTimersByTime(300_000);
    expect(tick).toHaveBeenCalledTimes(1);
    page.visibilityState = 'visible';
    listeners.forEach((l) => l());
    expect(tick).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(59_000);
    expect(tick).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_000);
    expect(tick).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(600_000);
    expect(tick).toHaveBeenCalledTimes(3);
    expect(listeners.size).toBe(0);
    vi.useRealTimers();
    expect(intervalParts(300)).toEqual({ n: 5, unit: 'minutes' });
    expect(intervalParts(7200)).toEqual({ n: 2, unit: 'hours' });
    expect(intervalParts(45)).toEqual({ n: 45, unit: 'seconds' });
  });
});
