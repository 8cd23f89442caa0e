/**
 * CC items (抄送): the people a notify node reaches and an approval's `cc` list get a row each in
 * `pipewright.workflow_cc`, listed in their CC box (`GET /api/tasks?box=cc`) with a read mark,
 * and a read share of the record, so the item opens (decision 097). Stored in the step's
 * transaction; a node entered again (after a return) does not copy the same person twice.
 *
 * @example
 * await storeCarbonCopies(context, 'notify_finance', [{ type: 'role', role: 'finance' }], share);
 */
import type { Assignee } from '@pipewright/engines';
import { sql } from 'kysely';
import { resolveRecipients, type NotificationRecipient } from '../notifications/recipients.ts';
import type { StepContext } from './workflow-effects.ts';

export async function storeCarbonCopies(context: StepContext, node: string, participants: readonly (Assignee | NotificationRecipient)[], share: (users: readonly number[]) => Promise<void>): Promise<void> {
  const { trx, model, instance, instanceId } = context;
  const wanted: NotificationRecipient[] = participants.flatMap((p): NotificationRecipient[] => {
    if (p.type === 'initiator') return instance.initiator === null ? [] : [{ type: 'userId', id: instance.initiator }];
    return [p as NotificationRecipient];
  });
  if (wanted.length === 0) return;
  const { userIds } = await resolveRecipients(trx, await context.org(), { app: model.key, entity: model.entity(context.entity), record: context.record, initiator: instance.initiator ?? undefined }, wanted);
  const users = [...new Set(userIds)];
  if (users.length === 0) return;
  await sql`
    INSERT INTO pipewright.workflow_cc (instance, node, user_id, created_at)
    VALUES ${sql.join(users.map((u) => sql`(${instanceId}, ${node}, ${u}, ${context.at})`))}
    ON CONFLICT (instance, node, user_id) DO NOTHING`.execute(trx);
  await share(users);
}
