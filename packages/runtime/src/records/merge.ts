/**
 * Merging two records of one entity: the survivor takes the values picked from the loser, every
 * relation that pointed at the loser (many-to-one columns and many-to-many links, in any entity)
 * points at the survivor, the loser's shares are added to the survivor's, both histories get a
 * `merge` entry, and the loser goes to the recycle bin with its own history kept. One transaction,
 * inside the caller's (decision 106).
 *
 * @example
 * await mergeRecords(trx, writer, model, 'lead', { survivor: 3, loser: 7, picks: { mobile: 'loser' } }, actor);
 */
import { fieldTypeOf, RecordValidationError, type Problem } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { joinTableOf } from '../schema/layout.ts';
import { insertAudit, readMany, type Actor, type RecordData, type RecordWriter } from './record-writer.ts';
import { RecordNotFoundError } from './errors.ts';

export interface MergeRequest {
  survivor: number;
  loser: number;
  /** Per field, whose value the survivor keeps (default: its own). */
  picks?: Record<string, 'survivor' | 'loser'> | undefined;
}

export interface MergeResult {
  record: RecordData;
  /** Related records moved to the survivor, by `entity.field`. */
  moved: Record<string, number>;
}

/** The fields a merge may pick a value of: stored, writable values of the record itself. */
export function mergeableFields(model: AppModel, entityKey: string): Set<string> {
  return new Set(
    model
      .entity(entityKey)
      .fields.filter((f) => fieldTypeOf(f).writable && f.type !== 'lineItems' && !(f.type === 'relation' && f.kind !== 'manyToOne'))
      .map((f) => f.key),
  );
}

/** Refuses picks of unknown or unmergeable fields and a record merged with itself (400, naming the path). */
export function checkMergeRequest(model: AppModel, entityKey: string, request: MergeRequest): void {
  const problems: Problem[] = [];
  if (request.survivor === request.loser) problems.push({ path: '/loser', code: 'merge.sameRecord', message: 'must be another record than the survivor' });
  const mergeable = mergeableFields(model, entityKey);
  for (const key of Object.keys(request.picks ?? {})) {
    if (!mergeable.has(key)) problems.push({ path: `/picks/${key}`, code: 'merge.unknownField', message: `is not a field of ${entityKey} whose value a merge can pick` });
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
}

export async function mergeRecords(db: Kysely<DynamicTables>, writer: RecordWriter, model: AppModel, entityKey: string, request: MergeRequest, actor: Actor): Promise<MergeResult> {
  const entity = model.entity(entityKey);
  const locked = await readMany(db, model, entity, [request.survivor, request.loser], { lock: true });
  const survivor = locked.find((r) => r.id === request.survivor);
  const loser = locked.find((r) => r.id === request.loser);
  if (!survivor) throw new RecordNotFoundError(entityKey, request.survivor);
  if (!loser) throw new RecordNotFoundError(entityKey, request.loser);
  const body = Object.fromEntries(Object.entries(request.picks ?? {}).filter(([, from]) => from === 'loser').map(([key]) => [key, loser[key] ?? null]));

  const moved: Record<string, number> = {};
  for (const other of model.bundle.entities) {
    for (const field of other.fields) {
      if (field.type !== 'relation' || field.target !== entityKey) continue;
      if (field.kind === 'manyToOne') {
        const { rows } = await sql<{ id: number }>`
          UPDATE ${sql.table(`${model.schema}.${other.key}`)} SET ${sql.ref(field.key)} = ${request.survivor}, version = version + 1, updated_at = now()
           WHERE ${sql.ref(field.key)} = ${request.loser} RETURNING id`.execute(db);
        if (rows.length > 0) {
          moved[`${other.key}.${field.key}`] = rows.length;
          await insertAudit(db, model, other.key, rows.map((r) => ({ id: Number(r.id), action: 'merge', changes: { [field.key]: { from: request.loser, to: request.survivor } } })), actor);
        }
      } else if (field.kind === 'manyToMany') {
        const join = joinTableOf(other, field, model.bundle);
        const count = await relink(db, model.schema, join.table, join.targetColumn, join.sourceColumn, request.loser, request.survivor);
        if (count > 0) moved[`${other.key}.${field.key}`] = count;
      }
    }
  }
  // The loser's own many-to-many links (its side of the join table).
  for (const field of entity.fields) {
    if (field.type !== 'relation' || field.kind !== 'manyToMany' || field.target === entityKey) continue;
    const join = joinTableOf(entity, field, model.bundle);
    await relink(db, model.schema, join.table, join.sourceColumn, join.targetColumn, request.loser, request.survivor);
  }

  const shares = sql.table(`${model.schema}._shares`);
  await sql`INSERT INTO ${shares} (entity, record_id, user_id, department_id, access, created_by)
            SELECT s.entity, ${request.survivor}, s.user_id, s.department_id, s.access, s.created_by FROM ${shares} s
             WHERE s.entity = ${entityKey} AND s.record_id = ${request.loser}
               AND NOT EXISTS (SELECT 1 FROM ${shares} k WHERE k.entity = s.entity AND k.record_id = ${request.survivor}
                                AND k.user_id IS NOT DISTINCT FROM s.user_id AND k.department_id IS NOT DISTINCT FROM s.department_id)`.execute(db);

  const record = Object.keys(body).length > 0 ? await writer.update(model, entityKey, request.survivor, body, actor) : survivor;
  await insertAudit(db, model, entityKey, [
    { id: request.survivor, action: 'merge', changes: { merged_from: { to: request.loser } } },
    { id: request.loser, action: 'merge', changes: { merged_into: { to: request.survivor } } },
  ], actor);
  await writer.delete(model, entityKey, [request.loser], actor);
  return { record, moved };
}

/** Points the links of `from` at `to`, dropping the ones `to` already has. */
async function relink(db: Kysely<DynamicTables>, schema: string, table: string, column: string, otherColumn: string, from: number, to: number): Promise<number> {
  const ref = sql.table(`${schema}.${table}`);
  await sql`DELETE FROM ${ref} a WHERE a.${sql.ref(column)} = ${from}
             AND EXISTS (SELECT 1 FROM ${ref} b WHERE b.${sql.ref(column)} = ${to} AND b.${sql.ref(otherColumn)} = a.${sql.ref(otherColumn)})`.execute(db);
  const { numAffectedRows } = await sql`UPDATE ${ref} SET ${sql.ref(column)} = ${to} WHERE ${sql.ref(column)} = ${from}`.execute(db);
  return Number(numAffectedRows ?? 0);
}
