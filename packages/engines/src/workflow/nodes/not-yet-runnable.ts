/**
 * Node types the schema describes and the engine does not run yet: publishing a workflow that
 * uses one is refused with the node's path, and a token that reaches one is refused, not lost.
 */
import type { WorkflowNode } from '@pipewright/metadata';
import { refuse } from '../step-run.ts';
import type { NodeType } from '../node-type.ts';

export function notYetRunnable<T extends WorkflowNode['type']>(type: T): NodeType<Extract<WorkflowNode, { type: T }>> {
  const module: NodeType = {
    type: type as WorkflowNode['type'],
    outlets: () => undefined,
    check: (_node, _context, at) => [{ path: `${at}/type`, code: 'workflow.nodeNotSupported', message: `${type} nodes cannot run yet` }],
    enter: (node) => refuse('node.notSupported', `${type} node "${node.id}" cannot run yet`),
  };
  return module as unknown as NodeType<Extract<WorkflowNode, { type: T }>>;
}
