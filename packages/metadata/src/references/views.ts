/** Reference checks of saved views: entity, columns, filter, sort, kanban and calendar fields. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle } from '../generated/types.ts';
import { describePathProblem, isPathProblem, type Catalog } from './catalog.ts';
import { duplicateKeys, systemFieldKeys } from './entities.ts';
import { checkFilter } from './filter.ts';

export function checkViews(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const views = bundle.views ?? [];
  const errors = duplicateKeys(views, pointer('views'), 'view');
  views.forEach((view, v) => {
    const at = pointer('views', v);
    const entity = catalog.entity(view.entity);
    if (!entity) {
      errors.push({ path: `${at}/entity`, code: 'reference.unknownEntity', message: `entity "${view.entity}" does not exist` });
      return;
    }
    const checkPath = (path: string, where: string) => {
      if (systemFieldKeys.has(path)) return;
      const resolved = catalog.resolvePath(entity.key, path);
      if (isPathProblem(resolved)) errors.push({ path: where, code: 'reference.unknownField', message: describePathProblem(resolved) });
    };
    view.columns?.forEach((c, i) => checkPath(c.field, `${at}${pointer('columns', i, 'field')}`));
    view.sort?.forEach((s, i) => checkPath(s.field, `${at}${pointer('sort', i, 'field')}`));
    if (view.filter) errors.push(...checkFilter(catalog, entity.key, view.filter, `${at}/filter`));
    if (view.groupBy) {
      const field = entity.fields.find((f) => f.key === view.groupBy);
      if (!field) {
        errors.push({ path: `${at}/groupBy`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${view.groupBy}"` });
      } else if (!['singleSelect', 'user'].includes(field.type)) {
        errors.push({ path: `${at}/groupBy`, code: 'reference.wrongFieldType', message: `a kanban groups by a single-select or user field, not a ${field.type} field` });
      }
    }
    for (const key of ['startField', 'endField'] as const) {
      const name = view[key];
      if (!name) continue;
      const field = entity.fields.find((f) => f.key === name);
      if (!field) {
        errors.push({ path: `${at}/${key}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${name}"` });
      } else if (!['date', 'datetime'].includes(field.type === 'formula' ? field.resultType : field.type)) {
        const kind = field.type === 'formula' ? `formula giving ${field.resultType}` : `${field.type} field`;
        errors.push({ path: `${at}/${key}`, code: 'reference.wrongFieldType', message: `a calendar needs a date or datetime field (or a formula giving one), not a ${kind}` });
      }
    }
  });
  return errors;
}
