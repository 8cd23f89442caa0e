/**
 * Refuses queries that would read hidden fields. Filtering or sorting on a hidden field leaks its
 * values one comparison at a time (`margin gt 0.3`), so such a query is an error, never silently
 * narrowed. Paths through relations (`account.credit_limit`) check every hop: the relation field,
 * the related entity's read permission and the field at the end.
 *
 * @example
 * const problems = checkFilterFields({ filter, sort, expand }, readAccess, {
 *   catalog,
 *   readAccess: (entity) => compileAccess(roles, catalog, subject, entity, 'read', context),
 * });
 * if (problems.length > 0) throw new PipewrightError('permission.fieldHidden', 'Hidden fields in query', problems);
 */
import type { Catalog, Filter } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import type { EntityAccess } from './access.ts';
import type { FieldAccessMap } from './field-access.ts';

/** Where a query names fields. */
export interface FieldUse {
  filter?: Filter | undefined;
  sort?: readonly { field: string }[] | undefined;
  /** Many-to-one fields whose related record is returned in place. */
  expand?: readonly string[] | undefined;
  /** Fields asked for. */
  fields?: readonly string[] | undefined;
}

/** The subject's read access to other entities, for paths through relations and expansions. */
export interface RelatedAccess {
  catalog: Catalog;
  readAccess(entityKey: string): Pick<EntityAccess, 'allowed' | 'fields'>;
}

/** Columns every record has; visible wherever the record is. */
const systemColumns = new Set(['id', 'owner_id', 'created_by', 'created_at', 'updated_at', 'version']);

/**
 * Problems (code `permission.fieldHidden`) for every hidden field a query uses. Without `related`,
 * any path through a relation and any expansion is refused: it cannot be checked.
 */
export function checkFilterFields(use: FieldUse, access: Pick<EntityAccess, 'entity' | 'fields'>, related?: RelatedAccess): Problem[] {
  const problems: Problem[] = [];
  const refuse = (path: string, message: string) => problems.push({ path, code: 'permission.fieldHidden', message });

  /** Walks a field path, refusing it at the first hidden field or unreadable related entity. */
  const checkPath = (fieldPath: string, at: string, expanding = false): void => {
    const segments = fieldPath.split('.');
    let entity = access.entity;
    let fields: FieldAccessMap = access.fields;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const last = i === segments.length - 1;
      if (last && !expanding && systemColumns.has(segment)) return;
      const level = Object.hasOwn(fields, segment) ? fields[segment] : undefined;
      if (level === undefined) return; // not a field: the query's own validation reports it
      if (level === 'hidden') return void refuse(at, `"${fieldPath}" uses a field hidden for your roles`);
      if (last && !expanding) return;
      if (!related) return void refuse(at, `"${fieldPath}" reaches a related entity whose permissions were not given`);
      const field = related.catalog.field(entity, segment);
      if (!field || field.type !== 'relation' || field.kind !== 'manyToOne') return;
      const target = related.readAccess(field.target);
      if (!target.allowed) return void refuse(at, `"${fieldPath}" reaches records you cannot read`);
      if (last) return;
      entity = field.target;
      fields = target.fields;
    }
  };

  const walk = (filter: unknown, at: string): void => {
    if (filter === null || typeof filter !== 'object') return;
    const f = filter as Record<string, unknown>;
    if (Array.isArray(f.and)) f.and.forEach((g, i) => walk(g, `${at}/and/${i}`));
    else if (Array.isArray(f.or)) f.or.forEach((g, i) => walk(g, `${at}/or/${i}`));
    else if ('not' in f) walk(f.not, `${at}/not`);
    else if (typeof f.field === 'string') checkPath(f.field, `${at}/field`);
  };

  if (use.filter !== undefined) walk(use.filter, '/filter');
  use.sort?.forEach((s, i) => checkPath(s.field, `/sort/${i}/field`));
  use.expand?.forEach((key, i) => checkPath(key, `/expand/${i}`, true));
  use.fields?.forEach((key, i) => checkPath(key, `/fields/${i}`));
  return problems;
}
