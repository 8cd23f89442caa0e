/**
 * The header's way to the approval inbox (`/apps/:app/tasks`): an icon with the number of tasks
 * waiting for the reader, beside the notification bell. The inbox itself is loaded when opened.
 */
import { InboxOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { usePendingTaskCount } from '../api/task-count.ts';
import { useLocale } from '../i18n/locale.tsx';
import { runnerPaths } from '../runner/paths.ts';

export function TaskBadge({ app }: { app: string }) {
  const { t, locale } = useLocale();
  const pending = usePendingTaskCount(locale) ?? 0;
  const label = pending > 0 ? t('tasks.badgePending', { count: pending }) : t('tasks.badge');
  return (
    <span className="pw-bell">
      <Link to={runnerPaths.tasks(app)} className="pw-task-badge" aria-label={label} title={label} data-testid="task-badge">
        <InboxOutlined />
      </Link>
      {pending > 0 && (
        <span className="pw-bell-count" aria-hidden="true" data-testid="task-badge-count">
          {pending > 99 ? '99+' : pending}
        </span>
      )}
    </span>
  );
}
