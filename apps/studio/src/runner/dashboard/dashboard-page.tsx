/**
 * A dashboard: its global filters, then its widgets on the 12-column grid of their layout (one
 * column on a phone, in reading order), all loaded by one request and loaded again when a filter
 * changes (the previous numbers stay, dimmed, until the new ones arrive). A click on a number
 * opens the records behind it. The filter values live in the address (`?filters=`), so a
 * dashboard can be bookmarked and shared as filtered.
 */
import { Alert, Button, Result, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Dashboard } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { usePhone } from '../list/use-phone.ts';
import { readFilters, useDashboard } from './dashboard-api.ts';
import { useDashboardText } from './dashboard-messages.ts';
import { DrillDrawer } from './drill-drawer.tsx';
import { FilterBar } from './filter-bar.tsx';
import { WidgetCard, type DrillRequest } from './widget-card.tsx';
import { labelText } from './widget-model.ts';

export function DashboardPage({ dashboard }: { dashboard: Dashboard }) {
  const { app, locale } = useRunner();
  const t = useDashboardText();
  const phone = usePhone();
  const [query, setQuery] = useSearchParams();
  const filters = readFilters(query.get('filters'));
  const loaded = useDashboard(app.key, dashboard.key, filters, dashboard.refreshMinutes);
  const [drill, setDrill] = useState<DrillRequest | undefined>();

  const setFilter = (key: string, value: unknown) => {
    const next = { ...filters };
    if (value === undefined || value === null) delete next[key];
    else next[key] = value;
    setQuery((q) => {
      const copy = new URLSearchParams(q);
      if (Object.keys(next).length) copy.set('filters', JSON.stringify(next));
      else copy.delete('filters');
      return copy;
    }, { replace: true });
  };

  const widgets = [...dashboard.widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  const byKey = new Map((loaded.data?.widgets ?? []).map((w) => [w.key, w]));
  const updating = loaded.isFetching && loaded.isPlaceholderData;

  return (
    <div className="pw-dashboard-page" data-dashboard={dashboard.key} aria-busy={loaded.isFetching}>
      <div className="pw-run-header">
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} className="pw-run-title">{labelText(dashboard.label, locale, dashboard.key)}</Typography.Title>
          {dashboard.description && <Typography.Text type="secondary">{labelText(dashboard.description, locale, '')}</Typography.Text>}
        </Space>
        <Space className="pw-run-actions">
          {updating && <Typography.Text type="secondary" role="status">{t('dash.updating')}</Typography.Text>}
          <Button icon={<ReloadOutlined />} onClick={() => void loaded.refetch()} loading={loaded.isFetching && !updating}>{t('dash.refresh')}</Button>
        </Space>
      </div>
      {(dashboard.filters?.length ?? 0) > 0 && <FilterBar filters={dashboard.filters!} values={filters} onChange={setFilter} />}
      {loaded.isError && (
        <Alert type="error" showIcon className="pw-dash-error" message={loaded.error.message} action={<Button size="small" onClick={() => void loaded.refetch()}>{t('dash.refresh')}</Button>} />
      )}
      <div className={`pw-dash-grid${updating ? ' pw-dash-updating' : ''}`} data-ready={loaded.isSuccess && !loaded.isFetching ? 'true' : 'false'}>
        {widgets.map((widget) => (
          <WidgetCard key={widget.key} widget={widget} data={byKey.get(widget.key)} loading={loaded.isPending} phone={phone} onDrill={setDrill} />
        ))}
      </div>
      <DrillDrawer request={drill} phone={phone} onClose={() => setDrill(undefined)} />
    </div>
  );
}

export function NoDashboard({ none }: { none?: boolean }) {
  const t = useDashboardText();
  return <Result status={none ? 'info' : '404'} title={none ? t('dash.none') : t('dash.notFound')} />;
}
