/**
 * What the record page decides while the reader types, with the engines code the server runs
 * (decision 057): formulas computed by `computeFormulas`, and the form's `visibleWhen`,
 * `requiredWhen` and `readOnlyWhen` conditions evaluated by `evaluateCondition` against the
 * record as it would be saved (formulas included). Stage rules add the fields required at the
 * record's current stage. Plain data in and out; no React.
 *
 * @example
 * const live = liveRecord(entity, form, draft, { now: new Date() });
 * live.record.amount; live.hidden.has('loss_reason'); live.required.has('budget');
 */
import { computeFormulas, evaluateCondition, parseExpression, type Expression } from '@pipewright/engines';
import type { Entity, Form } from '@pipewright/metadata';

export interface LiveRecord {
  /** The draft with every formula computed (the draft itself when a formula cannot run yet). */
  record: Record<string, unknown>;
  /** Keys of sections hidden by their `visibleWhen`. */
  hiddenSections: ReadonlySet<string>;
  /** Fields hidden by their item's `visibleWhen` (or their section's). */
  hidden: ReadonlySet<string>;
  /** Fields required here: by the field, the item, `requiredWhen` or a stage rule. */
  required: ReadonlySet<string>;
  /** Fields made read-only by `readOnlyWhen` or the item's `readOnly`. */
  readOnly: ReadonlySet<string>;
  /** A formula that could not be computed live, with the reason (shown to no one; for tests). */
  formulaProblem: string | undefined;
}

const parsed = new Map<string, Expression | null>();

function expressionOf(text: string): Expression | null {
  let expression = parsed.get(text);
  if (expression === undefined) {
    try {
      expression = parseExpression(text);
    } catch {
      expression = null;
    }
    parsed.set(text, expression);
  }
  return expression;
}

/** A condition's answer; `fallback` when it cannot be evaluated (a reference to a hidden field). */
function holds(text: string | undefined, record: Record<string, unknown>, entity: Entity, now: Date, fallback: boolean): boolean {
  if (!text) return fallback;
  const expression = expressionOf(text);
  if (!expression) return fallback;
  try {
    return evaluateCondition(expression, { record, now, scope: { entity } });
  } catch {
    return fallback;
  }
}

export function liveRecord(entity: Entity, form: Form | undefined, draft: Readonly<Record<string, unknown>>, context: { now: Date; timeZone?: string }): LiveRecord {
  let record: Record<string, unknown> = { ...draft };
  let formulaProblem: string | undefined;
  try {
    record = computeFormulas(entity, draft, { now: context.now, ...(context.timeZone ? { timeZone: context.timeZone } : {}) });
  } catch (error) {
    formulaProblem = error instanceof Error ? error.message : String(error);
  }
  const hiddenSections = new Set<string>();
  const hidden = new Set<string>();
  const required = new Set<string>(entity.fields.filter((f) => f.required).map((f) => f.key));
  const readOnly = new Set<string>();
  for (const section of form?.sections ?? []) {
    const sectionVisible = holds(section.visibleWhen, record, entity, context.now, true);
    if (!sectionVisible) hiddenSections.add(section.key);
    for (const item of section.items) {
      if (!sectionVisible || !holds(item.visibleWhen, record, entity, context.now, true)) hidden.add(item.field);
      if (item.required || holds(item.requiredWhen, record, entity, context.now, false)) required.add(item.field);
      if (item.readOnly || holds(item.readOnlyWhen, record, entity, context.now, false)) readOnly.add(item.field);
    }
  }
  for (const rule of form?.stageRules ?? []) if (record[rule.field] === rule.value) for (const key of rule.required) required.add(key);
  // A hidden field is neither required nor validated (form.schema.json).
  for (const key of hidden) required.delete(key);
  return { record, hiddenSections, hidden, required, readOnly, formulaProblem };
}
