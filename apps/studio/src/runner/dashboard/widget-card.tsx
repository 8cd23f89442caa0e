/**
 * One dashboard widget: its title, then a KPI number (with its target), a chart (ECharts, loaded
 * lazily) or a table of the result, each value a way into the records behind it. While the
 * dashboard loads it shows a skeleton; a widget the reader may not run, or one that failed, says
 * why; an empty result explains which period and field selected nothing.
 */
import { Alert, Button, Card, Empty, Progress, Skeleton, Table, Tooltip, Typography } from 'antd';
import { BarChartOutlined, TableOutlined } from '@ant-design/icons';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { DashboardWidget, Entity, Report } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import type { ResultRow, WidgetData } from './dashboard-api.ts';
import { useDashboardText, type DashboardText } from './dashboard-messages.ts';
import { echartOption, type PointRef } from './echart-option.ts';
import { periodText } from './period-text.ts';
import { useResultNames } from './use-result-names.ts';
import { chartOf, formatMeasure, labelText, widgetModel, type WidgetModel, type WidgetPoint } from './widget-model.ts';

const EChart = lazy(() => import('./echart.tsx'));

/** What a click asks to see: the cell's records, under a title naming the number. */
export interface DrillRequest {
  widget: string;
  report: string;
  title: string;
  cell: Record<string, unknown>;
  others: boolean;
  parameters: Record<string, unknown>;
  /** The number clicked, shown beside the records' count. */
  value: number | null;
}

interface WidgetCardProps {
  widget: DashboardWidget;
  data: WidgetData | undefined;
  loading: boolean;
  phone: boolean;
  onDrill(request: DrillRequest): void;
}

export function WidgetCard({ widget, data, loading, phone, onDrill }: WidgetCardProps) {
  const { app, locale } = useRunner();
  const t = useDashboardText();
  const report = app.bundle.reports?.find((r) => r.key === widget.report);
  const title = labelText(widget.title, locale, labelText(report?.label, locale, widget.key));
  const chart = chartOf(widget.chart, report);
  const [asTable, setAsTable] = useState(chart.type === 'table');
  const names = useResultNames(data?.result);
  const model = useMemo(() => (data?.result ? widgetModel({ result: data.result, chart, report, locale, names }) : undefined), [data?.result, chart, report, locale, names]);
  const option = useMemo(() => (model ? echartOption(model, { phone, report, locale }) : undefined), [model, phone, report, locale]);
  const kpi = chart.type === 'kpi';
  const canToggle = !kpi && chart.type !== 'table' && model && !model.empty;

  const drill = (point: WidgetPoint) => {
    if (!data?.result) return;
    onDrill({ widget: widget.key, report: widget.report, title: t('dash.drillTitle', { widget: title, cell: point.label }), cell: point.cell, others: point.others, parameters: data.result.parameters, value: point.value });
  };
  const onPoint = (ref: PointRef) => {
    const point = model?.series[ref.seriesIndex]?.points[ref.pointIndex];
    if (point) drill(point);
  };

  let body: React.ReactNode;
  if (loading && !data) body = <Skeleton active paragraph={{ rows: kpi ? 1 : 4 }} />;
  else if (!data) body = null;
  else if (data.error) body = <Alert type={data.error.code === 'permission.denied' ? 'info' : 'warning'} showIcon message={data.error.code === 'permission.denied' ? t('dash.denied') : t('dash.widgetError', { message: data.error.message })} />;
  else if (!model || model.empty) body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span className="pw-dash-empty-text">{emptyText(app.bundle.entities, report, data.result?.parameters, locale, t)}</span>} />;
  else if (kpi) body = <KpiValue model={model} report={report} onDrill={() => drill({ label: title, value: model.points[0]?.value ?? null, cell: {}, others: false })} totals={data.result!.totals} />;
  else if (asTable) body = <WidgetTable model={model} report={report} onDrill={drill} />;
  else
    body = (
      <div className="pw-dash-chart">
        <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
          <EChart option={option!} label={`${title}. ${t('dash.drillHint')}`} onPointClick={onPoint} />
        </Suspense>
      </div>
    );

  const style = phone ? undefined : { gridColumn: `${widget.layout.x + 1} / span ${widget.layout.w}`, gridRow: `${widget.layout.y + 1} / span ${widget.layout.h}` };
  return (
    <Card
      size="small"
      className={`pw-dash-widget pw-dash-${chart.type}`}
      data-widget={widget.key}
      data-state={loading && !data ? 'loading' : data?.error ? 'error' : model?.empty ? 'empty' : 'ready'}
      style={{ ...style, ['--pw-rows' as string]: widget.layout.h }}
      title={<span className="pw-dash-title">{title}</span>}
      extra={
        canToggle && (
          <Tooltip title={asTable ? t('dash.asChart') : t('dash.asTable')}>
            <Button type="text" size="small" aria-label={asTable ? t('dash.asChart') : t('dash.asTable')} aria-pressed={asTable} icon={asTable ? <BarChartOutlined /> : <TableOutlined />} onClick={() => setAsTable((v) => !v)} />
          </Tooltip>
        )
      }
    >
      {body}
    </Card>
  );
}

function KpiValue({ model, report, totals, onDrill }: { model: WidgetModel; report: Report | undefined; totals: ResultRow; onDrill(): void }) {
  const { locale } = useRunner();
  const t = useDashboardText();
  const measure = model.measures[0]!;
  const value = typeof totals[measure.key] === 'number' ? (totals[measure.key] as number) : null;
  const target = model.chart.target;
  const share = target && value !== null ? value / target : undefined;
  return (
    <div className="pw-dash-kpi">
      <Button type="link" className="pw-dash-kpi-value" onClick={onDrill} title={`${labelText(measure.label, locale, measure.key)}: ${formatMeasure(measure, value, report, locale)}`}>
        {formatMeasure(measure, value, report, locale, { compact: true })}
      </Button>
      {share !== undefined && (
        <>
          <Progress percent={Math.round(share * 1000) / 10} showInfo={false} size="small" aria-hidden />
          <Typography.Text className="pw-dash-kpi-target">{t('dash.target', { target: formatMeasure(measure, target, report, locale, { compact: true }), share: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share!) })}</Typography.Text>
        </>
      )}
    </div>
  );
}

function WidgetTable({ model, report, onDrill }: { model: WidgetModel; report: Report | undefined; onDrill(point: WidgetPoint): void }) {
  const { locale } = useRunner();
  const rows = model.categories.map((label, index) => ({ key: index, label, points: model.series.map((s) => s.points[index]!) }));
  return (
    <Table
      size="small"
      className="pw-dash-table"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={[
        { key: 'label', title: model.dimension ? labelText(model.dimension.label, locale, model.dimension.key) : '', dataIndex: 'label', ellipsis: true },
        ...model.series.map((s, seriesIndex) => {
          const column = model.measures.find((m) => m.key === s.measure)!;
          return {
            key: `s${seriesIndex}`,
            title: s.name,
            align: 'right' as const,
            render: (_: unknown, row: (typeof rows)[number]) => {
              const point = row.points[seriesIndex]!;
              const text = formatMeasure(column, point.value, report, locale);
              return point.value === null ? text : <Button type="link" size="small" className="pw-dash-drill" data-cell={JSON.stringify(point.cell)} onClick={() => onDrill(point)}>{text}</Button>;
            },
          };
        }),
      ]}
    />
  );
}

function emptyText(entities: readonly Entity[], report: Report | undefined, parameters: Record<string, unknown> | undefined, locale: 'zh-CN' | 'en', t: DashboardText): string {
  const entity = labelText(entities.find((e) => e.key === report?.entity)?.label, locale, report?.entity ?? '');
  const periodParameter = report?.parameters?.find((p) => p.type === 'period' && parameters?.[p.key] !== undefined && parameters[p.key] !== null);
  if (!periodParameter || !report) return t('dash.emptyAll', { entity });
  const field = report.entity ? fieldLabel(entities, report.entity, periodParameter.field, locale) : periodParameter.field;
  return t('dash.emptyPeriod', { period: periodText(parameters![periodParameter.key], locale), entity, field });
}

function fieldLabel(entities: readonly Entity[], entity: string, field: string, locale: 'zh-CN' | 'en'): string {
  const system: Record<string, Record<'zh-CN' | 'en', string>> = { created_at: { 'zh-CN': '创建时间', en: 'created date' }, updated_at: { 'zh-CN': '更新时间', en: 'updated date' } };
  if (system[field]) return system[field][locale];
  return labelText(entities.find((e) => e.key === entity)?.fields.find((f) => f.key === field)?.label, locale, field);
}
