/**
 * Computing an entity's formula fields on a record — on every write on the server, and live in
 * the studio, with the same code.
 */
import type { Entity, FormulaField } from '@pipewright/metadata';
import {
  formatDate,
  formatInstant,
  instantOf,
  localDateOf,
  parseCalendarText,
} from './calendar.ts';
import { ExpressionError, ValueProblem } from './errors.ts';
import { defaultTimeZone } from '../clock.ts';
import { evaluateToValue, type EvaluationContext } from './evaluator.ts';
import { planFormulas, type FormulaOwner, type FormulaStep } from './formula-plan.ts';
import { asNumber, describeValue, RecordValue, toPlain, toText, type Value } from './values.ts';

export interface FormulaContext extends Omit<EvaluationContext, 'record' | 'scope'> {
  /** The app's other entities, so related records' numeric fields are read exactly. */
  entities?: readonly Entity[];
}

/**
 * The record with every formula field computed: line-item formulas on each line first, then the
 * entity's formulas in dependency order. Each formula sees the values computed before it exactly
 * as they will be stored. Numbers are rounded (half away from zero) to the field's `scale` when
 * it has one; results are converted to the field's `resultType` (a number to text for `text`, a
 * datetime to its calendar day for `date`). Other fields are returned unchanged.
 *
 * Throws `ExpressionError` with `field` (and `row` for a line) set when a formula fails.
 *
 * @example
 * computeFormulas(quote, { products: [{ quantity: 2, unit_price: 9.99 }], tax_rate: 13 }, { now: new Date() })
 * // { products: [{ quantity: 2, unit_price: 9.99, line_total: 19.98 }], tax_rate: 13, subtotal: 19.98, tax: 2.6, total: 22.58 }
 */
export function computeFormulas(
  entity: FormulaOwner,
  record: Readonly<Record<string, unknown>>,
  context: FormulaContext,
): Record<string, unknown> {
  const plan = planFormulas(entity);
  const { entities, ...evaluation } = context;
  const result: Record<string, unknown> = { ...record };
  for (const { field, formulas } of plan.lineItems) {
    const lines = record[field.key];
    if (!Array.isArray(lines)) continue;
    const scope = {
      entity: { key: `${entity.key}.${field.key}`, fields: field.fields },
      ...(entities ? { entities } : {}),
    };
    result[field.key] = lines.map((line: unknown, row) => {
      if (typeof line !== 'object' || line === null || Array.isArray(line)) return line;
      const computed: Record<string, unknown> = { ...line };
      for (const step of formulas) {
        computed[step.field.key] = compute(
          step,
          { ...evaluation, record: computed, scope },
          `${field.key}.`,
          row,
        );
      }
      return computed;
    });
  }
  const scope = { entity, ...(entities ? { entities } : {}) };
  for (const step of plan.formulas) {
    result[step.field.key] = compute(step, { ...evaluation, record: result, scope }, '', undefined);
  }
  return result;
}

function compute(
  step: FormulaStep,
  context: EvaluationContext,
  relationPrefix: string,
  row: number | undefined,
): unknown {
  try {
    const value = evaluateToValue(step.expression, context, relationPrefix);
    return asResult(value, step.field, context.timeZone ?? defaultTimeZone, step.expression);
  } catch (error) {
    const located = error instanceof ValueProblem ? error.at(step.expression) : error;
    throw located instanceof ExpressionError ? located.inFormula(step.name, row) : located;
  }
}

/** A computed value as the formula field's `resultType` stores it. */
function asResult(
  value: Value,
  field: FormulaField,
  timeZone: string,
  expression: { position: number; end: number },
): unknown {
  if (value === null) return null;
  const mismatch = (): ExpressionError =>
    new ExpressionError(
      'expression.type',
      `The formula must give ${field.resultType === 'boolean' ? 'TRUE or FALSE' : `a ${field.resultType}`}, but gave ${describeValue(value)}`,
      expression.position,
      expression.end,
    );
  switch (field.resultType) {
    case 'number':
    case 'currency':
    case 'percent': {
      const number = asNumber(value);
      if (!number) throw mismatch();
      return (
        field.scale === undefined ? number : number.round(field.scale, 'halfAwayFromZero')
      ).toNumber();
    }
    case 'text':
      if (Array.isArray(value) || value instanceof RecordValue) throw mismatch();
      return toText(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'date':
    case 'datetime': {
      const calendar = typeof value === 'string' ? parseCalendarText(value) : undefined;
      if (!calendar) throw mismatch();
      return field.resultType === 'date'
        ? formatDate(localDateOf(calendar, timeZone))
        : formatInstant(instantOf(calendar, timeZone));
    }
    default:
      return toPlain(value);
  }
}
