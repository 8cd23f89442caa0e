/**
 * The query string of a record list, and its translation into the runtime's `ListQuery`.
 *
 * | parameter  | example                                             |
 * | ---------- | --------------------------------------------------- |
 * | `filter`   | `{"field":"stage","op":"eq","value":"won"}` (JSON)   |
 * | `sort`     | `-amount,name` or `[{"field":"amount","direction":"desc"}]` |
 * | `fields`   | `name,amount` (system fields always come back)      |
 * | `expand`   | `account,primary_contact` (many-to-one relations)   |
 * | `search`/`q` | `星辰 科技` (every word must occur)               |
 * | `pageSize` | 1 … 500 (default 50)                                 |
 * | `cursor`   | a previous page's `nextCursor`                       |
 * | `offset`   | 0 … 10000 (for small jumps; not with `cursor`)       |
 * | `count`    | `none`, `estimate`, `exact`, `auto` (default)        |
 * | `deleted`  | `true`: the recycle bin                              |
 *
 * @example
 * toListQuery({ filter: '{"field":"status","op":"eq","value":"new"}', sort: '-created_at', pageSize: 20 });
 */
import type { Filter, SortOrder } from '@pipewright/metadata';
import { PipewrightError } from '@pipewright/engines';
import { maxOffset, maxPageSize, type ListQuery } from '@pipewright/runtime';
import { noNulPattern } from '../route-params.ts';

/** The list query string as fastify hands it over after validating it against {@link listQuerySchema}. */
export interface ListParams {
  filter?: string;
  sort?: string;
  fields?: string;
  expand?: string;
  search?: string;
  q?: string;
  pageSize?: number;
  cursor?: string;
  offset?: number;
  count?: 'none' | 'estimate' | 'exact' | 'auto';
  deleted?: boolean;
}

/** The read shape of a single record: `fields`, `expand`, and `deleted=true` to read from the recycle bin. */
export interface ReadParams {
  fields?: string;
  expand?: string;
  deleted?: boolean;
}

const listText = { type: 'string', maxLength: 4000, description: 'Comma-separated field keys' } as const;

/** JSON Schema of the read shape parameters. */
export const readQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fields: listText,
    expand: { ...listText, description: 'Comma-separated many-to-one relation fields to return as records' },
    deleted: { type: 'boolean', description: 'Read a record in the recycle bin' },
  },
} as const;

/** JSON Schema of the list query string (fastify validates it and coerces numbers and booleans). */
export const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter: { type: 'string', maxLength: 16_384, description: 'A filter of the filter language, as JSON' },
    sort: { type: 'string', maxLength: 2000, description: 'Comma-separated field paths, `-` for descending (`-amount,name`), or a JSON array of {field, direction, nulls}' },
    fields: readQuerySchema.properties.fields,
    expand: readQuerySchema.properties.expand,
    search: { type: 'string', maxLength: 500, pattern: noNulPattern, description: 'Words to find in the searchable fields' },
    q: { type: 'string', maxLength: 500, pattern: noNulPattern, description: 'Same as search' },
    pageSize: { type: 'integer', minimum: 1, maximum: maxPageSize, default: 50 },
    cursor: { type: 'string', maxLength: 4000, description: 'The nextCursor of the previous page' },
    offset: { type: 'integer', minimum: 0, maximum: maxOffset },
    count: { type: 'string', enum: ['none', 'estimate', 'exact', 'auto'], description: 'How to count the total (auto: exact when cheap, else estimated)' },
    deleted: { type: 'boolean', description: 'List the recycle bin' },
  },
} as const;

/** The runtime query for a validated list query string. Throws `query.invalid` for a bad filter or sort. */
export function toListQuery(params: ListParams): ListQuery {
  const query: ListQuery = {
    fields: commaList(params.fields, '/fields'),
    expand: commaList(params.expand, '/expand'),
    pageSize: params.pageSize,
    cursor: params.cursor,
    offset: params.offset,
    count: params.count,
    deleted: params.deleted,
  };
  if (params.search !== undefined && params.q !== undefined && params.search !== params.q) invalid('/q', 'use either search or q, not both');
  const search = params.search ?? params.q;
  if (search !== undefined) query.search = search;
  if (params.filter !== undefined) query.filter = parseFilter(params.filter);
  if (params.sort !== undefined) query.sort = parseSort(params.sort);
  return query;
}

/** The read shape of a single record. */
export function toReadShape(params: ReadParams): { fields?: string[] | undefined; expand?: string[] | undefined; includeDeleted?: boolean } {
  return { fields: commaList(params.fields, '/fields'), expand: commaList(params.expand, '/expand'), includeDeleted: params.deleted === true };
}

const fieldPath = /^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,4}$/;
const fieldKey = /^[a-z][a-z0-9_]{0,62}$/;

function commaList(text: string | undefined, path: string): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  items.forEach((item, i) => {
    if (!fieldKey.test(item)) invalid(`${path}/${i}`, `"${item}" is not a field key`);
  });
  return items;
}

function parseFilter(text: string): Filter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('/filter', 'is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) invalid('/filter', 'must be a JSON object: a condition {field, op, value} or {and: […]}, {or: […]}, {not: …}');
  // The shape is checked in depth by the runtime's filter binding, which names the path of each problem.
  return parsed as Filter;
}

function parseSort(text: string): SortOrder[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parseJsonSort(trimmed);
  return trimmed.split(',').map((token, i) => {
    const item = token.trim();
    const desc = item.startsWith('-');
    const field = desc || item.startsWith('+') ? item.slice(1) : item;
    if (!fieldPath.test(field)) invalid(`/sort/${i}`, `"${item}" is not a field path (field, -field, relation.field)`);
    return { field, direction: desc ? 'desc' : 'asc' };
  });
}

function parseJsonSort(text: string): SortOrder[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return invalid('/sort', 'is not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return invalid(`/sort/${i}`, 'must be an object {field, direction?, nulls?}');
    const { field, direction, nulls, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) invalid(`/sort/${i}/${extra}`, 'is not allowed here');
    if (typeof field !== 'string' || !fieldPath.test(field)) invalid(`/sort/${i}/field`, 'must be a field path');
    if (direction !== undefined && direction !== 'asc' && direction !== 'desc') invalid(`/sort/${i}/direction`, 'must be asc or desc');
    if (nulls !== undefined && nulls !== 'first' && nulls !== 'last') invalid(`/sort/${i}/nulls`, 'must be first or last');
    const order: SortOrder = { field };
    if (direction !== undefined) order.direction = direction;
    if (nulls !== undefined) order.nulls = nulls;
    return order;
  });
}

function invalid(path: string, message: string): never {
  throw new PipewrightError('query.invalid', `Invalid query: ${path} ${message}`, [{ path, code: 'query.invalid', message }]);
}
