import { Button } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from './Notice.tsx';

/** A path the studio has no page for. */
export function NotFoundPage() {
  const { t } = useLocale();
  return (
    <Notice
      kind="notFound"
      title={t('failure.noPage.title')}
      detail={t('failure.noPage.detail')}
      actions={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}
