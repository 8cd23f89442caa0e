/**
 * Plans a report: checks a definition against the app's entities (as a published bundle's
 * validation does, since the studio previews definitions that were never published), binds its
 * filters and parameters for who runs it and when, and refuses every path the viewer may not read.
 * Every refusal names the JSON path of the bad input.
 *
 * @example
 * const plan = planReport(catalog, report, { parameters: { period: { period: 'thisQuarter' } }, context, access });
 * const query = compileReportQuery(plan, target); // runtime: one SQL statement
 */
import type { Catalog, Field, Filter, Report, ReportMeasure } from '@pipewright/metadata';
import { isNumericField } from '@pipewright/metadata';
import { defaultTimeZone } from '../clock.ts';
import { PipewrightError, type Problem } from '../errors.ts';
import { fieldTypeOf } from '../fields/registry.ts';
import type { ValueFamily } from '../fields/field-type.ts';
import { bindFilter, bindPath, FilterError, type BoundFilter, type BoundPath, type FilterContext } from '../filter/bind.ts';
import { checkReportFields, type ReportAccess } from './report-fields.ts';
import { bindParameters } from './report-parameters.ts';
import type { PlannedColumn, PlannedDimension, PlannedJoin, PlannedMeasure, PlannedTarget, PlannedValue, ReportColumn, ReportPlan, ReportValueType } from './report-plan.ts';

export class ReportError extends PipewrightError {
  constructor(problems: Problem[]) {
    super('report.invalid', `Invalid report: ${problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, problems);
    this.name = 'ReportError';
  }
}

export interface PlanOptions {
  parameters?: Record<string, unknown> | undefined;
  context: FilterContext;
  /** The viewer's read access; absent: unrestricted (platform admins, internal callers). */
  access?: ReportAccess | undefined;
  /** Prefix of every JSON path into the definition (`/reports/3` for a saved one, `/definition` for a preview). */
  at?: string | undefined;
}

const aggregates = new Set(['count', 'countDistinct', 'sum', 'avg', 'min', 'max']);
const ungroupable = new Set(['lineItems', 'attachment', 'image', 'signature', 'location', 'richText', 'formula:json']);

export function planReport(catalog: Catalog, report: Report, options: PlanOptions): ReportPlan {
  const at = options.at ?? '';
  const problems: Problem[] = [];
  const fail = (path: string, code: string, message: string): undefined => void problems.push({ path: at + path, code, message });
  const entity = catalog.entity(report.entity);
  if (!entity) throw new ReportError([{ path: `${at}/entity`, code: 'report.unknownEntity', message: `entity "${report.entity}" does not exist` }]);
  const context = options.context;

  // History: rows are the values one field held.
  let history: ReportPlan['history'];
  if (report.history) {
    const field = entity.fields.find((f) => f.key === report.history!.field);
    const column = field ? fieldTypeOf(field).column(field) : undefined;
    if (!field || !column || column.family === 'json') fail('/history/field', 'report.unknownField', `entity "${entity.key}" has no field "${report.history.field}" whose values a history can hold`);
    else history = { field: field.key, family: column.family };
  }

  // Joins.
  const joins: PlannedJoin[] = [];
  const joinFields = new Map<string, { entity: string } | { lines: Field[] }>();
  report.joins?.forEach((join, j) => {
    const field = entity.fields.find((f) => f.key === join.relation);
    const type = join.type ?? 'left';
    if (joinFields.has(join.key) || entity.fields.some((f) => f.key === join.key) || join.key === 'history') {
      return fail(`/joins/${j}/key`, 'report.duplicateKey', `"${join.key}" is already a field, a join or the history of this report`);
    }
    if (!field) return fail(`/joins/${j}/relation`, 'report.unknownRelation', `entity "${entity.key}" has no relation "${join.relation}"`);
    if (field.type === 'lineItems') {
      joins.push({ key: join.key, type, kind: 'lineItems', field: field.key });
      joinFields.set(join.key, { lines: field.fields });
    } else if (field.type === 'relation' && field.kind === 'manyToOne') {
      joins.push({ key: join.key, type, kind: 'manyToOne', field: field.key, entity: field.target });
      joinFields.set(join.key, { entity: field.target });
    } else if (field.type === 'relation' && field.kind === 'oneToMany' && field.inverse) {
      joins.push({ key: join.key, type, kind: 'oneToMany', inverse: field.inverse, entity: field.target });
      joinFields.set(join.key, { entity: field.target });
    } else {
      fail(`/joins/${j}/relation`, 'report.unknownRelation', `"${join.relation}" is a ${field.type === 'relation' ? `${field.kind} relation` : `${field.type} field`}; a join follows a many-to-one or one-to-many relation or line items`);
    }
  });

  /** Resolves a dimension's or measure's path. */
  const column = (path: string, where: string): { column: PlannedColumn; field: Field | undefined; family: ValueFamily } | undefined => {
    const [first = '', ...rest] = path.split('.');
    if (first === 'history' && rest.length === 1 && !entity.fields.some((f) => f.key === 'history')) {
      if (!history) return fail(where, 'report.unknownField', 'history.* needs the report\'s history');
      const name = rest[0]!;
      if (name !== 'value' && name !== 'from' && name !== 'until') return fail(where, 'report.unknownField', 'the history has value, from and until');
      const family = name === 'value' ? history.family : 'datetime';
      const field = name === 'value' ? entity.fields.find((f) => f.key === history!.field) : undefined;
      return { column: { scope: 'history', column: name, family }, field, family };
    }
    const joined = rest.length > 0 ? joinFields.get(first) : undefined;
    if (joined && 'entity' in joined) {
      const bound = bindPath(catalog, joined.entity, rest.join('.'));
      if ('problem' in bound) return fail(where, 'report.unknownField', bound.problem);
      return { column: { scope: 'join', join: first, path: bound }, field: bound.field, family: bound.family };
    }
    if (joined && 'lines' in joined) {
      const bound = linePath(catalog, joined.lines, rest);
      if ('problem' in bound) return fail(where, 'report.unknownField', bound.problem);
      return { column: { scope: 'join', join: first, path: bound }, field: bound.field, family: bound.family };
    }
    const bound = bindPath(catalog, entity.key, path);
    if ('problem' in bound) return fail(where, 'report.unknownField', bound.problem);
    return { column: { scope: 'entity', path: bound }, field: bound.field, family: bound.family };
  };

  // Dimensions.
  const dimensions: PlannedDimension[] = [];
  const keys = new Set<string>();
  report.dimensions?.forEach((d, i) => {
    const where = `/dimensions/${i}`;
    if (keys.has(d.key)) return fail(`${where}/key`, 'report.duplicateKey', `"${d.key}" names two columns`);
    keys.add(d.key);
    const found = column(d.field, `${where}/field`);
    if (!found) return;
    const fieldType = found.field?.type;
    if ((fieldType && ungroupable.has(fieldType)) || found.family === 'json') return fail(`${where}/field`, 'report.wrongFieldType', `a report cannot group by a ${fieldType ?? found.family} field`);
    const dateLike = found.family === 'date' || found.family === 'datetime';
    if (d.bucket && !dateLike) return fail(`${where}/bucket`, 'report.wrongFieldType', `a ${d.bucket} bucket needs a date or datetime field`);
    const numeric = found.family === 'number' || found.family === 'integer';
    if (d.step !== undefined && !numeric) return fail(`${where}/step`, 'report.wrongFieldType', 'numeric buckets need a number field');
    const isUser = fieldType === 'user' || (!found.field && ['owner_id', 'created_by'].includes(pathColumn(found.column)));
    if (d.department && !isUser) return fail(`${where}/department`, 'report.wrongFieldType', 'only a user field (or owner_id, created_by) has a department');
    const options = found.field && (found.field.type === 'singleSelect') ? found.field.options.map((o) => ({ value: o.value, label: o.label })) : undefined;
    const type: ReportValueType = d.department ? 'department' : d.bucket ? 'date' : d.step !== undefined ? 'number' : isUser ? 'user' : options ? 'select' : valueType(found.field, found.family);
    dimensions.push({ key: d.key, label: d.label ?? found.field?.label, column: found.column, bucket: d.bucket, step: d.step, department: d.department, options: options?.map((o) => o.value), type });
  });

  // Measures.
  const measures: PlannedMeasure[] = [];
  const byKey = new Map<string, ReportMeasure>(report.measures.map((m) => [m.key, m]));
  const targetKey = report.target?.key;
  const kindOf = (key: string | undefined): string | undefined => (key === undefined ? undefined : key === targetKey ? 'target' : byKey.get(key)?.aggregate);
  report.measures.forEach((m, i) => {
    const where = `/measures/${i}`;
    if (keys.has(m.key)) return fail(`${where}/key`, 'report.duplicateKey', `"${m.key}" names two columns`);
    keys.add(m.key);
    if (aggregates.has(m.aggregate)) {
      const planned = planAggregate(m, where);
      if (planned) measures.push(planned);
      return;
    }
    if (m.aggregate === 'ratio') {
      for (const side of ['numerator', 'denominator'] as const) {
        const kind = kindOf(m[side]);
        if (!kind || !(aggregates.has(kind) || kind === 'target')) return fail(`${where}/${side}`, 'report.unknownMeasure', `"${m[side] ?? ''}" must be an aggregate measure of this report`);
      }
      measures.push({ key: m.key, kind: 'ratio', numerator: m.numerator!, denominator: m.denominator!, type: 'number' });
      return;
    }
    const ofKind = kindOf(m.of);
    if (!ofKind || !(aggregates.has(ofKind) || ofKind === 'target' || ofKind === 'ratio')) return fail(`${where}/of`, 'report.unknownMeasure', `"${m.of ?? ''}" must be an aggregate or ratio measure of this report`);
    const along = m.along ?? report.dimensions?.[0]?.key;
    if (m.along !== undefined && !report.dimensions?.some((d) => d.key === m.along)) return fail(`${where}/along`, 'report.unknownColumn', `the report has no dimension "${m.along}"`);
    if (m.aggregate === 'change') {
      const dimension = report.dimensions?.find((d) => d.key === along);
      if (!dimension?.bucket || (m.compare === 'mom' && !['day', 'week', 'month'].includes(dimension.bucket)) || (m.compare === 'yoy' && dimension.bucket === 'week')) {
        return fail(m.along ? `${where}/along` : `${where}/compare`, 'report.wrongFieldType', `${m.compare ?? 'a change'} needs a dimension with a ${m.compare === 'mom' ? 'day or month' : 'day, month, quarter or year'} bucket`);
      }
      measures.push({ key: m.key, kind: 'change', of: m.of!, along: along!, compare: m.compare ?? 'yoy', type: 'number' });
      return;
    }
    if ((m.aggregate === 'runningTotal' || m.aggregate === 'ratioToPrevious') && !along) return fail(`${where}/along`, 'report.unknownColumn', `${m.aggregate} needs a dimension to run along`);
    measures.push({ key: m.key, kind: m.aggregate as 'runningTotal' | 'share' | 'ratioToPrevious', of: m.of!, along, type: 'number' });
  });

  function planAggregate(m: ReportMeasure, where: string): PlannedMeasure | undefined {
    const aggregate = m.aggregate as 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max';
    let value: PlannedValue | undefined;
    let type: ReportValueType = 'number';
    if (m.days) {
      const from = column(m.days.from, `${where}/days/from`);
      const to = column(m.days.to, `${where}/days/to`);
      if (!from || !to) return undefined;
      for (const [side, found] of [['from', from], ['to', to]] as const) {
        if (found.family !== 'date' && found.family !== 'datetime') return fail(`${where}/days/${side}`, 'report.wrongFieldType', 'days are counted between date or datetime fields');
      }
      if (aggregate === 'countDistinct' || aggregate === 'count') return fail(`${where}/days`, 'report.wrongFieldType', 'days are summed, averaged or compared, not counted');
      value = { kind: 'days', from: from.column, to: to.column };
    } else if (m.field !== undefined) {
      const found = column(m.field, `${where}/field`);
      if (!found) return undefined;
      const numeric = found.field ? isNumericField(found.field) : found.family === 'integer' && pathColumn(found.column) === 'version';
      const dateLike = found.family === 'date' || found.family === 'datetime';
      if ((aggregate === 'sum' || aggregate === 'avg') && !numeric) return fail(`${where}/field`, 'report.notNumeric', `${aggregate} needs a numeric field, not a ${found.field?.type ?? found.family} field`);
      if ((aggregate === 'min' || aggregate === 'max') && !numeric && !dateLike) return fail(`${where}/field`, 'report.wrongFieldType', `${aggregate} needs a numeric, date or datetime field`);
      if (found.family === 'json' || found.family === 'textList' || found.family === 'idList') return fail(`${where}/field`, 'report.wrongFieldType', `a ${found.field?.type ?? found.family} field cannot be aggregated`);
      value = { kind: 'column', column: found.column };
      if ((aggregate === 'min' || aggregate === 'max') && dateLike) type = found.family as 'date' | 'datetime';
    } else if (aggregate !== 'count') {
      return fail(`${where}/field`, 'report.missingField', `${aggregate} needs a field or days`);
    }
    if (aggregate === 'count' || aggregate === 'countDistinct') type = 'integer';
    const filter = m.filter ? bindSafely(m.filter, `${where}/filter`) : undefined;
    return { key: m.key, kind: 'aggregate', aggregate, value, filter, type };
  }

  function bindSafely(filter: Filter, where: string): BoundFilter | undefined {
    try {
      return bindFilter(catalog, entity!.key, filter, context, at + where);
    } catch (error) {
      if (error instanceof FilterError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  }

  // Filter and parameters.
  const conditions: BoundFilter[] = [];
  if (report.filter) {
    const bound = bindSafely(report.filter, '/filter');
    if (bound) conditions.push(bound);
  }
  const parameters = bindParameters(catalog, report, options.parameters ?? {}, context, problems);
  conditions.push(...parameters.filters);

  // Sort, top, pivot.
  const sort: ReportPlan['sort'] = [];
  report.sort?.forEach((s, i) => {
    if (!keys.has(s.column)) return fail(`/sort/${i}/column`, 'report.unknownColumn', `the report has no dimension or measure "${s.column}"`);
    sort.push({ column: s.column, desc: s.direction === 'desc' });
  });
  let top: ReportPlan['top'];
  if (report.top) {
    const t = report.top;
    const byKind = kindOf(t.by);
    if (!dimensions.some((d) => d.key === t.dimension)) fail('/top/dimension', 'report.unknownColumn', `the report has no dimension "${t.dimension}"`);
    else if (!byKind || !aggregates.has(byKind)) fail('/top/by', 'report.unknownMeasure', `"${t.by}" must be an aggregate measure of this report`);
    else top = { dimension: t.dimension, n: t.n, by: t.by, others: t.others ?? false };
  }
  let pivot: ReportPlan['pivot'];
  if (report.pivot) {
    const named = [...report.pivot.rows, ...report.pivot.columns];
    named.forEach((key, i) => {
      const where = i < report.pivot!.rows.length ? `/pivot/rows/${i}` : `/pivot/columns/${i - report.pivot!.rows.length}`;
      if (!dimensions.some((d) => d.key === key)) fail(where, 'report.unknownColumn', `the report has no dimension "${key}"`);
    });
    if (new Set(named).size !== dimensions.length || named.length !== dimensions.length) fail('/pivot', 'report.pivot', 'rows and columns must name every dimension exactly once');
    else pivot = { rows: report.pivot.rows, columns: report.pivot.columns };
  }
  const target = report.target ? planTarget(catalog, report, dimensions, context, (path, code, message) => fail(path, code, message)) : undefined;
  if (report.target && keys.has(report.target.key)) fail('/target/key', 'report.duplicateKey', `"${report.target.key}" names two columns`);
  if (target) measures.push({ key: target.key, kind: 'target', type: 'number' });

  if (problems.length > 0) throw new ReportError(problems);
  // A definition that holds together may still name fields the viewer may not read: 403.
  const hidden = options.access ? checkReportFields(catalog, report, options.access, at) : [];
  if (hidden.length > 0) throw new PipewrightError('permission.denied', `The report uses fields you may not read: ${hidden[0]!.path}`, hidden);

  const columns: ReportColumn[] = [
    ...dimensions.map((d): ReportColumn => ({ key: d.key, kind: 'dimension', type: d.type, label: d.label, options: selectOptions(entityFieldOf(d)) })),
    ...measures.map((m): ReportColumn => ({ key: m.key, kind: 'measure', type: m.type, label: m.kind === 'target' ? report.target?.label : byKey.get(m.key)?.label })),
  ];
  return {
    key: report.key,
    entity: entity.key,
    history,
    joins,
    dimensions,
    measures,
    filter: conditions.length === 1 ? conditions[0]! : { kind: 'and', items: conditions },
    departments: parameters.departments,
    sort,
    limit: report.limit,
    top,
    pivot,
    target,
    timeZone: context.timeZone ?? defaultTimeZone,
    fiscalYearStartMonth: report.fiscalYearStartMonth ?? 1,
    columns,
    parameters: parameters.values,
  };

  function entityFieldOf(d: PlannedDimension): Field | undefined {
    if (!d.options) return undefined;
    const c = d.column;
    if (c.scope === 'history') return entity!.fields.find((f) => f.key === history?.field);
    return c.path.field;
  }
}

function selectOptions(field: Field | undefined): { value: string; label: unknown }[] | undefined {
  return field?.type === 'singleSelect' ? field.options.map((o) => ({ value: o.value, label: o.label })) : undefined;
}

function planTarget(catalog: Catalog, report: Report, dimensions: PlannedDimension[], context: FilterContext, fail: (path: string, code: string, message: string) => void): PlannedTarget | undefined {
  const t = report.target!;
  if (!catalog.entity(t.entity)) return void fail('/target/entity', 'report.unknownEntity', `entity "${t.entity}" does not exist`);
  const value = bindPath(catalog, t.entity, t.field);
  if ('problem' in value) return void fail('/target/field', 'report.unknownField', value.problem);
  if (!value.field || !isNumericField(value.field)) return void fail('/target/field', 'report.notNumeric', 'a target is a numeric field');
  const match: PlannedTarget['match'] = [];
  let ok = true;
  t.match.forEach((m, i) => {
    const path = bindPath(catalog, t.entity, m.field);
    if (!dimensions.some((d) => d.key === m.dimension)) {
      ok = false;
      return fail(`/target/match/${i}/dimension`, 'report.unknownColumn', `the report has no dimension "${m.dimension}"`);
    }
    if ('problem' in path) {
      ok = false;
      return fail(`/target/match/${i}/field`, 'report.unknownField', path.problem);
    }
    match.push({ dimension: m.dimension, path });
  });
  let filter: BoundFilter | undefined;
  if (t.filter) {
    try {
      filter = bindFilter(catalog, t.entity, t.filter, context, '/target/filter');
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      error.problems.forEach((p) => fail(p.path, p.code, p.message));
      ok = false;
    }
  }
  return ok ? { key: t.key, entity: t.entity, value, match, filter } : undefined;
}

/** A path inside a line-items join: a line's field, or through a line's many-to-one relation. */
function linePath(catalog: Catalog, lines: Field[], rest: string[]): BoundPath | { problem: string } {
  const [first = '', ...more] = rest;
  const field = lines.find((f) => f.key === first);
  if (!field && more.length === 0 && first === 'id') return { via: [], column: 'id', family: 'id', field: undefined, caseInsensitive: false };
  if (!field) return { problem: `line items have no field "${first}"` };
  if (more.length === 0) {
    const column = fieldTypeOf(field).column(field);
    if (!column) return { problem: `field "${field.key}" (${field.type}) has no column` };
    return { via: [], column: field.key, family: column.family, field, caseInsensitive: false };
  }
  if (field.type !== 'relation' || field.kind !== 'manyToOne') return { problem: `"${first}" is not a many-to-one relation` };
  const inner = bindPath(catalog, field.target, more.join('.'));
  if ('problem' in inner) return inner;
  return { ...inner, via: [field, ...inner.via] };
}

function pathColumn(column: PlannedColumn): string {
  return column.scope === 'history' ? column.column : column.path.column;
}

function valueType(field: Field | undefined, family: ValueFamily): ReportValueType {
  if (field?.type === 'relation') return 'record';
  if (field?.type === 'department') return 'department';
  if (field?.type === 'user') return 'user';
  switch (family) {
    case 'number':
    case 'integer':
    case 'boolean':
    case 'date':
    case 'datetime':
    case 'text':
      return family;
    case 'id':
      return 'record';
    default:
      return 'list';
  }
}
