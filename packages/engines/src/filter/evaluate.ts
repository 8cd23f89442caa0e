/**
 * Evaluates a bound filter against a record held in memory (studio previews, rule conditions,
 * and the reference the SQL compiler is tested against). Semantics, shared with the SQL compiler:
 *
 * - `ne`, `notIn`, `notContains` and negated membership match empty values ("stage ≠ won" keeps
 *   records without a stage); every other comparison is false on an empty value.
 * - Text `contains` / `startsWith` / `endsWith` ignore case; `eq` is exact except on e-mail fields.
 * - A path through a relation whose record is missing reads as empty.
 * - Empty means null, the empty string, or an empty list.
 *
 * @example
 * const match = matchesFilter(bound, { stage: 'won', account: { industry: 'retail' } });
 */
import type { BoundFilter, BoundPath, Scalar } from './bind.ts';

export type RecordData = Readonly<Record<string, unknown>>;

export function matchesFilter(filter: BoundFilter, record: RecordData): boolean {
  return matchesWith(filter, (path) => idOf(path, read(record, path)));
}

/**
 * Whether one value, already read, passes a bound filter whose conditions all name it: the rules
 * engine reads a fact at a path, then asks this, so a rule condition means what the same filter
 * means in a view.
 *
 * @example
 * matchesValue(bindFilterOn(() => agePath, { field: 'age', op: 'gt', value: 3 }, context), 4) // true
 */
export function matchesValue(filter: BoundFilter, value: unknown): boolean {
  return matchesWith(filter, (path) => idOf(path, value));
}

/** A related record nested where its relation's id is compared (`account eq 7`) stands for its id. */
function idOf(path: BoundPath, value: unknown): unknown {
  if (path.family !== 'id' || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return (value as { id?: unknown }).id ?? null;
}

function matchesWith(filter: BoundFilter, valueAt: (path: BoundPath) => unknown): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.items.every((f) => matchesWith(f, valueAt));
    case 'or':
      return filter.items.some((f) => matchesWith(f, valueAt));
    case 'not':
      return !matchesWith(filter.item, valueAt);
    case 'constant':
      return filter.value;
    case 'empty': {
      const empty = isEmptyValue(valueAt(filter.path));
      return filter.negated ? !empty : empty;
    }
    case 'compare': {
      const value = valueAt(filter.path);
      if (filter.op === 'ne') return isNullish(value) || compare(filter.path, value, filter.value) !== 0;
      if (isNullish(value)) return false;
      const order = compare(filter.path, value, filter.value);
      switch (filter.op) {
        case 'eq':
          return order === 0;
        case 'lt':
          return order < 0;
        case 'lte':
          return order <= 0;
        case 'gt':
          return order > 0;
        case 'gte':
          return order >= 0;
      }
      return false;
    }
    case 'in': {
      const value = valueAt(filter.path);
      if (isNullish(value)) return filter.negated;
      const found = filter.values.some((v) => compare(filter.path, value, v) === 0);
      return filter.negated ? !found : found;
    }
    case 'between': {
      const value = valueAt(filter.path);
      if (isNullish(value)) return false;
      return compare(filter.path, value, filter.from) >= 0 && compare(filter.path, value, filter.to) <= 0;
    }
    case 'text': {
      const value = valueAt(filter.path);
      if (isNullish(value)) return filter.negated;
      const haystack = String(value).toLowerCase();
      const needle = filter.value.toLowerCase();
      const found =
        filter.op === 'contains' ? haystack.includes(needle) : filter.op === 'startsWith' ? haystack.startsWith(needle) : haystack.endsWith(needle);
      return filter.negated ? !found : found;
    }
    case 'member': {
      const value = valueAt(filter.path);
      const found = Array.isArray(value) && value.some((v) => compare(filter.path, v, filter.value) === 0);
      return filter.negated ? !found : found;
    }
  }
}

function read(record: RecordData, path: BoundPath): unknown {
  let current: RecordData | null | undefined = record;
  for (const relation of path.via) {
    const next: unknown = current?.[relation.key];
    current = next && typeof next === 'object' ? (next as RecordData) : null;
  }
  return current ? current[path.column] : null;
}

function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Empty: null, '' or []. */
export function isEmptyValue(value: unknown): boolean {
  return isNullish(value) || value === '' || (Array.isArray(value) && value.length === 0);
}

function compare(path: BoundPath, a: unknown, b: Scalar): number {
  switch (path.family) {
    case 'number':
    case 'integer':
    case 'id':
    case 'idList':
      return Math.sign(Number(a) - Number(b));
    case 'datetime':
      return Math.sign(Date.parse(String(a)) - Date.parse(String(b)));
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    default: {
      const x = path.caseInsensitive ? String(a).toLowerCase() : String(a);
      const y = path.caseInsensitive ? String(b).toLowerCase() : String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
