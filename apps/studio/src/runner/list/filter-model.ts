/**
 * The filter builder's model and its exact mapping to the shared filter language (decision 056).
 * The builder edits one group of conditions joined by "all" (`and`) or "any" (`or`), whose items
 * are conditions or sub-groups of conditions; `toFilter` writes it as the filter JSON the records
 * API, views and roles read, and `fromFilter` reads any filter back. A part the builder cannot
 * show as rows (a `not`, groups nested deeper) is kept whole as a `kept` item, shown as text and
 * written back unchanged, so opening and saving a filter never changes what it means.
 *
 * @example
 * toFilter({ join: 'and', items: [{ kind: 'condition', field: 'stage', op: 'eq', value: 'won' }] })
 * // { field: 'stage', op: 'eq', value: 'won' }
 */
import type { Field, Filter, FilterCondition, FilterOperand, FilterOperator } from '@pipewright/metadata';

export interface ConditionRow {
  kind: 'condition';
  field: string;
  op: FilterOperator;
  value?: FilterOperand | undefined;
}

export interface KeptRow {
  kind: 'kept';
  filter: Filter;
}

export interface FilterGroup {
  kind: 'group';
  join: 'and' | 'or';
  items: (ConditionRow | KeptRow | FilterGroup)[];
}

export const emptyGroup = (): FilterGroup => ({ kind: 'group', join: 'and', items: [] });

/** Operators that take no value. */
export const valuelessOperators: ReadonlySet<FilterOperator> = new Set(['isEmpty', 'isNotEmpty']);

/** Whether a condition row is complete enough to send (a value where its operator needs one). */
export function isComplete(row: ConditionRow): boolean {
  if (valuelessOperators.has(row.op)) return true;
  const value = row.value;
  if (value === undefined || value === null || value === '') return false;
  if (row.op === 'between') return Array.isArray(value) && value.length === 2 && value.every((v) => v !== null && v !== undefined && v !== '');
  if (row.op === 'in' || row.op === 'notIn') return Array.isArray(value) && value.length > 0;
  return true;
}

/** The group as filter JSON; undefined when it holds no complete condition. */
export function toFilter(group: FilterGroup): Filter | undefined {
  const parts: Filter[] = [];
  for (const item of group.items) {
    if (item.kind === 'kept') parts.push(item.filter);
    else if (item.kind === 'group') {
      const inner = toFilter(item);
      if (inner) parts.push(inner);
    } else if (isComplete(item)) {
      const condition: FilterCondition = { field: item.field, op: item.op };
      if (!valuelessOperators.has(item.op)) condition.value = item.value;
      parts.push(condition);
    }
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return group.join === 'and' ? { and: parts } : { or: parts };
}

/** Any filter as a group the builder shows; round-trips through `toFilter` to an equal filter. */
export function fromFilter(filter: Filter | undefined, depth = 0): FilterGroup {
  if (!filter) return emptyGroup();
  if ('and' in filter || 'or' in filter) {
    const join = 'and' in filter ? 'and' : 'or';
    const parts = 'and' in filter ? filter.and : filter.or;
    // A group with a single part would read back as that part alone: keep such a group whole.
    if (parts.length < 2) return { kind: 'group', join: 'and', items: [{ kind: 'kept', filter }] };
    return {
      kind: 'group',
      join,
      items: parts.map((part) => {
        if ('field' in part) return { kind: 'condition', field: part.field, op: part.op, value: part.value };
        if (depth === 0 && ('and' in part || 'or' in part) && (('and' in part ? part.and : part.or).length >= 2)) {
          const inner = fromFilter(part, 1);
          if (inner.items.every((i) => i.kind === 'condition')) return inner;
        }
        return { kind: 'kept', filter: part };
      }),
    };
  }
  if ('field' in filter) return { kind: 'group', join: 'and', items: [{ kind: 'condition', field: filter.field, op: filter.op, value: filter.value }] };
  return { kind: 'group', join: 'and', items: [{ kind: 'kept', filter }] };
}

/** Both filters must hold (the view's own filter and the reader's). */
export function bothFilters(a: Filter | undefined, b: Filter | undefined): Filter | undefined {
  if (!a) return b;
  if (!b) return a;
  return { and: [a, b] };
}

/** How many complete conditions the group holds (the badge on the filter button). */
export function conditionCount(group: FilterGroup): number {
  return group.items.reduce((n, item) => n + (item.kind === 'group' ? conditionCount(item) : item.kind === 'kept' || isComplete(item) ? 1 : 0), 0);
}

/**
 * The field a condition's value is typed in: the compared field as a plain type the value
 * widgets know (a formula as its result type, a multi-select as one option for `contains`), and
 * a list of it for `in` / `notIn`. Undefined when the operator takes no value.
 */
export function operandField(field: Field, op: FilterOperator): Field | undefined {
  if (valuelessOperators.has(op) || op === 'within') return undefined;
  const { key, label } = field;
  let single: Field;
  switch (field.type) {
    case 'formula':
      single = ['number', 'currency', 'percent'].includes(field.resultType) ? { key, label, type: field.resultType as 'number' } : { key, label, type: field.resultType === 'boolean' ? 'boolean' : field.resultType === 'date' ? 'date' : field.resultType === 'datetime' ? 'datetime' : 'text' };
      break;
    case 'multiSelect':
      single = { key, label, type: 'singleSelect', options: field.options };
      break;
    case 'longText':
    case 'richText':
    case 'autoNumber':
    case 'email':
    case 'phone':
    case 'url':
    case 'cascade':
    case 'region':
      single = { key, label, type: 'text' };
      break;
    case 'user':
    case 'department':
      single = { key, label, type: field.type };
      break;
    case 'relation':
      single = { key, label, type: 'relation', target: field.target, kind: 'manyToOne' };
      break;
    default:
      single = field;
  }
  if (op !== 'in' && op !== 'notIn') return single;
  switch (single.type) {
    case 'singleSelect':
      return { key, label, type: 'multiSelect', options: single.options };
    case 'user':
    case 'department':
      return { ...single, multiple: true };
    case 'relation':
      return { ...single, kind: 'manyToMany' };
    default:
      return undefined; // typed as a list of free values (tags)
  }
}
