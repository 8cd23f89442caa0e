/**
 * One workflow instance as a timeline: who submitted it and when, each step entered, who holds
 * each task, who acted with what comment and after how long, and how it ended. Oldest first, as
 * the API gives it; the instance's status heads the card. One column, so it reads on a phone.
 */
import { Card, Tag, Timeline } from 'antd';
import type { WorkflowInstanceView } from '../../api/tasks.ts';
import { useRunner } from '../app/runner-context.tsx';
import { formatInstant } from '../fields/format.ts';
import { useApprovalText } from './approval-messages.ts';
import { durationText, entryColour, entryText, shownEntries, statusColour, statusText } from './approval-model.ts';
import './approvals.css';

export function InstanceTimeline({ instance, bare }: { instance: WorkflowInstanceView; bare?: boolean }) {
  const t = useApprovalText();
  const { locale } = useRunner();
  const joiner = locale === 'en' ? ', ' : '、';
  const timeline = (
    <Timeline
      className="pw-approval-timeline"
      items={shownEntries(instance.timeline).map((entry, index) => ({
        key: `${index}-${entry.at}`,
        color: entryColour(entry),
        children: (
          <div className="pw-approval-entry" data-kind={entry.kind} data-action={entry.action ?? undefined}>
            <div className="pw-approval-entry-text">{entryText(entry, t, { joiner }, instance.status)}</div>
            {entry.comment && <blockquote className="pw-approval-comment">{entry.comment}</blockquote>}
            <div className="pw-approval-entry-meta">
              <time dateTime={entry.at}>{formatInstant(entry.at)}</time>
              {entry.durationMs !== null && entry.kind === 'taskActed' && <span> · {t('timeline.took', { duration: durationText(entry.durationMs, t) })}</span>}
            </div>
          </div>
        ),
      }))}
    />
  );
  if (bare) return timeline;
  return (
    <Card
      size="small"
      className="pw-approval-instance"
      data-instance={instance.id}
      data-status={instance.status}
      title={
        <span className="pw-approval-instance-title">
          <span>{instance.workflowLabel}</span>
          <Tag color={statusColour(instance.status)}>{statusText(instance.status, t)}</Tag>
        </span>
      }
      extra={<span className="pw-approval-entry-meta">{t('timeline.startedAt', { user: instance.startedBy?.name ?? t('timeline.system'), at: formatInstant(instance.startedAt) })}</span>}
    >
      {timeline}
    </Card>
  );
}
