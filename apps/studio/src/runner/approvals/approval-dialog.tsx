/**
 * The approval dialog: what is asked (workflow, step, record, who submitted it and when), the
 * comment box, the step to return to and the colleague to transfer to where the task allows
 * those, one button per action the API says the reader may take now, and the instance's
 * history below. A refusal (409 task.done, instance.ended...) is said in the dialog; one that
 * means the reader's picture is out of date closes it, the lists being refreshed already.
 * Loaded when first opened (decision 053).
 */
import { Alert, Button, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TaskAction, TaskView } from '../../api/tasks.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useActOnTask, useInstance } from '../data/use-approvals.ts';
import { PersonPicker } from '../fields/user.tsx';
import { formatInstant } from '../fields/format.ts';
import { runnerPaths } from '../paths.ts';
import { useApprovalText } from './approval-messages.ts';
import { actBody, actionNeeds, actionText, commentLimit, dialogActions, doneText, isStale, problemText } from './approval-model.ts';
import { InstanceTimeline } from './instance-timeline.tsx';
import './approvals.css';
import { useFeedback } from '../../app/feedback.tsx';

export interface ApprovalDialogProps {
  task: TaskView;
  onClose(): void;
  /** Called after the task was acted on (the queries are invalidated already). */
  onActed?(action: TaskAction): void;
}

export default function ApprovalDialog({ task, onClose, onActed }: ApprovalDialogProps) {
  const t = useApprovalText();
  const { locale } = useRunner();
  const { message } = useFeedback();
  const act = useActOnTask(task.app, task.entity, task.recordId, locale);
  const instance = useInstance(task.app, task.instanceId, locale);
  const actions = dialogActions(task);
  const [comment, setComment] = useState('');
  const [toNode, setToNode] = useState<string | undefined>(task.returnTargets[0]?.node);
  const [userId, setUserId] = useState<number | undefined>();
  const [position, setPosition] = useState<'before' | 'after'>('before');
  const [error, setError] = useState<string | undefined>();
  const [running, setRunning] = useState<TaskAction | undefined>();
  const needsUser = actions.some((a) => actionNeeds(a) === 'user');

  const run = async (action: TaskAction) => {
    const built = actBody(action, comment, toNode, userId, position);
    if ('error' in built) return setError(t(built.error));
    setError(undefined);
    setRunning(action);
    try {
      await act.mutateAsync({ task: task.id, action, body: built.body });
      message.success(doneText(action, t));
      onActed?.(action);
      onClose();
    } catch (refusal) {
      const text = problemText(refusal, t);
      if (isStale(refusal)) {
        message.warning(text);
        onClose();
      } else setError(text);
    } finally {
      setRunning(undefined);
    }
  };

  const buttonOf = (action: TaskAction) => (
    <Button
      key={action}
      type={action === 'approve' || action === 'resubmit' ? 'primary' : 'default'}
      danger={action === 'reject'}
      loading={running === action}
      disabled={running !== undefined && running !== action}
      onClick={() => void run(action)}
      data-action={action}
      // antd spaces out some two-character labels ("转 交") and not their neighbours: one spacing for all.
      autoInsertSpace={false}
    >
      {actionText(action, t)}
    </Button>
  );

  return (
    <Modal
      open
      width={640}
      className="pw-approval-dialog"
      title={t('dialog.title', { workflow: task.workflowLabel, step: task.nodeLabel })}
      onCancel={onClose}
      destroyOnClose
      footer={<div className="pw-approval-dialog-footer">{actions.length ? actions.map(buttonOf) : <Button onClick={onClose}>{t('dialog.openRecord')}</Button>}</div>}
    >
      <dl className="pw-approval-dialog-facts">
        <dt>{task.entityLabel || t('dialog.record')}</dt>
        <dd>
          <Link to={runnerPaths.record(task.app, task.entity, task.recordId)} onClick={onClose}>{task.recordTitle}</Link>
        </dd>
        <dt>{t('inbox.startedBy')}</dt>
        <dd>{t('dialog.startedBy', { user: task.startedBy?.name ?? t('timeline.system'), at: formatInstant(task.createdAt) })}</dd>
      </dl>
      {actions.length === 0 && <Alert type="info" showIcon message={t('dialog.notActionable')} />}
      {actions.length > 0 && (
        <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
          {actions.includes('return') && (
            <Form.Item label={t('dialog.returnTo')} htmlFor="approval-return-to" extra={t('dialog.returnToHint')}>
              <Select id="approval-return-to" value={toNode} onChange={setToNode} placeholder={t('dialog.returnToPlaceholder')} options={task.returnTargets.map((r) => ({ value: r.node, label: r.label }))} />
            </Form.Item>
          )}
          {needsUser && (
            <Form.Item label={actions.includes('transfer') && actions.includes('addSigner') ? t('dialog.userPickBoth') : actions.includes('transfer') ? t('dialog.userPick') : t('dialog.signerPick')} htmlFor="approval-user">
              <PersonPicker id="approval-user" value={userId ?? null} onChange={(v) => setUserId(typeof v === 'number' ? v : undefined)} />
            </Form.Item>
          )}
          {actions.includes('addSigner') && (
            <Form.Item label={t('dialog.signerPosition')}>
              <Radio.Group className="pw-approval-signer-position" value={position} onChange={(e) => setPosition(e.target.value as 'before' | 'after')} data-testid="signer-position">
                <Radio value="before">{t('dialog.signerBefore')}</Radio>
                <Radio value="after">{t('dialog.signerAfter')}</Radio>
              </Radio.Group>
            </Form.Item>
          )}
          <Form.Item label={t('dialog.comment')} htmlFor="approval-comment">
            <Input.TextArea id="approval-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={commentLimit} showCount rows={4} placeholder={t('dialog.commentPlaceholder')} />
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" showIcon message={error} role="alert" data-testid="approval-error" />}
      <section className="pw-approval-dialog-history" aria-label={t('dialog.history')}>
        <h3>{t('dialog.history')}</h3>
        {instance.isLoading ? <Spin /> : instance.data ? <InstanceTimeline instance={instance.data} bare /> : instance.error ? <Alert type="warning" message={problemText(instance.error, t)} /> : null}
      </section>
    </Modal>
  );
}
