/**
 * `end`: the token's path is over. An end with outcome `rejected` or `cancelled` ends the whole
 * instance at once (open tasks are cancelled); an `approved` or `completed` end removes only the
 * token, and the instance ends when its last token is gone.
 */
import { defineNodeType } from '../node-type.ts';

export const endNode = defineNodeType<'end'>({
  type: 'end',
  outlets: () => undefined,
  check: () => [],
  enter: (node, _token, run) => {
    const outcome = node.config?.outcome ?? 'completed';
    if (outcome === 'rejected' || outcome === 'cancelled') run.end(outcome, node.id);
    if (outcome === 'approved') run.instance.approvedEnd = true;
    return { kind: 'consumed' };
  },
});
