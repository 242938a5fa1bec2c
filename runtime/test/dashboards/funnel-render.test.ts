import { describe, expect, it } from 'vitest';
import type { ChartWidget, FormDefinition } from '@tangram/schema';
import { buildChartOption, chartBuilders, type ChartContext } from '../../src/dashboards/core/chart-option';
import type { WidgetResult } from '../../src/dashboards/core/widget-result';
import { loadECharts } from '../../src/dashboards/react/echarts';

const form = {
  id: 'opportunities',
  name: { en: 'Opportunities' },
  fields: [
    {
      id: 'stage',
      type: 'select',
      label: { en: 'Stage' },
      config: {
        options: [
          { value: 'needs', label: { en: 'Needs' } },
          { value: 'proposal', label: { en: 'Proposal' } },
          { value: 'negotiation', label: { en: 'Negotiation' } },
        ],
      },
    },
    { id: 'owner', type: 'member', label: { en: 'Owner' } },
  ],
} as unknown as FormDefinition;
const ctx: ChartContext = { form, lang: 'en', empty: '(empty)', others: 'Others', narrow: false };
const layout = { x: 0, y: 0, w: 12, h: 9 };

/** Filled shapes of a drawn chart (bars and slices are paths, funnel stages polygons). */
const shapes = (svg: string) => (svg.match(/<(path|polygon) /g) ?? []).length;

/** Draws an option the way the dashboard does (ECharts as registered for it), server-side to SVG. */
function draw(option: Record<string, unknown>): string {
  const echarts = loadECharts();
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 300 });
  try {
    chart.setOption({ ...option, animation: false }, { notMerge: true });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

describe('funnel widget draws its stages', () => {
  // The CRM's "销售漏斗": one select dimension, definition order, explicit labels.
  const widget: ChartWidget = {
    id: 'funnel',
    type: 'funnel',
    layout,
    source: { form: 'opportunities' },
    dimensions: [{ field: 'stage' }],
    measures: [{ op: 'count', as: 'deals' }],
    options: { funnelSort: 'definition', labels: { needs: 'Needs analysis', negotiation: 'Negotiation' } },
  };
  const result: WidgetResult = {
    columns: [
      { key: 'stage', role: 'dimension', field: 'stage' },
      { key: 'deals', role: 'measure', op: 'count' },
    ],
    rows: [
      { stage: 'negotiation', deals: 4 },
      { stage: 'needs', deals: 9 },
    ],
    stages: [
      { key: 'needs', value: 9, percentOfFirst: 100, percentOfPrevious: 100 },
      { key: 'negotiation', value: 4, percentOfFirst: 44.4, percentOfPrevious: 44.4 },
    ],
  };

  it('renders a shape and a label per stage, in the answer order', () => {
    const built = buildChartOption(widget, result, ctx);
    const svg = draw(built.option);
    expect(svg).toContain('Needs analysis');
    expect(svg).toContain('Negotiation');
    expect(svg.indexOf('Needs analysis')).toBeLessThan(svg.indexOf('Negotiation'));
    expect(shapes(svg)).toBeGreaterThanOrEqual(2);
    // A stage's click is its own value, wherever its row sits in the answer.
    expect(built.pointAt(0, 0)).toEqual(['needs']);
    expect(built.pointAt(1, 0)).toEqual(['negotiation']);
  });

  it('every chart type the builders produce is registered (an unregistered type draws nothing)', () => {
    for (const type of Object.keys(chartBuilders) as (keyof typeof chartBuilders)[]) {
      const w: ChartWidget = {
        id: type,
        type,
        layout,
        source: { form: 'opportunities' },
        dimensions: type === 'gauge' ? [] : [{ field: 'stage' }],
        measures:
          type === 'scatter'
            ? [
                { op: 'count', as: 'deals' },
                { op: 'count', as: 'deals2' },
              ]
            : [{ op: 'count', as: 'deals' }],
        ...(type === 'gauge' ? { options: { gauge: { min: 0, max: 20 } } } : {}),
      };
      const rows = [{ stage: 'needs', deals: 9, deals2: 3 }];
      const svg = draw(buildChartOption(w, { columns: [], rows }, ctx).option);
      expect(shapes(svg), type).toBeGreaterThan(0);
    }
  });

  it('names member ids by the answer labels, a record the viewer cannot read by a neutral mark', () => {
    const bar: ChartWidget = {
      id: 'ranking',
      type: 'bar',
      layout,
      source: { form: 'opportunities' },
      dimensions: [{ field: 'owner' }],
      measures: [{ op: 'count', as: 'deals' }],
    };
    const built = buildChartOption(
      bar,
      {
        columns: [{ key: 'owner', role: 'dimension', field: 'owner' }],
        rows: [
          { owner: 'usr_1', deals: 3 },
          { owner: 'usr_2', deals: 2 },
          { owner: 'usr_gone', deals: 1 },
        ],
        labels: { owner: { usr_1: 'Alice', usr_2: null } },
      },
      ctx,
    );
    expect((built.option.xAxis as { data: string[] }).data).toEqual(['Alice', '—', 'usr_gone']);
  });
});
