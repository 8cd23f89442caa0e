/**
 * The one registry of workflow node types. Adding a node type is adding its module and one line
 * here (and its shape to workflow.schema.json).
 */
import type { WorkflowNode } from '@pipewright/metadata';
import type { NodeType } from '../node-type.ts';
import { approvalNode } from './approval.ts';
import { conditionNode } from './condition.ts';
import { createRecordNode } from './create-record.ts';
import { endNode } from './end.ts';
import { notYetRunnable } from './not-yet-runnable.ts';
import { notifyNode } from './notify.ts';
import { parallelJoinNode } from './parallel-join.ts';
import { parallelSplitNode } from './parallel-split.ts';
import { triggerNode } from './trigger.ts';
import { updateRecordNode } from './update-record.ts';

/** Every node type of the schema, each by its module: a type without a module does not compile. */
const registry: { readonly [K in WorkflowNode['type']]: NodeType<Extract<WorkflowNode, { type: K }>> } = {
  trigger: triggerNode,
  condition: conditionNode,
  parallelSplit: parallelSplitNode,
  parallelJoin: parallelJoinNode,
  approval: approvalNode,
  notify: notifyNode,
  updateRecord: updateRecordNode,
  end: endNode,
  createRecord: createRecordNode,
  wait: notYetRunnable('wait', true),
  httpRequest: notYetRunnable('httpRequest', true),
  runRules: notYetRunnable('runRules', false),
  generateDocument: notYetRunnable('generateDocument', true),
  subflow: notYetRunnable('subflow', true),
};

/** The module of a node's type. */
export function nodeTypeOf(node: Pick<WorkflowNode, 'type'>): NodeType {
  return registry[node.type] as unknown as NodeType;
}

/** Every node type, for docs and the flow designer's palette. */
export function nodeTypes(): string[] {
  return Object.keys(registry);
}
