import { describe, expect, it } from 'vitest';
import { Driver, approval, at, end, quoteWorkflow, user } from '../workflow.fixture.ts';
import { newInstance } from '../instance.ts';
import { step } from '../step.ts';

const quote = { id: 5, title: 'Q-5', discount: 12, amount: 1000, account: { id: 3, region: 'south' } };

function routed(branches: { handle: string; when: object }[], record: Record<string, unknown>): string[] {
  const handles = [...branches.map((b) => b.handle), 'other'];
  const run = new Driver(
    quoteWorkflow(
      [
        { id: 'start', type: 'trigger' },
        { id: 'route', type: 'condition', config: { branches, defaultHandle: 'other' } } as never,
        ...handles.map((h) => end(h, 'completed')),
      ],
      [['start', 'route'], ...handles.map((h): [string, string, string] => ['route', h, h])],
    ),
    record,
  );
  run.start();
  return run.instance.history.filter((h) => h.what === 'entered' && handles.includes(h.node ?? '')).map((h) => h.node!);
}

describe('trigger node', () => {
  it('starts one token, keeps a snapshot of the record as submitted, and refuses a second start', () => {
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, approval('ask', 'single', [user('wang')]), end('yes', 'approved'), end('no', 'rejected')], [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']]), quote);
    run.start(9);
    expect(run.instance).toMatchObject({ status: 'running', recordId: 5, initiator: 9, variables: { submitted: quote } });
    expect(run.instance.tokens).toEqual([{ id: expect.any(String), node: 'ask', via: 'e0' }]);
    const again = step(run.definition, run.instance, { type: 'start', at: at(9), record: quote, initiator: 9 });
    expect(again.ok ? 'applied' : again.refusal.code).toBe('instance.alreadyStarted');
  });

  it('gives the same instance and effects for the same inputs', () => {
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, approval('ask', 'allOf', [user('a'), user('b')]), end('yes', 'approved'), end('no', 'rejected')], [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']]), quote);
    const event = { type: 'start', at: at(0), record: quote, initiator: 1 } as const;
    expect(step(run.definition, newInstance('x', run.definition), event)).toEqual(step(run.definition, newInstance('x', run.definition), event));
  });
});

describe('condition node', () => {
  const high = { handle: 'high', when: { field: 'discount', op: 'gt', value: 30 } };
  const mid = { handle: 'mid', when: { field: 'discount', op: 'gt', value: 10 } };
  it('takes the first branch that holds, in order', () => {
    expect(routed([high, mid], { ...quote, discount: 40 })).toEqual(['high']);
    expect(routed([mid, high], { ...quote, discount: 40 })).toEqual(['mid']);
  });
  it('takes the default branch when none holds, also on an empty value', () => {
    expect(routed([high, mid], { ...quote, discount: 5 })).toEqual(['other']);
    expect(routed([high, mid], { ...quote, discount: null })).toEqual(['other']);
  });
  it('reads through a many-to-one relation with the filter language’s meaning', () => {
    const south = { handle: 'south', when: { and: [{ field: 'account.region', op: 'eq', value: 'south' }, { field: 'title', op: 'contains', value: 'q-' }] } };
    expect(routed([south], quote)).toEqual(['south']);
    expect(routed([south], { ...quote, account: { id: 3, region: 'north' } })).toEqual(['other']);
  });
});

describe('parallel split and join', () => {
  const parallel = (wait: 'all' | 'any') =>
    quoteWorkflow(
      [
        { id: 'start', type: 'trigger' },
        { id: 'fork', type: 'parallelSplit' },
        approval('legal', 'single', [user('legal')]),
        approval('finance', 'single', [user('cfo')]),
        { id: 'join', type: 'parallelJoin', config: { wait } },
        { id: 'mark', type: 'updateRecord', config: { assignments: [{ field: 'approval_status', value: "'approved'" }] } },
        end('yes', 'approved'),
        end('no', 'rejected'),
      ],
      [
        ['start', 'fork'],
        ['fork', 'legal'],
        ['fork', 'finance'],
        ['legal', 'join', 'approved'],
        ['finance', 'join', 'approved'],
        ['legal', 'no', 'rejected'],
        ['finance', 'no', 'rejected'],
        ['join', 'mark'],
        ['mark', 'yes'],
      ],
    );

  it('split opens both branches; join (all) waits for both', () => {
    const run = new Driver(parallel('all'), quote);
    run.start();
    expect(run.pending().map((t) => t.node)).toEqual(['legal', 'finance']);
    expect(run.instance.tokens.map((t) => t.node)).toEqual(['legal', 'finance']);
    expect(run.act('finance', 'approve')).toEqual([]);
    expect(run.instance.tokens.map((t) => t.node)).toEqual(['legal']);
    expect(run.act('legal', 'approve').map((e) => e.kind)).toEqual(['updateRecord', 'end']);
    expect(run.instance.status).toBe('approved');
    expect(run.instance.joins['join']).toEqual({ arrived: [], fired: false });
  });

  it('join (any) lets the first token on and absorbs the second', () => {
    const run = new Driver(parallel('any'), quote);
    run.start();
    expect(run.act('legal', 'approve').map((e) => e.kind)).toEqual(['updateRecord']);
    expect(run.instance.status).toBe('running');
    expect(run.act('finance', 'approve')).toEqual([{ kind: 'end', status: 'approved' }]);
    expect(run.instance.history.filter((h) => h.node === 'mark' && h.what === 'entered')).toHaveLength(1);
  });

  it('a rejected end in one branch ends the instance and cancels the other branch’s task', () => {
    const run = new Driver(parallel('all'), quote);
    run.start();
    const effects = run.act('legal', 'reject');
    expect(effects).toEqual([
      { kind: 'cancelTask', taskId: run.instance.tasks[1]!.id, reason: 'ended' },
      { kind: 'end', status: 'rejected' },
    ]);
    expect(run.instance.tokens).toEqual([]);
  });
});

describe('notify, update record and end nodes', () => {
  it('notify sends its notification with recipients and CC and carries on', () => {
    const notification = { recipients: [user('wang')], cc: [{ type: 'role' as const, role: 'finance' }], subject: 'Quote {{title}}', body: 'Discount {{discount}}%' };
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, { id: 'tell', type: 'notify', config: notification }, end('done', 'completed')], [['start', 'tell'], ['tell', 'done']]), quote);
    expect(run.start()).toEqual([{ kind: 'notify', node: 'tell', notification }, { kind: 'end', status: 'completed' }]);
  });

  it('update record evaluates its expressions on the event’s record and time, also across a relation', () => {
    const run = new Driver(
      quoteWorkflow(
        [
          { id: 'start', type: 'trigger' },
          { id: 'price', type: 'updateRecord', config: { assignments: [{ field: 'amount', value: 'amount * 0.9' }, { field: 'title', value: "title & ' (approved)'" }] } },
          { id: 'account', type: 'updateRecord', config: { relation: 'account', assignments: [{ field: 'region', value: "'north'" }] } },
          end('done', 'completed'),
        ],
        [['start', 'price'], ['price', 'account'], ['account', 'done']],
      ),
      quote,
    );
    expect(run.start()).toEqual([
      { kind: 'updateRecord', node: 'price', relation: null, values: { amount: 900, title: 'Q-5 (approved)' } },
      { kind: 'updateRecord', node: 'account', relation: 'account', values: { region: 'north' } },
      { kind: 'end', status: 'completed' },
    ]);
  });

  it('a cancel event ends the instance cancelled and closes its tasks', () => {
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, approval('ask', 'single', [user('wang')]), end('yes', 'approved'), end('no', 'rejected')], [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']]), quote);
    run.start();
    expect(run.send({ type: 'cancel', at: at(20), record: quote, userId: 1, reason: 'customer withdrew' }).map((e) => e.kind)).toEqual(['cancelTask', 'end']);
    expect(run.instance.status).toBe('cancelled');
  });
});

describe('what a step refuses', () => {
  it('a loop of nodes that never wait is refused as a runaway, with the instance unchanged', () => {
    const loop = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, { id: 'spin', type: 'condition', config: { branches: [{ handle: 'out', when: { field: 'discount', op: 'gt', value: 99 } }], defaultHandle: 'again' } }, end('done', 'completed')],
      [['start', 'spin'], ['spin', 'spin', 'again'], ['spin', 'done', 'out']],
    );
    const run = new Driver(loop, quote);
    const fresh = run.instance;
    const result = step(run.definition, fresh, { type: 'start', at: at(0), record: quote, initiator: 1 });
    expect(result.ok ? 'applied' : result.refusal.code).toBe('workflow.runaway');
    expect(result.instance).toBe(fresh);
    expect(fresh.status).toBe('created');
  });

  it('a node type that cannot run yet is refused, not lost', () => {
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, { id: 'pause', type: 'wait', config: { mode: 'delay', duration: 'P1D' } }, end('done', 'completed')], [['start', 'pause'], ['pause', 'done']]), quote);
    const result = step(run.definition, run.instance, { type: 'start', at: at(0), record: quote, initiator: 1 });
    expect(result.ok ? 'applied' : result.refusal.code).toBe('node.notSupported');
  });

  it('events for timers and jobs the instance does not have, and events before the start', () => {
    const run = new Driver(quoteWorkflow([{ id: 'start', type: 'trigger' }, approval('ask', 'single', [user('wang')]), end('yes', 'approved'), end('no', 'rejected')], [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']]), quote);
    const early = step(run.definition, run.instance, { type: 'timerFired', at: at(1), record: quote, timerId: 't' });
    expect(early.ok ? 'applied' : early.refusal.code).toBe('instance.notStarted');
    run.start();
    const timer = step(run.definition, run.instance, { type: 'timerFired', at: at(1), record: quote, timerId: 't' });
    const job = step(run.definition, run.instance, { type: 'jobResult', at: at(1), record: quote, jobId: 'j', ok: true });
    expect([timer, job].map((r) => (r.ok ? 'applied' : r.refusal.code))).toEqual(['timer.unknown', 'job.unknown']);
  });
});

describe('an expression that fails while a step runs', () => {
  it('refuses the event with the node named and leaves the instance as it was, instead of throwing', () => {
    const workflow = quoteWorkflow(
      [
        { id: 'start', type: 'trigger' },
        { id: 'price', type: 'updateRecord', config: { assignments: [{ field: 'amount', value: 'amount * 0.9' }] } },
        end('done', 'completed'),
      ],
      [['start', 'price'], ['price', 'done']],
    );
    const run = new Driver(workflow, { ...quote, amount: 'not a number' });
    const before = newInstance('wf-x', run.definition);
    const result = step(run.definition, before, { type: 'start', at: at(0), record: { ...quote, amount: 'not a number' }, initiator: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('workflow.expressionFailed');
    expect(result.refusal.message).toContain('price');
    expect(result.instance).toBe(before);
  });
});
