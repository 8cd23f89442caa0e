/**
 * Publish-time checks of formulas computed when read (decision 040): each must translate to SQL
 * (a function without a SQL translation cannot be used in it), may not read another entity's
 * live formula, and may not sit inside line items (a line copies what it needs from the record
 * it picks: `copyFields` on its relation). Each problem is at the formula's JSON path.
 */
import { pointer, type AppBundle, type Entity, type Field, type MetadataError } from '@pipewright/metadata';
import { fieldTypeOf } from '../fields/registry.ts';
import { ExpressionError } from './errors.ts';
import { isLiveFormula, liveFormulaKeys } from './formula-kinds.ts';
import { parseExpression } from './parser.ts';
import { sqlText } from './sql/sql-text.ts';
import { translateExpression } from './sql/translate.ts';

/**
 * @example
 * checkLiveFormulas(bundle)
 * // [{ path: '/entities/3/fields/20/expression', code: 'expression.notTranslatable', message: 'TEXT has no SQL translation, …' }]
 */
export function checkLiveFormulas(bundle: AppBundle): MetadataError[] {
  const errors: MetadataError[] = [];
  bundle.entities.forEach((entity, e) => {
    entity.fields.forEach((field, f) => {
      const path = `${pointer('entities', e, 'fields', f)}/expression`;
      if (field.type === 'lineItems') {
        const owner = { key: `${entity.key}.${field.key}`, fields: field.fields };
        field.fields.forEach((line, l) => {
          if (!isLiveFormula(owner, line)) return;
          errors.push({
            path: `${pointer('entities', e, 'fields', f, 'fields', l)}/expression`,
            code: 'expression.liveInLineItems',
            message: 'A line-item formula cannot follow a relation or read the clock; copy the value onto the line with copyFields on its relation',
          });
        });
      }
      if (field.type !== 'formula' || !liveFormulaKeys(entity).has(field.key)) return;
      try {
        translateExpression(parseExpression(field.expression), {
          scope: { entity, entities: bundle.entities },
          timeZone: bundle.app.timeZone ?? 'Asia/Shanghai',
          field: (fieldPath) => (readable(bundle, entity, fieldPath) ? sqlText`x` : undefined),
          aggregate: (_, fieldPath) => (aggregatable(entity, fieldPath) ? sqlText`x` : undefined),
        });
      } catch (error) {
        // Parse errors and unknown fields are reported by the formula check itself.
        if (!(error instanceof ExpressionError) || error.code !== 'expression.notTranslatable') return;
        errors.push({ path, code: error.code, message: error.message });
      }
    });
  });
  return errors;
}

/** A scalar path SQL can read: own fields, and through many-to-one relations fields that are not live formulas. */
function readable(bundle: AppBundle, entity: Entity, path: readonly string[]): boolean {
  let current: Entity | undefined = entity;
  for (let i = 0; i < path.length; i++) {
    const field: Field | undefined = current?.fields.find((f) => f.key === path[i]);
    if (!current || !field) return i === path.length - 1 && ['id', 'created_at', 'updated_at', 'created_by', 'owner_id', 'version'].includes(path[i]!);
    if (i === path.length - 1) return field.type !== 'lineItems' && fieldTypeOf(field).column(field) !== undefined && (i === 0 || !isLiveFormula(current, field));
    if (field.type !== 'relation' || field.kind !== 'manyToOne') return false;
    current = bundle.entities.find((candidate) => candidate.key === field.target);
  }
  return false;
}

function aggregatable(entity: Entity, path: readonly string[]): boolean {
  const lines = entity.fields.find((f) => f.key === path[0]);
  if (!lines || lines.type !== 'lineItems' || path.length > 2) return false;
  return path.length === 1 || lines.fields.some((f) => f.key === path[1] && fieldTypeOf(f).column(f) !== undefined);
}
