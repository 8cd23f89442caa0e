/**
 * Compiles a report plan (see `planReport` in @pipewright/engines) to ONE SQL statement: the rows
 * the viewer may see (the same scope and filter compiler as lists), grouped in PostgreSQL with the
 * totals in the same pass (GROUPING SETS), derived measures as window functions over the groups.
 * No aggregation happens in JavaScript.
 *
 * Shape of the statement:
 *
 *   WITH r AS (SELECT <dimension values> d0…, <measure inputs> v0…, <measure filters> f0…
 *                FROM <entity> t [history h] [joins] WHERE <scope> AND <filter> AND <parameters>),
 *        g AS (SELECT d0…, agg(v0) FILTER (WHERE f0) m0…, GROUPING(d0…) AS _set FROM r
 *                GROUP BY GROUPING SETS ((d0…), [pivot subtotals,] ())),
 *   SELECT g.*, <ratios, shares, running totals, changes, targets> FROM g … ORDER BY … LIMIT …
 *
 * @example
 * const { rows } = await compileReportQuery(plan, { schema: model.schema, rows: condition }).execute(db);
 */
import type { BoundFilter, BoundPath, PlannedColumn, PlannedDimension, PlannedMeasure, ReportPlan } from '@pipewright/engines';
import { sql, type RawBuilder } from 'kysely';
import { columnExpression, compileFilter, type FilterTarget } from '../query/filter-sql.ts';

export interface ReportScope {
  schema: string;
  /** The rows of an entity the viewer may use under an alias (read and run-report scopes); undefined: all. */
  rows(entityKey: string, alias: string): RawBuilder<unknown> | undefined;
  /** The read scope of entities reached through relation paths. */
  relatedScope?: ((entityKey: string) => BoundFilter | undefined) | undefined;
  /** The SQL of formulas computed when read (decision 040), as the viewer sees them: the lists' own. */
  liveFormula?: FilterTarget['liveFormula'];
}

/** The largest number of groups a report answers; more is refused (or cut at the report's limit). */
export const maxReportRows = 10_000;

/** A part of the compiled report the runtime needs besides the SQL. */
export interface CompiledReport {
  query: RawBuilder<Record<string, unknown>>;
  /** `_set` of the detail rows, the grand total, and (pivot) row and column subtotals. */
  sets: { detail: number; total: number; rowTotals?: number; columnTotals?: number };
  /** Rows fetched at most: the limit (or cap) plus one, to tell whether there were more. */
  rowLimit: number;
}

export interface CompileOptions {
  /** No row cap (exports stream every row). */
  unlimited?: boolean | undefined;
}

export function compileReportQuery(plan: ReportPlan, scope: ReportScope, options: CompileOptions = {}): CompiledReport {
  const target = (alias: string, entity?: string): FilterTarget => ({ schema: scope.schema, alias, relatedScope: scope.relatedScope, entity, liveFormula: scope.liveFormula });
  const source = sourceRows(plan, scope, false);
  const { r, aggregates, topIndex } = source;
  let { aggregateOf, ranking, rFrom, groupValue, rank } = source;
  if (plan.top && topIndex >= 0 && aggregates.every((m) => m.aggregate !== 'countDistinct')) {
    // Every aggregate combines from per-group partials (an average from its sum and count), so
    // the top N is ranked and the rest gathered over the groups, not over the rows a second time.
    const partials: RawBuilder<unknown>[] = [];
    aggregates.forEach((m, i) => {
      const v = sql.ref(`r._v${i}`);
      const filter = m.filter ? sql` FILTER (WHERE r.${sql.id(`_f${i}`)})` : sql``;
      if (m.aggregate === 'avg') partials.push(sql`sum(${v})${filter} AS ${sql.id(`_s${i}`)}`, sql`count(${v})${filter} AS ${sql.id(`_c${i}`)}`);
      else partials.push(sql`${source.aggregateOf(m, i)} AS ${sql.id(`_p${i}`)}`);
    });
    const keys = plan.dimensions.map((_, i) => sql.ref(`r._d${i}`));
    const combined = (m: (typeof aggregates)[number], i: number, from: string): RawBuilder<unknown> => {
      const p = sql.ref(`${from}._p${i}`);
      switch (m.aggregate) {
        case 'avg':
          return sql`sum(${sql.ref(`${from}._s${i}`)})::numeric / NULLIF(sum(${sql.ref(`${from}._c${i}`)}), 0)`;
        case 'count':
          return sql`coalesce(sum(${p}), 0)::bigint`;
        default:
          return sql`${sql.raw(m.aggregate)}(${p})`;
      }
    };
    const byIndex = aggregates.findIndex((m) => m.key === plan.top!.by);
    const d = sql.ref(`g0._d${topIndex}`);
    ranking = sql`, g0 AS (SELECT ${sql.join([...keys.map((k, i) => sql`${k} AS ${sql.id(`_d${i}`)}`), ...partials])} FROM r GROUP BY ${sql.join(keys)}),
      rk AS (SELECT ${d} AS v, row_number() OVER (ORDER BY ${combined(aggregates[byIndex]!, byIndex, 'g0')} DESC NULLS LAST, ${d} ASC NULLS LAST) AS n FROM g0 GROUP BY ${d})`;
    // Equality joins by hash; the empty value, which equality does not find, has its rank looked up once.
    rFrom = sql`g0 LEFT JOIN rk ON rk.v = ${d}`;
    rank = sql`coalesce(rk.n, (SELECT e.n FROM rk e WHERE e.v IS NULL))`;
    groupValue = (i: number) => (i === topIndex ? sql`CASE WHEN ${rank} <= ${sql.lit(plan.top!.n)} THEN g0.${sql.id(`_d${i}`)} END` : sql.ref(`g0._d${i}`));
    aggregateOf = (m, i) => combined(m, i, 'g0');
  }

  // g: the groups and the totals.
  const gColumns: RawBuilder<unknown>[] = plan.dimensions.map((_, i) => sql`${groupValue(i)} AS ${sql.id(`_d${i}`)}`);
  aggregates.forEach((m, i) => gColumns.push(sql`${aggregateOf(m, i)} AS ${sql.id(m.key)}`));
  const groupingArgs = plan.dimensions.map((_, i) => groupValue(i));
  const all = (1 << plan.dimensions.length) - 1;
  gColumns.push(groupingArgs.length > 0 ? sql`GROUPING(${sql.join(groupingArgs)}) AS _set` : sql`0 AS _set`);
  // Whether a row gathers the values outside the top N: grouped, so a genuine empty value ranked
  // inside the top N stays a row of its own.
  const othersFlag = topIndex >= 0 ? sql`(${rank} > ${sql.lit(plan.top!.n)})` : undefined;
  if (othersFlag) gColumns.push(sql`coalesce(${othersFlag}, false) AS _others`);
  const withFlag = (indexes: number[]) => sql`(${sql.join([...indexes.map((i) => groupingArgs[i]!), ...(othersFlag && indexes.includes(topIndex) ? [othersFlag] : [])])})`;
  const sets: CompiledReport['sets'] = { detail: 0, total: all };
  let groupBy = sql``;
  if (plan.dimensions.length > 0) {
    const detail = withFlag(plan.dimensions.map((_, i) => i));
    const groupingSets: RawBuilder<unknown>[] = [detail];
    if (plan.pivot) {
      const index = (key: string) => plan.dimensions.findIndex((d) => d.key === key);
      const rowIdx = plan.pivot.rows.map(index);
      const colIdx = plan.pivot.columns.map(index);
      const bits = (kept: number[]) => plan.dimensions.reduce((acc, _, i) => (kept.includes(i) ? acc : acc | (1 << (plan.dimensions.length - 1 - i))), 0);
      if (rowIdx.length > 0) {
        groupingSets.push(withFlag(rowIdx));
        sets.rowTotals = bits(rowIdx);
      }
      groupingSets.push(withFlag(colIdx));
      sets.columnTotals = bits(colIdx);
    }
    groupingSets.push(sql`()`);
    groupBy = sql` GROUP BY GROUPING SETS (${sql.join(groupingSets)})`;
  }
  const g = sql`SELECT ${sql.join(gColumns)} FROM ${rFrom}${groupBy}`;

  // The answer: groups, derived measures, targets; detail rows in order, then the totals.
  const measureRef = (key: string) => sql`g.${sql.id(key)}`;
  const orderOf = (key: string): RawBuilder<unknown> => {
    const i = plan.dimensions.findIndex((d) => d.key === key);
    if (i < 0) return measureRef(key);
    const d = plan.dimensions[i]!;
    const ref = sql.ref(`g._d${i}`);
    return d.options ? sql`array_position(${sql.lit(`{${d.options.map((o) => `"${o.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`)}::text[], ${ref}::text)` : ref;
  };
  const others = (key: string) => plan.dimensions.map((d, i) => (d.key === key ? undefined : sql.ref(`g._d${i}`))).filter((x): x is ReturnType<typeof sql.ref> => x !== undefined);
  const partition = (key: string | undefined) => sql`PARTITION BY g._set${key ? sql.join(others(key).map((o) => sql`, ${o}`), sql``) : sql``}`;
  const derivedValue = (key: string): RawBuilder<unknown> => {
    const m = plan.measures.find((x) => x.key === key)!;
    if (m.kind === 'ratio') return sql`(${derivedValue(m.numerator)})::numeric / NULLIF((${derivedValue(m.denominator)})::numeric, 0)`;
    if (m.kind === 'target') return sql`tg._target`;
    return measureRef(key);
  };
  const outColumns: RawBuilder<unknown>[] = [sql`g.*`];
  const joinsOut: RawBuilder<unknown>[] = [];
  for (const m of plan.measures) {
    const of = 'of' in m ? derivedValue(m.of) : undefined;
    switch (m.kind) {
      case 'ratio':
      case 'target':
        outColumns.push(sql`${derivedValue(m.key)} AS ${sql.id(m.key)}`);
        break;
      case 'share':
        outColumns.push(sql`(${of})::numeric / NULLIF(max(CASE WHEN g._set = ${sql.lit(all)} THEN (${of})::numeric END) OVER (), 0) AS ${sql.id(m.key)}`);
        break;
      case 'runningTotal':
        outColumns.push(sql`CASE WHEN g._set = 0 THEN sum((${of})::numeric) OVER (${partition(m.along)} ORDER BY ${orderOf(m.along!)} ROWS UNBOUNDED PRECEDING) END AS ${sql.id(m.key)}`);
        break;
      case 'ratioToPrevious':
        outColumns.push(sql`CASE WHEN g._set = 0 THEN (${of})::numeric / NULLIF((lag(${of}) OVER (${partition(m.along)} ORDER BY ${orderOf(m.along!)}))::numeric, 0) END AS ${sql.id(m.key)}`);
        break;
      case 'change': {
        const alias = `p${joinsOut.length}`;
        const i = plan.dimensions.findIndex((d) => d.key === m.along);
        const shift = sql.raw(m.compare === 'yoy' ? "interval '1 year'" : "interval '1 month'");
        const same = plan.dimensions.map((_, k) => (k === i ? sql`${sql.ref(`${alias}._d${k}`)} = (g.${sql.id(`_d${k}`)} - ${shift})::date` : sql`${sql.ref(`${alias}._d${k}`)} IS NOT DISTINCT FROM g.${sql.id(`_d${k}`)}`));
        joinsOut.push(sql` LEFT JOIN g ${sql.id(alias)} ON ${sql.ref(`${alias}._set`)} = g._set AND ${sql.join(same, sql` AND `)}`);
        const previous = sql`(${sql.ref(`${alias}.${m.of}`)})::numeric`;
        outColumns.push(sql`CASE WHEN g._set = 0 THEN ((${of})::numeric - ${previous}) / NULLIF(abs(${previous}), 0) END AS ${sql.id(m.key)}`);
        break;
      }
      default:
        break;
    }
  }
  let targets = sql``;
  if (plan.target) {
    const t = plan.target;
    const matches = t.match.map((m) => {
      const i = plan.dimensions.findIndex((d) => d.key === m.dimension);
      const d = plan.dimensions[i]!;
      const value = columnExpression(m.path, target('x', t.entity));
      const local = m.path.family === 'datetime' ? sql`(${value} AT TIME ZONE ${plan.timeZone}::text)` : sql`(${value})::timestamp`;
      return { i, value: d.bucket ? bucket(local, d.bucket, plan.fiscalYearStartMonth) : d.department ? sql`(SELECT u.department_id FROM pipewright.users u WHERE u.id = ${value})` : value };
    });
    const where: RawBuilder<unknown>[] = [sql`x.deleted_at IS NULL`];
    const visibleTargets = scope.rows(t.entity, 'x');
    if (visibleTargets) where.push(visibleTargets);
    if (t.filter) where.push(compileFilter(t.filter, target('x', t.entity)));
    const cols = matches.map((m, k) => sql`${m.value} AS ${sql.id(`_k${k}`)}`);
    const groupKeys = matches.map((_, k) => sql.id(`_k${k}`));
    targets = sql`, tg_all AS (SELECT ${sql.join(cols)}, sum(${columnExpression(t.value, target('x', t.entity))}) AS _target, GROUPING(${sql.join(groupKeys)}) AS _tset
      FROM ${sql.table(`${scope.schema}.${t.entity}`)} x WHERE ${sql.join(where, sql` AND `)} GROUP BY GROUPING SETS ((${sql.join(groupKeys)}), ()))`;
    const on = matches.map((m, k) => sql`tg.${sql.id(`_k${k}`)} IS NOT DISTINCT FROM g.${sql.id(`_d${m.i}`)}`);
    joinsOut.push(sql` LEFT JOIN tg_all tg ON (g._set = 0 AND tg._tset = 0 AND ${sql.join(on, sql` AND `)}) OR (g._set = ${sql.lit(all)} AND tg._tset = ${sql.lit((1 << matches.length) - 1)})`);
  }

  const sortKeys: RawBuilder<unknown>[] = [];
  // A top N without a sort lists its values as ranked.
  const sort = plan.sort.length === 0 && plan.top ? [{ column: plan.top.by, desc: true }] : plan.sort;
  for (const s of sort) sortKeys.push(sql`${orderOf(s.column)} ${sql.raw(s.desc ? 'DESC' : 'ASC')} NULLS LAST`);
  plan.dimensions.forEach((d) => sortKeys.push(sql`${orderOf(d.key)} ASC NULLS LAST`));
  if (topIndex >= 0) sortKeys.unshift(sql`g._others ASC`);
  const order = sortKeys.length > 0 ? sql.join(sortKeys) : sql`g._set`;
  const rowLimit = Math.min(plan.limit ?? maxReportRows, maxReportRows) + 1;
  const keep = plan.top && !plan.top.others ? sql` AND NOT (g._set = 0 AND g._others)` : sql``;
  const query = sql<Record<string, unknown>>`WITH r AS (${r})${ranking}, g AS (${g})${targets}
    SELECT * FROM (SELECT ${sql.join(outColumns)}, row_number() OVER (PARTITION BY g._set = 0 ORDER BY ${order}) AS _rn
      FROM g${sql.join(joinsOut, sql``)} WHERE TRUE${keep}) a
     WHERE ${options.unlimited ? sql`TRUE` : sql`a._set <> 0 OR a._rn <= ${sql.lit(rowLimit)}`}
     ORDER BY a._set, a._rn`;
  return { query, sets, rowLimit };
}

type Aggregate = Extract<PlannedMeasure, { kind: 'aggregate' }>;

/** `r`, one row per source row (or history entry, or joined row) with the values groups need; and the top-N ranking. */
function sourceRows(plan: ReportPlan, scope: ReportScope, withId: boolean) {
  const joinAlias = new Map(plan.joins.map((j, i) => [j.key, `j${i}`]));
  const entityOf = new Map<string, string>([['t', plan.entity], ...plan.joins.flatMap((j, i): [string, string][] => (j.kind === 'lineItems' ? [] : [[`j${i}`, j.entity]]))]);
  const target = (alias: string): FilterTarget => ({ schema: scope.schema, alias, relatedScope: scope.relatedScope, entity: entityOf.get(alias), liveFormula: scope.liveFormula });

  const valueOf = (column: PlannedColumn): RawBuilder<unknown> => {
    if (column.scope === 'history') return historyColumn(column.column, column.family);
    if (column.scope === 'join') return columnExpression(column.path, target(joinAlias.get(column.join)!));
    return columnExpression(column.path, target('t'));
  };
  const local = (column: PlannedColumn): RawBuilder<unknown> => {
    const family = column.scope === 'history' ? column.family : column.path.family;
    return family === 'datetime' ? sql`(${valueOf(column)} AT TIME ZONE ${plan.timeZone}::text)` : sql`(${valueOf(column)})::timestamp`;
  };
  const dimensionValue = (d: PlannedDimension): RawBuilder<unknown> => {
    if (d.bucket) return bucket(local(d.column), d.bucket, plan.fiscalYearStartMonth);
    if (d.step !== undefined) return sql`(floor((${valueOf(d.column)})::numeric / ${sql.lit(String(d.step))}::numeric) * ${sql.lit(String(d.step))}::numeric)`;
    if (d.department) return sql`(SELECT u.department_id FROM pipewright.users u WHERE u.id = ${valueOf(d.column)})`;
    return valueOf(d.column);
  };

  // FROM and WHERE: the source rows (or their history), the joins, the viewer's scope.
  const conditions: RawBuilder<unknown>[] = [sql`t.deleted_at IS NULL`];
  const visible = scope.rows(plan.entity, 't');
  if (visible) conditions.push(visible);
  conditions.push(compileFilter(plan.filter, target('t')));
  for (const d of plan.departments) conditions.push(inDepartment(columnExpression(d.path, target('t')), d.departmentId));
  let from = sql`${sql.table(`${scope.schema}.${plan.entity}`)} t`;
  if (plan.history) {
    const columns = [...plan.dimensions.map((d) => d.column), ...plan.measures.flatMap((m) => (m.kind === 'aggregate' && m.value ? (m.value.kind === 'days' ? [m.value.from, m.value.to] : [m.value.column]) : []))];
    const until = columns.some((c) => c.scope === 'history' && c.column === 'until');
    // The history reads only the entries of rows in scope and filter (the same conditions, on its own `t`).
    from = sql`${historyRows(scope.schema, plan.entity, plan.history.field, until, sql.join(conditions, sql` AND `))} h JOIN ${from} ON t.id = h.record_id`;
  }
  plan.joins.forEach((join) => {
    const alias = joinAlias.get(join.key)!;
    const kind = sql.raw(join.type === 'inner' ? 'JOIN' : 'LEFT JOIN');
    if (join.kind === 'lineItems') {
      from = sql`${from} ${kind} ${sql.table(`${scope.schema}.${plan.entity}__${join.field}`)} ${sql.id(alias)} ON ${sql.ref(`${alias}.parent_id`)} = t.id`;
      return;
    }
    const on = join.kind === 'manyToOne' ? sql`${sql.ref(`${alias}.id`)} = ${sql.ref(`t.${join.field}`)}` : sql`${sql.ref(`${alias}.${join.inverse}`)} = t.id`;
    const joined = scope.rows(join.entity, alias);
    from = sql`${from} ${kind} ${sql.table(`${scope.schema}.${join.entity}`)} ${sql.id(alias)} ON ${on} AND ${sql.ref(`${alias}.deleted_at`)} IS NULL${joined ? sql` AND ${joined}` : sql``}`;
  });

  // r: one row per source row with the values the groups need.
  const aggregates = plan.measures.filter((m): m is Aggregate => m.kind === 'aggregate');
  const rColumns: RawBuilder<unknown>[] = plan.dimensions.map((d, i) => sql`${dimensionValue(d)} AS ${sql.id(`_d${i}`)}`);
  if (withId) rColumns.push(sql`t.id AS _id`);
  aggregates.forEach((m, i) => {
    if (m.value?.kind === 'column') rColumns.push(sql`${valueOf(m.value.column)} AS ${sql.id(`_v${i}`)}`);
    if (m.value?.kind === 'days') rColumns.push(sql`(${local(m.value.to)}::date - ${local(m.value.from)}::date) AS ${sql.id(`_v${i}`)}`);
    if (m.filter) rColumns.push(sql`(${compileFilter(m.filter, target('t'))}) IS TRUE AS ${sql.id(`_f${i}`)}`);
  });
  if (plan.dimensions.length === 0 && rColumns.length === 0) rColumns.push(sql`1 AS _one`);
  const r = sql`SELECT ${sql.join(rColumns)} FROM ${from} WHERE ${sql.join(conditions, sql` AND `)}`;

  const dims = plan.dimensions.map((_, i) => sql.ref(`r._d${i}`));
  const topIndex = plan.top ? plan.dimensions.findIndex((d) => d.key === plan.top!.dimension) : -1;
  // The rank of a row's top-N value; an empty value is ranked too (equality would not find it).
  const rank = sql`coalesce(rk.n, (SELECT e.n FROM rk e WHERE e.v IS NULL))`;
  const groupValue = (i: number) => (i === topIndex ? sql`CASE WHEN ${rank} <= ${sql.lit(plan.top!.n)} THEN r.${sql.id(`_d${i}`)} END` : dims[i]!);
  const aggregateOf = (m: Aggregate, i: number): RawBuilder<unknown> => {
    const v = sql.ref(`r._v${i}`);
    const filter = m.filter ? sql` FILTER (WHERE r.${sql.id(`_f${i}`)})` : sql``;
    switch (m.aggregate) {
      case 'count':
        return m.value ? sql`count(${v})${filter}` : sql`count(*)${filter}`;
      case 'countDistinct':
        return sql`count(DISTINCT ${v})${filter}`;
      default:
        return sql`${sql.raw(m.aggregate)}(${v})${filter}`;
    }
  };
  let rFrom = sql`r`;
  let ranking = sql``;
  if (plan.top && topIndex >= 0) {
    const byIndex = aggregates.findIndex((m) => m.key === plan.top!.by);
    const by = aggregateOf(aggregates[byIndex]!, byIndex);
    const d = sql.ref(`r._d${topIndex}`);
    ranking = sql`, rk AS (SELECT ${d} AS v, row_number() OVER (ORDER BY ${by} DESC NULLS LAST, ${d} ASC NULLS LAST) AS n FROM r GROUP BY ${d})`;
    const value = sql.ref(`r._d${topIndex}`);
    rFrom = sql`r LEFT JOIN rk ON rk.v = ${value}`;
  }
  return { r, aggregates, aggregateOf, ranking, rFrom, topIndex, groupValue, rank };
}

/** A value of a cell, typed for its dimension. */
export type CellValue = string | number | boolean | null;

/**
 * The records behind one cell of a report, as a condition on the source table's `alias`: the
 * report's rows (scope, filter, parameters) whose dimensions hold the cell's values. `others`
 * selects the rows gathered outside the top N.
 *
 * @example
 * const cell = compileCellCondition(plan, scope, { stage: 'proposal' }, false);
 * listRecords(db, model, 'opportunity', { restriction: permissions.restriction(cell) }, context);
 */
export function compileCellCondition(plan: ReportPlan, scope: ReportScope, cell: Record<string, CellValue>, others: boolean): (alias: string) => RawBuilder<unknown> {
  const { r, ranking, rFrom, topIndex, rank } = sourceRows(plan, scope, true);
  const where: RawBuilder<unknown>[] = [];
  plan.dimensions.forEach((d, i) => {
    if (others && i === topIndex) {
      where.push(sql`${rank} > ${sql.lit(plan.top!.n)}`);
      return;
    }
    if (!Object.hasOwn(cell, d.key)) return;
    const value = cell[d.key] ?? null;
    const column = sql.ref(`r._d${i}`);
    where.push(value === null ? sql`${column} IS NULL` : sql`${column} = ${typedCell(d, value)}`);
  });
  const ids = sql`WITH r AS (${r})${ranking} SELECT r._id FROM ${rFrom}${where.length > 0 ? sql` WHERE ${sql.join(where, sql` AND `)}` : sql``}`;
  return (alias) => sql`${sql.ref(`${alias}.id`)} IN (${ids})`;
}

function typedCell(d: PlannedDimension, value: string | number | boolean): RawBuilder<unknown> {
  switch (d.type) {
    case 'date':
      return sql`${String(value)}::date`;
    case 'datetime':
      return sql`${String(value)}::timestamptz`;
    case 'number':
      return sql`${String(value)}::numeric`;
    case 'integer':
    case 'user':
    case 'department':
    case 'record':
      return sql`${String(value)}::bigint`;
    case 'boolean':
      return sql`${value === true}::boolean`;
    default:
      return sql`${String(value)}::text`;
  }
}

/** The start of the bucket a local timestamp falls in; quarters and years from the fiscal year's first month. */
function bucket(local: RawBuilder<unknown>, unit: NonNullable<PlannedDimension['bucket']>, fiscalStart: number): RawBuilder<unknown> {
  if (unit === 'day') return sql`(${local})::date`;
  if ((unit === 'quarter' || unit === 'year') && fiscalStart !== 1) {
    const shift = sql.raw(`interval '${fiscalStart - 1} months'`);
    return sql`(date_trunc(${sql.lit(unit)}, ${local} - ${shift}) + ${shift})::date`;
  }
  return sql`date_trunc(${sql.lit(unit)}, ${local})::date`;
}

/** Owners (or any user column) in a department or a department below it, from the organisation. */
export function inDepartment(expression: RawBuilder<unknown>, departmentId: number): RawBuilder<unknown> {
  return sql`${expression} IN (SELECT u.id FROM pipewright.users u WHERE u.department_id IN (
    WITH RECURSIVE tree(id) AS (SELECT ${departmentId}::bigint UNION SELECT d.id FROM pipewright.departments d JOIN tree ON d.parent_id = tree.id) SELECT id FROM tree))`;
}

/**
 * The values a field held, one row per (record, value): the first value (the earliest change's
 * `from`, or the current value when it never changed) from the record's creation, then every
 * change's `to` from its time. Read from the audit log the write path keeps (decision 004).
 */
function historyRows(schema: string, entity: string, field: string, until: boolean, where: RawBuilder<unknown>): RawBuilder<unknown> {
  const audit = sql.table(`${schema}._audit`);
  const changed = sql`a.entity = ${entity} AND a.action = 'update' AND a.changes ? ${field}`;
  // When a value was left is the next entry's time: a window over every entry, so only when asked for.
  const left = until ? sql`lead(x.at) OVER (PARTITION BY x.record_id ORDER BY x.at, x.seq)` : sql`NULL::timestamptz`;
  return sql`(SELECT x.record_id, x.value, x.at AS "from", ${left} AS until FROM (
      SELECT t.id AS record_id, coalesce((SELECT a.changes -> ${field} ->> 'from' FROM ${audit} a WHERE ${changed} AND a.record_id = t.id ORDER BY a.id LIMIT 1), (t.${sql.id(field)})::text) AS value, t.created_at AS at, 0::bigint AS seq
        FROM ${sql.table(`${schema}.${entity}`)} t WHERE ${where}
      UNION ALL
      SELECT a.record_id, a.changes -> ${field} ->> 'to', a.at, a.id FROM ${audit} a JOIN ${sql.table(`${schema}.${entity}`)} t ON t.id = a.record_id WHERE ${changed} AND ${where}) x)`;
}

function historyColumn(column: 'value' | 'from' | 'until', family: BoundPath['family']): RawBuilder<unknown> {
  if (column !== 'value') return sql.ref(`h.${column}`);
  switch (family) {
    case 'number':
      return sql`(h.value)::numeric`;
    case 'integer':
    case 'id':
      return sql`(h.value)::bigint`;
    case 'boolean':
      return sql`(h.value)::boolean`;
    case 'date':
      return sql`(h.value)::date`;
    case 'datetime':
      return sql`(h.value)::timestamptz`;
    default:
      return sql`h.value`;
  }
}
