/**
 * A thin React layer over ECharts: one chart instance per element, the option set on every
 * change, resized with its box, clicks on data items reported with the item's `PointRef`.
 * Only the chart types and components dashboards use are registered (echarts/core), and this
 * module is loaded lazily, so the charts stay out of the login page's and lists' JavaScript.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import type { PointRef } from './echart-option.ts';

echarts.use([BarChart, FunnelChart, GaugeChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface EChartProps {
  option: EChartsOption;
  /** Describes the chart to screen readers (the data is also in the widget's table). */
  label: string;
  onPointClick?: ((point: PointRef) => void) | undefined;
}

export default function EChart({ option, label, onPointClick }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const clicked = useRef(onPointClick);
  clicked.current = onPointClick;

  useEffect(() => {
    const box = element.current!;
    const instance = echarts.init(box, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => {
      const data = event.data as { pointIndex?: number; seriesIndex?: number } | undefined;
      if (data && typeof data.pointIndex === 'number') clicked.current?.({ seriesIndex: data.seriesIndex ?? event.seriesIndex ?? 0, pointIndex: data.pointIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className="pw-echart" role="img" aria-label={label} />;
}
