/**
 * The task inbox: 待我审批 / 抄送我的 / 已处理 with the count of each (`GET /api/tasks`), a table
 * on a wide screen and cards on a phone, 50 tasks a page. Each row links to its record and
 * opens the approval dialog (loaded when first opened). The box is kept in the address
 * (`?box=cc`), so a link or a reload lands on the same tab.
 */
import { AuditOutlined } from '@ant-design/icons';
import { Button, Card, Spin, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { TaskBox, TaskCounts, TaskView } from '../../api/tasks.ts';
import { QueryFailure } from '../../shell/QueryFailure.tsx';
import { useRunner } from '../app/runner-context.tsx';
import { useMarkCcRead, useTaskBox } from '../data/use-approvals.ts';
import { formatInstant } from '../fields/format.ts';
import { usePhone } from '../list/use-phone.ts';
import { runnerPaths } from '../paths.ts';
import { useApprovalText, type ApprovalMessageKey, type ApprovalText } from './approval-messages.ts';
import { doneText } from './approval-model.ts';
import './approvals.css';

const ApprovalDialog = lazy(() => import('./approval-dialog.tsx'));

const boxes: { box: TaskBox; label: ApprovalMessageKey; empty: ApprovalMessageKey; hint: ApprovalMessageKey }[] = [
  { box: 'pending', label: 'inbox.pending', empty: 'inbox.emptyPending', hint: 'inbox.emptyPendingHint' },
  { box: 'cc', label: 'inbox.cc', empty: 'inbox.emptyCc', hint: 'inbox.emptyCcHint' },
  { box: 'done', label: 'inbox.done', empty: 'inbox.emptyDone', hint: 'inbox.emptyDoneHint' },
];

function isBox(value: string | null): value is TaskBox {
  return value === 'pending' || value === 'cc' || value === 'done';
}

function Outcome({ task, t }: { task: TaskView; t: ApprovalText }) {
  if (task.kind === 'cc') return task.read ? <Tag>{t('inbox.read')}</Tag> : <Tag color="blue" data-testid="cc-unread">{t('inbox.unread')}</Tag>;
  if (task.status === 'open') return <Tag color="processing">{t('inbox.waiting')}</Tag>;
  if (task.status === 'cancelled') return <Tag>{t('inbox.cancelled')}</Tag>;
  const colour = task.action === 'approve' ? 'success' : task.action === 'reject' ? 'error' : task.action === 'return' ? 'warning' : 'default';
  return <Tag color={colour}>{doneText(task.action, t)}</Tag>;
}

function RecordLink({ task }: { task: TaskView }) {
  return <Link to={runnerPaths.record(task.app, task.entity, task.recordId)} data-testid="task-record">{task.recordTitle}</Link>;
}

function TaskButton({ task, box, onOpen, t }: { task: TaskView; box: TaskBox; onOpen(task: TaskView): void; t: ApprovalText }) {
  const actionable = task.status === 'open' && task.actions.length > 0;
  return (
    <Button size="small" type={actionable ? 'primary' : 'default'} icon={actionable ? <AuditOutlined /> : undefined} onClick={() => onOpen(task)} data-testid="open-task" data-task={task.id} aria-label={`${actionable ? t('inbox.open') : t('inbox.view')}: ${task.recordTitle}`}>
      {actionable && box !== 'done' ? t('inbox.open') : t('inbox.view')}
    </Button>
  );
}

function columnsOf(box: TaskBox, t: ApprovalText, onOpen: (task: TaskView) => void): ColumnsType<TaskView> {
  return [
    { key: 'record', title: t('inbox.record'), render: (_, task) => <><RecordLink task={task} /><div className="pw-approval-entry-meta">{task.entityLabel}</div></> },
    { key: 'workflow', title: t('inbox.workflow'), dataIndex: 'workflowLabel' },
    { key: 'step', title: t('inbox.step'), dataIndex: 'nodeLabel' },
    { key: 'startedBy', title: t('inbox.startedBy'), render: (_, task) => task.startedBy?.name ?? t('timeline.system') },
    box === 'done'
      ? { key: 'actedAt', title: t('inbox.actedAt'), render: (_, task) => formatInstant(task.actedAt ?? task.createdAt) }
      : { key: 'received', title: t('inbox.received'), render: (_, task) => formatInstant(task.createdAt) },
    ...(box === 'pending' ? [] : [{ key: 'result', title: t('inbox.result'), render: (_: unknown, task: TaskView) => <Outcome task={task} t={t} /> }]),
    { key: 'open', title: <span className="pw-sr-only">{t('inbox.open')}</span>, align: 'right', render: (_, task) => <TaskButton task={task} box={box} onOpen={onOpen} t={t} /> },
  ];
}

function TaskCards({ tasks, box, onOpen, t }: { tasks: TaskView[]; box: TaskBox; onOpen(task: TaskView): void; t: ApprovalText }) {
  return (
    <div className="pw-inbox-cards" data-testid="task-cards">
      {tasks.map((task) => (
        <Card key={task.id} size="small" className="pw-inbox-card" data-task={task.id} title={<RecordLink task={task} />} extra={<TaskButton task={task} box={box} onOpen={onOpen} t={t} />}>
          <div className="pw-card-row"><span className="pw-card-label">{t('inbox.workflow')}</span><span className="pw-card-value">{task.workflowLabel}</span></div>
          <div className="pw-card-row"><span className="pw-card-label">{t('inbox.step')}</span><span className="pw-card-value">{task.nodeLabel}</span></div>
          <div className="pw-card-row"><span className="pw-card-label">{t('inbox.startedBy')}</span><span className="pw-card-value">{task.startedBy?.name ?? t('timeline.system')}</span></div>
          <div className="pw-card-row">
            <span className="pw-card-label">{box === 'done' ? t('inbox.actedAt') : t('inbox.received')}</span>
            <span className="pw-card-value">{formatInstant(box === 'done' ? task.actedAt ?? task.createdAt : task.createdAt)}</span>
          </div>
          {box !== 'pending' && <div className="pw-card-row"><span className="pw-card-label">{t('inbox.result')}</span><span className="pw-card-value"><Outcome task={task} t={t} /></span></div>}
        </Card>
      ))}
    </div>
  );
}

function BoxList({ box, onOpen, onCounts }: { box: TaskBox; onOpen(task: TaskView): void; onCounts(counts: TaskCounts): void }) {
  const t = useApprovalText();
  const { locale } = useRunner();
  const phone = usePhone();
  const list = useTaskBox(box, locale);
  const entry = boxes.find((b) => b.box === box)!;
  const counts = list.data?.pages[0]?.counts;
  useEffect(() => {
    if (counts) onCounts(counts);
  }, [counts]);
  if (list.isLoading) return <Spin className="pw-center" />;
  if (list.error && !list.data) return <QueryFailure error={list.error} onRetry={() => void list.refetch()} />;
  const tasks = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (!tasks.length)
    return (
      <div className="pw-inbox-empty" data-testid="inbox-empty">
        <strong>{t(entry.empty)}</strong>
        <div>{t(entry.hint)}</div>
      </div>
    );
  return (
    <>
      {phone ? (
        <TaskCards tasks={tasks} box={box} onOpen={onOpen} t={t} />
      ) : (
        <Table<TaskView> rowKey="id" size="middle" className="pw-inbox-table" data-testid="task-table" columns={columnsOf(box, t, onOpen)} dataSource={tasks} pagination={false} />
      )}
      {list.hasNextPage && (
        <div className="pw-inbox-more">
          <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('inbox.loadMore')}</Button>
        </div>
      )}
    </>
  );
}

export function InboxPage() {
  const t = useApprovalText();
  const [query, setQuery] = useSearchParams();
  const requested = query.get('box');
  const box: TaskBox = isBox(requested) ? requested : 'pending';
  const [counts, setCounts] = useState<TaskCounts | undefined>();
  const [task, setTask] = useState<TaskView | undefined>();
  const markRead = useMarkCcRead();
  const label = (b: (typeof boxes)[number]) => {
    const n = counts?.[b.box];
    return (
      <span data-box={b.box}>
        {t(b.label)}
        {n !== undefined && <span className={b.box === 'pending' && n > 0 ? 'pw-inbox-count pw-inbox-count-pending' : 'pw-inbox-count'} data-testid={`count-${b.box}`}>{n}</span>}
      </span>
    );
  };
  return (
    <div className="pw-inbox-page" data-testid="inbox-page">
      <div className="pw-run-header">
        <h4 className="pw-run-title">{t('inbox.title')}</h4>
      </div>
      <Tabs
        activeKey={box}
        onChange={(key) => setQuery(key === 'pending' ? {} : { box: key }, { replace: true })}
        items={boxes.map((b) => ({ key: b.box, label: label(b), children: b.box === box ? <BoxList box={b.box} onOpen={(opened) => { setTask(opened); if (opened.kind === 'cc' && !opened.read) markRead.mutate(opened.id); }} onCounts={(c) => setCounts((old) => (old && old.pending === c.pending && old.cc === c.cc && old.done === c.done ? old : c))} /> : null }))}
      />
      {task && (
        <Suspense fallback={null}>
          <ApprovalDialog task={task} onClose={() => setTask(undefined)} />
        </Suspense>
      )}
    </div>
  );
}
