/**
 * Performs the effects of one step in the step's transaction (decision 091): tasks are written
 * with the users who hold them (resolved through the people directory), record updates go
 * through the one write path as the workflow's automation write, timers become durable jobs,
 * notifications are written to the inbox and the delivery outbox (sent after commit), and the
 * instance's end unlocks the record (its status, stored by the claim, is what the lock reads).
 */
import type { Participant } from '@pipewright/metadata';
import type { Assignee, WorkflowEffect, WorkflowInstance } from '@pipewright/engines';
import { PipewrightError } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import type { OrgChart } from '../identity/org-chart.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { deliverNotification } from '../notifications/deliver-notification.ts';
import type { Notifications } from '../notifications/notifications.ts';
import { resolveRecipients } from '../notifications/recipients.ts';
import { readMany, RecordWriter, type RecordData } from '../records/record-writer.ts';
import { performTaskChange } from './workflow-task-changes.ts';
import { storeCarbonCopies } from './workflow-cc.ts';

type Executor = Kysely<DynamicTables>;

export const workflowTimerQueue = 'workflow-timers';

export interface WorkflowTimerJob {
  instance: number;
  timer: string;
}

export interface StepContext {
  database: Database;
  trx: Executor;
  model: AppModel;
  instanceId: number;
  entity: string;
  recordId: number;
  /** The record as the step read it. */
  record: RecordData;
  instance: WorkflowInstance;
  /** Who caused the step (the actor of a task, the starter, or null for a timer). */
  actorId: number | null;
  stepNo: number;
  at: Date;
  org: () => Promise<OrgChart>;
  notifications?: Notifications | undefined;
  jobs?: JobQueue | undefined;
  logError: (message: string, details: Record<string, unknown>) => void;
}

export async function performEffects(context: StepContext, effects: readonly WorkflowEffect[]): Promise<void> {
  const { trx, instanceId } = context;
  for (const effect of effects) {
    switch (effect.kind) {
      case 'createTask': {
        const holders = await taskHolders(context, effect.assignee);
        const { rows } = await sql<{ id: number | string }>`
          INSERT INTO pipewright.workflow_tasks (instance, engine_id, node, kind, assignee, user_ids, status, created_at)
          VALUES (${instanceId}, ${effect.taskId}, ${effect.node}, ${effect.task}, ${JSON.stringify(effect.assignee)}::jsonb, ${`{${holders.join(',')}}`}::bigint[], 'open', ${context.at})
          RETURNING id`.execute(trx);
        const taskId = Number(rows[0]!.id);
        if (holders.length > 0) {
          await sql`INSERT INTO pipewright.workflow_task_holders (task, user_id, status) VALUES ${sql.join(holders.map((u) => sql`(${taskId}, ${u}, 'open')`))}`.execute(trx);
          await shareForReading(context, holders);
        }
        break;
      }
      case 'cancelTask':
        await closeTask(trx, instanceId, effect.taskId, { status: 'cancelled', at: context.at });
        break;
      case 'reassignTask':
      case 'suspendTask':
      case 'resumeTask':
      case 'urgeTask':
        await performTaskChange(context, effect, (assignee) => taskHolders(context, assignee), (users) => shareForReading(context, users), notify);
        break;
      case 'updateRecord':
        await updateRecord(context, effect);
        break;
      case 'createRecord': {
        const created = await new RecordWriter(context.database, trx).create(context.model, effect.entity, { ...effect.values, ...(effect.link ? { [effect.link]: context.recordId } : {}) }, workflowActor(context, effect.node));
        // The new id, for the timeline and later nodes: `variables["created.<node>"]`.
        await sql`UPDATE pipewright.workflow_instances SET state = jsonb_set(state, ${`{variables,created.${effect.node}}`}::text[], ${JSON.stringify(created['id'])}::jsonb, true) WHERE id = ${instanceId}`.execute(trx);
        break;
      }
      case 'scheduleTimer':
        if (context.jobs) {
          await context.jobs.send(workflowTimerQueue, { instance: instanceId, timer: effect.timerId } satisfies WorkflowTimerJob, { trx, startAfter: new Date(effect.at), idempotencyKey: `${instanceId}:${effect.timerId}` });
        }
        break;
      case 'cancelTimer':
        // The job may still fire: the engine refuses a cancelled timer (`timer.done`) and nothing changes.
        break;
      case 'carbonCopy':
        await storeCarbonCopies(context, effect.node, effect.participants, (users) => shareForReading(context, users));
        break;
      case 'notify':
        // Whoever a notify (CC) node reaches has it in their CC box, also without a delivery channel.
        await storeCarbonCopies(context, effect.node, [...effect.notification.recipients, ...(effect.notification.cc ?? [])], (users) => shareForReading(context, users));
        await notify(context, effect.node, { ...effect.notification, source: `workflow:${context.instance.workflow}/${effect.node}`, key: `workflow:${instanceId}:${context.stepNo}:${effect.node}` });
        break;
      case 'remindTask': {
        const { rows } = await sql<{ user_ids: (number | string)[] }>`SELECT user_ids FROM pipewright.workflow_tasks WHERE instance = ${instanceId} AND engine_id = ${effect.taskId}`.execute(trx);
        const ids = (rows[0]?.user_ids ?? []).map(Number);
        if (ids.length > 0) {
          await notify(context, null, { recipients: ids.map((id) => ({ type: 'userId' as const, id })), body: '您有一项待审批任务即将到期，请尽快处理。', subject: '待审批提醒', source: `workflow:${context.instance.workflow}`, key: `workflow:${instanceId}:remind:${effect.taskId}` });
        }
        break;
      }
      case 'callHttp':
        throw new PipewrightError('node.notSupported', 'HTTP request nodes are not runnable yet');
      case 'end':
        break;
    }
  }
}

/**
 * Whoever holds a task may read the record it is about (an approver outside the owner's scope
 * still sees the quote): a read share for each holder without one, kept after the approval so
 * its history stays theirs to see.
 */
async function shareForReading(context: StepContext, users: readonly number[]): Promise<void> {
  const table = sql.table(`${context.model.schema}._shares`);
  await sql`
    INSERT INTO ${table} (entity, record_id, user_id, department_id, access, created_by)
    SELECT ${context.entity}, ${context.recordId}, u, NULL, 'read', ${context.actorId ?? context.instance.initiator}
      FROM unnest(${`{${users.join(',')}}`}::bigint[]) AS u
     WHERE NOT EXISTS (SELECT 1 FROM ${table} s WHERE s.entity = ${context.entity} AND s.record_id = ${context.recordId} AND s.user_id = u)`.execute(context.trx);
}

/** Marks a task done or cancelled, and takes it out of its holders' pending inbox. */
export async function closeTask(trx: Executor, instanceId: number, engineId: string, outcome: { status: 'done' | 'cancelled'; at: Date; by?: number; action?: string; comment?: string | null }): Promise<void> {
  const { rows } = await sql<{ id: number | string }>`
    UPDATE pipewright.workflow_tasks SET status = ${outcome.status}, acted_at = ${outcome.at}, acted_by = ${outcome.by ?? null}, action = ${outcome.action ?? null}, comment = ${outcome.comment ?? null}
     WHERE instance = ${instanceId} AND engine_id = ${engineId} AND status IN ('open', 'waiting') RETURNING id`.execute(trx);
  if (rows[0]) await sql`UPDATE pipewright.workflow_task_holders SET status = 'closed' WHERE task = ${Number(rows[0].id)} AND status IN ('open', 'waiting')`.execute(trx);
}

/**
 * The users who hold a task: the initiator, or the participant resolved through the people
 * directory (manager chains from the org chart). A participant naming nobody active falls back
 * to the platform's administrators, so no task is ever held by nobody.
 */
async function taskHolders(context: StepContext, assignee: Assignee): Promise<number[]> {
  const { trx, model, instance } = context;
  let ids: number[];
  if (assignee.type === 'initiator') ids = instance.initiator === null ? [] : [instance.initiator];
  else if (assignee.type === 'userId') ids = [assignee.id];
  else {
    const resolved = await resolveRecipients(trx, await context.org(), { app: model.key, entity: model.entity(context.entity), record: context.record, initiator: instance.initiator ?? undefined }, [assignee]);
    ids = resolved.userIds;
  }
  if (ids.length > 0) return ids;
  const { rows } = await sql<{ id: number | string }>`SELECT id FROM pipewright.users WHERE is_admin AND active ORDER BY id`.execute(trx);
  return rows.map((r) => Number(r.id));
}

function workflowActor(context: StepContext, node: string) {
  return { userId: context.actorId ?? context.instance.initiator ?? 0, automation: { depth: 1, because: { workflow: { workflow: context.instance.workflow, instance: context.instanceId, node } } } };
}

async function updateRecord(context: StepContext, effect: Extract<WorkflowEffect, { kind: 'updateRecord' }>): Promise<void> {
  const { model, trx } = context;
  const actor = workflowActor(context, effect.node);
  const because = Object.fromEntries(Object.keys(effect.values).map((k) => [k, { workflow: context.instance.workflow, instance: context.instanceId, node: effect.node }]));
  const writer = new RecordWriter(context.database, trx);
  if (effect.relation === null) {
    await writer.update(model, context.entity, context.recordId, effect.values, { ...actor, automation: { depth: 1, because } });
    return;
  }
  const field = model.entity(context.entity).fields.find((f) => f.key === effect.relation);
  if (!field || field.type !== 'relation') return;
  const [record] = await readMany(trx, model, model.entity(context.entity), [context.recordId]);
  const target = record?.[effect.relation];
  const targetId = typeof target === 'object' && target !== null ? Number((target as { id?: unknown }).id) : Number(target);
  if (!Number.isSafeInteger(targetId) || targetId <= 0) return;
  await writer.update(model, field.target, targetId, effect.values, { ...actor, automation: { depth: 1, because } });
}

export async function notify(context: StepContext, node: string | null, request: { recipients: Parameters<typeof deliverNotification>[1]['recipients']; cc?: Participant[] | undefined; subject?: string | undefined; body: string; channels?: Parameters<typeof deliverNotification>[1]['channels']; source: string; key: string }): Promise<void> {
  if (!context.notifications) return;
  try {
    await deliverNotification(context.trx, { app: context.model.key, record: { entity: context.entity, id: context.recordId }, initiator: context.instance.initiator ?? undefined, ...request }, context.notifications);
  } catch (error) {
    // A message that cannot be delivered (nobody to reach, a template that does not fill) must not
    // undo the step: the approval goes on, and the failure is logged for the administrator.
    if (!(error instanceof PipewrightError)) throw error;
    context.logError('workflow notification not delivered', { app: context.model.key, instance: context.instanceId, node, error: error.message });
  }
}
