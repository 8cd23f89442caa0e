/**
 * `parallelJoin`: absorbs tokens until one has come along each incoming edge (`wait: all`, the
 * default), then lets one token on; with `wait: any` the first token passes and the rest of the
 * same round are absorbed.
 */
import { defineNodeType } from '../node-type.ts';

export const parallelJoinNode = defineNodeType<'parallelJoin'>({
  type: 'parallelJoin',
  outlets: () => undefined,
  check: () => [],
  enter: (node, token, run) => {
    const incoming = run.definition.incoming.get(node.id) ?? [];
    const state = (run.instance.joins[node.id] ??= { arrived: [], fired: false });
    if (token.via !== null && !state.arrived.includes(token.via)) state.arrived.push(token.via);
    const complete = incoming.every((edge) => state.arrived.includes(edge.id));
    const firstOfRound = !state.fired;
    if (complete) run.instance.joins[node.id] = { arrived: [], fired: false };
    if ((node.config?.wait ?? 'all') === 'any') {
      if (!complete && firstOfRound) state.fired = true;
      return firstOfRound ? { kind: 'next' } : { kind: 'consumed' };
    }
    return complete ? { kind: 'next' } : { kind: 'consumed' };
  },
});
