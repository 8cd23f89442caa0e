/**
 * Any sequence of events, delivered any number of times: a refused event changes nothing, an
 * applied event delivered again is refused, and the same sequence always gives the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from './events.ts';
import type { TaskAction, WorkflowInstance } from './instance.ts';
import { step } from './step.ts';
import { Driver, approval, at, end, quoteApprovalWorkflow, quoteWorkflow, user } from './workflow.fixture.ts';

const record = { id: 3, title: 'Q-3', discount: 35, approval_status: 'pending' };

const flows = {
  quote: quoteApprovalWorkflow('resume'),
  countersign: quoteWorkflow(
    [{ id: 'start', type: 'trigger' }, { id: 'fork', type: 'parallelSplit' }, approval('all', 'allOf', [user('a'), user('b'), user('c')], { timeout: { after: 'PT1H', action: 'escalate', escalateTo: user('boss') } }), approval('vote', 'voteRatio', [user('d'), user('e'), user('f')], { passRatio: 0.6 }), { id: 'join', type: 'parallelJoin' }, end('yes', 'approved'), end('no', 'rejected')],
    [['start', 'fork'], ['fork', 'all'], ['fork', 'vote'], ['all', 'join', 'approved'], ['vote', 'join', 'approved'], ['all', 'no', 'rejected'], ['vote', 'no', 'rejected'], ['join', 'yes']],
  ),
};

/** A pick of what to send next: an action on the i-th task ever created, a timer, a cancel, or a replay. */
type Move = { kind: 'act'; task: number; action: TaskAction } | { kind: 'timer'; timer: number } | { kind: 'cancel' } | { kind: 'replay'; index: number };

const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('act' as const), task: fc.nat(12), action: fc.constantFrom<TaskAction>('approve', 'approve', 'reject', 'return', 'resubmit') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const), timer: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replay' as const), index: fc.nat(30) }) },
);

function play(flow: keyof typeof flows, moves: Move[]): { instance: WorkflowInstance; log: string[] } {
  const run = new Driver(flows[flow], record);
  run.start(7);
  const applied: WorkflowEvent[] = [];
  const log: string[] = [];
  moves.forEach((m, i) => {
    const time = at(10 + i);
    const tasks = run.instance.tasks;
    const event: WorkflowEvent | undefined =
      m.kind === 'act'
        ? tasks.length > 0 ? { type: 'taskActed', at: time, record, taskId: tasks[m.task % tasks.length]!.id, userId: 1, action: m.action } : undefined
        : m.kind === 'timer'
          ? run.instance.timers.length > 0 ? { type: 'timerFired', at: time, record, timerId: run.instance.timers[m.timer % run.instance.timers.length]!.id } : undefined
          : m.kind === 'cancel'
            ? { type: 'cancel', at: time, record, userId: 1 }
            : applied[m.index % Math.max(applied.length, 1)];
    if (!event) return;
    const before = structuredClone(run.instance);
    const result = step(run.definition, run.instance, event);
    if (!result.ok) {
      expect(result.instance).toBe(run.instance);
      expect(run.instance).toEqual(before);
      log.push(result.refusal.code);
      return;
    }
    if (m.kind === 'replay') throw new Error(`a replayed event was applied again: ${JSON.stringify(event)}`);
    expect(run.instance).toEqual(before); // the input is never changed
    run.instance = result.instance;
    applied.push(event);
    log.push(result.effects.map((e) => e.kind).join(','));
    const again = step(run.definition, run.instance, event);
    expect(again.ok).toBe(false);
  });
  return { instance: run.instance, log };
}

describe('step under any sequence of events', () => {
  for (const flow of Object.keys(flows) as (keyof typeof flows)[]) {
    it(`${flow}: refusals change nothing, duplicates are refused, replays are deterministic`, () => {
      fc.assert(
        fc.property(fc.array(move, { maxLength: 25 }), (moves) => {
          const first = play(flow, moves);
          expect(play(flow, moves)).toEqual(first);
          const { instance } = first;
          const ended = ['approved', 'rejected', 'cancelled', 'completed'].includes(instance.status);
          if (ended) expect([instance.tokens, instance.tasks.filter((t) => t.status === 'pending'), instance.timers.filter((t) => t.status === 'scheduled')]).toEqual([[], [], []]);
          else expect(instance.tokens.length).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    });
  }
});
