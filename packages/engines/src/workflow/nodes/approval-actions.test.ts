import { describe, expect, it } from 'vitest';
import type { Participant } from '@pipewright/metadata';
import { Driver, approval, end, quoteWorkflow, user } from '../workflow.fixture.ts';
import { step } from '../step.ts';
import type { WorkflowEvent } from '../events.ts';

const record = { id: 1, title: 'Q-1', discount: 20 };

function flow(mode: 'single' | 'allOf' | 'sequential', assignees: Participant[], extra: Record<string, unknown> = {}) {
  return new Driver(
    quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, approval('ask', mode, assignees, extra), end('yes', 'approved'), end('no', 'rejected')],
      [
        ['start', 'ask'],
        ['ask', 'yes', 'approved'],
        ['ask', 'no', 'rejected'],
      ],
    ),
    record,
  );
}

type Extra = Partial<Pick<Extract<WorkflowEvent, { type: 'taskActed' }>, 'to' | 'position' | 'attachments' | 'comment'>>;

function actOn(run: Driver, taskId: string, action: Parameters<Driver['actEvent']>[1], userId: number, extra: Extra = {}) {
  return step(run.definition, run.instance, { ...run.actEvent(run.instance.tasks.find((t) => t.id === taskId)!, action, userId), ...extra });
}

function send(run: Driver, taskId: string, action: Parameters<Driver['actEvent']>[1], userId: number, extra: Extra = {}) {
  const result = actOn(run, taskId, action, userId, extra);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  run.instance = result.instance;
  return result.effects;
}

describe('approval actions that do not decide', () => {
  it('transfer: the same task now belongs to the new user, and the timeline says to whom', () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const task = run.task('ask');
    expect(send(run, task.id, 'transfer', 12, { to: 30, comment: '出差' })).toEqual([{ kind: 'reassignTask', taskId: task.id, assignee: { type: 'userId', id: 30 } }]);
    expect(run.instance.tasks.find((t) => t.id === task.id)).toMatchObject({ status: 'pending', assignee: { type: 'userId', id: 30 } });
    expect(run.instance.history.at(-1)).toMatchObject({ what: 'acted', action: 'transfer', userId: 12, toUserId: 30, comment: '出差' });
    // The former holder, who read the task before the transfer, is refused.
    expect(actOn(run, task.id, 'approve', 12)).toMatchObject({ ok: false, refusal: { code: 'task.notYours' } });
    send(run, task.id, 'approve', 30);
    expect(run.instance.status).toBe('approved');
  });

  it('transfer without a target, or to oneself, is refused and changes nothing', () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const task = run.task('ask');
    expect(actOn(run, task.id, 'transfer', 12)).toMatchObject({ ok: false, refusal: { code: 'task.badTarget' } });
    expect(actOn(run, task.id, 'transfer', 12, { to: 12 })).toMatchObject({ ok: false, refusal: { code: 'task.badTarget' } });
    expect(actOn(run, task.id, 'addSigner', 12, { to: 0 })).toMatchObject({ ok: false, refusal: { code: 'task.badTarget' } });
  });

  it('transfer is refused where the node does not allow delegating', () => {
    const run = flow('single', [user('wang')], { allowDelegate: false });
    run.start();
    expect(actOn(run, run.task('ask').id, 'transfer', 12, { to: 30 })).toMatchObject({ ok: false, refusal: { code: 'task.wrongAction' } });
  });

  it('add signer before: the holder waits, the added person approves first, then the task is back with the holder', () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const holder = run.task('ask');
    const effects = send(run, holder.id, 'addSigner', 12, { to: 40, position: 'before' });
    const signer = run.pending('ask')[0]!;
    expect(effects).toEqual([
      { kind: 'suspendTask', taskId: holder.id },
      { kind: 'createTask', taskId: signer.id, node: 'ask', task: 'approval', assignee: { type: 'userId', id: 40 }, title: null, signerFor: holder.id },
    ]);
    expect(actOn(run, holder.id, 'approve', 12)).toMatchObject({ ok: false, refusal: { code: 'task.waiting' } });
    expect(send(run, signer.id, 'approve', 40)).toEqual([{ kind: 'resumeTask', taskId: holder.id }]);
    expect(run.instance.status).toBe('running');
    expect(run.pending('ask').map((t) => t.id)).toEqual([holder.id]);
    send(run, holder.id, 'approve', 12);
    expect(run.instance.status).toBe('approved');
  });

  it('add signer after: the holder approves now, and it counts when the added person approves after', () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const holder = run.task('ask');
    send(run, holder.id, 'addSigner', 12, { to: 40, position: 'after', comment: '请财务复核' });
    expect(run.instance.status).toBe('running');
    const signer = run.pending('ask')[0]!;
    expect(signer.signerFor).toEqual({ task: holder.id, position: 'after' });
    send(run, signer.id, 'approve', 40);
    expect(run.instance.status).toBe('approved');
    expect(run.instance.tasks.find((t) => t.id === holder.id)).toMatchObject({ status: 'approved', doneBy: 12 });
  });

  it("an added signer's rejection rejects, and closes the holder's waiting task", () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const holder = run.task('ask');
    send(run, holder.id, 'addSigner', 12, { to: 40 });
    const signer = run.pending('ask')[0]!;
    const effects = send(run, signer.id, 'reject', 40, { comment: '价格太低' });
    expect(effects).toContainEqual({ kind: 'cancelTask', taskId: holder.id, reason: 'decided' });
    expect(run.instance.status).toBe('rejected');
  });

  it('countersign: an added signer is not counted as one more approver', () => {
    const run = flow('allOf', [user('wang'), user('li')]);
    run.start();
    const [wang, li] = run.pending('ask');
    send(run, wang!.id, 'addSigner', 12, { to: 40, position: 'before' });
    const signer = run.pending('ask').find((t) => t.signerFor)!;
    send(run, signer.id, 'approve', 40);
    send(run, li!.id, 'approve', 13);
    expect(run.instance.status).toBe('running');
    send(run, wang!.id, 'approve', 12);
    expect(run.instance.status).toBe('approved');
  });

  it('sequential: a transfer keeps the order, the next assignee opens after the transferee approves', () => {
    const run = flow('sequential', [user('wang'), user('li')]);
    run.start();
    const first = run.task('ask');
    send(run, first.id, 'transfer', 12, { to: 30 });
    send(run, first.id, 'approve', 30);
    expect(run.pending('ask').map((t) => t.assignee)).toEqual([user('li')]);
  });

  it('comment: a remark with files in the timeline, the task stays open; an empty comment is refused', () => {
    const run = flow('single', [user('wang')]);
    run.start();
    const task = run.task('ask');
    expect(send(run, task.id, 'comment', 12, { comment: '看附件', attachments: ['f1'] })).toEqual([]);
    expect(run.instance.history.at(-1)).toMatchObject({ what: 'acted', action: 'comment', comment: '看附件', attachments: ['f1'] });
    expect(run.task('ask').id).toBe(task.id);
    expect(actOn(run, task.id, 'comment', 12, { comment: '  ' })).toMatchObject({ ok: false, refusal: { code: 'task.wrongAction' } });
  });

  it('withdraw: only the submitter, ends the instance as cancelled with every task closed', () => {
    const run = flow('allOf', [user('wang'), user('li')]);
    run.start(7);
    const at = '2026-01-01T10:00:00.000Z';
    expect(step(run.definition, run.instance, { type: 'withdraw', at, record, userId: 8 })).toMatchObject({ ok: false, refusal: { code: 'instance.notYours' } });
    const effects = run.send({ type: 'withdraw', at, record, userId: 7, reason: '报错价了' });
    expect(effects.map((e) => e.kind)).toEqual(['cancelTask', 'cancelTask', 'end']);
    expect(run.instance.status).toBe('cancelled');
    expect(run.instance.history.find((h) => h.action === 'withdraw')).toMatchObject({ userId: 7, comment: '报错价了' });
    expect(step(run.definition, run.instance, { type: 'withdraw', at, record, userId: 7 })).toMatchObject({ ok: false, refusal: { code: 'instance.ended' } });
  });

  it('urge: reminds each open approval task, at most once an hour', () => {
    const run = flow('allOf', [user('wang'), user('li')]);
    run.start(7);
    const [wang, li] = run.pending('ask');
    const urge = (at: string) => step(run.definition, run.instance, { type: 'urge', at, record, userId: 7 });
    const first = urge('2026-01-01T10:00:00.000Z');
    expect(first).toMatchObject({ ok: true, effects: [{ kind: 'urgeTask', taskId: wang!.id, by: 7 }, { kind: 'urgeTask', taskId: li!.id, by: 7 }] });
    run.instance = first.instance;
    expect(urge('2026-01-01T10:59:00.000Z')).toMatchObject({ ok: false, refusal: { code: 'task.urgedRecently' } });
    expect(urge('2026-01-01T11:00:00.000Z')).toMatchObject({ ok: true });
  });
});
