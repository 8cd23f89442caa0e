/**
 * Runtime parameters of a report: each value is checked against its declared type (a period, a
 * date, a number, …) and becomes a condition of the shared filter language on its field, bound
 * like any other filter. A department becomes "the user column names a member of the department
 * or of a department below it", which the SQL compiler reads from the organisation.
 *
 * @example
 * bindParameters(catalog, report, { period: { period: 'thisMonth' }, rep: 7 }, context, problems)
 * // → { filters: [within this month on expected_close_date, owner_id = 7], departments: [], values }
 */
import type { Catalog, Filter, Report, ReportParameter } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { isCalendarDate } from '../fields/calendar-values.ts';
import { bindFilter, bindPath, FilterError, type BoundFilter, type FilterContext } from '../filter/bind.ts';
import { periodProblems } from '../filter/periods.ts';
import type { DepartmentCondition } from './report-plan.ts';

export interface BoundParameters {
  filters: BoundFilter[];
  departments: DepartmentCondition[];
  /** Every declared parameter's value (given or default), absent ones as null. */
  values: Record<string, unknown>;
}

export function bindParameters(catalog: Catalog, report: Report, given: Record<string, unknown>, context: FilterContext, problems: Problem[]): BoundParameters {
  const declared = new Map((report.parameters ?? []).map((p) => [p.key, p]));
  const result: BoundParameters = { filters: [], departments: [], values: {} };
  for (const key of Object.keys(given)) {
    if (!declared.has(key)) problems.push({ path: `/parameters/${key}`, code: 'report.unknownParameter', message: `report "${report.key}" has no parameter "${key}"` });
  }
  for (const parameter of report.parameters ?? []) {
    const at = `/parameters/${parameter.key}`;
    const value = Object.hasOwn(given, parameter.key) ? given[parameter.key] : parameter.default;
    result.values[parameter.key] = value ?? null;
    if (value === undefined || value === null) {
      if (parameter.required) problems.push({ path: at, code: 'report.parameterMissing', message: `parameter "${parameter.key}" needs a value` });
      continue;
    }
    const wrong = typeProblem(parameter, value);
    if (wrong) {
      problems.push({ path: at, code: 'report.parameterType', message: wrong });
      continue;
    }
    if (parameter.type === 'department') {
      const path = bindPath(catalog, report.entity, parameter.field);
      if ('problem' in path) problems.push({ path: at, code: 'report.unknownField', message: path.problem });
      else if (path.family !== 'id') problems.push({ path: at, code: 'report.wrongFieldType', message: `a department parameter filters a user field, not "${parameter.field}"` });
      else result.departments.push({ path, departmentId: value as number });
      continue;
    }
    try {
      result.filters.push(bindFilter(catalog, report.entity, condition(parameter, value), context, at));
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      problems.push(...error.problems.map((p) => ({ ...p, code: 'report.parameterType' })));
    }
  }
  return result;
}

function condition(parameter: ReportParameter, value: unknown): Filter {
  if (parameter.type === 'period') {
    return Array.isArray(value) ? { field: parameter.field, op: 'between', value: value as string[] } : { field: parameter.field, op: 'within', value: value as { period: 'thisMonth' } };
  }
  if (Array.isArray(value)) return { field: parameter.field, op: parameter.op === 'notIn' ? 'notIn' : 'in', value: value as (string | number | boolean)[] };
  return { field: parameter.field, op: parameter.op ?? 'eq', value: value as string | number | boolean };
}

/** What is wrong with a value for the parameter's type, or undefined. */
function typeProblem(parameter: ReportParameter, value: unknown): string | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && parameter.type !== 'period' && (value.length === 0 || value.length > 1000)) return 'a list of values holds 1 to 1000 values';
  const every = (check: (v: unknown) => boolean, message: string) => (list.every(check) ? undefined : message);
  switch (parameter.type) {
    case 'period':
      if (Array.isArray(value)) return value.length === 2 && value.every((v) => typeof v === 'string' && isCalendarDate(v)) && value[0] <= value[1] ? undefined : 'a period is a relative period such as { "period": "thisQuarter" } or [from, to] dates';
      return periodProblems(value).length === 0 ? undefined : 'a period is a relative period such as { "period": "thisQuarter" } or [from, to] dates';
    case 'date':
      return every((v) => typeof v === 'string' && isCalendarDate(v), 'must be a date YYYY-MM-DD');
    case 'number':
      return every((v) => typeof v === 'number' && Number.isFinite(v), 'must be a number');
    case 'boolean':
      return every((v) => typeof v === 'boolean', 'must be true or false');
    case 'user':
    case 'department':
      if (parameter.type === 'department' && Array.isArray(value)) return 'must be one department id';
      return every((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0, `must be a ${parameter.type} id`);
    case 'text':
    case 'select':
      return every((v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'), 'must be text of at most 1000 characters');
  }
  return 'has an unknown type';
}
