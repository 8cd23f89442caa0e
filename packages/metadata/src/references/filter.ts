/**
 * Reference checks of a filter: every field path exists (system columns such as `owner_id` count),
 * and the field can be filtered on.
 */
import { pointer, type MetadataError } from '../errors.ts';
import type { Filter } from '../generated/types.ts';
import { describePathProblem, type Catalog } from './catalog.ts';
import { isColumn, resolveColumn } from './paths.ts';

/** Checks a filter against an entity; `at` is the JSON pointer of the filter in the bundle. */
export function checkFilter(catalog: Catalog, entityKey: string, filter: Filter, at: string): MetadataError[] {
  if ('and' in filter) return filter.and.flatMap((f, i) => checkFilter(catalog, entityKey, f, at + pointer('and', i)));
  if ('or' in filter) return filter.or.flatMap((f, i) => checkFilter(catalog, entityKey, f, at + pointer('or', i)));
  if ('not' in filter) return checkFilter(catalog, entityKey, filter.not, at + pointer('not'));
  const resolved = resolveColumn(catalog, entityKey, filter.field);
  if (!isColumn(resolved)) {
    return [{ path: at + pointer('field'), code: 'reference.unknownField', message: describePathProblem(resolved) }];
  }
  if (resolved.source === 'system') return []; // owner_id, created_at … are always filterable
  const errors: MetadataError[] = [];
  const type = resolved.field.type;
  if (['lineItems', 'attachment', 'image', 'signature', 'location'].includes(type) ||
      (type === 'relation' && resolved.field.kind !== 'manyToOne')) {
    errors.push({ path: at + pointer('field'), code: 'reference.notFilterable', message: `a ${type} field cannot be used in a filter` });
  }
  return errors;
}
