/**
 * A workflow prepared for stepping: its nodes by id and its edges by source, with the catalog its
 * branch conditions are bound against. Preparing is cheap; the runtime prepares the published
 * version an instance runs on.
 */
import type { Catalog, Workflow, WorkflowEdge, WorkflowNode } from '@pipewright/metadata';

export interface WorkflowDefinition {
  workflow: Workflow;
  catalog: Catalog;
  timeZone: string;
  nodes: ReadonlyMap<string, WorkflowNode>;
  outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
  incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  trigger: WorkflowNode | undefined;
}

/**
 * @example
 * const definition = prepareWorkflow(bundle.workflows[0], new Catalog(bundle));
 */
export function prepareWorkflow(workflow: Workflow, catalog: Catalog, timeZone = 'Asia/Shanghai'): WorkflowDefinition {
  const nodes = new Map<string, WorkflowNode>();
  for (const node of workflow.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const outgoing = new Map<string, WorkflowEdge[]>();
  const incoming = new Map<string, WorkflowEdge[]>();
  for (const edge of workflow.edges) {
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge]);
  }
  return { workflow, catalog, timeZone, nodes, outgoing, incoming, trigger: workflow.nodes.find((n) => n.type === 'trigger') };
}
