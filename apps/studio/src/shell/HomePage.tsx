/**
 * `/`: opens the current app's runner; with no app the user may use, says why and what to do.
 */
import { Button } from 'antd';
import { Link, Navigate } from 'react-router';
import { useInstalledApps } from '../api/apps.ts';
import { useMe } from '../api/session.ts';
import { useLocale } from '../i18n/locale.tsx';
import { FullPageSpin } from './FullPageSpin.tsx';
import { Notice } from './Notice.tsx';
import { QueryFailure } from './QueryFailure.tsx';
import { useCurrentApp } from './current-app.ts';

export function HomePage() {
  const { t } = useLocale();
  const me = useMe();
  const apps = useInstalledApps();
  const { app } = useCurrentApp();
  if (apps.isPending) return <FullPageSpin />;
  if (apps.isError) return <QueryFailure error={apps.error} onRetry={() => void apps.refetch()} />;
  if (app) return <Navigate to={`/apps/${app}`} replace />;
  const isAdmin = me.data?.user.isAdmin ?? false;
  return (
    <Notice
      kind="empty"
      title={t('home.noAppsTitle')}
      detail={isAdmin ? t('home.noAppsAdmin') : t('home.noApps')}
      actions={
        isAdmin && (
          <Link to="/admin/apps">
            <Button type="primary">{t('nav.apps')}</Button>
          </Link>
        )
      }
    />
  );
}
