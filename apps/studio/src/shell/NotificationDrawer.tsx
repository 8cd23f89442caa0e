/**
 * The inbox drawer: my notifications, newest first, unread ones marked; choosing one marks it
 * read and opens its record (when I may open it); "mark all read". Loaded on the first open.
 */
import { Button, Drawer, Empty, List, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import {
  useInbox,
  useMarkAllRead,
  useMarkRead,
  type InboxNotification,
} from '../api/notifications.ts';
import { useLocale } from '../i18n/locale.tsx';
import { QueryFailure } from './QueryFailure.tsx';

export default function NotificationDrawer({
  open,
  onClose,
}: {
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const inbox = useInbox(open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = inbox.data?.pages[0]?.unread ?? 0;

  const choose = (item: InboxNotification) => {
    if (!item.readAt) markRead.mutate(item.id);
    if (item.record) {
      onClose();
      navigate(`/apps/${item.record.app}/records/${item.record.entity}/${item.record.id}`);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('notifications.title')}
      width={400}
      className="pw-notification-drawer"
      extra={
        <Button
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined)}
        >
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      {inbox.isError ? (
        <QueryFailure error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <List
          loading={inbox.isLoading}
          dataSource={items}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
            ),
          }}
          renderItem={(item) => (
            <List.Item
              className={item.readAt ? 'pw-notification' : 'pw-notification pw-notification-unread'}
              onClick={() => choose(item)}
              style={{ cursor: 'pointer' }}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={
                  <Typography.Text strong={!item.readAt}>
                    {!item.readAt && (
                      <span className="pw-visually-hidden">{t('notifications.unread')} </span>
                    )}
                    {item.title}
                  </Typography.Text>
                }
                description={
                  <>
                    <Typography.Paragraph
                      ellipsis={{ rows: 3 }}
                      style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}
                    >
                      {item.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {dayjs(item.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
          loadMore={
            inbox.hasNextPage ? (
              <div style={{ textAlign: 'center', marginTop: 12 }}>
                <Button
                  onClick={() => void inbox.fetchNextPage()}
                  loading={inbox.isFetchingNextPage}
                >
                  {t('notifications.more')}
                </Button>
              </div>
            ) : null
          }
        />
      )}
    </Drawer>
  );
}
