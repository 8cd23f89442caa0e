/**
 * A dashboard widget's result read as the chart, KPI or table shows it: which dimension is the
 * category, which the series, which measures are the values, each value formatted for the reader
 * (option labels, people and department names, date buckets, percentages), and the cell of the
 * result behind each drawn point, so a click drills into exactly those records. Pure: no React,
 * no chart library; `echart-option.ts` turns it into an ECharts option.
 *
 * @example
 * const model = widgetModel({ result, chart: widget.chart ?? report.chart, report, locale, names });
 * model.points[0] // { label: '初步接洽', value: 12, cell: { stage: 'initial_contact' } }
 */
import type { Label, Report, ReportChart } from '@pipewright/metadata';
import type { ReportResult, ResultColumn, ResultRow } from './dashboard-api.ts';

export type Locale = 'zh-CN' | 'en';

/** Names of the people and departments a result names, as far as they are known yet. */
export interface NameLookup {
  person(id: number): string | undefined;
  department(id: number): string | undefined;
}

/** One drawn value and the result cell it stands for. */
export interface WidgetPoint {
  label: string;
  value: number | null;
  /** Dimension values identifying the cell (as the run answered them), for the drill route. */
  cell: Record<string, unknown>;
  others: boolean;
}

export interface WidgetSeries {
  name: string;
  measure: string;
  points: WidgetPoint[];
}

export interface WidgetModel {
  chart: ReportChart;
  dimension: ResultColumn | undefined;
  measures: ResultColumn[];
  categories: string[];
  /** One entry per (measure × series value); each has a point per category. */
  series: WidgetSeries[];
  /** The first series' points: pie slices, funnel stages. */
  points: WidgetPoint[];
  /** No row to draw: the reader's period or filters select nothing. */
  empty: boolean;
  format(column: ResultColumn, value: unknown): string;
}

const words = {
  'zh-CN': { empty: '（空）', others: '其他', yes: '是', no: '否', quarter: (y: string, q: number) => `${y}年第${q}季度`, week: (d: string) => `${d} 当周` },
  en: { empty: '(empty)', others: 'Others', yes: 'Yes', no: 'No', quarter: (y: string, q: number) => `Q${q} ${y}`, week: (d: string) => `Week of ${d}` },
} as const;

const ratioAggregates = new Set(['ratio', 'share', 'ratioToPrevious', 'change']);

export function labelText(label: Label | undefined, locale: Locale, fallback: string): string {
  return (label && (label[locale] || label['zh-CN'] || label.en)) || fallback;
}

/** The chart a widget draws: its own, the report's, else a table. */
export function chartOf(widgetChart: ReportChart | undefined, report: Report | undefined): ReportChart {
  return widgetChart ?? report?.chart ?? { type: 'table' };
}

/** A dimension or measure value as the reader reads it. */
export function formatCell(column: ResultColumn, value: unknown, report: Report | undefined, locale: Locale, names: NameLookup): string {
  const w = words[locale];
  if (column.kind === 'measure') return formatMeasure(column, value, report, locale);
  if (value === null || value === undefined || value === '') return w.empty;
  if (column.options) return labelText(column.options.find((o) => o.value === value)?.label, locale, String(value));
  if (column.type === 'user' && typeof value === 'number') return names.person(value) ?? `#${value}`;
  if (column.type === 'department' && typeof value === 'number') return names.department(value) ?? `#${value}`;
  if (column.type === 'boolean') return value ? w.yes : w.no;
  const bucket = report?.dimensions?.find((d) => d.key === column.key)?.bucket;
  if ((column.type === 'date' || column.type === 'datetime') && typeof value === 'string') {
    const [y = '', m = '01'] = value.slice(0, 10).split('-');
    if (bucket === 'year') return locale === 'zh-CN' ? `${y}年` : y;
    if (bucket === 'quarter') return w.quarter(y, Math.floor((Number(m) - 1) / 3) + 1);
    if (bucket === 'month') return locale === 'zh-CN' ? `${y}年${Number(m)}月` : `${y}-${m}`;
    if (bucket === 'week') return w.week(value.slice(0, 10));
    return value.slice(0, 10);
  }
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  return String(value);
}

/** Measures: percentages for ratios and shares, grouped digits for the rest. */
export function formatMeasure(column: ResultColumn, value: unknown, report: Report | undefined, locale: Locale, options: { compact?: boolean } = {}): string {
  if (value === null || value === undefined) return '—';
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return String(value);
  const aggregate = report?.measures.find((m) => m.key === column.key)?.aggregate;
  if (aggregate && ratioAggregates.has(aggregate)) return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(number);
  const digits = column.type === 'integer' ? 0 : Math.abs(number) >= 100 ? 0 : 2;
  if (options.compact && Math.abs(number) >= 10_000) return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 2 }).format(number);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(number);
}

function numeric(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface WidgetModelInput {
  result: ReportResult;
  chart: ReportChart;
  report: Report | undefined;
  locale: Locale;
  names: NameLookup;
}

export function widgetModel({ result, chart, report, locale, names }: WidgetModelInput): WidgetModel {
  const dimensions = result.columns.filter((c) => c.kind === 'dimension');
  const allMeasures = result.columns.filter((c) => c.kind === 'measure');
  const measures = chart.measures?.length ? chart.measures.flatMap((k) => allMeasures.filter((m) => m.key === k)) : allMeasures.slice(0, 1);
  const dimension = dimensions.find((d) => d.key === chart.dimension) ?? dimensions[0];
  const seriesColumn = chart.series ? dimensions.find((d) => d.key === chart.series && d !== dimension) : undefined;
  const format = (column: ResultColumn, value: unknown) => formatCell(column, value, report, locale, names);
  const rows = result.rows;
  const labelOfRow = (row: ResultRow) => (row.others ? words[locale].others : dimension ? format(dimension, row[dimension.key]) : '');
  const categoryKey = (row: ResultRow) => (row.others ? '\u0000others' : dimension ? JSON.stringify(row[dimension.key] ?? null) : '');

  const categoryOrder: string[] = [];
  const categoryLabels = new Map<string, string>();
  const categoryRow = new Map<string, ResultRow>();
  for (const row of rows) {
    const key = categoryKey(row);
    if (!categoryLabels.has(key)) {
      categoryOrder.push(key);
      categoryLabels.set(key, labelOfRow(row));
      categoryRow.set(key, row);
    }
  }
  const cellOf = (row: ResultRow, withSeries: boolean): Record<string, unknown> => {
    const cell: Record<string, unknown> = {};
    if (dimension && !row.others) cell[dimension.key] = row[dimension.key] ?? null;
    if (withSeries && seriesColumn) cell[seriesColumn.key] = row[seriesColumn.key] ?? null;
    return cell;
  };

  const series: WidgetSeries[] = [];
  if (seriesColumn) {
    const seriesOrder: string[] = [];
    const seriesRow = new Map<string, ResultRow>();
    for (const row of rows) {
      const key = JSON.stringify(row[seriesColumn.key] ?? null);
      if (!seriesRow.has(key)) {
        seriesOrder.push(key);
        seriesRow.set(key, row);
      }
    }
    for (const measure of measures) {
      for (const key of seriesOrder) {
        const seriesValue = format(seriesColumn, seriesRow.get(key)![seriesColumn.key]);
        const name = measures.length > 1 ? `${labelText(measure.label, locale, measure.key)} · ${seriesValue}` : seriesValue;
        const points = categoryOrder.map((category): WidgetPoint => {
          const row = rows.find((r) => categoryKey(r) === category && JSON.stringify(r[seriesColumn.key] ?? null) === key);
          const base = row ?? { ...categoryRow.get(category)!, [seriesColumn.key]: JSON.parse(key) as unknown };
          return { label: categoryLabels.get(category)!, value: row ? numeric(row[measure.key]) : null, cell: cellOf(base, true), others: Boolean(base.others) };
        });
        series.push({ name, measure: measure.key, points });
      }
    }
  } else {
    for (const measure of measures) {
      const points = categoryOrder.map((category): WidgetPoint => {
        const row = categoryRow.get(category)!;
        return { label: categoryLabels.get(category)!, value: numeric(row[measure.key]), cell: cellOf(row, false), others: Boolean(row.others) };
      });
      series.push({ name: labelText(measure.label, locale, measure.key), measure: measure.key, points });
    }
  }

  const kpi = chart.type === 'kpi' || chart.type === 'gauge';
  const empty = kpi ? measures.every((m) => numeric(result.totals[m.key]) === null) : rows.length === 0;
  return { chart, dimension, measures, categories: categoryOrder.map((c) => categoryLabels.get(c)!), series, points: series[0]?.points ?? [], empty, format };
}
