/**
 * Lists of records: filter, search, sort by several fields (also through relations), keyset or
 * offset pagination, field selection and expansion, and counting that uses the planner's
 * estimate where an exact count would scan a large table.
 *
 * @example
 * await listRecords(db, model, 'opportunity', {
 *   filter: { and: [{ field: 'stage', op: 'eq', value: 'negotiation' }, { field: 'owner_id', op: 'eq', value: 7 }] },
 *   sort: [{ field: 'amount', direction: 'desc' }],
 *   pageSize: 50,
 * }, context);
 */
import type { Entity, Filter, SortOrder } from '@pipewright/metadata';
import { bindFilter, bindPath, fieldTypeOf, PipewrightError, type BoundPath, type FilterContext, type Scalar } from '@pipewright/engines';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { searchExpression } from '../schema/ddl.ts';
import { searchFields } from '../schema/layout.ts';
import { isLive, liveFormulaSql } from '../records/live-formulas.ts';
import { selectList, type ReadShape } from '../records/select-list.ts';
import { columnExpression, compileFilter, escapeLike, parameter, type FilterTarget } from './filter-sql.ts';
import { decodeCursor, encodeCursor } from './list-cursor.ts';
import type { ReadRestriction } from './read-restriction.ts';

export interface ListQuery extends ReadShape {
  filter?: Filter | undefined;
  sort?: SortOrder[] | undefined;
  /** Words to find in the entity's searchable fields (all must occur). */
  search?: string | undefined;
  pageSize?: number | undefined;
  /** From a previous page's `nextCursor` (keyset pagination). */
  cursor?: string | undefined;
  /** Rows to skip (offset pagination, for small jumps; at most `maxOffset`). */
  offset?: number | undefined;
  /** `auto` (default): exact when cheap, else the planner's estimate. */
  count?: 'none' | 'estimate' | 'exact' | 'auto' | undefined;
  /** List the recycle bin instead of live records. */
  deleted?: boolean | undefined;
  /** What the reader may see (permissions); absent: everything. */
  restriction?: ReadRestriction | undefined;
  /** Only records linked to `sourceId` through a many-to-many join table (related lists). */
  linkedTo?: { table: string; sourceColumn: string; targetColumn: string; sourceId: number } | undefined;
}

export interface ListPage {
  items: Record<string, unknown>[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
  total?: number;
  /** Whether `total` is exact or the planner's estimate. */
  totalKind?: 'exact' | 'estimate';
}

export const maxPageSize = 500;
export const maxOffset = 10_000;
const exactCountLimit = 10_000;

interface SortKey {
  path: BoundPath;
  expression: RawBuilder<unknown>;
  desc: boolean;
  nullsFirst: boolean;
  /** Name of the extra selected column holding this key's value, for the cursor. */
  alias: string;
}

export async function listRecords(db: Kysely<DynamicTables>, model: AppModel, entityKey: string, query: ListQuery, context: FilterContext): Promise<ListPage> {
  const entity = model.entity(entityKey);
  const pageSize = query.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxPageSize) badQuery('/pageSize', `must be an integer from 1 to ${maxPageSize}`);
  if (query.offset !== undefined && (!Number.isInteger(query.offset) || query.offset < 0 || query.offset > maxOffset)) {
    badQuery('/offset', `must be an integer from 0 to ${maxOffset}; use the cursor to page further`);
  }
  if (query.offset && query.cursor) badQuery('/cursor', 'use either cursor or offset, not both');
  const alias = 't';
  const restriction = query.restriction;
  const target: FilterTarget = {
    schema: model.schema,
    alias,
    relatedScope: restriction ? (key: string) => restriction.relatedScope(key) : undefined,
    entity: entity.key,
    liveFormula: (key, field, at) => (field.type === 'formula' && isLive(model.entity(key), field) ? liveFormulaSql(model, key, field, at, restriction) : undefined),
  };
  const conditions: RawBuilder<unknown>[] = [query.deleted ? sql`t.deleted_at IS NOT NULL` : sql`t.deleted_at IS NULL`];
  const visible = restriction?.condition(entity.key, alias);
  if (visible) conditions.push(visible);
  if (query.linkedTo) {
    const link = query.linkedTo;
    conditions.push(sql`t.id IN (SELECT ${sql.id(link.targetColumn)} FROM ${sql.table(`${model.schema}.${link.table}`)} WHERE ${sql.id(link.sourceColumn)} = ${link.sourceId})`);
  }
  if (query.filter !== undefined) conditions.push(compileFilter(bindFilter(model.catalog, entity.key, query.filter, context, '/filter'), target));
  if (query.search !== undefined && query.search.includes('\u0000')) badQuery('/search', 'must not contain NUL characters (U+0000)');
  if (query.search !== undefined && query.search.trim() !== '') {
    if (searchFields(entity).length === 0) badQuery('/search', `entity "${entity.key}" has no searchable fields`);
    const fields = searchableFor(entity, restriction);
    // A reader who may read none of the searchable fields finds nothing.
    if (fields.length === 0) conditions.push(sql`FALSE`);
    const document = sql.raw(searchExpression(fields, alias));
    for (const word of fields.length === 0 ? [] : query.search.trim().toLowerCase().split(/\s+/).slice(0, 8)) {
      conditions.push(sql`${document} LIKE ${`%${escapeLike(word)}%`}`);
    }
  }
  const keys = sortKeys(model, entity.key, query.sort ?? [], target);
  const where = sql.join(conditions, sql` AND `);
  const pageWhere = query.cursor ? sql`${where} AND ${afterCursor(keys, decodeCursor(query.cursor, keys.map((k) => k.path.family)))}` : where;
  const select = selectList(model, entity, query, alias, restriction);
  const order = sql.join(keys.map((k) => sql`${k.expression} ${sql.raw(k.desc ? 'DESC' : 'ASC')} NULLS ${sql.raw(k.nullsFirst ? 'FIRST' : 'LAST')}`));
  // Sort values travel in the cursor as PostgreSQL's own text (see list-cursor.ts).
  const keyColumns = keys.filter((k) => k.alias !== 'id').map((k) => sql`(${k.expression})::text AS ${sql.id(k.alias)}`);
  const from = sql`${sql.table(`${model.schema}.${entity.key}`)} ${sql.id(alias)}`;
  const rowsQuery = sql<Record<string, unknown>>`
    SELECT ${select.sql}${keyColumns.length > 0 ? sql`, ${sql.join(keyColumns)}` : sql``}
      FROM ${from} WHERE ${pageWhere} ORDER BY ${order} LIMIT ${pageSize + 1}${query.offset ? sql` OFFSET ${query.offset}` : sql``}`;

  const mode = query.count ?? 'auto';
  const countFirstPage = !query.cursor && !query.offset;
  const [rows, estimate] = await Promise.all([
    rowsQuery.execute(db),
    mode === 'estimate' || (mode === 'auto' && countFirstPage) ? estimateRows(db, sql`SELECT 1 FROM ${from} WHERE ${where}`) : Promise.resolve(undefined),
  ]);
  const hasMore = rows.rows.length > pageSize;
  const pageRows = rows.rows.slice(0, pageSize);
  const page: ListPage = { items: pageRows.map((r) => select.decode(r)) };
  if (hasMore) page.nextCursor = encodeCursor(keys.map((k) => k.alias), pageRows[pageRows.length - 1]!);

  if (mode === 'exact') {
    page.total = await exactCount(db, sql`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
    page.totalKind = 'exact';
  } else if (mode === 'auto' && countFirstPage && !hasMore) {
    page.total = pageRows.length;
    page.totalKind = 'exact';
  } else if (mode === 'auto' && countFirstPage && estimate !== undefined && estimate <= exactCountLimit) {
    page.total = await exactCount(db, sql`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
    page.totalKind = 'exact';
  } else if (estimate !== undefined) {
    page.total = Math.max(estimate, (query.offset ?? 0) + pageRows.length);
    page.totalKind = 'estimate';
  }
  return page;
}

/**
 * The searchable fields a reader may read, in the index's order. A reader who sees them all
 * searches the indexed expression (the trigram index serves it); one who does not searches only
 * the fields they see, so a hidden value can never be found, or guessed prefix by prefix.
 */
function searchableFor(entity: Entity, restriction: ReadRestriction | undefined): string[] {
  const fields = searchFields(entity);
  const readable = restriction?.fields(entity.key);
  if (!readable) return fields;
  const allowed = new Set(readable);
  return fields.filter((key) => allowed.has(key));
}

function sortKeys(model: AppModel, entityKey: string, sort: SortOrder[], target: FilterTarget): SortKey[] {
  if (sort.length > 8) badQuery('/sort', 'at most 8 sort fields');
  const keys: SortKey[] = sort.map((s, i) => {
    const path = bindPath(model.catalog, entityKey, s.field);
    if ('problem' in path) badQuery(`/sort/${i}/field`, path.problem);
    if (path.field && !fieldTypeOf(path.field).sortable) badQuery(`/sort/${i}/field`, `a ${path.field.type} field cannot be sorted`);
    const desc = s.direction === 'desc';
    return { path, expression: columnExpression(path, target), desc, nullsFirst: s.nulls ? s.nulls === 'first' : desc, alias: `_k${i}` };
  });
  const last = keys[keys.length - 1];
  keys.push({
    path: { via: [], column: 'id', family: 'id', field: undefined, caseInsensitive: false },
    expression: sql.ref(`${target.alias}.id`),
    desc: last?.desc ?? false,
    nullsFirst: false,
    alias: 'id',
  });
  return keys;
}

/** Rows strictly after the cursor in the list's order. */
function afterCursor(keys: SortKey[], values: (Scalar | null)[]): RawBuilder<unknown> {
  // A row comparison is exact when every key runs the same way and empty values sort before the
  // others (so none of them lie after the cursor), and it lets the index serve the page directly.
  const uniform = keys.every((k) => k.desc === keys[0]!.desc && (k.nullsFirst || k.alias === 'id'));
  if (uniform && values.every((v) => v !== null)) {
    const left = sql.join(keys.map((k) => k.expression));
    const right = sql.join(keys.map((k, i) => parameter(k.path, values[i]!)));
    return keys[0]!.desc ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
  }
  const branches: RawBuilder<unknown>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const ties = keys.slice(0, i).map((k, j) => equalTo(k, values[j]!));
    const after = laterThan(keys[i]!, values[i]!);
    if (after) branches.push(ties.length > 0 ? sql`(${sql.join([...ties, after], sql` AND `)})` : after);
  }
  return branches.length > 0 ? sql`(${sql.join(branches, sql` OR `)})` : sql`FALSE`;
}

function equalTo(key: SortKey, value: Scalar | null): RawBuilder<unknown> {
  return value === null ? sql`${key.expression} IS NULL` : sql`${key.expression} = ${parameter(key.path, value)}`;
}

function laterThan(key: SortKey, value: Scalar | null): RawBuilder<unknown> | undefined {
  if (value === null) return key.nullsFirst ? sql`${key.expression} IS NOT NULL` : undefined;
  const compare = key.desc ? sql`${key.expression} < ${parameter(key.path, value)}` : sql`${key.expression} > ${parameter(key.path, value)}`;
  return key.nullsFirst ? compare : sql`(${compare} OR ${key.expression} IS NULL)`;
}

async function estimateRows(db: Kysely<DynamicTables>, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(parsed[0]?.Plan['Plan Rows'] ?? 0);
}

async function exactCount(db: Kysely<DynamicTables>, query: RawBuilder<{ n: unknown }>): Promise<number> {
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0);
}

function badQuery(path: string, message: string): never {
  throw new PipewrightError('query.invalid', `Invalid query: ${path} ${message}`, [{ path, code: 'query.invalid', message }]);
}
