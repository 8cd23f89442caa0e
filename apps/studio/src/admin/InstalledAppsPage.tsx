/** `/admin/apps`: the installed apps with their version, when installed and updated, and every published version. */
import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useInstalledApps } from '../api/apps.ts';
import { api } from '../api/client.ts';
import type { AppVersion, InstalledApp } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { AdminPageHeader } from './AdminPageHeader.tsx';
import { adminKeys } from './admin-api.ts';

const time = (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm');

function Versions({ app, installed }: { app: string; installed: string }) {
  const { t } = useLocale();
  const versions = useQuery({ queryKey: adminKeys.versions(app), queryFn: async () => (await api.get<{ items: (AppVersion & { publishedBy: number | null })[] }>(`/api/apps/${app}/versions`)).items });
  if (versions.isError) return <QueryFailure error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <Table
      size="small"
      rowKey="version"
      loading={versions.isPending}
      dataSource={versions.data ?? []}
      pagination={false}
      columns={[
        { key: 'version', title: t('admin.apps.version'), render: (_, v) => (v.version === installed ? <Tag color="blue">{t('admin.apps.installedVersion', { version: v.version })}</Tag> : v.version) },
        { key: 'published', title: t('admin.apps.publishedAt'), render: (_, v) => time(v.publishedAt) },
      ]}
    />
  );
}

export default function InstalledAppsPage() {
  const { t, label } = useLocale();
  const apps = useInstalledApps();
  const columns: ColumnsType<InstalledApp> = [
    {
      key: 'name',
      title: t('admin.apps.name'),
      render: (_, app) => (
        <div>
          <div className="pw-strong">{label(app.name, app.key)}</div>
          <code className="pw-muted pw-small">{app.key}</code>
        </div>
      ),
    },
    { key: 'version', title: t('admin.apps.version'), render: (_, app) => <Tag color="blue">{app.version}</Tag> },
    { key: 'installed', title: t('admin.apps.installedAt'), responsive: ['md'], render: (_, app) => time(app.installedAt) },
    { key: 'updated', title: t('admin.apps.updatedAt'), responsive: ['sm'], render: (_, app) => time(app.updatedAt) },
  ];
  return (
    <div className="pw-page">
      <AdminPageHeader title={t('nav.apps')} intro={t('admin.apps.intro')} />
      <section className="pw-card">
        {apps.isError ? (
          <QueryFailure error={apps.error} onRetry={() => void apps.refetch()} />
        ) : apps.data && apps.data.length === 0 ? (
          <Notice kind="empty" title={t('home.noAppsTitle')} detail={t('admin.apps.empty')} />
        ) : (
          <Table rowKey="key" columns={columns} dataSource={apps.data ?? []} loading={apps.isPending} pagination={false} expandable={{ expandedRowRender: (app) => <Versions app={app.key} installed={app.version} />, expandRowByClick: true }} />
        )}
      </section>
    </div>
  );
}
