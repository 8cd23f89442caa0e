/**
 * Field paths as reports, rules, forms and workflows use them: a field, a path through many-to-one
 * relations (`account.industry`), or one of the system columns every record table has.
 */
import type { Field } from '../generated/types.ts';
import { isPathProblem, type Catalog, type PathProblem } from './catalog.ts';
import { systemFieldKeys } from './entities.ts';

/** What a path ends at: a field of some entity, or a system column such as `owner_id`. */
export type Column = { source: 'field'; field: Field } | { source: 'system'; column: string };

/** Whether `resolveColumn` found a column (rather than a problem with the path). */
export function isColumn(result: Column | PathProblem): result is Column {
  return 'source' in result;
}

/** Value kinds of the system columns, in the vocabulary of field types. */
const systemColumnTypes: Readonly<Record<string, string>> = {
  id: 'id',
  parent_id: 'id',
  created_at: 'datetime',
  updated_at: 'datetime',
  deleted_at: 'datetime',
  created_by: 'user',
  updated_by: 'user',
  owner_id: 'user',
  version: 'integer',
  position: 'integer',
  search_vector: 'search',
};

/**
 * Resolves a path from an entity, accepting a system column where a field key could stand.
 *
 * @example
 * resolveColumn(catalog, 'opportunity', 'owner_id') // { source: 'system', column: 'owner_id' }
 */
export function resolveColumn(catalog: Catalog, entityKey: string, path: string): Column | PathProblem {
  const resolved = catalog.resolvePath(entityKey, path);
  if (!isPathProblem(resolved)) return { source: 'field', field: resolved.field };
  const segments = path.split('.');
  const last = segments.pop()!;
  if (!systemFieldKeys.has(last)) return resolved;
  if (segments.length === 0) return catalog.entity(entityKey) ? { source: 'system', column: last } : resolved;
  // `account.owner_id`: the relations must resolve, the last segment is the target's system column.
  const via = catalog.resolvePath(entityKey, segments.join('.'));
  if (isPathProblem(via)) return via;
  if (via.field.type !== 'relation' || via.field.kind !== 'manyToOne') {
    return { kind: 'notARelation', segment: via.field.key, entity: via.entity.key };
  }
  return catalog.entity(via.field.target) ? { source: 'system', column: last } : { kind: 'unknownEntity', entity: via.field.target };
}

/** The type of value a column holds: the field type, a formula's result type, or the system column's kind. */
export function valueType(column: Column): string {
  if (column.source === 'system') return systemColumnTypes[column.column] ?? 'unknown';
  return column.field.type === 'formula' ? column.field.resultType : column.field.type;
}

/** Whether a column holds a date or a timestamp (date buckets, calendars, waits until a date). */
export function isDateColumn(column: Column): boolean {
  return ['date', 'datetime'].includes(valueType(column));
}

/** Whether a column holds a user: a user field, `owner_id`, `created_by` or `updated_by`. */
export function isUserColumn(column: Column): boolean {
  return valueType(column) === 'user';
}
