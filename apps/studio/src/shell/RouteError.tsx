/** A page that failed to load or render (for example its script after a redeploy): say so, offer a reload. */
import { Button } from 'antd';
import { useRouteError } from 'react-router';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from './Notice.tsx';

export function RouteError() {
  const error = useRouteError();
  const { t } = useLocale();
  if (error) console.error(error);
  return (
    <Notice
      fullPage
      kind="error"
      title={t('failure.page.title')}
      detail={t('failure.page.detail')}
      actions={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}
