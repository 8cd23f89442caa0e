/** `parallelSplit`: one token in, one token out along every outgoing edge. */
import { defineNodeType } from '../node-type.ts';

export const parallelSplitNode = defineNodeType<'parallelSplit'>({
  type: 'parallelSplit',
  outlets: () => undefined,
  check: () => [],
  enter: () => ({ kind: 'split' }),
});
