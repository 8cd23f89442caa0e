/**
 * Publish checks of a workflow's graph and of what its nodes name, each problem with the JSON
 * pointer of the bad part of the workflow document (`/nodes/3/config/branches/0/when/field`).
 *
 * @example
 * checkWorkflow(workflow, new Catalog(bundle)) // [] when it may be published
 */
import type { Catalog, Workflow, WorkflowNode } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { nodeTypeOf } from './nodes/registry.ts';

/** Graph states the split/join walk visits at most; beyond that the graph is refused as too tangled. */
const maxWalkStates = 20_000;

export function checkWorkflow(workflow: Workflow, catalog: Catalog): Problem[] {
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  workflow.nodes.forEach((node, n) => {
    if (index.has(node.id)) problems.push({ path: `/nodes/${n}/id`, code: 'key.duplicate', message: `node id "${node.id}" is used more than once` });
    else index.set(node.id, n);
  });
  const at = (id: string) => `/nodes/${index.get(id) ?? 0}`;
  const nodes = new Map(workflow.nodes.map((node) => [node.id, node]));

  const triggers = workflow.nodes.filter((n) => n.type === 'trigger');
  if (triggers.length !== 1) problems.push({ path: '/nodes', code: 'workflow.triggerCount', message: `a workflow has exactly one trigger node, not ${triggers.length}` });

  const next = new Map<string, string[]>();
  const previous = new Map<string, string[]>();
  workflow.edges.forEach((edge, e) => {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source) problems.push({ path: `/edges/${e}/source`, code: 'reference.unknownNode', message: `there is no node "${edge.source}"` });
    if (!target) problems.push({ path: `/edges/${e}/target`, code: 'reference.unknownNode', message: `there is no node "${edge.target}"` });
    if (target?.type === 'trigger') problems.push({ path: `/edges/${e}/target`, code: 'workflow.edgeIntoTrigger', message: `trigger node "${target.id}" cannot have incoming edges` });
    if (!source || !target) return;
    const outlets = nodeTypeOf(source).outlets(source);
    if (outlets ? edge.sourceHandle === undefined || !outlets.includes(edge.sourceHandle) : edge.sourceHandle !== undefined) {
      problems.push({ path: `/edges/${e}/sourceHandle`, code: 'reference.unknownHandle', message: outlets ? `an edge from "${source.id}" leaves by one of ${outlets.join(', ')}` : `"${source.id}" has one outlet; leave sourceHandle out` });
    }
    next.set(source.id, [...(next.get(source.id) ?? []), target.id]);
    previous.set(target.id, [...(previous.get(target.id) ?? []), source.id]);
  });

  // Outlets: every named outlet has one edge, a single-outlet node one edge, a split two or more, an end none.
  for (const node of workflow.nodes) {
    const edges = workflow.edges.filter((e) => e.source === node.id);
    const outlets = nodeTypeOf(node).outlets(node);
    if (node.type === 'end') {
      if (edges.length > 0) problems.push({ path: at(node.id), code: 'workflow.edgeFromEnd', message: `end node "${node.id}" cannot have outgoing edges` });
    } else if (node.type === 'parallelSplit') {
      if (edges.length < 2) problems.push({ path: at(node.id), code: 'workflow.splitBranches', message: `parallel split "${node.id}" needs at least two outgoing edges` });
    } else if (outlets) {
      for (const outlet of outlets) {
        const count = edges.filter((e) => e.sourceHandle === outlet).length;
        if (count !== 1) problems.push({ path: at(node.id), code: 'workflow.outletEdges', message: `outlet "${outlet}" of "${node.id}" needs exactly one edge, not ${count}` });
      }
    } else if (edges.length !== 1) {
      problems.push({ path: at(node.id), code: 'workflow.outletEdges', message: `"${node.id}" needs exactly one outgoing edge, not ${edges.length}` });
    }
  }

  const trigger = triggers[0];
  const reached = trigger ? closure([trigger.id], next) : new Set<string>();
  const ending = closure(workflow.nodes.filter((n) => n.type === 'end').map((n) => n.id), previous);
  for (const node of workflow.nodes) {
    if (trigger && !reached.has(node.id)) problems.push({ path: at(node.id), code: 'workflow.unreachableNode', message: `node "${node.id}" cannot be reached from the trigger` });
    else if (!ending.has(node.id)) {
      const looping = closure(next.get(node.id) ?? [], next).has(node.id);
      problems.push(
        looping
          ? { path: at(node.id), code: 'workflow.loopWithoutExit', message: `node "${node.id}" is on a loop that never reaches an end` }
          : { path: at(node.id), code: 'workflow.pathWithoutEnd', message: `no path from node "${node.id}" reaches an end` },
      );
    }
  }
  problems.push(...loopsWithoutWait(workflow, next, at), ...splitsAndJoins(workflow, nodes, trigger, at));

  const entity = catalog.entity(workflow.entity);
  if (!entity) {
    problems.push({ path: '/entity', code: 'reference.unknownEntity', message: `entity "${workflow.entity}" does not exist` });
    return problems;
  }
  workflow.nodes.forEach((node, n) => problems.push(...nodeTypeOf(node).check(node, { catalog, entity }, `/nodes/${n}`)));
  return problems;
}

function closure(start: readonly string[], links: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const to of links.get(id) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/**
 * A loop through nodes that never wait would spin within one step (the record an event brings does
 * not change inside the step), so every loop must pass a node that waits for people.
 */
function loopsWithoutWait(workflow: Workflow, next: ReadonlyMap<string, readonly string[]>, at: (id: string) => string): Problem[] {
  const waits = new Set(workflow.nodes.filter((n) => n.type === 'approval').map((n) => n.id));
  const automatic = new Map([...next].filter(([id]) => !waits.has(id)).map(([id, to]) => [id, to.filter((t) => !waits.has(t))]));
  return workflow.nodes
    .filter((node) => !waits.has(node.id) && closure(automatic.get(node.id) ?? [], automatic).has(node.id))
    .map((node) => ({ path: at(node.id), code: 'workflow.loopWithoutWait', message: `node "${node.id}" is on a loop with no approval on it, which would repeat without end` }));
}

/**
 * Walks the graph with the stack of open parallel splits: each join closes the innermost open
 * split, always the same one, and has one incoming edge per branch of it; a branch that ends
 * normally without reaching the join would leave the join waiting for ever.
 */
function splitsAndJoins(workflow: Workflow, nodes: ReadonlyMap<string, WorkflowNode>, trigger: WorkflowNode | undefined, at: (id: string) => string): Problem[] {
  if (!trigger) return [];
  const problems: Problem[] = [];
  const closes = new Map<string, Set<string>>();
  const endsInside = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const queue: { node: string; stack: string[] }[] = [{ node: trigger.id, stack: [] }];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    const key = `${state.node}|${state.stack.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > maxWalkStates) return [{ path: '/nodes', code: 'workflow.tooTangled', message: 'the graph has too many paths through its splits to check' }];
    const node = nodes.get(state.node);
    if (!node) continue;
    let stack = state.stack;
    if (node.type === 'parallelSplit') stack = [...stack, node.id];
    if (node.type === 'parallelJoin') {
      const open = stack[stack.length - 1];
      if (open === undefined) problems.push({ path: at(node.id), code: 'workflow.joinWithoutSplit', message: `join "${node.id}" can be reached outside any parallel split` });
      else closes.set(node.id, new Set([...(closes.get(node.id) ?? []), open]));
      stack = stack.slice(0, -1);
    }
    if (node.type === 'end' && (node.config?.outcome ?? 'completed') !== 'rejected' && node.config?.outcome !== 'cancelled') {
      for (const open of stack) endsInside.set(open, new Set([...(endsInside.get(open) ?? []), node.id]));
    }
    for (const edge of workflow.edges) if (edge.source === node.id) queue.push({ node: edge.target, stack });
  }
  const joined = new Set<string>();
  for (const [join, splits] of closes) {
    if (splits.size > 1) {
      problems.push({ path: at(join), code: 'workflow.joinMismatch', message: `join "${join}" closes more than one split: ${[...splits].join(', ')}` });
      continue;
    }
    const [split] = [...splits] as [string];
    joined.add(split);
    const branches = workflow.edges.filter((e) => e.source === split).length;
    const incoming = workflow.edges.filter((e) => e.target === join).length;
    if (branches !== incoming) problems.push({ path: at(join), code: 'workflow.joinMismatch', message: `join "${join}" has ${incoming} incoming edges but split "${split}" opens ${branches} branches` });
  }
  for (const [split, ends] of endsInside) {
    if (!joined.has(split)) continue;
    for (const end of ends) problems.push({ path: at(end), code: 'workflow.branchSkipsJoin', message: `end "${end}" ends a branch of split "${split}" whose join would wait for it` });
  }
  return problems;
}
