/**
 * Reference checks of workflows: the graph (node ids, edges, outlets, one trigger, reachability),
 * the trigger's fields, and what node configs name: fields, roles, rulesets, print templates,
 * other workflows.
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, Workflow, WorkflowNode } from '../generated/types.ts';
import { describePathProblem, type Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';
import { checkFilter } from './filter.ts';
import { checkAssignments, checkNotification, checkParticipant, roleKeys, type ParticipantContext } from './participants.ts';
import { isColumn, isDateColumn, resolveColumn, valueType } from './paths.ts';

export function checkWorkflows(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const workflows = bundle.workflows ?? [];
  const errors = duplicateKeys(workflows, pointer('workflows'), 'workflow');
  const roles = roleKeys(bundle);
  workflows.forEach((workflow, w) => {
    const at = pointer('workflows', w);
    errors.push(...checkGraph(workflow, at));
    const entity = catalog.entity(workflow.entity);
    if (!entity) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${workflow.entity}" does not exist` });
      return;
    }
    errors.push(...checkTrigger(workflow, entity, catalog, at));
    const ctx: NodeContext = { bundle, catalog, entity, roles, allowEmail: false };
    workflow.nodes.forEach((node, n) => errors.push(...checkNode(node, `${at}${pointer('nodes', n)}`, ctx)));
  });
  return errors;
}

/** The named outlets of a node, or `undefined` for a node with one unnamed outlet. */
export function nodeOutlets(node: WorkflowNode): string[] | undefined {
  if (node.type === 'condition') return [...node.config.branches.map((b) => b.handle), node.config.defaultHandle];
  if (node.type === 'approval') return ['approved', 'rejected'];
  return undefined;
}

function checkGraph(workflow: Workflow, at: string): MetadataError[] {
  const errors: MetadataError[] = [
    ...duplicateIds(workflow.nodes, `${at}/nodes`, 'node'),
    ...duplicateIds(workflow.edges, `${at}/edges`, 'edge'),
  ];
  const nodes = new Map<string, WorkflowNode>();
  for (const node of workflow.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);

  const triggers = workflow.nodes.filter((n) => n.type === 'trigger');
  if (triggers.length !== 1) {
    errors.push({ path: `${at}/nodes`, code: 'workflow.triggerCount', message: `a workflow has exactly one trigger node, not ${triggers.length}` });
  }
  workflow.nodes.forEach((node, n) => {
    if (node.type !== 'condition') return;
    const handles = new Set<string>();
    node.config.branches.forEach((branch, b) => {
      if (handles.has(branch.handle)) {
        errors.push({ path: `${at}${pointer('nodes', n, 'config', 'branches', b, 'handle')}`, code: 'key.duplicate', message: `branch handle "${branch.handle}" is used more than once` });
      }
      handles.add(branch.handle);
    });
    if (handles.has(node.config.defaultHandle)) {
      errors.push({ path: `${at}${pointer('nodes', n, 'config', 'defaultHandle')}`, code: 'key.duplicate', message: `"${node.config.defaultHandle}" is already the handle of a branch` });
    }
  });

  const next = new Map<string, string[]>();
  workflow.edges.forEach((edge, e) => {
    const here = `${at}${pointer('edges', e)}`;
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source) errors.push({ path: `${here}/source`, code: 'reference.unknownNode', message: `workflow "${workflow.key}" has no node "${edge.source}"` });
    if (!target) errors.push({ path: `${here}/target`, code: 'reference.unknownNode', message: `workflow "${workflow.key}" has no node "${edge.target}"` });
    if (source?.type === 'end') errors.push({ path: `${here}/source`, code: 'workflow.edgeFromEnd', message: `end node "${source.id}" cannot have outgoing edges` });
    if (target?.type === 'trigger') errors.push({ path: `${here}/target`, code: 'workflow.edgeIntoTrigger', message: `trigger node "${target.id}" cannot have incoming edges` });
    if (source) errors.push(...checkOutlet(source, edge.sourceHandle, here));
    if (source && target) next.set(source.id, [...(next.get(source.id) ?? []), target.id]);
  });

  const [trigger] = triggers;
  if (triggers.length === 1 && trigger) {
    const reached = new Set([trigger.id]);
    const queue = [trigger.id];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const to of next.get(id) ?? []) {
        if (reached.has(to)) continue;
        reached.add(to);
        queue.push(to);
      }
    }
    workflow.nodes.forEach((node, n) => {
      if (!reached.has(node.id)) {
        errors.push({ path: `${at}${pointer('nodes', n)}`, code: 'workflow.unreachableNode', message: `node "${node.id}" cannot be reached from the trigger` });
      }
    });
  }
  return errors;
}

function checkOutlet(source: WorkflowNode, handle: string | undefined, at: string): MetadataError[] {
  const outlets = nodeOutlets(source);
  const list = outlets?.map((o) => `"${o}"`).join(', ');
  if (!outlets && handle !== undefined) {
    return [{ path: `${at}/sourceHandle`, code: 'reference.unknownHandle', message: `${source.type} node "${source.id}" has a single outlet; leave sourceHandle out` }];
  }
  if (outlets && handle === undefined) {
    return [{ path: `${at}/sourceHandle`, code: 'reference.unknownHandle', message: `an edge from ${source.type} node "${source.id}" names its outlet: one of ${list}` }];
  }
  if (outlets && handle !== undefined && !outlets.includes(handle)) {
    return [{ path: `${at}/sourceHandle`, code: 'reference.unknownHandle', message: `${source.type} node "${source.id}" has no outlet "${handle}"; its outlets are ${list}` }];
  }
  return [];
}

function checkTrigger(workflow: Workflow, entity: Entity, catalog: Catalog, at: string): MetadataError[] {
  const trigger = workflow.trigger;
  if (trigger.on === 'schedule') return trigger.filter ? checkFilter(catalog, entity.key, trigger.filter, `${at}/trigger/filter`) : [];
  if (trigger.on !== 'fieldChange') return [];
  return trigger.fields.flatMap((key, i) =>
    key === 'owner_id' || entity.fields.some((f) => f.key === key)
      ? []
      : [{ path: `${at}${pointer('trigger', 'fields', i)}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${key}"` }],
  );
}

interface NodeContext extends ParticipantContext {
  bundle: AppBundle;
}

function checkNode(node: WorkflowNode, at: string, ctx: NodeContext): MetadataError[] {
  const { bundle, catalog, entity } = ctx;
  const config = `${at}/config`;
  switch (node.type) {
    case 'condition':
      return node.config.branches.flatMap((branch, b) => checkFilter(catalog, entity.key, branch.when, `${config}${pointer('branches', b, 'when')}`));
    case 'approval':
      return [
        ...node.config.assignees.flatMap((p, i) => checkParticipant(p, `${config}${pointer('assignees', i)}`, ctx)),
        ...(node.config.timeout?.escalateTo ? checkParticipant(node.config.timeout.escalateTo, `${config}/timeout/escalateTo`, ctx) : []),
      ];
    case 'notify':
      return checkNotification(node.config, config, ctx);
    case 'updateRecord': {
      let target = entity;
      if (node.config.relation !== undefined) {
        const relation = entity.fields.find((f) => f.key === node.config.relation);
        if (!relation) return [{ path: `${config}/relation`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${node.config.relation}"` }];
        if (relation.type !== 'relation' || relation.kind !== 'manyToOne') {
          return [{ path: `${config}/relation`, code: 'reference.wrongFieldType', message: `updateRecord follows a many-to-one relation, not a ${relation.type === 'relation' ? relation.kind : relation.type} field` }];
        }
        const related = catalog.entity(relation.target);
        if (!related) return []; // reported with the relation field itself
        target = related;
      }
      return checkAssignments(node.config.assignments, target, `${config}/assignments`);
    }
    case 'createRecord': {
      const created = catalog.entity(node.config.entity);
      if (!created) return [{ path: `${config}/entity`, code: 'reference.unknownEntity', message: `entity "${node.config.entity}" does not exist` }];
      const errors = checkAssignments(node.config.assignments, created, `${config}/assignments`);
      if (node.config.link !== undefined) {
        const link = created.fields.find((f) => f.key === node.config.link);
        if (!link) {
          errors.push({ path: `${config}/link`, code: 'reference.unknownField', message: `entity "${created.key}" has no field "${node.config.link}"` });
        } else if (link.type !== 'relation' || link.kind !== 'manyToOne' || link.target !== entity.key) {
          errors.push({ path: `${config}/link`, code: 'reference.wrongFieldType', message: `"${created.key}.${link.key}" must be a many-to-one relation to "${entity.key}"` });
        }
      }
      return errors;
    }
    case 'wait': {
      if (node.config.mode !== 'untilDate') return [];
      const column = resolveColumn(catalog, entity.key, node.config.field);
      if (!isColumn(column)) return [{ path: `${config}/field`, code: 'reference.unknownField', message: describePathProblem(column) }];
      return isDateColumn(column)
        ? []
        : [{ path: `${config}/field`, code: 'reference.wrongFieldType', message: `a wait until a date needs a date or datetime field, not a ${valueType(column)} field` }];
    }
    case 'runRules': {
      const ruleset = (bundle.rules ?? []).find((r) => r.key === node.config.ruleset);
      if (!ruleset) return [{ path: `${config}/ruleset`, code: 'reference.unknownRuleset', message: `ruleset "${node.config.ruleset}" does not exist` }];
      return sameEntity('ruleset', ruleset, entity, `${config}/ruleset`);
    }
    case 'generateDocument': {
      const template = (bundle.printTemplates ?? []).find((t) => t.key === node.config.template);
      if (!template) return [{ path: `${config}/template`, code: 'reference.unknownPrintTemplate', message: `print template "${node.config.template}" does not exist` }];
      const errors = sameEntity('print template', template, entity, `${config}/template`);
      if (node.config.attachTo !== undefined) {
        const field = entity.fields.find((f) => f.key === node.config.attachTo);
        if (!field) errors.push({ path: `${config}/attachTo`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${node.config.attachTo}"` });
        else if (field.type !== 'attachment') errors.push({ path: `${config}/attachTo`, code: 'reference.wrongFieldType', message: `a document is stored in an attachment field, not a ${field.type} field` });
      }
      return errors;
    }
    case 'subflow': {
      const called = (bundle.workflows ?? []).find((w) => w.key === node.config.workflow);
      if (!called) return [{ path: `${config}/workflow`, code: 'reference.unknownWorkflow', message: `workflow "${node.config.workflow}" does not exist` }];
      return sameEntity('workflow', called, entity, `${config}/workflow`);
    }
    default:
      return [];
  }
}

function sameEntity(what: string, document: { key: string; entity: string }, entity: Entity, at: string): MetadataError[] {
  return document.entity === entity.key
    ? []
    : [{ path: at, code: 'reference.entityMismatch', message: `${what} "${document.key}" belongs to entity "${document.entity}", not "${entity.key}"` }];
}

function duplicateIds(items: readonly { id: string }[], at: string, what: string): MetadataError[] {
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const repeated = seen.has(item.id);
    seen.add(item.id);
    return repeated ? [{ path: `${at}/${i}/id`, code: 'key.duplicate', message: `${what} id "${item.id}" is used more than once` }] : [];
  });
}
