/**
 * Server-side formulas: every formula field (and every formula inside line items) is recomputed
 * on each write from the record as it will be stored, with the engines' expression language.
 */
import type { Entity } from '@pipewright/metadata';
import { computeFormulas } from '@pipewright/engines';

export interface FormulaContext {
  now: Date;
  timeZone?: string | undefined;
}

/** Whether an entity has any formula, at the top level or in its line items. */
export function hasFormulas(entity: Entity): boolean {
  return entity.fields.some((f) => f.type === 'formula' || (f.type === 'lineItems' && f.fields.some((c) => c.type === 'formula')));
}

/** The record with its formula fields (and line formulas) filled in. */
export function withFormulas(entity: Entity, record: Record<string, unknown>, context: FormulaContext): Record<string, unknown> {
  if (!hasFormulas(entity)) return record;
  return computeFormulas(entity, record, { now: context.now, timeZone: context.timeZone });
}
