/**
 * Compiles a bound filter (see `bindFilter` in @pipewright/engines) to a SQL condition. The
 * semantics are those of `matchesFilter`, which the property tests check this against.
 *
 * Outside a NOT, SQL's NULL behaves as false and plain, index-friendly predicates are used. Inside
 * a NOT, each predicate is made two-valued (`IS TRUE`), so NOT keeps its meaning on empty values.
 *
 * @example
 * const where = compileFilter(bound, { schema: 'app_crm', table: 'opportunity', alias: 't' });
 * await sql`SELECT id FROM app_crm.opportunity t WHERE ${where}`.execute(db);
 */
import type { Field } from '@pipewright/metadata';
import type { BoundFilter, BoundPath, Scalar } from '@pipewright/engines';
import { sql, type RawBuilder } from 'kysely';

export interface FilterTarget {
  schema: string;
  /** Alias of the filtered table in the query. */
  alias: string;
  /**
   * The reader's scope on a related entity. A path through a relation (`account.industry`) only
   * sees related records inside it, so a filter cannot reveal values of records the reader may not
   * read. Undefined: no restriction (platform admins, internal queries).
   */
  relatedScope?: ((entityKey: string) => BoundFilter | undefined) | undefined;
  /** The filtered entity, for `liveFormula`. */
  entity?: string | undefined;
  /**
   * The SQL of a formula computed when read (decision 040) on the row under `alias`, or
   * undefined for a field stored in its column.
   */
  liveFormula?: ((entityKey: string, field: Field, alias: string) => RawBuilder<unknown> | undefined) | undefined;
}

type Condition = RawBuilder<unknown>;

export function compileFilter(filter: BoundFilter, target: FilterTarget): Condition {
  return compile(filter, target, false);
}

function compile(filter: BoundFilter, target: FilterTarget, strict: boolean): Condition {
  switch (filter.kind) {
    case 'and':
      return filter.items.length === 0 ? sql`TRUE` : sql`(${sql.join(filter.items.map((f) => compile(f, target, strict)), sql` AND `)})`;
    case 'or':
      return filter.items.length === 0 ? sql`FALSE` : sql`(${sql.join(filter.items.map((f) => compile(f, target, strict)), sql` OR `)})`;
    case 'not':
      return sql`NOT ${compile(filter.item, target, true)}`;
    case 'constant':
      return filter.value ? sql`TRUE` : sql`FALSE`;
    default: {
      const predicate = condition(filter, target);
      return strict ? sql`(${predicate}) IS TRUE` : predicate;
    }
  }
}

function condition(filter: Exclude<BoundFilter, { kind: 'and' | 'or' | 'not' | 'constant' }>, target: FilterTarget): Condition {
  const path = filter.path;
  const expr = columnExpression(path, target);
  switch (filter.kind) {
    case 'empty': {
      const empty = emptiness(path, expr);
      return filter.negated ? sql`NOT ${empty}` : empty;
    }
    case 'compare': {
      const [left, right] = comparable(path, expr, filter.value, filter.op !== 'eq' && filter.op !== 'ne');
      switch (filter.op) {
        case 'eq':
          return sql`${left} = ${right}`;
        case 'ne':
          return sql`${left} IS DISTINCT FROM ${right}`;
        case 'lt':
          return sql`${left} < ${right}`;
        case 'lte':
          return sql`${left} <= ${right}`;
        case 'gt':
          return sql`${left} > ${right}`;
        case 'gte':
          return sql`${left} >= ${right}`;
      }
      throw new Error('unreachable');
    }
    case 'in': {
      if (filter.values.length === 0) return filter.negated ? sql`TRUE` : sql`FALSE`;
      const integers = (path.family === 'id' || path.family === 'integer') && filter.values.length > 16 ? filter.values.map(Number) : [];
      if (integers.length > 0 && integers.every(Number.isSafeInteger)) {
        // Long id lists (department scopes: hundreds of owners) go as one array constant written
        // into the statement (safe: checked integers), not as a parameter: a constant array is
        // probed through a hash table, also in the saved plan of a prepared statement, where a
        // parameter would be searched element by element for every row. The column is wrapped
        // (`+ 0`) so the planner does not estimate each of the hundreds of ids against its
        // statistics, which cost more than running the query; such a list is too broad for an
        // index on it to pay off anyway, and short lists keep their index.
        const list = sql.raw(`'{${[...new Set(integers)].sort((a, b) => a - b).join(',')}}'::bigint[]`);
        const probe = sql`(${expr} + 0)`;
        return filter.negated ? sql`(${expr} IS NULL OR NOT (${probe} = ANY(${list})))` : sql`${probe} = ANY(${list})`;
      }
      const left = comparable(path, expr, filter.values[0]!, false)[0];
      const list = sql.join(filter.values.map((v) => comparable(path, expr, v, false)[1]));
      return filter.negated ? sql`(${expr} IS NULL OR ${left} NOT IN (${list}))` : sql`${left} IN (${list})`;
    }
    case 'between': {
      const [left, from] = comparable(path, expr, filter.from, true);
      const to = comparable(path, expr, filter.to, true)[1];
      return sql`${left} BETWEEN ${from} AND ${to}`;
    }
    case 'text': {
      const pattern =
        filter.op === 'contains' ? `%${escapeLike(filter.value)}%` : filter.op === 'startsWith' ? `${escapeLike(filter.value)}%` : `%${escapeLike(filter.value)}`;
      return filter.negated ? sql`(${expr} IS NULL OR ${expr} NOT ILIKE ${pattern})` : sql`${expr} ILIKE ${pattern}`;
    }
    case 'member': {
      const value = parameter(path, filter.value);
      return filter.negated ? sql`(${expr} IS NULL OR NOT (${value} = ANY(${expr})))` : sql`${value} = ANY(${expr})`;
    }
  }
}

/** The SQL expression of a path: a column of the table, or a scalar subquery through relations. */
export function columnExpression(path: BoundPath, target: FilterTarget): RawBuilder<unknown> {
  const live = (entityKey: string | undefined, alias: string) => (path.field && entityKey !== undefined ? target.liveFormula?.(entityKey, path.field, alias) : undefined);
  if (path.via.length === 0) return live(target.entity, target.alias) ?? sql.ref(`${target.alias}.${path.column}`);
  // account.industry → (SELECT t_1.industry FROM app.account t_1 WHERE t_1.id = t.account AND t_1.deleted_at IS NULL)
  let expression: RawBuilder<unknown> | undefined;
  const hops = path.via;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // Aliases extend the outer one (t → t_1 → t_2), so nested scopes never reuse a name.
    const alias = `${target.alias}_${i + 1}`;
    const from = i === 0 ? target.alias : `${target.alias}_${i}`;
    const selected = expression ?? live(hop.target, alias) ?? sql.ref(`${alias}.${path.column}`);
    const scope = target.relatedScope?.(hop.target);
    const visible = scope ? sql` AND ${compileFilter(scope, { ...target, alias })}` : sql``;
    expression = sql`(SELECT ${selected} FROM ${sql.table(`${target.schema}.${hop.target}`)} ${sql.id(alias)} WHERE ${sql.ref(`${alias}.id`)} = ${sql.ref(`${from}.${hop.key}`)} AND ${sql.ref(`${alias}.deleted_at`)} IS NULL${visible})`;
  }
  return expression!;
}

/**
 * Both sides of a comparison. Text is ordered by code point (`COLLATE "C"`), the same on every
 * server and in JavaScript; equality keeps the column's collation so its index serves.
 */
function comparable(path: BoundPath, expr: RawBuilder<unknown>, value: Scalar, ordering: boolean): [RawBuilder<unknown>, RawBuilder<unknown>] {
  const text = path.family === 'text';
  if (text && path.caseInsensitive) return ordering ? [sql`lower(${expr}) COLLATE "C"`, sql`lower(${String(value)})`] : [sql`lower(${expr})`, sql`lower(${String(value)})`];
  if (text) return ordering ? [sql`${expr} COLLATE "C"`, sql`${String(value)}::text`] : [expr, sql`${String(value)}::text`];
  return [expr, parameter(path, value)];
}

/** A parameter typed for the column it is compared with, so both drivers bind it the same way. */
export function parameter(path: Pick<BoundPath, 'family'>, value: Scalar): RawBuilder<unknown> {
  switch (path.family) {
    case 'number':
      return sql`${String(value)}::numeric`;
    case 'integer':
    case 'id':
    case 'idList':
      return sql`${String(value)}::bigint`;
    case 'date':
      return sql`${String(value)}::date`;
    case 'datetime':
      return sql`${String(value)}::timestamptz`;
    case 'boolean':
      return sql`${value === true || value === 'true'}::boolean`;
    default:
      return sql`${String(value)}::text`;
  }
}

function emptiness(path: BoundPath, expr: RawBuilder<unknown>): Condition {
  switch (path.family) {
    case 'text':
      return sql`(${expr} IS NULL OR ${expr} = '')`;
    case 'textList':
    case 'idList':
      return sql`(${expr} IS NULL OR cardinality(${expr}) = 0)`;
    case 'json':
      return sql`(${expr} IS NULL OR ${expr} = 'null'::jsonb OR ${expr} = '[]'::jsonb)`;
    default:
      return sql`${expr} IS NULL`;
  }
}

/** Escapes LIKE's wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
