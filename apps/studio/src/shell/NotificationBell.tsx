/** The header's bell: the unread count, opening the inbox drawer (loaded when first opened). */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
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
      <Badge count={unread} size="small" overflowCount={99} offset={[-6, 6]}>
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
      </Badge>
      {opened && (
        <Suspense fallback={null}>
          <NotificationDrawer open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
