/**
 * `condition` (exclusive): the token leaves by the first branch whose filter holds on the record as
 * the event brings it, else by `defaultHandle`. Branches speak the filter language of views and
 * rules, bound with the event's clock (`today`, `within thisMonth`).
 */
import { FilterError, bindFilter } from '../../filter/bind.ts';
import type { Problem } from '../../errors.ts';
import { defineNodeType } from '../node-type.ts';

export const conditionNode = defineNodeType<'condition'>({
  type: 'condition',
  outlets: (node) => [...node.config.branches.map((b) => b.handle), node.config.defaultHandle],
  check: (node, { catalog, entity }, at) =>
    node.config.branches.flatMap((branch, b): Problem[] => {
      try {
        bindFilter(catalog, entity.key, branch.when, { now: new Date(0) }, `${at}/config/branches/${b}/when`);
        return [];
      } catch (error) {
        if (error instanceof FilterError) return [...error.problems];
        throw error;
      }
    }),
  enter: (node, _token, run) => {
    const index = node.config.branches.findIndex((branch, b) => run.matches(branch.when, `/nodes/${node.id}/config/branches/${b}/when`));
    const branch = node.config.branches[index];
    return { kind: 'next', handle: branch ? branch.handle : node.config.defaultHandle };
  },
});
