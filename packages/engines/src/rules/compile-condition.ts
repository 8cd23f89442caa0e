/**
 * Compiles a rule's condition (the filter language over the rule's facts) to a json-rules-engine
 * condition.
 *
 * Each leaf is bound like a filter condition of a view (`bindFilterOn`: the same operators per
 * field type, the same value checks and variables), then becomes a json-rules-engine condition on
 * the fact it reads: `{ fact: 'record', path: 'account.industry', operator: 'eq', value: { bound: 3,
 * value: 'finance' } }`, where `bound` is the bound condition's index in the ruleset's table (the
 * engine copies every condition on every evaluation, so the value stays small) and `value` is the
 * value as written, for people reading a result. The operators registered on the engine
 * (`operators.ts`) look the bound condition up and evaluate it with
 * `matchesValue`, so `contains`, `ne` on an empty value, or case-insensitive e-mail mean in a rule
 * exactly what they mean in a view (decision 060). `and` / `or` / `not` become `all` / `any` / `not`.
 */
import type { Catalog, Filter, RuleCondition, RuleFactCondition } from '@pipewright/metadata';
import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import type { Problem } from '../errors.ts';
import { bindFilterOn, bindPath, FilterError, type BoundFilter, type FilterContext, type PathResolver } from '../filter/bind.ts';
import { derivedFacts, factPath, userFields, type DerivedFact } from './facts.ts';

/** The value of a compiled condition: the index of its bound condition, and the value as written. */
export interface BoundReference {
  bound: number;
  value: unknown;
}

/** How deep rule conditions may nest. */
export const maxConditionDepth = 16;

/** What compiling one condition found out. */
export interface CompiledCondition {
  condition: TopLevelCondition;
  /** Facts the condition reads (`record`, `previous`, `daysSinceCreated` …). */
  facts: Set<string>;
  /** Fields of the record (or the record before the change) it reads: top-level keys, `account` for `account.industry`. */
  fields: Set<string>;
  /** Relations whose records the runtime must nest into the record (`account` for `account.industry`). */
  relations: Set<string>;
}

/**
 * Compiles `condition` for a rule of `entityKey`; adds a problem per bad leaf to `problems`, with
 * JSON pointers from `at`.
 *
 * @example
 * compileCondition(catalog, 'lead', { and: [{ field: 'source', op: 'eq', value: 'website' }] }, context, '/rules/0/rules/3/conditions', problems)
 */
export function compileCondition(
  catalog: Catalog,
  entityKey: string,
  condition: RuleCondition,
  context: FilterContext,
  at: string,
  problems: Problem[],
  bounds: BoundFilter[] = [],
): CompiledCondition {
  const out: CompiledCondition = { condition: { all: [] }, facts: new Set(), fields: new Set(), relations: new Set() };
  const recordPaths: PathResolver = (field) => bindPath(catalog, entityKey, field);

  const leaf = (c: RuleFactCondition, path: string): NestedCondition => {
    const fact = c.fact ?? 'record';
    let resolve: PathResolver;
    let field: string;
    if (fact === 'record' || fact === 'previous') {
      if (c.field === undefined) return refuse(path, `the "${fact}" fact needs a field, such as "amount"`);
      resolve = recordPaths;
      field = c.field;
    } else if (fact === 'user') {
      if (c.field === undefined || !Object.hasOwn(userFields, c.field)) {
        return refuse(`${path}/field`, `the acting user has ${c.field === undefined ? 'fields' : `no field "${c.field}"`}: use one of ${Object.keys(userFields).join(', ')}`);
      }
      const family = userFields[c.field]!;
      resolve = () => factPath(c.field!, family);
      field = c.field;
    } else if (Object.hasOwn(derivedFacts, fact)) {
      if (c.field !== undefined) return refuse(`${path}/field`, `the "${fact}" fact is a value of its own and has no field "${c.field}"`);
      const family = derivedFacts[fact as DerivedFact];
      resolve = () => factPath(fact, family);
      field = fact;
    } else {
      return refuse(`${path}/fact`, `unknown fact "${String(fact)}"`);
    }
    let bound: BoundFilter;
    try {
      bound = bindFilterOn(resolve, { field, op: c.op, ...(c.value === undefined ? {} : { value: c.value }) } as Filter, context, path);
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      problems.push(...error.problems.map((p) => ({ ...p, code: p.code.replace(/^filter\./, 'rule.') })));
      return never;
    }
    out.facts.add(fact);
    if (fact === 'record' || fact === 'previous') {
      const [first, ...rest] = field.split('.');
      out.fields.add(first!);
      if (rest.length > 0) out.relations.add(first!);
    }
    const value: BoundReference = { bound: bounds.push(bound) - 1, value: c.value ?? null };
    if (fact === 'record' || fact === 'previous' || fact === 'user') return { fact, path: field, operator: c.op, value };
    return { fact, operator: c.op, value };
  };

  const refuse = (path: string, message: string): NestedCondition => {
    problems.push({ path, code: 'rule.invalidCondition', message });
    return never;
  };

  const walk = (c: RuleCondition, path: string, depth: number): NestedCondition => {
    if (depth > maxConditionDepth) return refuse(path, `conditions may nest at most ${maxConditionDepth} levels`);
    if ('and' in c) return { all: c.and.map((item, i) => walk(item, `${path}/and/${i}`, depth + 1)) };
    if ('or' in c) return { any: c.or.map((item, i) => walk(item, `${path}/or/${i}`, depth + 1)) };
    if ('not' in c) return { not: walk(c.not, `${path}/not`, depth + 1) };
    return leaf(c, path);
  };

  const top = walk(condition, at, 0);
  // json-rules-engine wants all / any / not at the top.
  out.condition = 'all' in top || 'any' in top || 'not' in top ? (top as TopLevelCondition) : { all: [top] };
  return out;
}

/** A condition that never holds, standing in for a refused leaf (the ruleset is refused anyway). */
const never: NestedCondition = { fact: 'isNew', operator: 'never', value: false };
