/**
 * Binding checks a filter against an entity and resolves everything that depends on who runs it
 * and when: field paths become fields, variables become values, relative periods become dates.
 * The result is the one input of both the SQL compiler (runtime) and the in-memory evaluator, so
 * both read a filter the same way.
 *
 * @example
 * const bound = bindFilter(catalog, 'opportunity', { field: 'stage', op: 'eq', value: 'won' }, context);
 */
import type { Catalog, Field, Filter, FilterCondition, FilterOperator, RelationField, RelativePeriod } from '@pipewright/metadata';
import { describePathProblem, isPathProblem } from '@pipewright/metadata';
import { dateIn, defaultTimeZone, startOfDay, addDays } from '../clock.ts';
import { PipewrightError, type Problem } from '../errors.ts';
import { fieldTypeOf, operatorsOf } from '../fields/registry.ts';
import type { ValueFamily } from '../fields/field-type.ts';
import { instantOf, isCalendarDate } from '../fields/calendar-values.ts';
import { periodProblems, resolvePeriod, type DateRange } from './periods.ts';

/** Who runs a filter and when; the values of filter variables. */
export interface FilterContext {
  now: Date;
  timeZone?: string;
  userId?: number;
  departmentId?: number;
  /** The user's department and all departments below it. */
  departmentTree?: readonly number[];
  teamIds?: readonly number[];
}

/** A column reached from the filtered entity, through zero or more many-to-one relations. */
export interface BoundPath {
  via: RelationField[];
  /** Column name on the last table (a field key or a system column). */
  column: string;
  family: ValueFamily;
  field: Field | undefined;
  /** Whether text comparisons ignore case (true for e-mail and company-name style fields). */
  caseInsensitive: boolean;
}

export type BoundFilter =
  | { kind: 'and'; items: BoundFilter[] }
  | { kind: 'or'; items: BoundFilter[] }
  | { kind: 'not'; item: BoundFilter }
  | { kind: 'constant'; value: boolean }
  | BoundCondition;

export type BoundCondition =
  | { kind: 'compare'; path: BoundPath; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: Scalar }
  | { kind: 'in'; path: BoundPath; negated: boolean; values: Scalar[] }
  | { kind: 'between'; path: BoundPath; from: Scalar; to: Scalar }
  | { kind: 'text'; path: BoundPath; op: 'contains' | 'startsWith' | 'endsWith'; negated: boolean; value: string }
  | { kind: 'member'; path: BoundPath; negated: boolean; value: Scalar }
  | { kind: 'empty'; path: BoundPath; negated: boolean };

export type Scalar = string | number | boolean;

/** System columns every record has, by the family of their values. */
const systemColumns: Record<string, ValueFamily> = {
  id: 'id',
  owner_id: 'id',
  created_by: 'id',
  created_at: 'datetime',
  updated_at: 'datetime',
  version: 'integer',
};

export const maxFilterDepth = 16;
export const maxFilterConditions = 500;

export class FilterError extends PipewrightError {
  constructor(problems: Problem[]) {
    super('filter.invalid', `Invalid filter: ${problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ')}`, problems);
    this.name = 'FilterError';
  }
}

/**
 * Checks and resolves a filter. Throws `FilterError` naming the JSON path (relative to the
 * filter, prefixed with `at`) of every problem.
 */
export function bindFilter(catalog: Catalog, entityKey: string, filter: Filter, context: FilterContext, at = ''): BoundFilter {
  return bindFilterOn((fieldPath) => bindPath(catalog, entityKey, fieldPath), filter, context, at);
}

/** Finds the column a condition's `field` names, or says why there is none. */
export type PathResolver = (fieldPath: string) => BoundPath | { problem: string };

/**
 * {@link bindFilter} over columns that `resolve` finds: the same operators, checks and meanings
 * for values that are not fields of one entity (the facts of a rule: the acting user, the age of
 * a record). Throws `FilterError` like `bindFilter`.
 *
 * @example
 * const age: BoundPath = { via: [], column: 'age', family: 'number', field: undefined, caseInsensitive: false };
 * bindFilterOn(() => age, { field: 'age', op: 'gt', value: 3 }, context);
 */
export function bindFilterOn(resolve: PathResolver, filter: Filter, context: FilterContext, at = ''): BoundFilter {
  const problems: Problem[] = [];
  let conditions = 0;
  const bind = (f: Filter, path: string, depth: number): BoundFilter => {
    if (depth > maxFilterDepth) {
      problems.push({ path, code: 'filter.tooDeep', message: `filters may nest at most ${maxFilterDepth} levels` });
      return { kind: 'constant', value: false };
    }
    if (f === null || typeof f !== 'object' || Array.isArray(f)) {
      problems.push({ path, code: 'filter.malformed', message: 'must be an object with and, or, not, or field and op' });
      return { kind: 'constant', value: false };
    }
    if ('and' in f) return { kind: 'and', items: list(f.and, `${path}/and`).map((g, i) => bind(g, `${path}/and/${i}`, depth + 1)) };
    if ('or' in f) return { kind: 'or', items: list(f.or, `${path}/or`).map((g, i) => bind(g, `${path}/or/${i}`, depth + 1)) };
    if ('not' in f) return { kind: 'not', item: bind(f.not, `${path}/not`, depth + 1) };
    if (++conditions > maxFilterConditions) {
      problems.push({ path, code: 'filter.tooLarge', message: `a filter may hold at most ${maxFilterConditions} conditions` });
      return { kind: 'constant', value: false };
    }
    return bindCondition(resolve, f, context, path, problems);
  };
  const list = (items: unknown, path: string): Filter[] => {
    if (!Array.isArray(items)) {
      problems.push({ path, code: 'filter.malformed', message: 'must be an array of filters' });
      return [];
    }
    return items as Filter[];
  };
  const bound = bind(filter, at, 0);
  if (problems.length > 0) throw new FilterError(problems);
  return bound;
}

function bindCondition(resolvePath: PathResolver, c: FilterCondition, context: FilterContext, at: string, problems: Problem[]): BoundFilter {
  const fail = (where: string, code: string, message: string): BoundFilter => {
    problems.push({ path: at + where, code, message });
    return { kind: 'constant', value: false };
  };
  if (typeof c.field !== 'string') return fail('/field', 'filter.malformed', 'must name a field');
  const path = resolvePath(c.field);
  if ('problem' in path) return fail('/field', 'filter.unknownField', path.problem);
  const op = c.op as FilterOperator;
  const allowed = path.field ? operatorsOf(path.field) : systemOperators(path.family);
  if (!allowed.includes(op)) {
    return fail('/op', 'filter.operator', `operator "${String(c.op)}" does not apply to ${path.field ? `a ${path.field.type}` : 'this'} field; use one of ${allowed.join(', ')}`);
  }
  const timeZone = context.timeZone ?? defaultTimeZone;
  const resolve = (v: unknown, where: string): Scalar | null | undefined => {
    if (v && typeof v === 'object' && 'var' in v) {
      const name = String((v as { var: string }).var);
      if (name === 'currentUserDepartmentTree' || name === 'currentUserTeam') {
        fail(where, 'filter.operator', `variable "${name}" is a list: use it with in or notIn`);
        return undefined;
      }
      const value = name === 'now' && path.family === 'date' ? dateIn(context.now, timeZone) : variable(name, context);
      if (value === undefined) {
        fail(where, 'filter.variable', `variable "${String((v as { var: string }).var)}" has no value here`);
        return undefined;
      }
      // A variable is a value like any other: today compared with a number column is refused here.
      return coerce(path.family, value, where);
    }
    if (v === null) return null;
    if (typeof v === 'string' && v.includes('\u0000')) {
      fail(where, 'filter.value', 'must not contain NUL characters');
      return undefined;
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return coerce(path.family, v, where);
    fail(where, 'filter.value', 'must be a string, number, boolean, null or variable');
    return undefined;
  };
  const coerce = (family: ValueFamily, v: Scalar, where: string): Scalar | undefined => {
    const numeric = family === 'number' || family === 'integer' || family === 'id' || family === 'idList';
    if (numeric) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) {
        fail(where, 'filter.value', 'must be a number');
        return undefined;
      }
      // Ids and integer columns compare with whole numbers JavaScript and bigint hold exactly.
      if (family !== 'number' && !Number.isSafeInteger(n)) {
        fail(where, 'filter.value', `must be a whole number from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`);
        return undefined;
      }
      return n;
    }
    if (family === 'boolean') {
      if (typeof v !== 'boolean') {
        fail(where, 'filter.value', 'must be true or false');
        return undefined;
      }
      return v;
    }
    if (family === 'date') {
      if (typeof v !== 'string' || !isCalendarDate(v)) {
        fail(where, 'filter.value', 'must be a date YYYY-MM-DD from 0001-01-01 to 9999-12-31');
        return undefined;
      }
      return v;
    }
    if (family === 'datetime') {
      const instant = typeof v !== 'string' ? undefined : isCalendarDate(v) ? instantBounds({ from: v, to: v }, timeZone).from : instantOf(v);
      if (instant === undefined) {
        fail(where, 'filter.value', 'must be a date or an ISO date-time from 0001-01-01 to 9999-12-31');
        return undefined;
      }
      return instant;
    }
    if (typeof v !== 'string') return String(v);
    return v;
  };

  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return { kind: 'empty', path, negated: op === 'isNotEmpty' };
    case 'eq':
    case 'ne': {
      const value = resolve(c.value, '/value');
      if (value === undefined) return { kind: 'constant', value: false };
      if (value === null) return { kind: 'empty', path, negated: op === 'ne' };
      if (isList(path.family)) return { kind: 'member', path, negated: op === 'ne', value };
      return { kind: 'compare', path, op, value };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const value = resolve(c.value, '/value');
      if (value === undefined) return { kind: 'constant', value: false };
      if (value === null) return fail('/value', 'filter.value', `operator "${op}" needs a value`);
      return { kind: 'compare', path, op, value };
    }
    case 'in':
    case 'notIn': {
      const listed = listVariable(c.value, context);
      if (listed === null) return fail('/value', 'filter.variable', 'this variable has no value here');
      const raw = listed ?? c.value;
      if (!Array.isArray(raw)) return fail('/value', 'filter.value', `operator "${op}" needs an array of values`);
      const values = raw.map((v, i) => resolve(v, `/value/${i}`)).filter((v): v is Scalar => v !== undefined && v !== null);
      if (isList(path.family)) {
        const members: BoundFilter[] = values.map((value) => ({ kind: 'member', path, negated: false, value }));
        const any: BoundFilter = { kind: 'or', items: members };
        return op === 'in' ? any : { kind: 'not', item: any };
      }
      return { kind: 'in', path, negated: op === 'notIn', values };
    }
    case 'between': {
      if (!Array.isArray(c.value) || c.value.length !== 2) return fail('/value', 'filter.value', 'operator "between" needs [from, to]');
      const from = resolve(c.value[0], '/value/0');
      const to = resolve(c.value[1], '/value/1');
      if (from === undefined || to === undefined) return { kind: 'constant', value: false };
      if (from === null || to === null) return fail('/value', 'filter.value', 'operator "between" needs two values');
      if (path.family === 'datetime' && typeof c.value[1] === 'string' && isCalendarDate(c.value[1])) {
        // A date as the upper bound of a date-time range means "to the end of that day".
        return { kind: 'between', path, from, to: instantBounds({ from: c.value[1], to: c.value[1] }, timeZone).to };
      }
      return { kind: 'between', path, from, to };
    }
    case 'within': {
      const period = c.value;
      const wrong = periodProblems(period);
      if (wrong.length > 0) {
        problems.push(...wrong.map((p) => ({ ...p, path: `${at}/value${p.path}` })));
        return { kind: 'constant', value: false };
      }
      const range = resolvePeriod(period as RelativePeriod, dateIn(context.now, timeZone));
      if (path.family === 'datetime') return { kind: 'between', path, ...instantBounds(range, timeZone) };
      return { kind: 'between', path, from: range.from, to: range.to };
    }
    case 'contains':
    case 'notContains':
    case 'startsWith':
    case 'endsWith': {
      const value = resolve(c.value, '/value');
      if (value === undefined) return { kind: 'constant', value: false };
      if (value === null || value === '') return fail('/value', 'filter.value', `operator "${op}" needs a non-empty value`);
      if (isList(path.family)) return { kind: 'member', path, negated: op === 'notContains', value };
      return {
        kind: 'text',
        path,
        op: op === 'notContains' ? 'contains' : op,
        negated: op === 'notContains',
        value: String(value),
      };
    }
  }
  return fail('/op', 'filter.operator', `unknown operator "${String(op)}"`);
}

/**
 * The first and last instant of a range of days in a time zone, kept inside the years 0001–9999
 * in UTC (the first day of year 1 begins in year 0 east of Greenwich).
 */
function instantBounds(range: DateRange, timeZone: string): { from: string; to: string } {
  const from = startOfDay(range.from, timeZone);
  const to = range.to >= '9999-12-31' ? lastInstant : new Date(Date.parse(startOfDay(addDays(range.to, 1), timeZone)) - 1).toISOString();
  return { from: from < firstInstant ? firstInstant : from, to: to > lastInstant ? lastInstant : to };
}

const firstInstant = '0001-01-01T00:00:00.000Z';
const lastInstant = '9999-12-31T23:59:59.999Z';

function isList(family: ValueFamily): boolean {
  return family === 'textList' || family === 'idList';
}

function systemOperators(family: ValueFamily): FilterOperator[] {
  if (isList(family)) return ['contains', 'notContains', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
  if (family === 'boolean') return ['eq', 'ne', 'isEmpty', 'isNotEmpty'];
  const base: FilterOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'between', 'isEmpty', 'isNotEmpty'];
  return family === 'datetime' ? [...base, 'within'] : base;
}

function variable(name: string, context: FilterContext): Scalar | undefined {
  switch (name) {
    case 'currentUser':
      return context.userId;
    case 'currentUserDepartment':
      return context.departmentId;
    case 'today':
      return dateIn(context.now, context.timeZone ?? defaultTimeZone);
    case 'now':
      return context.now.toISOString();
    default:
      return undefined;
  }
}

/** Resolves a field path, allowing system columns at its end. */
export function bindPath(catalog: Catalog, entityKey: string, fieldPath: string): BoundPath | { problem: string } {
  const segments = fieldPath.split('.');
  const last = segments[segments.length - 1]!;
  if (Object.hasOwn(systemColumns, last)) {
    const via: RelationField[] = [];
    if (segments.length > 1) {
      const prefix = catalog.resolvePath(entityKey, segments.slice(0, -1).join('.'));
      if (isPathProblem(prefix)) return { problem: describePathProblem(prefix) };
      if (prefix.field.type !== 'relation' || prefix.field.kind !== 'manyToOne') {
        return { problem: `"${prefix.field.key}" is not a many-to-one relation` };
      }
      via.push(...prefix.via, prefix.field);
    }
    return { via, column: last, family: systemColumns[last]!, field: undefined, caseInsensitive: false };
  }
  const resolved = catalog.resolvePath(entityKey, fieldPath);
  if (isPathProblem(resolved)) return { problem: describePathProblem(resolved) };
  const column = fieldTypeOf(resolved.field).column(resolved.field);
  if (!column) return { problem: `field "${resolved.field.key}" (${resolved.field.type}) cannot be filtered` };
  const field = resolved.field;
  const caseInsensitive = field.type === 'email';
  return { via: resolved.via, column: field.key, family: column.family, field, caseInsensitive };
}

/** The value of a list variable (`currentUserDepartmentTree`, `currentUserTeam`); null when unknown here, undefined when `value` is no list variable. */
function listVariable(value: unknown, context: FilterContext): readonly number[] | null | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('var' in value)) return undefined;
  const name = (value as { var: string }).var;
  if (name === 'currentUserDepartmentTree') return context.departmentTree ?? null;
  if (name === 'currentUserTeam') return context.teamIds ?? null;
  return undefined;
}
