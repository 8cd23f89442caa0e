/**
 * Formulas computed when a record is read (decision 040): those that follow a relation or read
 * the clock. Each is one SQL expression, used alike by the SELECT list, filters, sorts and list
 * cursors, so what a list shows, filters and sorts always agree, and nothing goes stale when a
 * related record changes or the day turns.
 *
 * A value the reader may not see is NULL inside the formula: a field hidden from them (theirs or
 * the related entity's), or a related record outside their read scope.
 */
import type { Entity, Field, FormulaField } from '@pipewright/metadata';
import { bindPath, fieldTypeOf, isLiveFormula, opaqueSql, parseExpression, sqlText, sqlValue, translateExpression, type SqlAggregate, type SqlText } from '@pipewright/engines';
import { sql, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import { columnExpression } from '../query/filter-sql.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';

export const defaultAppTimeZone = 'Asia/Shanghai';

/** The SQL of live formula `field` of `entityKey`, on the row under `alias`, as `restriction`'s reader sees it. */
export function liveFormulaSql(model: AppModel, entityKey: string, field: FormulaField, alias: string, restriction: ReadRestriction | undefined): RawBuilder<unknown> {
  return toRaw(liveFormulaText(model, model.entity(entityKey), field, alias, restriction, 0));
}

/** Whether a field of `entity` is a formula computed when read. */
export function isLive(entity: Entity, field: Field | undefined): boolean {
  return field !== undefined && isLiveFormula(entity, field);
}

function liveFormulaText(model: AppModel, entity: Entity, field: FormulaField, alias: string, restriction: ReadRestriction | undefined, depth: number): SqlText {
  const timeZone = model.bundle.app.timeZone ?? defaultAppTimeZone;
  const readable = (entityKey: string, key: string) => {
    const fields = restriction?.fields(entityKey);
    return !fields || fields.includes(key);
  };
  const result = translateExpression(parseExpression(field.expression), {
    scope: { entity, entities: model.bundle.entities },
    timeZone,
    field: (path) => {
      if (path.length === 1) {
        const own = entity.fields.find((f) => f.key === path[0]);
        if (own && !readable(entity.key, own.key)) return sqlText`NULL`;
        // Formulas read each other's SQL; publish has refused loops, the depth is a guard.
        if (own?.type === 'formula' && isLive(entity, own)) return depth < 16 ? sqlText`(${liveFormulaText(model, entity, own, alias, restriction, depth + 1)})` : undefined;
      }
      const bound = bindPath(model.catalog, entity.key, path.join('.'));
      if ('problem' in bound) return undefined;
      if (bound.via.length > 0) {
        const target = model.entity(bound.via[bound.via.length - 1]!.target);
        if (bound.field && !readable(target.key, bound.field.key)) return sqlText`NULL`;
        if (isLive(target, bound.field)) return undefined;
      }
      const relatedScope = restriction ? (key: string) => restriction.relatedScope(key) : undefined;
      return opaqueSql(columnExpression(bound, { schema: model.schema, alias, relatedScope }));
    },
    aggregate: (aggregate, path) => lineAggregate(model, entity, aggregate, path, alias, readable),
  });
  return asResultType(result.sql, result.type, field, timeZone);
}

/** `SUM(parts.line_total)` → a subquery over the line-items table of the row. */
function lineAggregate(model: AppModel, entity: Entity, aggregate: SqlAggregate, path: readonly string[], alias: string, readable: (entity: string, key: string) => boolean): SqlText | undefined {
  const lines = entity.fields.find((f) => f.key === path[0]);
  if (!lines || lines.type !== 'lineItems' || path.length > 2) return undefined;
  if (!readable(entity.key, lines.key)) return sqlText`NULL`;
  const column = path[1];
  if (column !== undefined && !lines.fields.some((f) => f.key === column && fieldTypeOf(f).column(f))) return undefined;
  const child = `${alias}_l`;
  const value = column === undefined ? sql.raw('*') : sql.ref(`${child}.${column}`);
  const computed = aggregate === 'count' ? sql`count(${value})::numeric` : aggregate === 'sum' ? sql`COALESCE(sum(${value}), 0)` : sql`${sql.raw(aggregate)}(${value})`;
  return opaqueSql(sql`(SELECT ${computed} FROM ${sql.table(`${model.schema}.${entity.key}__${lines.key}`)} ${sql.id(child)} WHERE ${sql.ref(`${child}.parent_id`)} = ${sql.ref(`${alias}.id`)})`);
}

/** The value as the formula's `resultType` and `scale` give it, as a stored formula would be. */
function asResultType(value: SqlText, type: string, field: FormulaField, timeZone: string): SqlText {
  const zone = sqlValue(timeZone, 'text');
  switch (field.resultType) {
    case 'number':
    case 'currency':
    case 'percent':
      return field.scale === undefined ? sqlText`(${value})::numeric` : sqlText`round((${value})::numeric, ${sqlValue(String(field.scale), 'integer')})`;
    case 'date':
      return type === 'datetime' ? sqlText`((${value}) AT TIME ZONE ${zone})::date` : sqlText`(${value})::date`;
    case 'datetime':
      return type === 'date' ? sqlText`((${value})::timestamp AT TIME ZONE ${zone})` : sqlText`(${value})::timestamptz`;
    case 'text':
      if (type === 'number') return sqlText`trim_scale((${value})::numeric)::text`;
      return type === 'boolean' ? sqlText`CASE WHEN ${value} THEN 'TRUE' WHEN NOT ${value} THEN 'FALSE' END` : sqlText`(${value})::text`;
    case 'boolean':
      return sqlText`(${value})::boolean`;
  }
}

function toRaw(text: SqlText): RawBuilder<unknown> {
  return sql.join(
    text.parts.map((part) => (typeof part === 'string' ? sql.raw(part) : 'opaque' in part ? (part.opaque as RawBuilder<unknown>) : sql`${part.value}`)),
    sql.raw(''),
  );
}
