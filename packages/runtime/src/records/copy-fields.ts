/**
 * Values copied from a record when it is picked (`copyFields` on a many-to-one relation,
 * decision 041): a line's unit price from its product, on create and whenever the relation
 * changes, unless the write gives the value itself. The copy belongs to the record from then on:
 * later changes of the picked record do not reach it (a quote keeps the price it was made with).
 *
 * Only what the writer may read is copied (a hidden field, a record outside their read scope,
 * leaves the value empty), in one query per related entity for a whole batch.
 */
import type { Entity, Field } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { rowDecoder } from './row-codec.ts';

type Body = Record<string, unknown>;
type Relation = Extract<Field, { type: 'relation' }>;

interface Wanted {
  target: Relation['target'];
  id: number;
  /** Where the values go. */
  into: Body;
  copies: NonNullable<Relation['copyFields']>;
}

/** Whether an entity copies anything on a pick, so callers can skip the work. */
export function copiesFields(entity: Entity): boolean {
  return entity.fields.some((f) => copying(f) || (f.type === 'lineItems' && f.fields.some(copying)));
}

/**
 * The bodies with the copied values filled in (new objects; the originals are not changed).
 * `before` gives the current record of an update (a relation that keeps its value copies nothing).
 */
export async function withCopiedFields(
  db: Kysely<DynamicTables>,
  model: AppModel,
  entity: Entity,
  bodies: readonly unknown[],
  before: (i: number) => Body | undefined,
  restriction: ReadRestriction | undefined,
): Promise<unknown[]> {
  if (!copiesFields(entity)) return [...bodies];
  const wanted: Wanted[] = [];
  const copied = bodies.map((body, i) => {
    if (!isBody(body)) return body;
    const out: Body = { ...body };
    for (const field of entity.fields) {
      if (copying(field) && Object.hasOwn(body, field.key) && body[field.key] !== before(i)?.[field.key]) want(wanted, field, body[field.key], out);
      if (field.type !== 'lineItems' || !Array.isArray(body[field.key])) continue;
      out[field.key] = (body[field.key] as unknown[]).map((line) => {
        if (!isBody(line)) return line;
        const copy: Body = { ...line };
        for (const child of field.fields) if (copying(child) && Object.hasOwn(line, child.key)) want(wanted, child, line[child.key], copy);
        return copy;
      });
    }
    return out;
  });
  for (const target of new Set(wanted.map((w) => w.target))) {
    const forTarget = wanted.filter((w) => w.target === target);
    const records = await readPicked(db, model, target, forTarget, restriction);
    for (const w of forTarget) {
      const record = records.get(w.id);
      for (const copy of w.copies) if (!Object.hasOwn(w.into, copy.to) && record && Object.hasOwn(record, copy.from)) w.into[copy.to] = record[copy.from];
    }
  }
  return copied;
}

function copying(field: Field): field is Relation {
  return field.type === 'relation' && field.kind === 'manyToOne' && (field.copyFields?.length ?? 0) > 0;
}

function want(wanted: Wanted[], field: Relation, value: unknown, into: Body): void {
  // Ids the validator will refuse are left to it.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) return;
  const copies = field.copyFields!.filter((c) => !Object.hasOwn(into, c.to));
  if (copies.length > 0) wanted.push({ target: field.target, id: value, into, copies });
}

async function readPicked(db: Kysely<DynamicTables>, model: AppModel, target: string, wanted: Wanted[], restriction: ReadRestriction | undefined): Promise<Map<number, Body>> {
  const readable = restriction?.fields(target);
  const keys = [...new Set(wanted.flatMap((w) => w.copies.map((c) => c.from)))].filter((key) => !readable || readable.includes(key));
  const columns = model.table(target).columns.filter((c) => c.field !== undefined && keys.includes(c.name));
  if (columns.length === 0) return new Map();
  const visible = restriction?.condition(target, 'p');
  const { rows } = await sql<Body>`
    SELECT p.id, ${sql.join(columns.map((c) => sql.ref(`p.${c.name}`)))} FROM ${sql.table(`${model.schema}.${target}`)} p
     WHERE p.id IN (${sql.join([...new Set(wanted.map((w) => w.id))])}) AND p.deleted_at IS NULL${visible ? sql` AND ${visible}` : sql``}`.execute(db);
  const decode = rowDecoder(columns);
  return new Map(rows.map((row) => [Number(row.id), decode(row)]));
}

function isBody(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
