/**
 * Reference checks of duplicate rules: each key names a text, phone or e-mail field of its entity,
 * each target is an entity, and each mapped field exists there and holds text.
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity } from '../generated/types.ts';

/** Field types whose values a duplicate key can compare (all stored as text). */
const comparableTypes: ReadonlySet<string> = new Set(['text', 'phone', 'email', 'url']);

export function checkDuplicateRules(bundle: AppBundle): MetadataError[] {
  const errors: MetadataError[] = [];
  const entities = new Map<string, Entity>();
  for (const entity of bundle.entities) if (!entities.has(entity.key)) entities.set(entity.key, entity); // a second of one key is reported by checkEntities
  bundle.entities.forEach((entity, e) => {
    const seen = new Set<string>();
    entity.duplicateRules?.forEach((rule, r) => {
      const at = pointer('entities', e, 'duplicateRules', r);
      if (seen.has(rule.key)) errors.push({ path: `${at}/key`, code: 'key.duplicate', message: `entity "${entity.key}" has two duplicate rules "${rule.key}"` });
      seen.add(rule.key);
      rule.keys.forEach((key, k) => {
        const problem = fieldProblem(entity, key.field);
        if (problem) errors.push({ path: `${at}${pointer('keys', k, 'field')}`, code: problem.code, message: problem.message });
      });
      rule.against?.forEach((target, t) => {
        const here = `${at}${pointer('against', t)}`;
        const other = entities.get(target.entity);
        if (!other) {
          errors.push({ path: `${here}/entity`, code: 'reference.unknownEntity', message: `no entity "${target.entity}"` });
          return;
        }
        for (const [from, to] of Object.entries(target.fields ?? {})) {
          if (!rule.keys.some((key) => key.field === from)) {
            errors.push({ path: `${here}${pointer('fields', from)}`, code: 'reference.unknownField', message: `"${from}" is not a key of rule "${rule.key}"` });
          }
          const problem = fieldProblem(other, to);
          if (problem) errors.push({ path: `${here}${pointer('fields', from)}`, code: problem.code, message: problem.message });
        }
      });
    });
  });
  return errors;
}

function fieldProblem(entity: Entity, key: string): { code: string; message: string } | undefined {
  const field = entity.fields.find((f) => f.key === key);
  if (!field) return { code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${key}"` };
  if (!comparableTypes.has(field.type)) return { code: 'duplicate.fieldType', message: `field "${entity.key}.${key}" is a ${field.type}; duplicate keys compare text, phone, e-mail or URL fields` };
  return undefined;
}
