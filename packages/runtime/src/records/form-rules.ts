/**
 * The entity's form rules on the write path: the engines decide (`checkFormRules`, the same code
 * the studio's form runs) and the writer refuses the whole write with every breach, at the
 * item's path (`/resolution`, `/2/resolution` in a batch). Trusted internal callers (sample
 * data, migrations, automation) are not held to a form, as they are not held to roles.
 *
 * Conditions over a related record (`requiredWhen: "account.industry = 'gov'"`) see it as the
 * writer may read it: the records the items point at (before and after the write) are read in
 * one query per relation, with the writer's read scope and readable fields; a record or field
 * they may not read is empty, as it is in their form.
 */
import type { Entity } from '@pipewright/metadata';
import { checkFormRules, enforcedForm, formRelations, RecordValidationError, type FormRuleInput, type Problem } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { rowDecoder } from './row-codec.ts';

export type FormRuleItem = Omit<FormRuleInput, 'now' | 'timeZone' | 'related' | 'entities'>;

/** Throws `RecordValidationError` when any item breaks the rules of the entity's enforced form. */
export async function enforceFormRules(
  db: Kysely<DynamicTables>,
  model: AppModel,
  entity: Entity,
  items: readonly FormRuleItem[],
  context: { now: Date; timeZone?: string | undefined; restriction?: ReadRestriction | undefined },
  itemPath: (index: number) => string,
): Promise<void> {
  const form = enforcedForm(model.bundle, entity.key);
  if (!form) return;
  const related = await relatedRecords(db, model, entity, formRelations(form, entity), items, context.restriction);
  const problems: Problem[] = items.flatMap((item, i) =>
    checkFormRules(form, entity, { ...item, now: context.now, timeZone: context.timeZone, related, entities: model.bundle.entities }).map((p) => ({ ...p, path: itemPath(i) + p.path })),
  );
  if (problems.length > 0) throw new RecordValidationError(problems);
}

type Related = Record<string, Record<string, Record<string, unknown>>>;

/** relation key → id → the readable fields the conditions use, of the records the items name. */
async function relatedRecords(
  db: Kysely<DynamicTables>,
  model: AppModel,
  entity: Entity,
  relations: Record<string, string[]>,
  items: readonly FormRuleItem[],
  restriction: ReadRestriction | undefined,
): Promise<Related | undefined> {
  const keys = Object.keys(relations);
  if (keys.length === 0) return undefined;
  const related: Related = {};
  for (const key of keys) {
    const field = entity.fields.find((f) => f.key === key);
    if (field?.type !== 'relation') continue;
    const ids = [...new Set(items.flatMap((item) => [item.record[key], item.before?.[key]]).filter((id): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0))];
    related[key] = {};
    if (ids.length === 0) continue;
    const readable = restriction?.fields(field.target);
    const wanted = relations[key]!.filter((name) => !readable || readable.includes(name));
    const columns = model.table(field.target).columns.filter((c) => c.field !== undefined && wanted.includes(c.name));
    const visible = restriction?.condition(field.target, 'r');
    const { rows } = await sql<Record<string, unknown>>`
      SELECT r.id${columns.length > 0 ? sql`, ${sql.join(columns.map((c) => sql.ref(`r.${c.name}`)))}` : sql``}
        FROM ${sql.table(`${model.schema}.${field.target}`)} r
       WHERE r.id IN (${sql.join(ids)}) AND r.deleted_at IS NULL${visible ? sql` AND ${visible}` : sql``}`.execute(db);
    const decode = rowDecoder(columns);
    for (const row of rows) related[key][String(row.id)] = decode(row);
  }
  return related;
}
