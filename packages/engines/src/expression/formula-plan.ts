/**
 * The order in which an entity's formula fields are computed: each formula after the formulas
 * it reads (a topological order, ties kept in field order), line-item formulas per line before
 * the entity's own. A loop of formulas is an `expression.cycle` error naming the loop.
 */
import type { Field, FormulaField, LineItemsField } from '@pipewright/metadata';
import type { Expression, FieldReference } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { parseExpression } from './parser.ts';
import { fieldReferences } from './references.ts';

export interface FormulaStep {
  field: FormulaField;
  /** The field's key, or `lines.key` for a formula inside line items (as in error messages). */
  name: string;
  expression: Expression;
}

export interface FormulaPlan {
  /** Formulas inside line-items fields, computed on each line first. */
  lineItems: { field: LineItemsField; formulas: FormulaStep[] }[];
  /** The entity's own formulas, in the order to compute them. */
  formulas: FormulaStep[];
}

/** The shape `planFormulas` needs: an entity, or anything with its key and fields. */
export interface FormulaOwner {
  key: string;
  fields: readonly Field[];
}

const plans = new WeakMap<FormulaOwner, FormulaPlan>();

/**
 * Parses an entity's formulas and orders them; cached per entity object (metadata is immutable).
 * Throws `ExpressionError` (with `field` set) for a formula that does not parse or a loop.
 *
 * @example
 * planFormulas(quote).formulas.map((step) => step.name) // ['subtotal', 'tax', 'total']
 */
export function planFormulas(entity: FormulaOwner): FormulaPlan {
  let plan = plans.get(entity);
  if (!plan) {
    plan = {
      lineItems: entity.fields
        .filter((field): field is LineItemsField => field.type === 'lineItems')
        .map((field) => ({ field, formulas: orderFormulas(field.fields, `${field.key}.`) }))
        .filter((lines) => lines.formulas.length > 0),
      formulas: orderFormulas(entity.fields, ''),
    };
    plans.set(entity, plan);
  }
  return plan;
}

interface Dependency {
  on: string;
  via: FieldReference;
}

function orderFormulas(fields: readonly Field[], prefix: string): FormulaStep[] {
  const steps = new Map<string, FormulaStep>();
  for (const field of fields) {
    if (field.type !== 'formula') continue;
    const name = prefix + field.key;
    try {
      steps.set(field.key, { field, name, expression: parseExpression(field.expression) });
    } catch (error) {
      throw error instanceof ExpressionError ? error.inFormula(name) : error;
    }
  }
  const dependencies = new Map<string, Dependency[]>();
  for (const [key, step] of steps) {
    dependencies.set(
      key,
      fieldReferences(step.expression)
        .filter((reference) => steps.has(reference.path[0]!))
        .map((reference) => ({ on: reference.path[0]!, via: reference })),
    );
  }

  const ordered: FormulaStep[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (key: string): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting')
      throw cycleError(trail.slice(trail.indexOf(key)), dependencies, prefix);
    state.set(key, 'visiting');
    trail.push(key);
    for (const dependency of dependencies.get(key) ?? []) visit(dependency.on);
    trail.pop();
    state.set(key, 'done');
    ordered.push(steps.get(key)!);
  };
  for (const key of steps.keys()) visit(key);
  return ordered;
}

function cycleError(
  loop: string[],
  dependencies: Map<string, Dependency[]>,
  prefix: string,
): ExpressionError {
  const first = loop[0]!;
  const next = loop[1] ?? first;
  const via = dependencies.get(first)!.find((dependency) => dependency.on === next)!.via;
  const names = [...loop, first].map((key) => prefix + key).join(' → ');
  return new ExpressionError(
    'expression.cycle',
    `Formulas depend on each other in a loop: ${names}`,
    via.position,
    via.end,
    { field: prefix + first },
  );
}
