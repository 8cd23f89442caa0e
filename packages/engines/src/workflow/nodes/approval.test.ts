import { describe, expect, it } from 'vitest';
import type { Participant } from '@pipewright/metadata';
import { Driver, approval, end, quoteWorkflow, user } from '../workflow.fixture.ts';
import { step } from '../step.ts';

const record = { id: 1, title: 'Q-1', discount: 20, reviewer: 12 };

function approvalFlow(mode: 'single' | 'anyOf' | 'allOf' | 'voteRatio' | 'sequential', assignees: Participant[], extra: Record<string, unknown> = {}) {
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

const three = [user('wang'), user('li'), user('zhao')];
const five = [user('a'), user('b'), user('c'), user('d'), user('e')];

describe('approval node', () => {
  it('single: the one assignee, here the user in a field of the record, decides', () => {
    const run = approvalFlow('single', [{ type: 'field', field: 'reviewer' }], { title: "'Approve ' & title" });
    expect(run.start()).toEqual([{ kind: 'createTask', taskId: 'wf-1/task/3', node: 'ask', task: 'approval', assignee: { type: 'field', field: 'reviewer' }, title: 'Approve Q-1' }]);
    run.act('ask', 'approve');
    expect(run.instance.status).toBe('approved');
  });

  it('countersign (allOf) with three approvers waits for all three', () => {
    const run = approvalFlow('allOf', three);
    expect(run.start().map((e) => e.kind === 'createTask' && e.assignee)).toEqual(three);
    expect(run.act('ask', 'approve', 'wang')).toEqual([]);
    expect(run.act('ask', 'approve', 'zhao')).toEqual([]);
    expect(run.instance.status).toBe('running');
    expect(run.act('ask', 'approve', 'li')).toEqual([{ kind: 'end', status: 'approved' }]);
    expect(run.instance.status).toBe('approved');
  });

  it('countersign (allOf): one rejection rejects and cancels the other tasks', () => {
    const run = approvalFlow('allOf', three);
    run.start();
    run.act('ask', 'approve', 'wang');
    const effects = run.act('ask', 'reject', 'li');
    expect(effects).toEqual([
      { kind: 'cancelTask', taskId: run.instance.tasks.find((t) => t.assignee.type === 'user' && t.assignee.user === 'zhao')!.id, reason: 'decided' },
      { kind: 'end', status: 'rejected' },
    ]);
    expect(run.instance.tasks.map((t) => t.status)).toEqual(['approved', 'rejected', 'cancelled']);
  });

  it('anyOf: the first decision counts and the other tasks are cancelled', () => {
    const run = approvalFlow('anyOf', three);
    run.start();
    const effects = run.act('ask', 'approve', 'li');
    expect(effects.map((e) => e.kind)).toEqual(['cancelTask', 'cancelTask', 'end']);
    expect(run.instance.status).toBe('approved');
  });

  it('voteRatio 0.6 of five: approved at the third approval', () => {
    const run = approvalFlow('voteRatio', five, { passRatio: 0.6 });
    run.start();
    run.act('ask', 'approve', 'a');
    run.act('ask', 'reject', 'b');
    run.act('ask', 'approve', 'c');
    expect(run.instance.status).toBe('running');
    expect(run.act('ask', 'approve', 'd').map((e) => e.kind)).toEqual(['cancelTask', 'end']);
    expect(run.instance.status).toBe('approved');
  });

  it('voteRatio 0.6 of five: rejected once three have rejected and 60 % cannot be reached', () => {
    const run = approvalFlow('voteRatio', five, { passRatio: 0.6 });
    run.start();
    run.act('ask', 'reject', 'a');
    run.act('ask', 'reject', 'b');
    expect(run.instance.status).toBe('running');
    run.act('ask', 'reject', 'c');
    expect(run.instance.status).toBe('rejected');
  });

  it('sequential: one task at a time, in order; a rejection on the way rejects', () => {
    const run = approvalFlow('sequential', three);
    run.start();
    expect(run.pending().map((t) => t.assignee)).toEqual([user('wang')]);
    run.act('ask', 'approve', 'wang');
    expect(run.pending().map((t) => t.assignee)).toEqual([user('li')]);
    run.act('ask', 'reject', 'li');
    expect(run.instance.status).toBe('rejected');
    expect(run.instance.tasks.length).toBe(2);
  });

  it('sequential: approved when the last in line approves', () => {
    const run = approvalFlow('sequential', three);
    run.start();
    for (const name of ['wang', 'li', 'zhao']) run.act('ask', 'approve', name);
    expect(run.instance.status).toBe('approved');
  });

  it('refuses an action the task does not take, an unknown task, and a second decision', () => {
    const run = approvalFlow('allOf', three);
    run.start();
    const task = run.task('ask', 'wang');
    const wrong = step(run.definition, run.instance, run.actEvent(task, 'resubmit'));
    expect(wrong.ok ? 'applied' : wrong.refusal.code).toBe('task.wrongAction');
    const unknown = step(run.definition, run.instance, { ...run.actEvent(task, 'approve'), taskId: 'wf-1/task/99' });
    expect(unknown.ok ? 'applied' : unknown.refusal.code).toBe('task.unknown');
    const first = run.actEvent(task, 'approve');
    run.send(first);
    const second = step(run.definition, run.instance, { ...first, action: 'reject' });
    expect(second.ok ? 'applied' : second.refusal.code).toBe('task.done');
  });
});
