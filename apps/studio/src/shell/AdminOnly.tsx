/** Pages for administrators: anyone else is told they may not open them (and has no menu entry). */
import { Outlet } from 'react-router';
import { useMe } from '../api/session.ts';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from './Notice.tsx';

export function AdminOnly() {
  const me = useMe();
  const { t } = useLocale();
  if (!me.data?.user.isAdmin) return <Notice kind="forbidden" title={t('failure.forbidden.title')} detail={t('failure.adminOnly.detail')} />;
  return <Outlet />;
}
