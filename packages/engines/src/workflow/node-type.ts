/**
 * What a node type is: one module per type in `nodes/`, registered in `nodes/registry.ts`. A
 * module says what is wrong with a node at publish, what happens when a token arrives, and (for
 * nodes that wait) how it answers an event addressed to it.
 */
import type { Catalog, Entity, WorkflowNode } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import type { WorkflowEvent } from './events.ts';
import type { Token, WorkflowTask } from './instance.ts';
import type { StepRun } from './step-run.ts';

/** What the token does after a node handled it. */
export type NodeOutcome =
  /** Leave along the edges of `handle` (or the single outlet). */
  | { kind: 'next'; handle?: string }
  /** Leave along every outgoing edge at once. */
  | { kind: 'split' }
  /** Stay at the node until an event for it arrives. */
  | { kind: 'wait' }
  /** The token is gone (an end, or a join that absorbed it). */
  | { kind: 'consumed' }
  /** The token is replaced by a fresh one that enters `node` (a resubmission, an admin's move). */
  | { kind: 'jump'; node: string };

export interface CheckContext {
  catalog: Catalog;
  entity: Entity;
}

export interface NodeType<N extends WorkflowNode = WorkflowNode> {
  readonly type: N['type'];
  /** The named outlets edges leave from, or undefined for one unnamed outlet. */
  outlets(node: N): string[] | undefined;
  check(node: N, context: CheckContext, at: string): Problem[];
  enter(node: N, token: Token, run: StepRun): NodeOutcome;
  /** A person acted on a task of this node; absent on nodes that open no tasks. */
  act?(node: N, token: Token, task: WorkflowTask, event: Extract<WorkflowEvent, { type: 'taskActed' }>, run: StepRun): NodeOutcome;
}

/** Declares a node type, so that its node's shape is inferred from `type`. */
export function defineNodeType<T extends WorkflowNode['type']>(definition: NodeType<Extract<WorkflowNode, { type: T }>>): NodeType<Extract<WorkflowNode, { type: T }>> {
  return definition;
}
