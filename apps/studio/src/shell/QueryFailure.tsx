/**
 * What a page shows when its data did not come: no network (with a retry), not allowed, not
 * found, or the server's own explanation. Never a blank page.
 */
import { Button } from 'antd';
import { ApiProblem, NetworkFailure } from '../api/problem.ts';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from './Notice.tsx';

export interface QueryFailureProps {
  error: unknown;
  onRetry?: () => void;
  fullPage?: boolean;
}

export function QueryFailure({ error, onRetry, fullPage }: QueryFailureProps) {
  const { t } = useLocale();
  const retry = onRetry ? (
    <Button type="primary" onClick={onRetry}>
      {t('common.retry')}
    </Button>
  ) : undefined;
  if (error instanceof NetworkFailure) return <Notice kind="warning" title={t('failure.network.title')} detail={t('failure.network.detail')} actions={retry} fullPage={fullPage} />;
  if (error instanceof ApiProblem && error.status === 403) return <Notice kind="forbidden" title={t('failure.forbidden.title')} detail={t('failure.forbidden.detail')} fullPage={fullPage} />;
  if (error instanceof ApiProblem && error.status === 404) return <Notice kind="notFound" title={t('failure.notFound.title')} detail={t('failure.notFound.detail')} fullPage={fullPage} />;
  const detail = error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.unknown.detail');
  return <Notice kind="error" title={t('failure.unknown.title')} detail={detail} actions={retry} fullPage={fullPage} />;
}
