import { describe, expect, it } from 'vitest';
import { Catalog, type Workflow } from '@pipewright/metadata';
import { approval, end, quoteApprovalWorkflow, quoteBundle, quoteWorkflow, user } from './workflow.fixture.ts';
import { checkWorkflow } from './check-workflow.ts';

const catalog = new Catalog(quoteBundle([], false));
const codes = (workflow: Workflow) => checkWorkflow(workflow, catalog).map((p) => `${p.path} ${p.code}`);
const ask = (id: string) => approval(id, 'single', [user('wang')]);

describe('checkWorkflow', () => {
  it('passes the quote approval', () => {
    expect(checkWorkflow(quoteApprovalWorkflow(), catalog)).toEqual([]);
  });

  it('checks an approval task title as an expression over the record (a template there failed every start)', () => {
    const titled = (title: string) =>
      quoteWorkflow([{ id: 'start', type: 'trigger' }, approval('ask', 'single', [user('wang')], { title }), end('yes', 'approved'), end('no', 'rejected')], [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']]);
    expect(codes(titled('{{title}}：折扣 {{discount}}%'))).toEqual(['/nodes/1/config/title expression.syntax']);
    expect(codes(titled("title & '：折扣 ' & discount & '%'"))).toEqual([]);
  });

  it('wants exactly one trigger', () => {
    const two = quoteWorkflow([{ id: 'a', type: 'trigger' }, { id: 'b', type: 'trigger' }, end('done', 'completed')], [['a', 'done'], ['b', 'done']]);
    expect(codes(two)).toContain('/nodes workflow.triggerCount');
  });

  it('refuses a node the trigger cannot reach', () => {
    const orphan = quoteWorkflow([{ id: 'start', type: 'trigger' }, end('done', 'completed'), { id: 'lost', type: 'notify', config: { recipients: [user('wang')], body: 'x' } }], [['start', 'done'], ['lost', 'done']]);
    expect(codes(orphan)).toEqual(['/nodes/2 workflow.unreachableNode']);
  });

  it('wants every outlet connected, so that every path goes on', () => {
    const open = quoteWorkflow([{ id: 'start', type: 'trigger' }, ask('ask'), end('yes', 'approved')], [['start', 'ask'], ['ask', 'yes', 'approved']]);
    expect(codes(open)).toEqual(['/nodes/1 workflow.outletEdges']);
  });

  it('refuses a loop with no way to an end, and one with an exit but nothing on it that waits', () => {
    const closed = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, ask('a'), ask('b'), end('never', 'completed')],
      [['start', 'a'], ['a', 'b', 'approved'], ['a', 'b', 'rejected'], ['b', 'a', 'approved'], ['b', 'a', 'rejected']],
    );
    expect(codes(closed)).toEqual(expect.arrayContaining(['/nodes/1 workflow.loopWithoutExit', '/nodes/2 workflow.loopWithoutExit', '/nodes/3 workflow.unreachableNode']));
    const spinning = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, { id: 'spin', type: 'condition', config: { branches: [{ handle: 'out', when: { field: 'discount', op: 'gt', value: 9 } }], defaultHandle: 'again' } }, end('done', 'completed')],
      [['start', 'spin'], ['spin', 'spin', 'again'], ['spin', 'done', 'out']],
    );
    expect(codes(spinning)).toEqual(['/nodes/1 workflow.loopWithoutWait']);
  });

  it('accepts a loop back to an approval (rework)', () => {
    const rework = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, ask('ask'), { id: 'again', type: 'condition', config: { branches: [{ handle: 'retry', when: { field: 'discount', op: 'gt', value: 50 } }], defaultHandle: 'stop' } }, end('yes', 'approved'), end('no', 'rejected')],
      [['start', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'again', 'rejected'], ['again', 'ask', 'retry'], ['again', 'no', 'stop']],
    );
    expect(codes(rework)).toEqual([]);
  });

  it('counts a wait node as waiting on a loop (a reminder every day until done)', () => {
    const daily = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, { id: 'pause', type: 'wait', config: { mode: 'delay', duration: 'P1D' } }, { id: 'done', type: 'condition', config: { branches: [{ handle: 'yes', when: { field: 'approval_status', op: 'eq', value: 'approved' } }], defaultHandle: 'no' } }, end('stop', 'completed')],
      [['start', 'pause'], ['pause', 'done'], ['done', 'stop', 'yes'], ['done', 'pause', 'no']],
    );
    expect(codes(daily)).toEqual(['/nodes/1/type workflow.nodeNotSupported']);
  });

  it('matches joins to splits', () => {
    const nodes = [{ id: 'start', type: 'trigger' }, { id: 'fork', type: 'parallelSplit' }, ask('a'), ask('b'), ask('c'), { id: 'join', type: 'parallelJoin' }, end('yes', 'approved'), end('no', 'rejected')] as const;
    const good = quoteWorkflow([...nodes], [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['a', 'join', 'approved'], ['b', 'join', 'approved'], ['a', 'no', 'rejected'], ['b', 'no', 'rejected'], ['join', 'c'], ['c', 'yes', 'approved'], ['c', 'no', 'rejected']]);
    expect(codes(good)).toEqual([]);
    const joinAlone = quoteWorkflow([...nodes], [['start', 'c'], ['c', 'join', 'approved'], ['c', 'no', 'rejected'], ['join', 'yes'], ['fork', 'a'], ['fork', 'b'], ['a', 'yes', 'approved'], ['a', 'no', 'rejected'], ['b', 'yes', 'approved'], ['b', 'no', 'rejected']]);
    expect(codes(joinAlone)).toEqual(expect.arrayContaining(['/nodes/5 workflow.joinWithoutSplit']));
    const skipping = quoteWorkflow([...nodes], [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['a', 'join', 'approved'], ['b', 'join', 'approved'], ['a', 'no', 'rejected'], ['b', 'yes', 'rejected'], ['join', 'c'], ['c', 'yes', 'approved'], ['c', 'no', 'rejected']]);
    expect(codes(skipping)).toEqual(['/nodes/6 workflow.branchSkipsJoin']);
  });

  it('refuses a join with fewer incoming edges than its split has branches (a branch straight to the join counts)', () => {
    const short = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, { id: 'fork', type: 'parallelSplit' }, ask('a'), ask('b'), { id: 'join', type: 'parallelJoin' }, end('yes', 'approved'), end('no', 'rejected')],
      [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['fork', 'join'], ['a', 'join', 'approved'], ['b', 'join', 'approved'], ['a', 'no', 'rejected'], ['b', 'no', 'rejected'], ['join', 'yes']],
    );
    expect(codes(short)).toEqual([]);
    const fewer = quoteWorkflow(
      [{ id: 'start', type: 'trigger' }, { id: 'fork', type: 'parallelSplit' }, ask('a'), ask('b'), { id: 'join', type: 'parallelJoin' }, end('yes', 'approved'), end('no', 'rejected')],
      [['start', 'fork'], ['fork', 'a'], ['fork', 'b'], ['fork', 'no'], ['a', 'join', 'approved'], ['b', 'join', 'approved'], ['a', 'no', 'rejected'], ['b', 'no', 'rejected'], ['join', 'yes']],
    );
    expect(codes(fewer)).toEqual(['/nodes/4 workflow.joinMismatch']);
  });

  it('names unknown fields in conditions and mappings, bad expressions, and a single approval with two assignees', () => {
    const bad = quoteWorkflow(
      [
        { id: 'start', type: 'trigger' },
        { id: 'route', type: 'condition', config: { branches: [{ handle: 'x', when: { field: 'discont', op: 'gt', value: 1 } }], defaultHandle: 'y' } },
        { id: 'set', type: 'updateRecord', config: { assignments: [{ field: 'amout', value: '1' }, { field: 'amount', value: 'amount *' }] } },
        approval('ask', 'single', [user('a'), user('b')]),
        end('yes', 'approved'),
        end('no', 'rejected'),
      ],
      [['start', 'route'], ['route', 'set', 'x'], ['route', 'set', 'y'], ['set', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected']],
    );
    expect(codes(bad)).toEqual([
      '/nodes/1/config/branches/0/when/field filter.unknownField',
      '/nodes/2/config/assignments/0/field reference.unknownField',
      '/nodes/2/config/assignments/1/value expression.syntax',
      '/nodes/3/config/assignees workflow.singleAssignee',
    ]);
  });

  it('refuses node types that cannot run yet, naming the node', () => {
    const waiting = quoteWorkflow([{ id: 'start', type: 'trigger' }, { id: 'pause', type: 'wait', config: { mode: 'delay', duration: 'P1D' } }, end('done', 'completed')], [['start', 'pause'], ['pause', 'done']]);
    expect(codes(waiting)).toEqual(['/nodes/1/type workflow.nodeNotSupported']);
  });
});
