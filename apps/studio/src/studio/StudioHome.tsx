/**
 * `/studio`: where analysts design apps. For now: each installed app with its entities (their
 * fields, forms and views counted); the designers open from here as they arrive.
 */
import { useQueries } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useInstalledApps } from '../api/apps.ts';
import { api } from '../api/client.ts';
import type { AppAnswer } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { FullPageSpin } from '../shell/FullPageSpin.tsx';
import { MetadataIcon } from '../shell/icons.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';

function AppCard({ model }: { model: AppAnswer }) {
  const { t, label } = useLocale();
  const { bundle } = model;
  return (
    <section className="pw-card pw-card-padded pw-studio-app" aria-labelledby={`app-${model.key}`}>
      <div className="pw-studio-app-head">
        <span className="pw-studio-app-icon" aria-hidden="true">
          <MetadataIcon name={bundle.app.icon ?? 'appstore'} />
        </span>
        <div className="pw-studio-app-title">
          <h2 id={`app-${model.key}`}>{label(bundle.app.name, model.key)}</h2>
          <span className="pw-muted pw-small">
            <code>{model.key}</code> · {t('studio.version', { version: model.version })}
          </span>
        </div>
      </div>
      {bundle.app.description && <p className="pw-studio-app-description">{label(bundle.app.description)}</p>}
      <div className="pw-studio-counts">
        <Tag>{t('studio.entities', { count: bundle.entities.length })}</Tag>
        <Tag>{t('studio.forms', { count: bundle.forms?.length ?? 0 })}</Tag>
        <Tag>{t('studio.views', { count: bundle.views?.length ?? 0 })}</Tag>
        <Tag>{t('studio.roles', { count: bundle.roles?.length ?? 0 })}</Tag>
      </div>
      <h3 className="pw-studio-section">{t('studio.entityList')}</h3>
      <ul className="pw-studio-entities">
        {bundle.entities.map((entity) => (
          <li key={entity.key}>
            <span className="pw-studio-entity-icon" aria-hidden="true">
              <MetadataIcon name={entity.icon ?? 'profile'} />
            </span>
            <span className="pw-strong">{label(entity.label, entity.key)}</span>
            <code className="pw-muted pw-small">{entity.key}</code>
            <span className="pw-muted pw-small pw-studio-entity-count">{t('studio.fields', { count: entity.fields.length })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function StudioHome() {
  const { t } = useLocale();
  const apps = useInstalledApps();
  const models = useQueries({ queries: (apps.data ?? []).map((a) => ({ queryKey: ['app', a.key], queryFn: () => api.get<AppAnswer>(`/api/apps/${a.key}`), staleTime: 5 * 60_000 })) });
  if (apps.isPending || models.some((m) => m.isPending)) return <FullPageSpin />;
  if (apps.isError) return <QueryFailure error={apps.error} onRetry={() => void apps.refetch()} />;
  const failed = models.find((m) => m.isError);
  if (failed) return <QueryFailure error={failed.error} onRetry={() => void failed.refetch()} />;
  return (
    <div className="pw-page">
      <div className="pw-page-header">
        <h1 className="pw-page-title">{t('nav.studio')}</h1>
      </div>
      <p className="pw-page-intro pw-muted">{t('studio.intro')}</p>
      {models.length === 0 ? (
        <Notice kind="empty" title={t('home.noAppsTitle')} detail={t('studio.empty')} />
      ) : (
        <div className="pw-studio-grid">{models.map((m) => m.data && <AppCard key={m.data.key} model={m.data} />)}</div>
      )}
    </div>
  );
}
