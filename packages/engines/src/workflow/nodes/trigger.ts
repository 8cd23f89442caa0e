/** `trigger`: where the token of a new instance starts; what starts it is the workflow's `trigger`. */
import { defineNodeType } from '../node-type.ts';

export const triggerNode = defineNodeType<'trigger'>({
  type: 'trigger',
  outlets: () => undefined,
  check: () => [],
  enter: () => ({ kind: 'next' }),
});
