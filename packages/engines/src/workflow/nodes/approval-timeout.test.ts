import { describe, expect, it } from 'vitest';
import { Driver, approval, at, end, quoteWorkflow, user } from '../workflow.fixture.ts';
import { step } from '../step.ts';

const record = { id: 1, title: 'Q-1', discount: 20 };
const director = { type: 'role' as const, role: 'director' };

function timed(timeout: Record<string, unknown>, then: 'end' | 'second' = 'end') {
  const second = then === 'second';
  return new Driver(
    quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, approval('ask', 'allOf', [user('a'), user('b')], { timeout }), ...(second ? [approval('next', 'single', [user('c')])] : []), end('yes', 'approved'), end('no', 'rejected')],
      [['start', 'ask'], ['ask', second ? 'next' : 'yes', 'approved'], ['ask', 'no', 'rejected'], ...(second ? ([['next', 'yes', 'approved'], ['next', 'no', 'rejected']] as [string, string, string][]) : [])],
    ),
    record,
  );
}

const fire = (run: Driver, timerId: string, minute: number) => step(run.definition, run.instance, { type: 'timerFired', at: at(minute), record, timerId });

describe('approval timeouts', () => {
  it('schedules the timeout and the reminder from the event’s time, reminds, then escalates', () => {
    const run = timed({ after: 'PT4H', action: 'escalate', escalateTo: director, remindBefore: 'PT1H' });
    const started = run.start();
    expect(started.filter((e) => e.kind === 'scheduleTimer')).toEqual([
      { kind: 'scheduleTimer', timerId: expect.any(String), node: 'ask', at: '2026-12-01T12:00:00.000Z' },
      { kind: 'scheduleTimer', timerId: expect.any(String), node: 'ask', at: '2026-12-01T11:00:00.000Z' },
    ]);
    const [timeout, remind] = run.instance.timers;
    run.act('ask', 'approve', 'a');
    const reminded = run.send({ type: 'timerFired', at: at(180), record, timerId: remind!.id });
    expect(reminded).toEqual([{ kind: 'remindTask', taskId: run.task('ask', 'b').id }]);
    const escalated = run.send({ type: 'timerFired', at: at(240), record, timerId: timeout!.id });
    expect(escalated).toEqual([
      { kind: 'cancelTask', taskId: expect.any(String), reason: 'escalated' },
      { kind: 'createTask', taskId: expect.any(String), node: 'ask', task: 'approval', assignee: director, title: null },
    ]);
    expect(run.pending().map((t) => t.assignee)).toEqual([director]);
    run.act('ask', 'approve');
    expect(run.instance.status).toBe('approved');
  });

  it('decides automatically when the timeout says approve or reject', () => {
    for (const action of ['approve', 'reject'] as const) {
      const run = timed({ after: 2, action });
      run.start();
      const effects = run.send({ type: 'timerFired', at: at(120), record, timerId: run.instance.timers[0]!.id });
      expect(effects.map((e) => e.kind)).toEqual(['cancelTask', 'cancelTask', 'end']);
      expect(run.instance.status).toBe(action === 'approve' ? 'approved' : 'rejected');
    }
  });

  it('cancels the timer when the node is decided in time, and refuses it if it fires anyway', () => {
    const run = timed({ after: 'PT4H', action: 'approve' }, 'second');
    run.start();
    const timerId = run.instance.timers[0]!.id;
    run.act('ask', 'approve', 'a');
    const decided = run.act('ask', 'approve', 'b');
    expect(decided).toContainEqual({ kind: 'cancelTimer', timerId });
    const late = fire(run, timerId, 240);
    expect(late.ok ? 'applied' : late.refusal.code).toBe('timer.done');
    expect(run.pending().map((t) => t.node)).toEqual(['next']);
  });

  it('refuses a timer that fires twice', () => {
    const run = timed({ after: 'PT4H', action: 'escalate', escalateTo: director });
    run.start();
    const timerId = run.instance.timers[0]!.id;
    run.send({ type: 'timerFired', at: at(240), record, timerId });
    const twice = fire(run, timerId, 241);
    expect(twice.ok ? 'applied' : twice.refusal.code).toBe('timer.done');
    expect(run.pending()).toHaveLength(1);
  });
});
