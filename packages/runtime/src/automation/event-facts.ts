/**
 * What the runtime knows about one record event, as the rules engine reads it: the record after
 * the change with the records its conditions reach through many-to-one relations nested under
 * the relation's key, the previous values, "is new", the acting user, and the owner's load.
 */
import type { ActingUser, CompiledRuleset, RuleEventFacts } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { readMany, type RecordData } from '../records/record-writer.ts';

type Executor = Kysely<DynamicTables>;

export interface EventInput {
  record: RecordData;
  previous: RecordData | null;
  isNew: boolean;
  actor: number | null;
  now: Date;
}

/** The facts `ruleset` reads for one event, read in `db` (the write's transaction, or a snapshot). */
export async function eventFacts(db: Executor, model: AppModel, ruleset: CompiledRuleset, input: EventInput): Promise<RuleEventFacts> {
  const facts: RuleEventFacts = {
    record: await withRelated(db, model, ruleset, input.record),
    previous: input.previous ? await withRelated(db, model, ruleset, input.previous) : null,
    isNew: input.isNew,
    now: input.now,
  };
  if (ruleset.facts.has('user') && input.actor !== null) facts.user = await actingUser(db, model.key, input.actor);
  if (ruleset.facts.has('ownerOpenRecords') && input.record.owner_id !== null && input.record.owner_id !== undefined) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`${model.schema}.${ruleset.entity}`)} WHERE owner_id = ${Number(input.record.owner_id)} AND deleted_at IS NULL`.execute(db);
    facts.ownerOpenRecords = Number(rows[0]?.n ?? 0);
  }
  return facts;
}

async function withRelated(db: Executor, model: AppModel, ruleset: CompiledRuleset, record: RecordData): Promise<RecordData> {
  if (ruleset.relations.size === 0) return record;
  const entity = model.entity(ruleset.entity);
  const out: RecordData = { ...record };
  for (const key of ruleset.relations) {
    const field = entity.fields.find((f) => f.key === key);
    const raw = record[key];
    const id = typeof raw === 'number' ? raw : raw && typeof raw === 'object' && 'id' in raw ? Number((raw as { id: unknown }).id) : null;
    if (!field || field.type !== 'relation' || id === null || !Number.isFinite(id)) continue;
    const [related] = await readMany(db, model, model.entity(field.target), [id]);
    if (related) out[key] = related;
  }
  return out;
}

/** The acting user as rules see them: id, department, roles in the app, teams. */
export async function actingUser(db: Executor, app: string, userId: number): Promise<ActingUser> {
  const { rows } = await sql<{ department_id: number | null; roles: string[] | null; teams: (number | string)[] | null }>`
    SELECT u.department_id,
           (SELECT array_agg(role_key) FROM pipewright.user_roles r WHERE r.user_id = u.id AND r.app = ${app}) AS roles,
           (SELECT array_agg(team_id) FROM pipewright.team_members m WHERE m.user_id = u.id) AS teams
      FROM pipewright.users u WHERE u.id = ${userId}`.execute(db);
  const row = rows[0];
  return {
    id: userId,
    department: row?.department_id === null || row?.department_id === undefined ? null : Number(row.department_id),
    roles: row?.roles ?? [],
    teams: (row?.teams ?? []).map(Number),
  };
}
