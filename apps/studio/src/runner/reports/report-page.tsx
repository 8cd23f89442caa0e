/**
 * One report on its own page, opened from the menu: its parameters as a filter bar (the period,
 * team and rep controls the dashboards use; other parameters keep the report's defaults), its
 * chart or table, a click on a number opening the records behind it, and the whole result
 * exported as CSV or Excel through the same permission path as the run. The parameter values
 * live in the address (`?filters=`), so a filtered report can be bookmarked.
 */
import { Alert, Button, Space, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { DashboardFilter, DashboardWidget, Report } from '@pipewright/metadata';
import { api, postForFile } from '../../api/client.ts';
import { useFeedback } from '../../app/feedback.tsx';
import { useRunner } from '../app/runner-context.tsx';
import { readFilters, type ReportResult } from '../dashboard/dashboard-api.ts';
import { useDashboardText } from '../dashboard/dashboard-messages.ts';
import { DrillDrawer } from '../dashboard/drill-drawer.tsx';
import { FilterBar } from '../dashboard/filter-bar.tsx';
import { WidgetCard, type DrillRequest } from '../dashboard/widget-card.tsx';
import { labelText } from '../dashboard/widget-model.ts';
import { usePhone } from '../list/use-phone.ts';
import { downloadBlob } from './download.ts';

const barTypes = new Set<DashboardFilter['type']>(['period', 'department', 'user']);

/** The report's parameters the filter bar has a control for. */
export function reportFilters(report: Report): DashboardFilter[] {
  return (report.parameters ?? []).filter((p) => barTypes.has(p.type as DashboardFilter['type'])).map((p) => ({ key: p.key, label: p.label, type: p.type as DashboardFilter['type'] }));
}

export function ReportPage({ report }: { report: Report }) {
  const { app, locale } = useRunner();
  const t = useDashboardText();
  const feedback = useFeedback();
  const phone = usePhone();
  const [query, setQuery] = useSearchParams();
  const parameters = readFilters(query.get('filters'));
  const [drill, setDrill] = useState<DrillRequest | undefined>();
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | undefined>();
  const run = useQuery({
    queryKey: ['reports', app.key, report.key, parameters],
    queryFn: ({ signal }) => api.post<ReportResult>(`/api/apps/${app.key}/reports/${report.key}/run`, { parameters }, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const setParameter = (key: string, value: unknown) => {
    const next = { ...parameters };
    if (value === undefined || value === null) delete next[key];
    else next[key] = value;
    setQuery((q) => {
      const copy = new URLSearchParams(q);
      if (Object.keys(next).length) copy.set('filters', JSON.stringify(next));
      else copy.delete('filters');
      return copy;
    }, { replace: true });
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const file = await postForFile(`/api/apps/${app.key}/reports/${report.key}/export`, { parameters, format, locale });
      const name = file.fileName ?? `${report.key}.${format}`;
      downloadBlob(file.blob, name);
      feedback.message.success(t('report.exported', { file: name }));
    } catch (error) {
      feedback.message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setExporting(undefined);
    }
  };

  const widget: DashboardWidget = { key: report.key, report: report.key, layout: { x: 0, y: 0, w: 12, h: 4 } };
  const filters = reportFilters(report);
  const updating = run.isFetching && run.isPlaceholderData;
  const error = run.error as (Error & { code?: string }) | null;

  return (
    <div className="pw-dashboard-page pw-report-page" data-report={report.key} aria-busy={run.isFetching}>
      <div className="pw-run-header">
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} className="pw-run-title">{labelText(report.label, locale, report.key)}</Typography.Title>
          {report.description && <Typography.Text type="secondary">{labelText(report.description, locale, '')}</Typography.Text>}
        </Space>
        <Space className="pw-run-actions" wrap>
          {updating && <Typography.Text type="secondary" role="status">{t('dash.updating')}</Typography.Text>}
          <Button icon={<ReloadOutlined />} onClick={() => void run.refetch()} loading={run.isFetching && !updating}>{t('dash.refresh')}</Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} disabled={!run.isSuccess} onClick={() => void exportAs('csv')}>{t('report.exportCsv')}</Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} disabled={!run.isSuccess} onClick={() => void exportAs('xlsx')}>{t('report.exportXlsx')}</Button>
        </Space>
      </div>
      {filters.length > 0 && <FilterBar filters={filters} values={parameters} onChange={setParameter} />}
      {error && !run.data && <Alert type="error" showIcon className="pw-dash-error" message={error.message} action={<Button size="small" onClick={() => void run.refetch()}>{t('dash.refresh')}</Button>} />}
      <div className={`pw-dash-grid${updating ? ' pw-dash-updating' : ''}`} data-ready={run.isSuccess && !run.isFetching ? 'true' : 'false'}>
        {!(error && !run.data) && (
          <WidgetCard
            widget={widget}
            data={run.data ? { key: report.key, report: report.key, result: run.data } : error ? { key: report.key, report: report.key, error: { code: error.code ?? 'report.failed', message: error.message } } : undefined}
            loading={run.isPending}
            phone={phone}
            onDrill={setDrill}
          />
        )}
      </div>
      <DrillDrawer request={drill} phone={phone} onClose={() => setDrill(undefined)} />
    </div>
  );
}
