/** `/apps/:app`: the first view the user may open, or why there is none. */
import { Navigate } from 'react-router';
import { useLocale } from '../i18n/locale.tsx';
import { FullPageSpin } from '../shell/FullPageSpin.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { targetPath } from './routes.tsx';
import { useRouteApp } from './use-app.ts';

export default function AppIndex() {
  const { t } = useLocale();
  const { app, model } = useRouteApp();
  if (model.isPending) return <FullPageSpin />;
  if (model.isError) return <QueryFailure error={model.error} onRetry={() => void model.refetch()} />;
  const first = (model.data.bundle.views ?? []).map((v) => targetPath(app, { type: 'view', view: v.key }, model.data)).find(Boolean);
  if (first) return <Navigate to={first} replace />;
  return <Notice kind="empty" title={t('runner.nothingToOpenTitle')} detail={t('runner.nothingToOpen')} />;
}
