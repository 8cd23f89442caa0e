/**
 * Server-side formulas: every formula field (and every formula inside line items) is recomputed
 * on each write from the record as it will be stored, with the engines' expression language.
 */
import type { Entity, Field } from '@pipewright/metadata';
import { computeFormulas, ExpressionError, fieldTypeOf, isLiveFormula, RecordValidationError, type FormulaOwner, type Problem } from '@pipewright/engines';

export interface FormulaContext {
  now: Date;
  timeZone?: string | undefined;
}

/** Whether an entity has any formula, at the top level or in its line items. */
export function hasFormulas(entity: Entity): boolean {
  return entity.fields.some((f) => f.type === 'formula' || (f.type === 'lineItems' && f.fields.some((c) => c.type === 'formula')));
}

/**
 * The record with its formula fields (and line formulas) filled in. A formula that cannot be
 * computed from the values given (a date out of range, text in arithmetic, a result too large for
 * its column) is the input's fault: a `RecordValidationError` naming the formula's path under
 * `at` (`/total`, `/create/2/lines/0/line_total`).
 */
export function withFormulas(entity: Entity, record: Record<string, unknown>, context: FormulaContext, at = ''): Record<string, unknown> {
  if (!hasFormulas(entity)) return record;
  let computed: Record<string, unknown>;
  try {
    computed = computeFormulas(storedFormulasOf(entity), record, { now: context.now, timeZone: context.timeZone });
  } catch (error) {
    if (!(error instanceof ExpressionError) || error.field === undefined) throw error;
    throw new RecordValidationError(error.problems.map((p) => ({ ...p, path: at + p.path, message: `cannot be computed: ${p.message}` })));
  }
  const problems = [...columnProblems(entity.fields, computed, at)];
  for (const field of entity.fields) {
    if (field.type !== 'lineItems' || !Array.isArray(computed[field.key])) continue;
    (computed[field.key] as Record<string, unknown>[]).forEach((line, row) => problems.push(...columnProblems(field.fields, line, `${at}/${field.key}/${row}`)));
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
  return computed;
}

const storedOwners = new WeakMap<Entity, FormulaOwner>();

/** The entity without its formulas computed when read (decision 040): those are SQL, not stored. */
function storedFormulasOf(entity: Entity): FormulaOwner {
  let owner = storedOwners.get(entity);
  if (!owner) {
    owner = { key: entity.key, fields: entity.fields.filter((f) => !isLiveFormula(entity, f)) };
    storedOwners.set(entity, owner);
  }
  return owner;
}

/** Computed values their columns cannot hold. */
function* columnProblems(fields: readonly Field[], values: Record<string, unknown>, at: string): Generator<Problem> {
  for (const field of fields) {
    if (field.type !== 'formula' || !Object.hasOwn(values, field.key)) continue;
    const problem = fieldTypeOf(field).check?.(values[field.key], field);
    if (problem) yield { path: `${at}/${field.key}`, code: 'record.outOfRange', message: problem };
  }
}
