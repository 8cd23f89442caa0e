/**
 * The expressions of a bundle checked before it is published: every formula (parses, names only
 * fields that exist, gives its result type, is in no loop, nests within the limit, and, when it
 * reads no field, gives a value its column can hold) and every form condition (`visibleWhen`,
 * `requiredWhen`, `readOnlyWhen` of items and sections: conditions over the form's entity).
 * Pure, so the studio shows the same problems while the bundle is edited.
 */
import { pointer, type AppBundle, type Entity, type Field, type FormulaField, type MetadataError } from '@pipewright/metadata';
import { fieldTypeOf } from '../fields/registry.ts';
import { checkExpression, type ExpressionCheck } from './check.ts';
import { ExpressionError } from './errors.ts';
import { evaluate } from './evaluator.ts';
import { planFormulas } from './formula-plan.ts';
import type { ExpressionScope } from './paths.ts';
import type { ExpressionType } from './types.ts';

/**
 * Every problem with the expressions of `bundle`, each at the JSON pointer of the expression
 * (`/entities/3/fields/2/expression`, `/forms/0/sections/1/items/4/visibleWhen`).
 *
 * @example
 * checkBundleExpressions(bundle)
 * // [{ path: '/entities/3/fields/27/expression', code: 'expression.unknownField', message: 'deal has no field "budgt": did you mean budget?' }]
 */
export function checkBundleExpressions(bundle: AppBundle): MetadataError[] {
  const errors: MetadataError[] = [];
  bundle.entities.forEach((entity, e) => {
    const at = pointer('entities', e, 'fields');
    errors.push(...checkFormulas(entity.key, entity.fields, at, bundle.entities));
    entity.fields.forEach((field, f) => {
      if (field.type !== 'lineItems') return;
      errors.push(...checkFormulas(`${entity.key}.${field.key}`, field.fields, `${at}/${f}/fields`, bundle.entities));
    });
  });
  (bundle.forms ?? []).forEach((form, f) => {
    const entity = bundle.entities.find((candidate) => candidate.key === form.entity);
    if (!entity) return; // a reference check reports it
    const scope: ExpressionScope = { entity, entities: bundle.entities };
    const condition = (text: string | undefined, path: string) => {
      if (text !== undefined) errors.push(...problemsOf(text, { ...scope, expect: 'boolean' }, path));
    };
    form.sections.forEach((section, s) => {
      const at = pointer('forms', f, 'sections', s);
      condition(section.visibleWhen, `${at}/visibleWhen`);
      section.items.forEach((item, i) => {
        for (const key of ['visibleWhen', 'requiredWhen', 'readOnlyWhen'] as const) condition(item[key], `${at}${pointer('items', i, key)}`);
      });
    });
  });
  return errors;
}

function checkFormulas(ownerKey: string, fields: readonly Field[], at: string, entities: readonly Entity[]): MetadataError[] {
  const errors: MetadataError[] = [];
  const scope: ExpressionScope = { entity: { key: ownerKey, fields }, entities };
  fields.forEach((field, i) => {
    if (field.type !== 'formula') return;
    const path = `${at}/${i}/expression`;
    const checked = checkExpression(field.expression, { ...scope, expect: resultTypes[field.resultType] });
    errors.push(...(checked.ok ? overflow(field, checked, path) : checked.errors.map((problem) => ({ path, code: problem.code, message: problem.message }))));
  });
  if (errors.length > 0) return errors; // a loop is only worth reporting between formulas that parse
  try {
    planFormulas({ key: ownerKey, fields });
  } catch (error) {
    if (!(error instanceof ExpressionError) || error.field === undefined) throw error;
    const key = error.field.split('.').pop();
    const index = fields.findIndex((field) => field.key === key);
    errors.push({ path: `${at}/${index}/expression`, code: error.code, message: error.message });
  }
  return errors;
}

const resultTypes: Record<FormulaField['resultType'], ExpressionType> = {
  number: 'number',
  currency: 'number',
  percent: 'number',
  text: 'text',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

function problemsOf(text: string, options: Parameters<typeof checkExpression>[1], path: string): MetadataError[] {
  return checkExpression(text, options).errors.map((problem) => ({ path, code: problem.code, message: problem.message }));
}

/**
 * A formula that reads no field gives one value; when its column cannot hold it, every write
 * would fail. (A formula over fields can only be bounded by the values it reads, which the
 * write path checks; see the runtime's formula computation.)
 */
function overflow(field: FormulaField, checked: ExpressionCheck, path: string): MetadataError[] {
  if (!checked.expression || checked.references.length > 0) return [];
  if (!['number', 'currency', 'percent'].includes(field.resultType)) return [];
  let value: unknown;
  try {
    value = evaluate(checked.expression, { record: {}, now: new Date(0) });
  } catch (error) {
    if (error instanceof ExpressionError) return [{ path, code: error.code, message: error.message }];
    throw error;
  }
  const column = /^numeric\((\d+),(\d+)\)$/.exec(fieldTypeOf(field).column(field)?.sql ?? '');
  const limit = column ? 10 ** (Number(column[1]) - Number(column[2])) : Number.MAX_VALUE;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!(Math.abs(number) >= limit)) return [];
  return [{ path, code: 'expression.overflow', message: `The formula gives ${String(value)}, which its ${field.resultType} column cannot hold (at most ${limit.toExponential()} in magnitude)` }];
}
