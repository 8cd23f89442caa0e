/**
 * A widget model as an ECharts option: funnel, pie, bar (vertical, horizontal, stacked), line
 * and area, gauge. Each data item carries the index of the point it draws, so a click on it
 * finds the result cell to drill into. Pure (types only from echarts).
 *
 * @example
 * chart.setOption(echartOption(model, { phone: false }));
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import { formatMeasure, type WidgetModel } from './widget-model.ts';
import type { Report } from '@pipewright/metadata';

/** antd's palette, so charts sit with the rest of the page. */
export const chartColours = ['#1677ff', '#52c41a', '#faad14', '#722ed1', '#13c2c2', '#eb2f96', '#fa541c', '#2f54eb', '#a0d911', '#8c8c8c'];

export interface OptionContext {
  phone: boolean;
  report: Report | undefined;
  locale: 'zh-CN' | 'en';
}

/** Where a clicked item sits in the model: `series[seriesIndex].points[pointIndex]`. */
export interface PointRef {
  seriesIndex: number;
  pointIndex: number;
}

export function echartOption(model: WidgetModel, { phone, report, locale }: OptionContext): EChartsOption {
  const { chart } = model;
  const measure = model.measures[0];
  const valueText = (value: unknown, index = 0) => {
    const column = model.measures.find((m) => m.key === model.series[index]?.measure) ?? measure;
    return column ? formatMeasure(column, value, report, locale) : String(value);
  };
  const compact = (value: number) => (measure ? formatMeasure(measure, value, report, locale, { compact: true }) : String(value));
  const base: EChartsOption = { color: chartColours, animationDuration: 300, textStyle: { fontFamily: 'inherit' } };

  if (chart.type === 'funnel') {
    const points = model.points;
    return {
      ...base,
      tooltip: { trigger: 'item', formatter: (p) => { const item = p as { name: string; value: number }; return `${item.name}: ${valueText(item.value)}`; } },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          gap: 2,
          left: phone ? '4%' : '8%',
          right: phone ? '4%' : '8%',
          top: 8,
          bottom: 8,
          minSize: '12%',
          label: { show: true, position: 'inside', color: '#fff', fontSize: 13, fontWeight: 600, textBorderColor: 'rgba(0, 0, 0, 0.45)', textBorderWidth: 2, formatter: (p) => { const item = p as { name: string; value: number }; return chart.showValues === false ? item.name : `${item.name}  ${valueText(item.value)}`; } },
          data: points.map((p, i) => ({ name: p.label, value: p.value ?? 0, pointIndex: i, seriesIndex: 0 })),
        },
      ],
    };
  }

  if (chart.type === 'pie') {
    return {
      ...base,
      tooltip: { trigger: 'item', formatter: (p) => { const item = p as { name: string; value: number; percent: number }; return `${item.name}: ${valueText(item.value)} (${item.percent}%)`; } },
      legend: { type: 'scroll', bottom: 0, left: 'center' },
      series: [
        {
          type: 'pie',
          radius: phone ? ['30%', '62%'] : ['35%', '68%'],
          center: ['50%', '45%'],
          label: { show: !phone, formatter: '{b}' },
          data: model.points.map((p, i) => ({ name: p.label, value: p.value ?? 0, pointIndex: i, seriesIndex: 0 })),
        },
      ],
    };
  }

  if (chart.type === 'gauge') {
    const value = model.points[0]?.value ?? 0;
    const max = chart.target ?? Math.max(value, 1) * 1.25;
    return {
      ...base,
      series: [{ type: 'gauge', max, progress: { show: true }, detail: { formatter: (v: number) => compact(v), fontSize: 18 }, data: [{ value, name: '' }] }],
    };
  }

  // bar, horizontalBar, line, area (and anything else drawn on a category axis)
  const horizontal = chart.type === 'horizontalBar';
  const line = chart.type === 'line' || chart.type === 'area';
  const categoryAxis = { type: 'category' as const, data: model.categories, axisLabel: { hideOverlap: true, ...(horizontal ? { width: phone ? 64 : 96, overflow: 'truncate' as const } : {}) }, inverse: horizontal };
  const valueAxis = { type: 'value' as const, axisLabel: { formatter: compact } };
  const series: SeriesOption[] = model.series.map((s, seriesIndex) => ({
    type: line ? 'line' : 'bar',
    name: s.name,
    ...(chart.stacked ? { stack: 'total' } : {}),
    ...(chart.type === 'area' ? { areaStyle: { opacity: 0.25 } } : {}),
    ...(line ? { smooth: false, showSymbol: s.points.length < 40, connectNulls: false } : { barMaxWidth: 36 }),
    ...(chart.showValues ? { label: { show: true, position: horizontal ? 'right' : 'top', formatter: (p: { value: unknown }) => valueText(p.value, seriesIndex) } } : {}),
    // A bar of a group with no rows is zero (a sum over nothing); a line leaves a gap.
    data: s.points.map((p, pointIndex) => ({ value: line ? p.value : (p.value ?? 0), pointIndex, seriesIndex })),
  })) as SeriesOption[];
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: line ? 'line' : 'shadow' }, valueFormatter: (v) => valueText(v) },
    legend: model.series.length > 1 ? { type: 'scroll', top: 0 } : { show: false },
    grid: { left: 8, right: phone ? 12 : 24, top: model.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series,
  };
}
