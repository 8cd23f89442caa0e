/**
 * `notify` (also CC): a message to the recipients and CC of its notification, then on. The
 * runtime resolves recipients and fills the templates for each, with only what they may read.
 */
import { defineNodeType } from '../node-type.ts';

export const notifyNode = defineNodeType<'notify'>({
  type: 'notify',
  outlets: () => undefined,
  check: () => [],
  enter: (node, _token, run) => {
    run.emit({ kind: 'notify', node: node.id, notification: node.config });
    return { kind: 'next' };
  },
});
