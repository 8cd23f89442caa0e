import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/problem.ts';
import type { TaskView, TimelineEntry, WorkflowInstanceView } from '../../api/tasks.ts';
import { approvalTranslator } from './approval-messages.ts';
import { actBody, dialogActions, durationText, entryText, isStale, problemText, recordApprovalState, shownEntries, waitingSteps } from './approval-model.ts';

const zh = approvalTranslator('zh-CN');
const en = approvalTranslator('en');
const user = (id: number, name: string) => ({ id, name });

const task = (over: Partial<TaskView> = {}): TaskView => ({
  id: 1, app: 'crm', workflow: 'quote_approval', workflowLabel: '报价审批', instanceId: 1, node: 'manager', nodeLabel: '经理审批',
  kind: 'approval', status: 'open', entity: 'opportunity', entityLabel: '商机', recordId: 7, recordTitle: '大单', startedBy: user(1, '李娜'),
  createdAt: '2026-12-01T08:00:00Z', actedAt: null, action: null, actions: ['reject', 'return', 'approve'], returnTargets: [{ node: 'start', label: '提交人' }], ...over,
});

const instance = (over: Partial<WorkflowInstanceView> = {}): WorkflowInstanceView => ({
  id: 1, app: 'crm', workflow: 'quote_approval', workflowLabel: '报价审批', version: 1, entity: 'opportunity', recordId: 7, recordTitle: '大单',
  status: 'running', startedBy: user(1, '李娜'), startedAt: '2026-12-01T08:00:00Z', endedAt: null, openTasks: [], timeline: [], ...over,
});

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({ at: '2026-12-01T08:00:00Z', kind: 'started', node: null, nodeLabel: null, user: null, assignees: [], action: null, comment: null, durationMs: null, ...over });

describe('the approval dialog', () => {
  it('offers approve first and reject last whatever order the API lists them in, and no return without a target', () => {
    expect(dialogActions(task())).toEqual(['approve', 'return', 'reject']);
    expect(dialogActions(task({ returnTargets: [] }))).toEqual(['approve', 'reject']);
    expect(dialogActions(task({ actions: ['resubmit'] }))).toEqual(['resubmit']);
    expect(dialogActions(task({ actions: [] }))).toEqual([]);
  });

  it('sends a trimmed comment, the return target and nothing empty; refuses a return without a target', () => {
    expect(actBody('approve', '  同意  ', undefined, undefined)).toEqual({ body: { comment: '同意' } });
    expect(actBody('approve', '   ', undefined, undefined)).toEqual({ body: {} });
    expect(actBody('return', '缺报价单', undefined, undefined)).toEqual({ error: 'dialog.returnToRequired' });
    expect(actBody('return', '缺报价单', 'start', undefined)).toEqual({ body: { comment: '缺报价单', toNode: 'start' } });
    expect(actBody('transfer', '', undefined, undefined)).toEqual({ error: 'dialog.userRequired' });
    expect(actBody('transfer', '', undefined, 5)).toEqual({ body: { to: 5 } });
    expect(actBody('addSigner', '请财务看', undefined, 6, 'after')).toEqual({ body: { comment: '请财务看', to: 6, position: 'after' } });
    expect(actBody('comment', '  ', undefined, undefined)).toEqual({ error: 'dialog.commentRequired' });
    expect((actBody('approve', 'x'.repeat(2500), undefined, undefined) as { body: { comment: string } }).body.comment).toHaveLength(2000);
  });

  it('says a refusal in the reader’s words and knows which ones mean the list is out of date', () => {
    const done = new ApiProblem({ status: 409, code: 'task.done', detail: 'task already acted on' });
    expect(problemText(done, zh)).toBe('这项任务已经处理过或已取消，列表已刷新。');
    expect(problemText(done, en)).toMatch(/already acted on/);
    expect(isStale(done)).toBe(true);
    const comment = new ApiProblem({ status: 400, code: 'request.invalid', detail: 'bad body', errors: [{ path: '/comment', code: 'tooLong', message: 'at most 2000 characters' }] });
    expect(problemText(comment, zh)).toBe('审批意见：at most 2000 characters');
    expect(isStale(comment)).toBe(false);
    expect(problemText(new ApiProblem({ status: 500, code: 'http.500', detail: 'Internal' }), zh)).toBe('Internal');
  });
});

describe('the timeline', () => {
  it('tells who did what at which step, with the assignees and how long it took', () => {
    expect(entryText(entry({ kind: 'started', user: user(1, '李娜') }), zh, { joiner: '、' })).toBe('李娜 提交了审批');
    expect(entryText(entry({ kind: 'taskCreated', nodeLabel: '经理审批', assignees: [user(2, '张经理'), user(3, '王总')] }), zh, { joiner: '、' })).toBe('"经理审批"等待 张经理、王总 处理');
    expect(entryText(entry({ kind: 'taskActed', nodeLabel: '经理审批', user: user(2, '张经理'), action: 'approve' }), zh, { joiner: '、' })).toBe('"经理审批"：张经理 已同意');
    expect(entryText(entry({ kind: 'taskActed', nodeLabel: 'Manager', user: user(2, 'Zhang'), action: 'return' }), en, { joiner: ', ' })).toBe('“Manager”: Zhang — Returned');
    expect(entryText(entry({ kind: 'ended', action: 'rejected' }), zh, { joiner: '、' })).toBe('流程结束：已驳回');
    expect(entryText(entry({ kind: 'ended' }), zh, { joiner: '、' }, 'approved')).toBe('流程结束：已通过');
    expect(shownEntries([entry({ kind: 'started' }), entry({ kind: 'entered', node: 'pending' }), entry({ kind: 'taskCreated' })]).map((e) => e.kind)).toEqual(['started', 'taskCreated']);
    expect(durationText(42_000, zh)).toBe('42 秒');
    expect(durationText(3 * 60_000 + 10_000, zh)).toBe('3 分钟');
    expect(durationText((2 * 60 + 5) * 60_000, en)).toBe('2 h 5 min');
    expect(durationText((28 * 60) * 60_000, zh)).toBe('1 天 4 小时');
  });
});

describe('a record in approval', () => {
  it('is locked while an instance runs, and the reader’s open tasks are the ones with actions', () => {
    const mine = task();
    const theirs = task({ id: 2, actions: [] });
    const state = recordApprovalState({ startable: [], instances: [instance({ openTasks: [mine, theirs] }), instance({ id: 0, status: 'rejected' })] });
    expect(state.running?.id).toBe(1);
    expect(state.myTasks.map((t) => t.id)).toEqual([1]);
    expect(state.returned).toBeUndefined();
    expect(waitingSteps(instance({ openTasks: [mine, theirs] }), '、')).toBe('经理审批');
    const returned = recordApprovalState({ startable: [], instances: [instance({ status: 'returned', openTasks: [task({ id: 3, kind: 'resubmit', actions: ['resubmit'] })] })] });
    expect(returned.running).toBeUndefined();
    expect(returned.returned?.id).toBe(1);
    expect(returned.myTasks.map((t) => t.id)).toEqual([3]);
    expect(recordApprovalState(undefined)).toEqual({ running: undefined, returned: undefined, myTasks: [] });
  });
});
