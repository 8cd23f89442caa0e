/** The header's bell: the unread count, opening the inbox drawer (loaded when first opened). */
import { BellOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useUnreadCount } from '../api/notifications.ts';
import { useLocale } from '../i18n/locale.tsx';
const NotificationDrawer = lazy(() => import('./NotificationDrawer.tsx'));

export function NotificationBell() {
  const { t } = useLocale();
  const unread = useUnreadCount().data?.unread ?? 0;
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const label =
    unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <>
      {/* The count beside the button, not in it: the button's name says it in words. */}
      <span className="pw-bell">
        <Button
          type="text"
          aria-label={label}
          title={label}
          data-testid="notification-bell"
          onClick={() => {
            setOpened(true);
            setOpen(true);
          }}
          icon={<BellOutlined />}
        />
        {unread > 0 && (
          <span className="pw-bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </span>
      {opened && (
        <Suspense fallback={null}>
          <NotificationDrawer open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
