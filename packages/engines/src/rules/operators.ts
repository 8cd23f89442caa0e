/**
 * The operators of the filter language as json-rules-engine operators. Every condition's value
 * names a bound filter (`compile-condition.ts`); every operator evaluates it on the fact's value with
 * `matchesValue`, the evaluator views use in memory, so a rule and a view agree on what
 * `contains` or `ne` means. They replace json-rules-engine's own `in`, `notIn` and `contains`
 * (whose `contains` is array membership only) in the engines the rules module makes.
 */
import type { FilterOperator } from '@pipewright/metadata';
import { Operator } from 'json-rules-engine';
import type { BoundFilter } from '../filter/bind.ts';
import { matchesValue } from '../filter/evaluate.ts';
import type { BoundReference } from './compile-condition.ts';

export const filterOperators: readonly FilterOperator[] = [
  'eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'contains', 'notContains',
  'startsWith', 'endsWith', 'isEmpty', 'isNotEmpty', 'between', 'within',
];

const always = (): boolean => true;

/**
 * One json-rules-engine operator per filter operator, plus `never` for refused conditions, over a
 * ruleset's table of bound conditions (a condition's value is `{ bound: index, value }`).
 */
export function ruleOperators(bounds: readonly BoundFilter[]): Operator[] {
  const evaluateBound = (value: unknown, reference: BoundReference): boolean => matchesValue(bounds[reference.bound]!, value ?? null);
  return [
    ...filterOperators.map((name) => new Operator<unknown, BoundReference>(name, evaluateBound, always)),
    new Operator('never', () => false, always),
  ];
}

/**
 * Reads a fact at a dotted path (`account.industry`); a missing step reads as empty, a date-time
 * as ISO text.
 */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of splitPath(path)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
    current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : null;
  }
  return current instanceof Date ? current.toISOString() : current;
}

const splits = new Map<string, readonly string[]>();
function splitPath(path: string): readonly string[] {
  let parts = splits.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splits.size < 10_000) splits.set(path, parts);
  }
  return parts;
}
