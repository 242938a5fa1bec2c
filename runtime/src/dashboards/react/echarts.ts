import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

let registered = false;

/**
 * ECharts with only what dashboards draw (every type of `chartBuilders`: bar, line, pie, funnel,
 * gauge, scatter; grid, tooltip, legend, aria) and the SVG renderer: crisp on phones, light on
 * memory for a dozen small charts, and the aria description exposes the data to screen readers.
 * Registered on first use, not on import. A type missing here draws an empty chart (no error).
 */
export function loadECharts(): typeof echarts {
  if (!registered) {
    echarts.use([
      BarChart,
      LineChart,
      PieChart,
      FunnelChart,
      GaugeChart,
      ScatterChart,
      GridComponent,
      TooltipComponent,
      LegendComponent,
      AriaComponent,
      SVGRenderer,
    ]);
    registered = true;
  }
  return echarts;
}
