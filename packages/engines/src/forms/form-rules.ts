/**
 * The rules a form declares, decided for a record: fields required at a stage (`stageRules`),
 * required in the form (`required`, `requiredWhen`), and not to be changed (`readOnly`,
 * `readOnlyWhen`), with hidden fields (`visibleWhen` of the item or its section) neither
 * required nor checked. Pure: the server runs it on every write, the studio's form on every
 * keystroke, so what the form shows is what the server enforces.
 */
import type { AppBundle, Entity, Form } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { evaluateCondition } from '../expression/evaluator.ts';
import { ExpressionError } from '../expression/errors.ts';
import type { Expression } from '../expression/ast.ts';
import { parseExpression } from '../expression/parser.ts';
import type { RelatedRecords } from '../expression/paths.ts';
import { referencedFields } from '../expression/references.ts';

export interface FormRuleInput {
  /** The record as it will be stored (for an update: the record before, with the change applied). */
  record: Readonly<Record<string, unknown>>;
  /** For an update: the record as it was, which read-only conditions are decided on. */
  before?: Readonly<Record<string, unknown>> | undefined;
  /** For an update: the keys of the fields whose values change. */
  changed?: ReadonlySet<string> | undefined;
  now: Date;
  timeZone?: string | undefined;
  /**
   * The related records conditions read (`account.industry`), by relation key and id, as the
   * writer may read them (see `formRelations`); a relation without its record reads as empty.
   */
  related?: RelatedRecords | undefined;
  /** The app's entities, so values behind a relation are read by their field's type. */
  entities?: readonly Entity[] | undefined;
}

/**
 * The many-to-one relations of `entity` whose records the form's conditions read, with the
 * fields they read there: `{ account: ['industry'] }` for `visibleWhen: "account.industry = 'it'"`.
 * The server fetches these before deciding the rules, the browser's form the same.
 *
 * @example
 * formRelations(form, ticket) // { asset: ['warranty_end'] }
 */
export function formRelations(form: Form, entity: Entity): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const conditions = [
    ...form.sections.flatMap((section) => [section.visibleWhen, ...section.items.flatMap((item) => [item.visibleWhen, item.requiredWhen, item.readOnlyWhen])]),
  ].filter((text): text is string => text !== undefined);
  for (const text of conditions) {
    let paths: string[];
    try {
      paths = referencedFields(parsed(text));
    } catch {
      continue; // reported by checkFormRules
    }
    for (const path of paths) {
      const [head, next] = path.split('.');
      if (next === undefined) continue;
      const field = entity.fields.find((f) => f.key === head);
      if (field?.type !== 'relation' || field.kind !== 'manyToOne') continue;
      const fields = (found[head!] ??= []);
      if (!fields.includes(next)) fields.push(next);
    }
  }
  return found;
}

/**
 * The form whose rules the server enforces for an entity: the one marked `default`, else the
 * entity's first form in the bundle (decision 046); undefined when the entity has no form.
 *
 * @example
 * enforcedForm(bundle, 'ticket')?.key // 'ticket_form'
 */
export function enforcedForm(bundle: Pick<AppBundle, 'forms'>, entityKey: string): Form | undefined {
  const forms = (bundle.forms ?? []).filter((form) => form.entity === entityKey);
  return forms.find((form) => form.default === true) ?? forms[0];
}

/**
 * Every breach of `form`'s rules by a write, at the path of the field (`/resolution`):
 * `record.requiredAtStage`, `record.required`, `record.readOnly`.
 *
 * @example
 * checkFormRules(form, ticket, { record: { status: 'resolved', resolution: null }, now })
 * // [{ path: '/resolution', code: 'record.requiredAtStage', message: 'is required while status is "resolved"' }]
 */
export function checkFormRules(form: Form, entity: Entity, input: FormRuleInput): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const report = (field: string, code: string, message: string) => {
    if (reported.has(field)) return;
    reported.add(field);
    problems.push({ path: `/${field}`, code, message });
  };
  const holds = (text: string | undefined, record: Readonly<Record<string, unknown>>, field: string): boolean => {
    if (text === undefined) return false;
    try {
      return evaluateCondition(parsed(text), {
        record,
        now: input.now,
        scope: { entity, ...(input.entities ? { entities: input.entities } : {}) },
        ...(input.related ? { resolve: input.related } : {}),
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      });
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      report(field, 'record.conditionFailed', `the form's condition on this field cannot be decided: ${error.message}`);
      return false;
    }
  };

  for (const rule of form.stageRules ?? []) {
    if (input.record[rule.field] !== rule.value) continue;
    for (const key of rule.required) {
      if (isEmpty(input.record[key])) report(key, 'record.requiredAtStage', `is required while ${rule.field} is "${rule.value}"`);
    }
  }
  for (const section of form.sections) {
    const sectionHidden = section.visibleWhen !== undefined && !holds(section.visibleWhen, input.record, section.items[0]?.field ?? section.key);
    for (const item of section.items) {
      if (sectionHidden || (item.visibleWhen !== undefined && !holds(item.visibleWhen, input.record, item.field))) continue;
      if ((item.required === true || holds(item.requiredWhen, input.record, item.field)) && isEmpty(input.record[item.field])) {
        report(item.field, 'record.required', item.requiredWhen !== undefined && item.required !== true ? `is required when ${item.requiredWhen}` : 'is required');
      }
      if (input.before && input.changed?.has(item.field) && (item.readOnly === true || holds(item.readOnlyWhen, input.before, item.field))) {
        report(item.field, 'record.readOnly', item.readOnly === true ? 'is read-only in this form' : `cannot be changed while ${item.readOnlyWhen}`);
      }
    }
  }
  return problems;
}

/** What a required field may not be: null, missing, blank text or an empty list. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

const cache = new Map<string, Expression>();

/** Conditions are parsed once (published metadata does not change; the texts are few). */
function parsed(text: string): Expression {
  let expression = cache.get(text);
  if (!expression) {
    expression = parseExpression(text);
    if (cache.size > 10_000) cache.clear();
    cache.set(text, expression);
  }
  return expression;
}
