/**
 * Reference checks of reports: entity, joins, the fields behind dimensions and measures (and
 * whether they can be bucketed or summed), filters, and the columns named by sort and chart.
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Field, Report, ReportChart } from '../generated/types.ts';
import { describePathProblem, isNumericField, isPathProblem, type Catalog } from './catalog.ts';
import { duplicateKeys, systemFieldKeys } from './entities.ts';
import { checkFilter } from './filter.ts';
import { isColumn, isDateColumn, resolveColumn, valueType, type Column } from './paths.ts';

export function checkReports(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const reports = bundle.reports ?? [];
  const errors = duplicateKeys(reports, pointer('reports'), 'report');
  reports.forEach((report, r) => {
    const at = pointer('reports', r);
    if (!catalog.entity(report.entity)) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${report.entity}" does not exist` });
      return;
    }
    errors.push(...checkReport(report, at, catalog));
  });
  return errors;
}

/**
 * Checks that a chart names only the report's dimensions and measures; used for the report's own
 * chart and for a dashboard widget's chart override.
 */
export function checkChart(report: Report, chart: ReportChart, at: string): MetadataError[] {
  const dimensions = new Set((report.dimensions ?? []).map((d) => d.key));
  const measures = new Set([...report.measures.map((m) => m.key), ...(report.target ? [report.target.key] : [])]);
  const errors: MetadataError[] = [];
  for (const key of ['dimension', 'series'] as const) {
    const name = chart[key];
    if (name !== undefined && !dimensions.has(name)) {
      errors.push({ path: `${at}/${key}`, code: 'reference.unknownColumn', message: `report "${report.key}" has no dimension "${name}"` });
    }
  }
  chart.measures?.forEach((name, i) => {
    if (!measures.has(name)) {
      errors.push({ path: `${at}${pointer('measures', i)}`, code: 'reference.unknownColumn', message: `report "${report.key}" has no measure "${name}"` });
    }
  });
  return errors;
}

/** Where the records of a join come from: another entity, or the child table of a line-items field. */
type JoinScope = { entity: string } | { lineItems: Field[] };

function checkReport(report: Report, at: string, catalog: Catalog): MetadataError[] {
  const dimensions = report.dimensions ?? [];
  const errors = [
    ...duplicateKeys(report.joins ?? [], `${at}/joins`, 'join'),
    ...duplicateKeys(dimensions, `${at}/dimensions`, 'dimension'),
    ...duplicateKeys(report.measures, `${at}/measures`, 'measure'),
  ];
  const scopes = new Map<string, JoinScope>();
  report.joins?.forEach((join, j) => {
    const here = `${at}${pointer('joins', j)}`;
    if (catalog.field(report.entity, join.key)) {
      errors.push({ path: `${here}/key`, code: 'key.conflict', message: `join key "${join.key}" is also a field of entity "${report.entity}", so paths starting with it would be ambiguous` });
    }
    const resolved = catalog.resolvePath(report.entity, join.relation);
    if (isPathProblem(resolved)) {
      errors.push({ path: `${here}/relation`, code: 'reference.unknownField', message: describePathProblem(resolved) });
    } else if (resolved.field.type === 'relation') {
      scopes.set(join.key, { entity: resolved.field.target });
    } else if (resolved.field.type === 'lineItems') {
      scopes.set(join.key, { lineItems: resolved.field.fields });
    } else {
      errors.push({ path: `${here}/relation`, code: 'reference.wrongFieldType', message: `a join follows a relation or line-items field, not a ${resolved.field.type} field` });
    }
  });

  /** Resolves a dimension or measure path; pushes an error and returns undefined when it does not resolve. */
  const column = (path: string, where: string): Column | undefined => {
    const [first = '', ...rest] = path.split('.');
    if (first === 'history' && rest.length === 1 && report.history && !catalog.field(report.entity, 'history')) {
      const held = catalog.field(report.entity, report.history.field);
      if (!held) return undefined;
      if (rest[0] === 'value') return { source: 'field', field: held };
      if (rest[0] === 'from' || rest[0] === 'until') return { source: 'system', column: 'created_at' };
      errors.push({ path: where, code: 'reference.unknownField', message: 'the history has value, from and until' });
      return undefined;
    }
    const scope = rest.length > 0 ? scopes.get(first) : undefined;
    const found = scope ? resolveInScope(catalog, scope, first, rest) : resolveColumn(catalog, report.entity, path);
    if (isColumn(found)) return found;
    errors.push({ path: where, code: 'reference.unknownField', message: describePathProblem(found) });
    return undefined;
  };

  dimensions.forEach((dimension, d) => {
    const where = `${at}${pointer('dimensions', d, 'field')}`;
    const found = column(dimension.field, where);
    if (!found) return;
    const type = valueType(found);
    if (['lineItems', 'attachment', 'image', 'signature', 'location', 'richText', 'search'].includes(type) ||
        (found.source === 'field' && found.field.type === 'relation' && found.field.kind !== 'manyToOne')) {
      errors.push({ path: where, code: 'reference.wrongFieldType', message: `a report cannot group by a ${type} field` });
    } else if (dimension.bucket && !isDateColumn(found)) {
      errors.push({ path: `${at}${pointer('dimensions', d, 'bucket')}`, code: 'reference.wrongFieldType', message: `a ${dimension.bucket} bucket needs a date or datetime field, not a ${type} field` });
    }
  });

  if (report.history && !catalog.field(report.entity, report.history.field)) {
    errors.push({ path: `${at}/history/field`, code: 'reference.unknownField', message: `entity "${report.entity}" has no field "${report.history.field}"` });
  }
  const measureKeys = new Set([...report.measures.map((m) => m.key), ...(report.target ? [report.target.key] : [])]);
  const dimensionKeys = new Set(dimensions.map((d) => d.key));
  report.measures.forEach((measure, m) => {
    const here = `${at}${pointer('measures', m)}`;
    for (const name of ['numerator', 'denominator', 'of'] as const) {
      const key = measure[name];
      if (key !== undefined && (!measureKeys.has(key) || key === measure.key)) errors.push({ path: `${here}/${name}`, code: 'reference.unknownColumn', message: `report "${report.key}" has no other measure "${key}"` });
    }
    if (measure.along !== undefined && !dimensionKeys.has(measure.along)) errors.push({ path: `${here}/along`, code: 'reference.unknownColumn', message: `report "${report.key}" has no dimension "${measure.along}"` });
    if (measure.days) {
      for (const side of ['from', 'to'] as const) {
        const found = column(measure.days[side], `${here}/days/${side}`);
        if (found && !isDateColumn(found)) errors.push({ path: `${here}/days/${side}`, code: 'reference.wrongFieldType', message: 'days are counted between date or datetime fields' });
      }
    }
    if (['sum', 'avg', 'min', 'max'].includes(measure.aggregate) && measure.field === undefined && !measure.days) errors.push({ path: `${here}/field`, code: 'reference.missingField', message: `${measure.aggregate} needs a field or days` });
    if (measure.aggregate === 'ratio' && (measure.numerator === undefined || measure.denominator === undefined)) errors.push({ path: here, code: 'reference.missingField', message: 'a ratio needs a numerator and a denominator measure' });
    if (['runningTotal', 'share', 'ratioToPrevious', 'change'].includes(measure.aggregate) && measure.of === undefined) errors.push({ path: `${here}/of`, code: 'reference.missingField', message: `${measure.aggregate} needs the measure it derives from (of)` });
    if (measure.aggregate === 'change' && measure.compare === undefined) errors.push({ path: `${here}/compare`, code: 'reference.missingField', message: 'a change compares yoy or mom' });
    if (measure.filter) errors.push(...checkFilter(catalog, report.entity, measure.filter, `${here}/filter`));
    if (measure.field === undefined) return;
    const found = column(measure.field, `${here}/field`);
    if (!found) return;
    const numeric = found.source === 'field' && isNumericField(found.field);
    if ((measure.aggregate === 'sum' || measure.aggregate === 'avg') && !numeric) {
      errors.push({ path: `${here}/field`, code: 'reference.notNumeric', message: `${measure.aggregate} needs a numeric field, not a ${valueType(found)} field` });
    }
    if ((measure.aggregate === 'min' || measure.aggregate === 'max') && !numeric && !isDateColumn(found)) {
      errors.push({ path: `${here}/field`, code: 'reference.wrongFieldType', message: `${measure.aggregate} needs a numeric, date or datetime field, not a ${valueType(found)} field` });
    }
  });

  if (report.filter) errors.push(...checkFilter(catalog, report.entity, report.filter, `${at}/filter`));
  const columns = new Set([...dimensions.map((d) => d.key), ...report.measures.map((m) => m.key)]);
  report.measures.forEach((measure, m) => {
    if (dimensions.some((d) => d.key === measure.key)) {
      errors.push({ path: `${at}${pointer('measures', m, 'key')}`, code: 'key.duplicate', message: `"${measure.key}" is already the key of a dimension` });
    }
  });
  report.sort?.forEach((sort, s) => {
    if (!columns.has(sort.column)) {
      errors.push({ path: `${at}${pointer('sort', s, 'column')}`, code: 'reference.unknownColumn', message: `report "${report.key}" has no dimension or measure "${sort.column}"` });
    }
  });
  report.parameters?.forEach((parameter, p) => {
    column(parameter.field, `${at}${pointer('parameters', p, 'field')}`);
  });
  if (report.top) {
    if (!dimensionKeys.has(report.top.dimension)) errors.push({ path: `${at}/top/dimension`, code: 'reference.unknownColumn', message: `report "${report.key}" has no dimension "${report.top.dimension}"` });
    if (!report.measures.some((m) => m.key === report.top!.by)) errors.push({ path: `${at}/top/by`, code: 'reference.unknownColumn', message: `report "${report.key}" has no measure "${report.top.by}"` });
  }
  if (report.pivot) {
    const named = [...report.pivot.rows, ...report.pivot.columns];
    if (named.length !== dimensions.length || named.some((k) => !dimensionKeys.has(k)) || new Set(named).size !== named.length) {
      errors.push({ path: `${at}/pivot`, code: 'reference.unknownColumn', message: 'pivot rows and columns must name every dimension exactly once' });
    }
  }
  if (report.target) {
    const t = report.target;
    if (!catalog.entity(t.entity)) errors.push({ path: `${at}/target/entity`, code: 'reference.unknownEntity', message: `entity "${t.entity}" does not exist` });
    else {
      const value = resolveColumn(catalog, t.entity, t.field);
      if (!isColumn(value)) errors.push({ path: `${at}/target/field`, code: 'reference.unknownField', message: describePathProblem(value) });
      else if (value.source !== 'field' || !isNumericField(value.field)) errors.push({ path: `${at}/target/field`, code: 'reference.notNumeric', message: 'a target is a numeric field' });
      t.match.forEach((m, i) => {
        if (!dimensionKeys.has(m.dimension)) errors.push({ path: `${at}/target/match/${i}/dimension`, code: 'reference.unknownColumn', message: `report "${report.key}" has no dimension "${m.dimension}"` });
        const found = resolveColumn(catalog, t.entity, m.field);
        if (!isColumn(found)) errors.push({ path: `${at}/target/match/${i}/field`, code: 'reference.unknownField', message: describePathProblem(found) });
      });
      if (t.filter) errors.push(...checkFilter(catalog, t.entity, t.filter, `${at}/target/filter`));
    }
  }
  if (report.chart) errors.push(...checkChart(report, report.chart, `${at}/chart`));
  return errors;
}

/** Resolves `join.rest…` inside a join: through the joined entity, or a line item's fields. */
function resolveInScope(catalog: Catalog, scope: JoinScope, join: string, rest: string[]) {
  if ('entity' in scope) return resolveColumn(catalog, scope.entity, rest.join('.'));
  const [first = '', ...more] = rest;
  if (more.length === 0 && systemFieldKeys.has(first)) return { source: 'system' as const, column: first };
  const field = scope.lineItems.find((f) => f.key === first);
  if (!field) return { kind: 'unknownField' as const, segment: first, entity: join };
  if (more.length === 0) return { source: 'field' as const, field };
  if (field.type !== 'relation' || field.kind !== 'manyToOne') return { kind: 'notARelation' as const, segment: first, entity: join };
  return resolveColumn(catalog, field.target, more.join('.'));
}
