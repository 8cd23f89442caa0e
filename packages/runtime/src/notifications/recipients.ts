/**
 * Who a notification reaches: its participants (a user by login or id, the holders of an app
 * role, the manager of the record's owner or of the initiator at a level, the user in a user
 * field or in `owner_id` / `created_by`) resolved to the ids of active users, each once, in the
 * order named. Managers come from the org chart (the explicit manager, else the department's).
 * A participant that names nobody (an unknown login, a role nobody holds, an owner without a
 * manager, an empty field) is reported, not an error: the others are still notified.
 *
 * @example
 * await resolveRecipients(trx, org, { app: 'crm', record, initiator: 7 }, [{ type: 'field', field: 'owner_id' }, { type: 'manager', of: 'owner' }]);
 * // { userIds: [12, 3], unresolved: [] }
 */
import type { Entity, Participant } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import type { OrgChart } from '../identity/org-chart.ts';

/** A participant of the metadata, or a user named by id (for callers that know it). */
export type NotificationRecipient = Participant | { type: 'userId'; id: number };

export interface RecipientContext {
  app: string;
  entity: Entity;
  /** The record as stored (read without restrictions: who it is about is not a reader's view). */
  record: Readonly<Record<string, unknown>>;
  /** Whoever caused the notification (the acting user), for `{ type: 'manager', of: 'initiator' }`. */
  initiator?: number | undefined;
}

export interface ResolvedRecipients {
  userIds: number[];
  /** Participants that named nobody, by index, for the automation log. */
  unresolved: { index: number; reason: string }[];
}

export async function resolveRecipients(db: Kysely<DynamicTables>, org: OrgChart, context: RecipientContext, participants: readonly NotificationRecipient[]): Promise<ResolvedRecipients> {
  const found: number[][] = [];
  const unresolved: ResolvedRecipients['unresolved'] = [];
  for (const [index, participant] of participants.entries()) {
    const ids = await participantUsers(db, org, context, participant);
    if (typeof ids === 'string') unresolved.push({ index, reason: ids });
    else found.push(ids);
  }
  const candidates = [...new Set(found.flat())];
  if (candidates.length === 0) return { userIds: [], unresolved };
  const { rows } = await sql<{ id: number | string }>`SELECT id FROM pipewright.users WHERE active AND id IN (${sql.join(candidates)})`.execute(db);
  const active = new Set(rows.map((r) => Number(r.id)));
  return { userIds: candidates.filter((id) => active.has(id)), unresolved };
}

/** The users one participant names, or why it names nobody. */
async function participantUsers(db: Kysely<DynamicTables>, org: OrgChart, context: RecipientContext, participant: NotificationRecipient): Promise<number[] | string> {
  switch (participant.type) {
    case 'userId':
      return [participant.id];
    case 'user': {
      const { rows } = await sql<{ id: number | string }>`SELECT id FROM pipewright.users WHERE lower(login) = ${participant.user.toLowerCase()}`.execute(db);
      return rows[0] ? [Number(rows[0].id)] : `there is no user "${participant.user}"`;
    }
    case 'role': {
      const { rows } = await sql<{ user_id: number | string }>`SELECT user_id FROM pipewright.user_roles WHERE app = ${context.app} AND role_key = ${participant.role} ORDER BY user_id`.execute(db);
      return rows.length > 0 ? rows.map((r) => Number(r.user_id)) : `nobody holds the role "${participant.role}"`;
    }
    case 'manager': {
      const of = participant.of ?? 'owner';
      const whose = of === 'owner' ? userIdOf(context.record.owner_id) : context.initiator;
      if (whose === undefined) return of === 'owner' ? 'the record has no owner' : 'no initiator is known';
      const manager = org.managerChain(whose)[(participant.level ?? 1) - 1];
      return manager === undefined ? `user ${whose} has no manager at level ${participant.level ?? 1}` : [manager];
    }
    case 'field': {
      const key = participant.field;
      const field = context.entity.fields.find((f) => f.key === key);
      if (key !== 'owner_id' && key !== 'created_by' && field?.type !== 'user') return `"${key}" is not a user field of ${context.entity.key}`;
      const value = context.record[key];
      const ids = (Array.isArray(value) ? value : [value]).map(userIdOf).filter((id): id is number => id !== undefined);
      return ids.length > 0 ? ids : `"${key}" is empty`;
    }
  }
}

function userIdOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
