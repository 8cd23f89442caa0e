/**
 * Approvals on the record page: the "Submit for approval" buttons of the workflows the reader
 * may start here, the button that opens the approval dialog when the reader holds an open task
 * on the record, the banner of a locked record (while an instance runs, writes answer 409
 * `record.inApproval`) or a returned one, and the "Approvals" tab with every instance's
 * timeline, newest first. Data: `GET /api/apps/:app/records/:entity/:id/workflows`.
 */
import { AuditOutlined, BellOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Space, Spin } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { RecordWorkflows, TaskView } from '../../api/tasks.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useRecordWorkflows, useStartWorkflow, useSubmitterAct } from '../data/use-approvals.ts';
import { QueryFailure } from '../../shell/QueryFailure.tsx';
import { useApprovalText } from './approval-messages.ts';
import { problemText, recordApprovalState, waitingSteps, type RecordApprovalState } from './approval-model.ts';
import { InstanceTimeline } from './instance-timeline.tsx';
import './approvals.css';
import { useFeedback } from '../../app/feedback.tsx';

const ApprovalDialog = lazy(() => import('./approval-dialog.tsx'));

export interface RecordApprovals {
  workflows: RecordWorkflows | undefined;
  state: RecordApprovalState;
  /** The record is in approval: the form is read-only and saving is not offered. */
  locked: boolean;
  refetch(): Promise<unknown>;
}

export function useRecordApprovals(entity: string, id: number | undefined): RecordApprovals & { query: ReturnType<typeof useRecordWorkflows> } {
  const { app, locale } = useRunner();
  const query = useRecordWorkflows(app.key, entity, id, locale);
  const state = recordApprovalState(query.data);
  return { query, workflows: query.data, state, locked: state.running !== undefined, refetch: () => query.refetch() };
}

/** The header's buttons: submit for each startable workflow, and act on the reader's open task. */
export function ApprovalButtons({ entity, id, approvals }: { entity: string; id: number; approvals: RecordApprovals }) {
  const t = useApprovalText();
  const { app, locale } = useRunner();
  const { message } = useFeedback();
  const start = useStartWorkflow(app.key, entity, id, locale);
  const [task, setTask] = useState<TaskView | undefined>();
  const startable = approvals.workflows?.startable ?? [];
  const mine = approvals.state.myTasks;
  const submit = async (workflow: string) => {
    try {
      await start.mutateAsync(workflow);
      message.success(t('panel.submitted'));
    } catch (error) {
      message.error(problemText(error, t));
    }
  };
  return (
    <>
      {mine.map((open) => (
        <Button key={open.id} type="primary" icon={<AuditOutlined />} onClick={() => setTask(open)} data-testid="open-approval" data-task={open.id}>
          {open.kind === 'resubmit' ? t('action.resubmit') : mine.length > 1 ? t('panel.actNamed', { step: open.nodeLabel }) : t('panel.act')}
        </Button>
      ))}
      {startable.map((s) => (
        <Button key={s.workflow} icon={<SendOutlined />} loading={start.isPending && start.variables === s.workflow} onClick={() => void submit(s.workflow)} data-testid="submit-approval" data-workflow={s.workflow}>
          {startable.length > 1 ? t('panel.submitNamed', { workflow: s.label }) : t('panel.submit')}
        </Button>
      ))}
      {task && (
        <Suspense fallback={null}>
          <ApprovalDialog task={task} onClose={() => setTask(undefined)} />
        </Suspense>
      )}
    </>
  );
}

/** "审批中，记录已锁定" while an instance runs, with 撤回 and 催办 for its submitter; a note when the newest was returned. */
export function ApprovalBanner({ approvals }: { approvals: RecordApprovals }) {
  const t = useApprovalText();
  const { app, locale, userId } = useRunner();
  const { message, modal } = useFeedback();
  const joiner = locale === 'en' ? ', ' : '、';
  const { running, returned } = approvals.state;
  const submitter = useSubmitterAct(app.key, running?.entity ?? '', running?.recordId ?? 0, locale);
  const perform = async (act: 'withdraw' | 'urge') => {
    try {
      await submitter.mutateAsync({ instance: running!.id, act });
      message.success(t(act === 'withdraw' ? 'panel.withdrawn' : 'panel.urged'));
    } catch (error) {
      message.error(problemText(error, t));
    }
  };
  const mine = running !== undefined && userId !== undefined && running.startedBy?.id === userId;
  if (running)
    return (
      <Alert
        type="warning"
        showIcon
        className="pw-approval-banner"
        data-testid="approval-locked"
        message={t('panel.locked')}
        description={t('panel.lockedDetail', { workflow: running.workflowLabel, steps: waitingSteps(running, joiner) || running.workflowLabel })}
        action={
          mine ? (
            <Space direction="vertical" size={4} className="pw-approval-banner-actions">
              <Button size="small" icon={<BellOutlined />} loading={submitter.isPending && submitter.variables?.act === 'urge'} onClick={() => void perform('urge')} data-testid="urge-approval">
                {t('panel.urge')}
              </Button>
              <Button size="small" danger icon={<RollbackOutlined />} loading={submitter.isPending && submitter.variables?.act === 'withdraw'} onClick={() => modal.confirm({ title: t('panel.withdraw'), content: t('panel.withdrawConfirm'), okButtonProps: { danger: true }, okText: t('panel.withdraw'), onOk: () => perform('withdraw') })} data-testid="withdraw-approval">
                {t('panel.withdraw')}
              </Button>
            </Space>
          ) : undefined
        }
      />
    );
  if (returned) return <Alert type="info" showIcon className="pw-approval-banner" message={t('panel.returned', { workflow: returned.workflowLabel })} />;
  return null;
}

/** The "Approvals" tab: every instance on the record with its timeline. */
export function ApprovalHistory({ approvals }: { approvals: RecordApprovals & { query: ReturnType<typeof useRecordWorkflows> } }) {
  const t = useApprovalText();
  if (approvals.query.isLoading) return <Spin className="pw-center" />;
  if (approvals.query.error && !approvals.workflows) return <QueryFailure error={approvals.query.error} onRetry={() => void approvals.refetch()} />;
  const instances = approvals.workflows?.instances ?? [];
  if (!instances.length) return <Empty description={<><strong>{t('panel.none')}</strong><div>{t('panel.noneHint')}</div></>} />;
  return (
    <div className="pw-approval-history" data-testid="approval-history">
      {instances.map((instance) => <InstanceTimeline key={instance.id} instance={instance} />)}
    </div>
  );
}
