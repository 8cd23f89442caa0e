import { describe, expect, it } from 'vitest';
import { Driver, at, quoteApprovalWorkflow } from './workflow.fixture.ts';
import { step } from './step.ts';

const quote = (discount: number) => ({ id: 41, title: 'Q-41', discount, amount: 100_000, approval_status: 'pending' });
const kinds = (effects: { kind: string }[]) => effects.map((e) => e.kind);

describe('the quote approval', () => {
  it('approves a 10 % discount at once and tells finance', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(10));
    const effects = run.start();
    expect(effects).toEqual([
      { kind: 'notify', node: 'cc', notification: { recipients: [{ type: 'role', role: 'finance' }], body: 'Quote {{title}} submitted' } },
      { kind: 'updateRecord', node: 'mark_approved', relation: null, values: { approval_status: 'approved' } },
      { kind: 'end', status: 'approved' },
    ]);
    expect(run.instance.status).toBe('approved');
    expect(run.instance.tasks).toEqual([]);
  });

  it('sends a 20 % discount to the submitter’s manager only', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(20));
    const started = run.start(7);
    expect(started.filter((e) => e.kind === 'createTask')).toEqual([
      { kind: 'createTask', taskId: 'wf-1/task/5', node: 'manager', task: 'approval', assignee: { type: 'manager', of: 'initiator', level: 1 }, title: null },
    ]);
    expect(run.instance.status).toBe('running');
    expect(kinds(run.act('manager', 'approve'))).toEqual(['updateRecord', 'end']);
    expect(run.instance.status).toBe('approved');
    expect(run.instance.tasks.map((t) => t.node)).toEqual(['manager']);
  });

  it('sends a 35 % discount to the manager and then the director', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(35));
    run.start();
    const afterManager = run.act('manager', 'approve');
    expect(afterManager).toEqual([{ kind: 'createTask', taskId: expect.any(String), node: 'director', task: 'approval', assignee: { type: 'role', role: 'director' }, title: null }]);
    expect(run.act('director', 'approve')).toEqual([
      { kind: 'updateRecord', node: 'mark_approved', relation: null, values: { approval_status: 'approved' } },
      { kind: 'end', status: 'approved' },
    ]);
  });

  it('ends rejected when the manager rejects, and the director is never asked', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(35));
    run.start();
    expect(run.act('manager', 'reject')).toEqual([
      { kind: 'updateRecord', node: 'mark_rejected', relation: null, values: { approval_status: 'rejected' } },
      { kind: 'end', status: 'rejected' },
    ]);
    expect(run.instance.status).toBe('rejected');
    expect(run.instance.tasks.some((t) => t.node === 'director')).toBe(false);
  });

  it('ends rejected when the director rejects after the manager approved', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(35));
    run.start();
    run.act('manager', 'approve');
    expect(kinds(run.act('director', 'reject'))).toEqual(['updateRecord', 'end']);
    expect(run.instance.status).toBe('rejected');
  });

  it('refuses acting twice on the same task and leaves the instance as it was', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(35));
    run.start();
    const twice = run.actEvent(run.task('manager'), 'approve');
    run.send(twice);
    const before = structuredClone(run.instance);
    const again = step(run.definition, run.instance, twice);
    expect(again).toEqual({ ok: false, refusal: { code: 'task.done', message: expect.stringContaining('already approved') }, instance: run.instance });
    expect(run.instance).toEqual(before);
    expect(run.pending().map((t) => t.node)).toEqual(['director']);
  });

  it('refuses any event on an instance that has ended', () => {
    const run = new Driver(quoteApprovalWorkflow(), quote(20));
    run.start();
    const late = run.actEvent(run.task('manager'), 'reject');
    run.act('manager', 'approve');
    const result = step(run.definition, run.instance, late);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.code).toBe('instance.ended');
    const cancel = step(run.definition, run.instance, { type: 'cancel', at: at(30), record: quote(20), userId: 1 });
    expect(cancel.ok ? 'applied' : cancel.refusal.code).toBe('instance.ended');
  });

  it('returns to the submitter and, after resubmission, comes straight back to the manager (resume)', () => {
    const run = new Driver(quoteApprovalWorkflow('resume'), quote(20));
    run.start(7);
    const returned = run.act('manager', 'return');
    expect(run.instance.status).toBe('returned');
    expect(returned).toEqual([{ kind: 'createTask', taskId: expect.any(String), node: 'manager', task: 'resubmit', assignee: { type: 'initiator' }, title: null }]);
    const resubmitted = run.act('manager', 'resubmit');
    expect(kinds(resubmitted)).toEqual(['createTask']);
    expect(run.instance.status).toBe('running');
    run.act('manager', 'approve');
    expect(run.instance.status).toBe('approved');
    expect(run.instance.history.filter((h) => h.what === 'acted').map((h) => h.action)).toEqual(['return', 'resubmit', 'approve']);
  });

  it('returns to the submitter and, after resubmission, walks the path again (restart) on the changed record', () => {
    const run = new Driver(quoteApprovalWorkflow('restart'), quote(20));
    run.start(7);
    run.act('manager', 'return');
    run.record = quote(10);
    const resubmitted = run.act('manager', 'resubmit');
    expect(kinds(resubmitted)).toEqual(['notify', 'updateRecord', 'end']);
    expect(run.instance.status).toBe('approved');
    expect(run.instance.variables['submitted']).toEqual(quote(20));
  });
});
