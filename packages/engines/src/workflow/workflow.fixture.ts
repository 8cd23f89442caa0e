/**
 * A small quote app for the workflow tests, a graph builder that places nodes for the designer,
 * and a driver that steps an instance and fails the test on a refusal it did not expect.
 */
import { Catalog, validateBundle, type AppBundle, type Participant, type Workflow, type WorkflowEdge, type WorkflowNode } from '@pipewright/metadata';
import { prepareWorkflow, type WorkflowDefinition } from './definition.ts';
import type { WorkflowEffect } from './effects.ts';
import type { WorkflowEvent } from './events.ts';
import { newInstance, type TaskAction, type WorkflowInstance, type WorkflowTask } from './instance.ts';
import { step } from './step.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const options = (...values: string[]) => values.map((value) => ({ value, label: l(value) }));

export function quoteBundle(workflows: Workflow[], validate = true): AppBundle {
  const bundle: AppBundle = {
    formatVersion: 1,
    app: { key: 'workflow_test', name: l('Workflow'), version: '1.0.0' },
    entities: [
      {
        key: 'account',
        label: l('Account'),
        version: 1,
        titleField: 'name',
        fields: [
          { key: 'name', label: l('Name'), type: 'text' },
          { key: 'region', label: l('Region'), type: 'singleSelect', options: options('north', 'south') },
        ],
      },
      {
        key: 'quote',
        label: l('Quote'),
        version: 1,
        titleField: 'title',
        fields: [
          { key: 'title', label: l('Title'), type: 'text' },
          { key: 'discount', label: l('Discount %'), type: 'number', scale: 2 },
          { key: 'amount', label: l('Amount'), type: 'number', scale: 2 },
          { key: 'approval_status', label: l('Approval'), type: 'singleSelect', options: options('draft', 'pending', 'approved', 'rejected') },
          { key: 'reviewer', label: l('Reviewer'), type: 'user' },
          { key: 'account', label: l('Account'), type: 'relation', target: 'account', kind: 'manyToOne' },
        ],
      },
    ],
    roles: [
      { key: 'director', label: l('Director'), version: 1, permissions: [] },
      { key: 'finance', label: l('Finance'), version: 1, permissions: [] },
    ],
    workflows,
  };
  const checked = validate ? validateBundle(bundle) : { ok: true as const };
  if (!checked.ok) throw new Error(`the test bundle is invalid: ${JSON.stringify(checked.errors)}`);
  return bundle;
}

/** A node of any type, its position optional. */
export type NodeSpec = WorkflowNode extends infer N ? (N extends WorkflowNode ? Omit<N, 'position'> & { position?: N['position'] } : never) : never;

/** A workflow on `quote` from nodes (positions filled in) and `[source, target, handle?]` edges. */
export function quoteWorkflow(nodes: NodeSpec[], edges: [string, string, string?][]): Workflow {
  return {
    key: 'quote_approval',
    label: l('Quote approval'),
    version: 1,
    entity: 'quote',
    trigger: { on: 'manual' },
    nodes: nodes.map((node, i) => ({ position: { x: 0, y: i * 100 }, ...node }) as WorkflowNode),
    edges: edges.map(([source, target, sourceHandle], i): WorkflowEdge => ({ id: `e${i}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })),
  };
}

export const user = (name: string): Participant => ({ type: 'user', user: name });

export function approval(id: string, mode: 'single' | 'anyOf' | 'allOf' | 'voteRatio' | 'sequential', assignees: Participant[], extra: Record<string, unknown> = {}): NodeSpec {
  return { id, type: 'approval', config: { mode, assignees, ...extra } } as NodeSpec;
}

export const end = (id: string, outcome: 'approved' | 'rejected' | 'cancelled' | 'completed'): NodeSpec => ({ id, type: 'end', config: { outcome } });

export const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();

/** Drives one instance through events; `act` finds the pending task by node (and assignee). */
export class Driver {
  readonly definition: WorkflowDefinition;
  instance: WorkflowInstance;
  effects: WorkflowEffect[] = [];
  minute = 0;

  constructor(
    workflow: Workflow,
    public record: Record<string, unknown>,
  ) {
    this.definition = prepareWorkflow(workflow, new Catalog(quoteBundle([workflow])));
    this.instance = newInstance('wf-1', this.definition);
  }

  send(event: WorkflowEvent): WorkflowEffect[] {
    const result = step(this.definition, this.instance, event);
    if (!result.ok) throw new Error(`refused: ${result.refusal.code} ${result.refusal.message}`);
    this.instance = result.instance;
    this.effects = result.effects;
    return result.effects;
  }

  start(initiator = 7): WorkflowEffect[] {
    return this.send({ type: 'start', at: at(this.minute++), record: this.record, initiator });
  }

  pending(node?: string): WorkflowTask[] {
    return this.instance.tasks.filter((t) => t.status === 'pending' && (node === undefined || t.node === node));
  }

  /** The pending task at `node` for the n-th assignee entry (or the only one). */
  task(node: string, userName?: string): WorkflowTask {
    const task = this.pending(node).find((t) => userName === undefined || (t.assignee.type === 'user' && t.assignee.user === userName));
    if (!task) throw new Error(`no pending task at ${node}${userName ? ` for ${userName}` : ''}`);
    return task;
  }

  actEvent(task: WorkflowTask, action: TaskAction, userId = 1, comment?: string): WorkflowEvent {
    return { type: 'taskActed', at: at(this.minute++), record: this.record, taskId: task.id, userId, action, ...(comment ? { comment } : {}) };
  }

  act(node: string, action: TaskAction, userName?: string): WorkflowEffect[] {
    return this.send(this.actEvent(this.task(node, userName), action));
  }
}

/**
 * The quote approval: finance is told of every submission; a discount over 15 % needs the
 * submitter's manager, over 30 % the director too; the record's status follows the outcome.
 */
export function quoteApprovalWorkflow(afterReturn: 'resume' | 'restart' = 'resume'): Workflow {
  return quoteWorkflow(
    [
      { id: 'start', type: 'trigger' },
      { id: 'cc', type: 'notify', config: { recipients: [{ type: 'role', role: 'finance' }], body: 'Quote {{title}} submitted' } },
      { id: 'over15', type: 'condition', config: { branches: [{ handle: 'yes', when: { field: 'discount', op: 'gt', value: 15 } }], defaultHandle: 'no' } },
      approval('manager', 'single', [{ type: 'manager', of: 'initiator', level: 1 }], { afterReturn }),
      { id: 'over30', type: 'condition', config: { branches: [{ handle: 'yes', when: { field: 'discount', op: 'gt', value: 30 } }], defaultHandle: 'no' } },
      approval('director', 'single', [{ type: 'role', role: 'director' }]),
      { id: 'mark_approved', type: 'updateRecord', config: { assignments: [{ field: 'approval_status', value: "'approved'" }] } },
      { id: 'mark_rejected', type: 'updateRecord', config: { assignments: [{ field: 'approval_status', value: "'rejected'" }] } },
      end('done', 'approved'),
      end('refused', 'rejected'),
    ],
    [
      ['start', 'cc'],
      ['cc', 'over15'],
      ['over15', 'manager', 'yes'],
      ['over15', 'mark_approved', 'no'],
      ['manager', 'over30', 'approved'],
      ['manager', 'mark_rejected', 'rejected'],
      ['over30', 'director', 'yes'],
      ['over30', 'mark_approved', 'no'],
      ['director', 'mark_approved', 'approved'],
      ['director', 'mark_rejected', 'rejected'],
      ['mark_approved', 'done'],
      ['mark_rejected', 'refused'],
    ],
  );
}
