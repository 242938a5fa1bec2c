import { useEffect, useRef } from 'react';
import type { ECharts } from 'echarts/core';
import { loadECharts } from './echarts';

export interface ChartViewProps {
  option: Record<string, unknown>;
  /** Called with the category (data) index and the series index of a clicked bar, point or slice. */
  onSelect?: (dataIndex: number, seriesIndex: number) => void;
  /** What a click does, for assistive technology (the visual hint is the pointer cursor). */
  clickHint?: string | undefined;
}

/** One ECharts instance bound to a div: resized with its box, disposed on unmount. */
export function ChartView({ option, onSelect, clickHint }: ChartViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = loadECharts().init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.dataIndex === 'number') select.current?.(params.dataIndex, params.seriesIndex ?? 0);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...option, aria: { enabled: true } }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      className="tg-chart"
      data-testid="chart"
      data-click={clickHint}
      style={{ width: '100%', height: '100%', cursor: onSelect ? 'pointer' : undefined }}
    />
  );
}
