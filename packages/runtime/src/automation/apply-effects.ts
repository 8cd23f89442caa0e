/**
 * Carries out the effects a ruleset decided for one event, in the automation's transaction,
 * through the record writer as a trusted automation actor: assignments, set fields and scores
 * become one update of the record (its history says which rule and strategy changed each field),
 * follow-up tasks go to `pipewright.tasks`, related records are updated through the writer too,
 * webhook calls are queued as durable jobs (webhooks.ts).
 * Every effect gets a one-line result for the automation log.
 */
import type { RuleEffect } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import { readMany, RecordWriter, type Actor, type RecordData } from '../records/record-writer.ts';
import type { RecordEvent } from './record-events.ts';
import type { Webhooks } from './webhooks.ts';

type Executor = Kysely<DynamicTables>;

/** An effect with what became of it. */
export type AppliedEffect = RuleEffect & { result: string };

/** Delivers a `notify` effect; answers the result line for the log. */
export type NotificationDelivery = (db: Executor, input: { model: AppModel; event: RecordEvent; record: RecordData; effect: Extract<RuleEffect, { kind: 'notify' }> }) => Promise<string>;

export interface ApplyContext {
  database: Database;
  db: Executor;
  model: AppModel;
  event: RecordEvent;
  record: RecordData;
  deliver?: NotificationDelivery | undefined;
  /** Queues `callWebhook` effects; without it they are logged as not called. */
  webhooks?: Webhooks | undefined;
}

export async function applyEffects(context: ApplyContext, effects: readonly RuleEffect[]): Promise<AppliedEffect[]> {
  const { database, db, model, event } = context;
  let record = context.record;
  const body: RecordData = {};
  const because: Record<string, Record<string, unknown>> = {};
  const results = new Map<RuleEffect, string>();
  for (const effect of effects) {
    const why = { ruleset: effect.ruleset, rule: effect.rule };
    switch (effect.kind) {
      case 'assign':
        if (effect.userId === null) {
          results.set(effect, `nobody assigned: ${effect.reason}`);
          break;
        }
        body[effect.field] = effect.userId;
        because[effect.field] = { ...why, strategy: effect.strategy, reason: effect.reason };
        results.set(effect, `assigned to user ${effect.userId} (${effect.strategy})`);
        break;
      case 'setField':
        body[effect.field] = effect.value;
        because[effect.field] = why;
        results.set(effect, `set ${effect.field}`);
        break;
      case 'addScore': {
        const base = Object.hasOwn(body, effect.field) ? body[effect.field] : record[effect.field];
        body[effect.field] = Number(base ?? 0) + effect.points;
        because[effect.field] = { ...why, points: effect.points };
        results.set(effect, `${effect.points >= 0 ? '+' : ''}${effect.points} ${effect.field}`);
        break;
      }
      case 'reject':
        results.set(effect, 'checked in the write transaction');
        break;
      default:
        break;
    }
  }
  const actor: Actor = { userId: actingUser(event), automation: { depth: event.depth, because } };
  const writer = new RecordWriter(database, db);
  if (Object.keys(body).length > 0) record = await writer.update(model, event.entity, event.recordId, body, actor);
  for (const [index, effect] of effects.entries()) {
    switch (effect.kind) {
      case 'createTask': {
        const assignee = await taskAssignee(db, effect.assignee, record);
        await sql`INSERT INTO pipewright.tasks (app, entity, record_id, title, description, assignee_id, due_at, remind_at, priority, ruleset, rule, event_id)
                  VALUES (${model.key}, ${event.entity}, ${event.recordId}, ${effect.title}, ${effect.description}, ${assignee}, ${effect.dueAt}, ${effect.remindAt}, ${effect.priority}, ${effect.ruleset}, ${effect.rule}, ${event.id})`.execute(db);
        results.set(effect, `task "${effect.title}" for ${assignee === null ? 'nobody' : `user ${assignee}`}`);
        break;
      }
      case 'updateRelated': {
        if (effect.id === null || !effect.entity) {
          results.set(effect, `no ${effect.relation} record to update`);
          break;
        }
        const target = model.entity(effect.entity);
        const [current] = await readMany(db, model, target, [effect.id], { lock: true });
        if (!current) {
          results.set(effect, `${effect.entity} ${effect.id} does not exist`);
          break;
        }
        const changes: RecordData = {};
        for (const change of effect.changes) changes[change.field] = 'add' in change ? Number(changes[change.field] ?? current[change.field] ?? 0) + change.add : change.value;
        await writer.update(model, effect.entity, effect.id, changes, { ...actor, automation: { depth: event.depth, because: Object.fromEntries(Object.keys(changes).map((k) => [k, { ruleset: effect.ruleset, rule: effect.rule }])) } });
        results.set(effect, `updated ${effect.entity} ${effect.id}: ${Object.keys(changes).join(', ')}`);
        break;
      }
      case 'notify':
        results.set(effect, context.deliver ? await context.deliver(db, { model, event, record, effect }) : 'not delivered: notifications not configured');
        break;
      case 'startWorkflow':
        results.set(effect, 'not started: workflows are not available yet');
        break;
      case 'callWebhook':
        results.set(effect, context.webhooks ? await context.webhooks.queue(db, { event, effect, index }) : 'not called: webhooks not configured');
        break;
      default:
        break;
    }
  }
  return effects.map((effect) => ({ ...effect, result: results.get(effect) ?? 'applied' }));
}

/** The automation acts in the name of the person whose write caused the event. */
function actingUser(event: RecordEvent): number {
  if (event.actor === null) throw new Error(`record event ${event.id} has no actor`);
  return event.actor;
}

async function taskAssignee(db: Executor, assignee: Extract<RuleEffect, { kind: 'createTask' }>['assignee'], record: RecordData): Promise<number | null> {
  const id = (value: unknown) => (value === null || value === undefined || !Number.isFinite(Number(value)) ? null : Number(value));
  switch (assignee.type) {
    case 'owner':
      return id(record.owner_id);
    case 'field':
      return id(record[assignee.field]);
    case 'user': {
      const { rows } = await sql<{ id: number }>`SELECT id FROM pipewright.users WHERE lower(login) = lower(${assignee.user})`.execute(db);
      return id(rows[0]?.id);
    }
    case 'manager': {
      const { rows } = await sql<{ manager_id: number | null }>`SELECT manager_id FROM pipewright.users WHERE id = ${id(record.owner_id)}`.execute(db);
      return id(rows[0]?.manager_id);
    }
    default:
      return null;
  }
}
