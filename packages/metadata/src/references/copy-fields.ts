/**
 * Reference checks of `copyFields` on many-to-one relations (decision 041): the copied field
 * exists on the related entity and holds a value, the receiving field exists beside the
 * relation and can be written, and the value fits it (the same type, or numbers into numbers,
 * text into text).
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Field } from '../generated/types.ts';
import { isNumericField, type Catalog } from './catalog.ts';

const textTypes = new Set(['text', 'longText', 'email', 'phone', 'url']);
const unwritable = new Set(['formula', 'autoNumber', 'lineItems']);

export function checkCopyFields(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const errors: MetadataError[] = [];
  const checkFields = (fields: readonly Field[], at: string) => {
    fields.forEach((field, f) => {
      if (field.type === 'lineItems') checkFields(field.fields, `${at}${pointer(f, 'fields')}`);
      if (field.type !== 'relation' || !field.copyFields) return;
      const where = `${at}${pointer(f, 'copyFields')}`;
      if (field.kind !== 'manyToOne') {
        errors.push({ path: where, code: 'reference.copyNotManyToOne', message: 'only a many-to-one relation picks one record to copy from' });
        return;
      }
      const target = catalog.entity(field.target);
      if (!target) return; // the relation check reports it
      field.copyFields.forEach((copy, c) => {
        const from = target.fields.find((t) => t.key === copy.from);
        const to = fields.find((t) => t.key === copy.to);
        if (!from || from.type === 'lineItems' || (from.type === 'relation' && from.kind !== 'manyToOne')) {
          errors.push({ path: `${where}${pointer(c, 'from')}`, code: 'reference.unknownField', message: `entity "${target.key}" has no field "${copy.from}" with a value to copy` });
          return;
        }
        if (!to) {
          errors.push({ path: `${where}${pointer(c, 'to')}`, code: 'reference.unknownField', message: `there is no field "${copy.to}" beside "${field.key}" to copy into` });
          return;
        }
        if (unwritable.has(to.type) || to.key === field.key) {
          errors.push({ path: `${where}${pointer(c, 'to')}`, code: 'reference.copyTarget', message: `a ${to.type} field cannot receive a copied value` });
        } else if (!compatible(from, to)) {
          errors.push({ path: `${where}${pointer(c, 'to')}`, code: 'reference.copyType', message: `a ${describe(from)} cannot be copied into a ${to.type} field` });
        }
      });
    });
  };
  bundle.entities.forEach((entity, e) => checkFields(entity.fields, pointer('entities', e, 'fields')));
  return errors;
}

function compatible(from: Field, to: Field): boolean {
  if (isNumericField(from) && isNumericField(to)) return true;
  if (from.type === 'formula' && textTypes.has(to.type)) return from.resultType === 'text';
  if (textTypes.has(from.type) && textTypes.has(to.type)) return to.type === 'text' || to.type === 'longText' || from.type === to.type;
  if (from.type === 'formula') return from.resultType === to.type;
  if (from.type === 'relation' && to.type === 'relation') return from.target === to.target && to.kind === 'manyToOne';
  return from.type === to.type;
}

function describe(field: Field): string {
  return field.type === 'formula' ? `formula giving ${field.resultType}` : `${field.type} field`;
}
