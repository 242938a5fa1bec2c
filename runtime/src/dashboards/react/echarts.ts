import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

let registered = false;

/**
 * ECharts with only what dashboards draw (bar, line, pie; grid, tooltip, legend, aria) and the
 * SVG renderer: crisp on phones, light on memory for a dozen small charts, and the aria
 * description exposes the data to screen readers. Registered on first use, not on import.
 */
export function loadECharts(): typeof echarts {
  if (!registered) {
    echarts.use([
      BarChart,
      LineChart,
      PieChart,
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
