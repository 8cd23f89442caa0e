/**
 * The SELECT list of a record read: its columns, its line items and many-to-many ids aggregated
 * in subqueries, and expanded related records, so a page of records with everything it shows
 * costs one SQL round trip (no N+1).
 */
import type { Entity } from '@pipewright/metadata';
import { PipewrightError } from '@pipewright/engines';
import { sql, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import { joinTableOf, systemColumns, type ColumnLayout } from '../schema/layout.ts';
import { fromColumnValue, rowDecoder } from './row-codec.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { isLive, liveFormulaSql } from './live-formulas.ts';

export interface ReadShape {
  /** Field keys to return (system columns always come back). Unset: all fields. */
  fields?: readonly string[] | undefined;
  /** Many-to-one fields whose related record is returned in place of its id. */
  expand?: readonly string[] | undefined;
}

export interface SelectList {
  sql: RawBuilder<unknown>;
  decode(row: Record<string, unknown>): Record<string, unknown>;
}

const systemNames = new Set(systemColumns.map((c) => c.name));

/**
 * With a `restriction`, hidden fields are left out (asking for one by name is refused before this
 * by the permission guard) and expanded records outside the reader's scope read as absent.
 */
export function selectList(model: AppModel, entity: Entity, shape: ReadShape, alias = 't', restriction?: ReadRestriction): SelectList {
  const table = model.table(entity.key);
  const wanted = shape.fields ? new Set(shape.fields) : undefined;
  for (const key of shape.fields ?? []) {
    if (!systemNames.has(key) && !entity.fields.some((f) => f.key === key)) {
      throw new PipewrightError('query.unknownField', `Entity "${entity.key}" has no field "${key}"`, [{ path: '/fields', code: 'query.unknownField', message: `unknown field "${key}"` }]);
    }
  }
  const expand = new Set(shape.expand ?? []);
  for (const key of expand) {
    const field = entity.fields.find((f) => f.key === key);
    if (!field || field.type !== 'relation' || field.kind !== 'manyToOne') {
      throw new PipewrightError('query.badExpand', `"${key}" is not a many-to-one relation of "${entity.key}"`, [{ path: '/expand', code: 'query.badExpand', message: `"${key}" cannot be expanded` }]);
    }
  }
  const readable = restriction?.fields(entity.key);
  const allowed = readable ? new Set(readable) : undefined;
  const include = (key: string) => systemNames.has(key) || ((!wanted || wanted.has(key)) && (!allowed || allowed.has(key)));
  const columns = table.columns.filter((c) => include(c.field ?? c.name) && !c.name.endsWith('__key'));
  // Date-times come back as PostgreSQL's text (the session runs in UTC), which turns into the API's
  // ISO form by rearranging characters, cheaper than parsing into a Date and printing it again.
  // A formula that follows a relation or the clock is computed here (decision 040); its column stays empty.
  const valueOf = (c: ColumnLayout): RawBuilder<unknown> => {
    const field = c.field === c.name ? entity.fields.find((f) => f.key === c.name) : undefined;
    return field?.type === 'formula' && isLive(entity, field) ? sql`(${liveFormulaSql(model, entity.key, field, alias, restriction)})` : sql.ref(`${alias}.${c.name}`);
  };
  const parts: RawBuilder<unknown>[] = columns.map((c) => (c.family === 'datetime' ? sql`${valueOf(c)}::text AS ${sql.id(c.name)}` : sql`${valueOf(c)} AS ${sql.id(c.name)}`));
  const decodeColumns = rowDecoder(columns);
  const extras: { key: string; decode: (v: unknown) => unknown }[] = [];
  let expansions = 0;
  for (const field of entity.fields) {
    if (!include(field.key)) continue;
    if (field.type === 'lineItems') {
      const child = model.table(`${entity.key}__${field.key}`);
      const childColumns = child.columns.filter((c) => c.name !== 'parent_id' && !c.name.endsWith('__key'));
      parts.push(
        sql`(SELECT coalesce(json_agg(${jsonObject(childColumns, 'c')} ORDER BY c.position), '[]'::json) FROM ${sql.table(`${model.schema}.${child.name}`)} c WHERE c.parent_id = ${sql.ref(`${alias}.id`)}) AS ${sql.id(field.key)}`,
      );
      const decodeChild = rowDecoder(childColumns);
      extras.push({ key: field.key, decode: (v) => ((parse(v) ?? []) as Record<string, unknown>[]).map(decodeChild) });
    } else if (field.type === 'relation' && field.kind === 'manyToMany') {
      const join = joinTableOf(entity, field, model.bundle);
      parts.push(
        sql`(SELECT coalesce(array_agg(j.${sql.id(join.targetColumn)} ORDER BY j.${sql.id(join.targetColumn)}), '{}') FROM ${sql.table(`${model.schema}.${join.table}`)} j WHERE j.${sql.id(join.sourceColumn)} = ${sql.ref(`${alias}.id`)}) AS ${sql.id(field.key)}`,
      );
      extras.push({ key: field.key, decode: (v) => fromColumnValue('idList', v) });
    } else if (field.type === 'relation' && field.kind === 'manyToOne' && expand.has(field.key)) {
      const target = model.table(field.target);
      const targetReadable = restriction?.fields(field.target);
      const targetAllowed = targetReadable ? new Set(targetReadable) : undefined;
      const targetColumns = target.columns.filter((c) => !c.name.endsWith('__key') && (!targetAllowed || systemNames.has(c.name) || targetAllowed.has(c.field ?? c.name)));
      const name = `${field.key}__expanded`;
      const xAlias = `${alias}_x${++expansions}`;
      const visible = restriction?.condition(field.target, xAlias);
      parts.push(
        sql`(SELECT ${jsonObject(targetColumns, xAlias)} FROM ${sql.table(`${model.schema}.${field.target}`)} ${sql.id(xAlias)} WHERE ${sql.ref(`${xAlias}.id`)} = ${sql.ref(`${alias}.${field.key}`)} AND ${sql.ref(`${xAlias}.deleted_at`)} IS NULL${visible ? sql` AND ${visible}` : sql``}) AS ${sql.id(name)}`,
      );
      const decodeTarget = rowDecoder(targetColumns);
      extras.push({ key: name, decode: (v) => (v === null || v === undefined ? null : decodeTarget(parse(v) as Record<string, unknown>)) });
    }
  }
  return {
    sql: sql.join(parts),
    decode(row) {
      const record = decodeColumns(row);
      for (const extra of extras) {
        const value = extra.decode(row[extra.key]);
        if (extra.key.endsWith('__expanded')) {
          const key = extra.key.slice(0, -'__expanded'.length);
          if (value !== null || record[key] === null) record[key] = value;
        } else {
          record[extra.key] = value;
        }
      }
      return record;
    },
  };
}

/** `json_build_object` for many columns (chunks of 40 pairs joined with `||` as jsonb). */
function jsonObject(columns: readonly ColumnLayout[], alias: string): RawBuilder<unknown> {
  const chunks: RawBuilder<unknown>[] = [];
  for (let i = 0; i < columns.length; i += 40) {
    const pairs = columns.slice(i, i + 40).flatMap((c) => [sql.lit(c.name), sql.ref(`${alias}.${c.name}`)]);
    chunks.push(sql`jsonb_build_object(${sql.join(pairs)})`);
  }
  return chunks.length === 0 ? sql`'{}'::jsonb` : sql.join(chunks, sql` || `);
}

function parse(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
