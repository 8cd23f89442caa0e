/** Reference checks of forms: entity, placed fields, line-item columns and stage rules. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, Form } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';
import { duplicateKeys, systemFieldKeys } from './entities.ts';

export function checkForms(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const forms = bundle.forms ?? [];
  const errors = duplicateKeys(forms, pointer('forms'), 'form');
  forms.forEach((form, f) => {
    const at = pointer('forms', f);
    const entity = catalog.entity(form.entity);
    if (!entity) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${form.entity}" does not exist` });
      return;
    }
    errors.push(...duplicateKeys(form.sections, `${at}/sections`, 'section'));
    errors.push(...checkItems(form, entity, at));
    errors.push(...checkStageRules(form, entity, at));
  });
  return errors;
}

function checkItems(form: Form, entity: Entity, at: string): MetadataError[] {
  const errors: MetadataError[] = [];
  const placed = new Set<string>();
  form.sections.forEach((section, s) =>
    section.items.forEach((item, i) => {
      const here = `${at}${pointer('sections', s, 'items', i)}`;
      const field = entity.fields.find((candidate) => candidate.key === item.field);
      if (!field && !systemFieldKeys.has(item.field)) {
        errors.push({ path: `${here}/field`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${item.field}"` });
        return;
      }
      if (placed.has(item.field)) {
        errors.push({ path: `${here}/field`, code: 'key.duplicate', message: `field "${item.field}" is placed more than once in form "${form.key}"` });
      }
      placed.add(item.field);
      if (!item.lineItemColumns) return;
      if (field?.type !== 'lineItems') {
        errors.push({ path: `${here}/lineItemColumns`, code: 'reference.wrongFieldType', message: `lineItemColumns apply to line-items fields, not to a ${field?.type ?? 'system'} field` });
        return;
      }
      item.lineItemColumns.forEach((column, c) => {
        if (!field.fields.some((sub) => sub.key === column)) {
          errors.push({ path: `${here}${pointer('lineItemColumns', c)}`, code: 'reference.unknownField', message: `line items "${field.key}" have no field "${column}"` });
        }
      });
    }),
  );
  return errors;
}

function checkStageRules(form: Form, entity: Entity, at: string): MetadataError[] {
  const errors: MetadataError[] = [];
  form.stageRules?.forEach((rule, r) => {
    const here = `${at}${pointer('stageRules', r)}`;
    const field = entity.fields.find((candidate) => candidate.key === rule.field);
    if (!field) {
      errors.push({ path: `${here}/field`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${rule.field}"` });
    } else if (field.type !== 'singleSelect') {
      errors.push({ path: `${here}/field`, code: 'reference.wrongFieldType', message: `a stage rule needs a single-select field, not a ${field.type} field` });
    } else if (!field.options.some((option) => option.value === rule.value)) {
      errors.push({ path: `${here}/value`, code: 'reference.unknownOption', message: `"${rule.value}" is not an option of field "${field.key}"` });
    }
    rule.required.forEach((key, k) => {
      if (!entity.fields.some((candidate) => candidate.key === key) && key !== 'owner_id') {
        errors.push({ path: `${here}${pointer('required', k)}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${key}"` });
      }
    });
  });
  return errors;
}
