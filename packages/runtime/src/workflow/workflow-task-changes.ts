/**
 * The task rows behind the approval actions that do not decide (decision 096): a transfer moves
 * the task to its new holder (who gets a read share, as every holder does), a task waiting for an
 * added signer leaves its holders' pending inbox until it resumes, and an urge notifies the
 * holders. The engine has already checked who may do what; these only keep the rows in step.
 */
import type { Assignee, WorkflowEffect } from '@pipewright/engines';
import { sql } from 'kysely';
import type { StepContext, notify as notifyFn } from './workflow-effects.ts';

type TaskChange = Extract<WorkflowEffect, { kind: 'reassignTask' | 'suspendTask' | 'resumeTask' | 'urgeTask' }>;

export async function performTaskChange(
  context: StepContext,
  effect: TaskChange,
  holdersOf: (assignee: Assignee) => Promise<number[]>,
  share: (users: readonly number[]) => Promise<void>,
  notify: typeof notifyFn,
): Promise<void> {
  const { trx, instanceId } = context;
  const { rows } = await sql<{ id: number | string; user_ids: (number | string)[] | string }>`
    SELECT id, user_ids FROM pipewright.workflow_tasks WHERE instance = ${instanceId} AND engine_id = ${effect.taskId}`.execute(trx);
  const row = rows[0];
  if (!row) return;
  const id = Number(row.id);
  switch (effect.kind) {
    case 'reassignTask': {
      const holders = await holdersOf(effect.assignee);
      await sql`UPDATE pipewright.workflow_tasks SET assignee = ${JSON.stringify(effect.assignee)}::jsonb, user_ids = ${`{${holders.join(',')}}`}::bigint[] WHERE id = ${id}`.execute(trx);
      await sql`DELETE FROM pipewright.workflow_task_holders WHERE task = ${id} AND status = 'open'`.execute(trx);
      if (holders.length > 0) {
        await sql`INSERT INTO pipewright.workflow_task_holders (task, user_id, status) VALUES ${sql.join(holders.map((u) => sql`(${id}, ${u}, 'open')`))}`.execute(trx);
        await share(holders);
      }
      break;
    }
    case 'suspendTask':
      await sql`UPDATE pipewright.workflow_tasks SET status = 'waiting' WHERE id = ${id} AND status = 'open'`.execute(trx);
      await sql`UPDATE pipewright.workflow_task_holders SET status = 'waiting' WHERE task = ${id} AND status = 'open'`.execute(trx);
      break;
    case 'resumeTask':
      await sql`UPDATE pipewright.workflow_tasks SET status = 'open' WHERE id = ${id} AND status = 'waiting'`.execute(trx);
      await sql`UPDATE pipewright.workflow_task_holders SET status = 'open' WHERE task = ${id} AND status = 'waiting'`.execute(trx);
      break;
    case 'urgeTask': {
      const ids = (typeof row.user_ids === 'string' ? row.user_ids.replace(/[{}]/g, '').split(',').filter(Boolean) : row.user_ids).map(Number);
      if (ids.length === 0) return;
      await notify(context, null, {
        recipients: ids.map((userId) => ({ type: 'userId' as const, id: userId })),
        subject: '催办：请尽快处理待审批任务',
        body: '提交人催促您处理一项待审批任务。',
        source: `workflow:${context.instance.workflow}`,
        key: `workflow:${instanceId}:urge:${effect.taskId}:${context.stepNo}`,
      });
      break;
    }
  }
}
