/** Reference checks of roles: entities, fields and the filters of custom scopes. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';
import { checkFilter } from './filter.ts';

export function checkRoles(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const roles = bundle.roles ?? [];
  const errors = duplicateKeys(roles, pointer('roles'), 'role');
  roles.forEach((role, r) => {
    const seen = new Set<string>();
    role.permissions.forEach((permission, p) => {
      const at = pointer('roles', r, 'permissions', p);
      const entity = catalog.entity(permission.entity);
      if (!entity) {
        errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${permission.entity}" does not exist` });
        return;
      }
      if (seen.has(entity.key)) {
        errors.push({ path: `${at}/entity`, code: 'key.duplicate', message: `role "${role.key}" lists entity "${entity.key}" more than once` });
      }
      seen.add(entity.key);
      for (const [action, scope] of Object.entries(permission.actions)) {
        if (scope && typeof scope === 'object' && 'user' in scope) {
          const field = entity.fields.find((f) => f.key === scope.user);
          if (!field) errors.push({ path: `${at}${pointer('actions', action, 'user')}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${scope.user}"` });
          else if (field.type !== 'user' || field.multiple) {
            errors.push({ path: `${at}${pointer('actions', action, 'user')}`, code: 'reference.notAUserField', message: `"${scope.user}" is not a single-user field, so it cannot scope records` });
          }
        } else if (scope && typeof scope === 'object') {
          errors.push(...checkFilter(catalog, entity.key, scope.filter, `${at}${pointer('actions', action, 'filter')}`));
        }
      }
      for (const fieldKey of Object.keys(permission.fields ?? {})) {
        if (!entity.fields.some((f) => f.key === fieldKey)) {
          errors.push({ path: `${at}${pointer('fields', fieldKey)}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${fieldKey}"` });
        }
      }
    });
  });
  return errors;
}
