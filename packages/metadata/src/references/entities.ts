/** Reference checks inside and between entities: keys, relations, title fields, indexes. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, Field } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';

/** Column names every record table has; a field may not take one of them as its key. */
export const systemFieldKeys: ReadonlySet<string> = new Set([
  'id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'owner_id', 'version', 'deleted_at', 'parent_id', 'position', 'search_vector',
]);

/** Columns PostgreSQL gives every table; a column of that name cannot be created. */
export const postgresSystemColumns: ReadonlySet<string> = new Set(['xmin', 'xmax', 'cmin', 'cmax', 'ctid', 'tableoid', 'oid']);

/** The runtime names a unique company-name field's comparison column `<key>__key`. */
const comparisonColumnSuffix = '__key';

export function checkEntities(bundle: AppBundle, catalog: Catalog): MetadataError[] {
  const errors: MetadataError[] = [];
  errors.push(...duplicateKeys(bundle.entities, pointer('entities'), 'entity'));
  const childTables = childTableNames(bundle);
  bundle.entities.forEach((entity, e) => {
    const at = pointer('entities', e);
    const owner = childTables.get(entity.key);
    if (owner) {
      errors.push({ path: `${at}/key`, code: 'key.tableClash', message: `"${entity.key}" is the table of ${owner}; choose another entity key` });
    }
    errors.push(...checkFields(entity.fields, `${at}/fields`, catalog, entity, false));
    if (entity.titleField && !entity.fields.some((f) => f.key === entity.titleField)) {
      errors.push({ path: `${at}/titleField`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${entity.titleField}"` });
    }
    entity.indexes?.forEach((index, i) =>
      index.fields.forEach((part, p) => {
        if (!entity.fields.some((f) => f.key === part.field) && !systemFieldKeys.has(part.field)) {
          errors.push({ path: `${at}${pointer('indexes', i, 'fields', p, 'field')}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${part.field}"` });
        }
      }),
    );
  });
  return errors;
}

/** Words formulas and conditions read as operators or constants, so no field may be named by them. */
export const expressionKeywords: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

function checkFields(fields: Field[], at: string, catalog: Catalog, entity: Entity, insideLineItems: boolean): MetadataError[] {
  const errors = duplicateKeys(fields, at, 'field');
  fields.forEach((field, i) => {
    const here = `${at}/${i}`;
    if (systemFieldKeys.has(field.key)) {
      errors.push({ path: `${here}/key`, code: 'key.reserved', message: `"${field.key}" is a system column of every record and cannot be a field key` });
    } else if (postgresSystemColumns.has(field.key)) {
      errors.push({ path: `${here}/key`, code: 'key.reserved', message: `"${field.key}" is a system column PostgreSQL gives every table and cannot be a field key` });
    } else if (field.key.endsWith(comparisonColumnSuffix)) {
      errors.push({ path: `${here}/key`, code: 'key.reserved', message: `keys ending in "${comparisonColumnSuffix}" name the comparison columns of unique fields and cannot be field keys` });
    } else if (expressionKeywords.has(field.key)) {
      errors.push({ path: `${here}/key`, code: 'key.reserved', message: `"${field.key}" is a word of the expression language and cannot be a field key` });
    }
    if (insideLineItems && 'unique' in field && field.unique) {
      errors.push({ path: `${here}/unique`, code: 'field.uniqueInLineItems', message: 'a field of line items cannot be unique: lines are compared only within their record' });
    }
    if (field.type === 'relation') errors.push(...checkRelation(field, here, catalog, entity, insideLineItems));
    if (field.type === 'lineItems') {
      if (insideLineItems) {
        errors.push({ path: `${here}/type`, code: 'field.nestedLineItems', message: 'line items cannot contain line items' });
      } else {
        errors.push(...checkFields(field.fields, `${here}/fields`, catalog, entity, true));
      }
    }
    if ((field.type === 'singleSelect' || field.type === 'multiSelect')) {
      errors.push(...duplicateValues(field.options.map((o) => o.value), `${here}/options`));
      const defaults = field.type === 'singleSelect' ? (field.default === undefined ? [] : [field.default]) : (field.default ?? []);
      defaults.forEach((value) => {
        if (!field.options.some((o) => o.value === value)) {
          errors.push({ path: `${here}/default`, code: 'field.unknownOption', message: `default "${value}" is not one of the options` });
        }
      });
    }
    if ('min' in field && 'max' in field && field.min !== undefined && field.max !== undefined && field.min > field.max) {
      errors.push({ path: `${here}/min`, code: 'field.rangeEmpty', message: `min ${field.min} is greater than max ${field.max}` });
    }
    if (field.type === 'autoNumber') {
      const counters = field.pattern.match(/\{seq(:\d+)?\}/g) ?? [];
      const unknown = [...field.pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !/^(YYYY|YY|MM|DD|seq(:\d+)?)$/.test(p));
      if (counters.length !== 1) errors.push({ path: `${here}/pattern`, code: 'field.badAutoNumber', message: 'must contain exactly one {seq} counter' });
      if (unknown.length > 0) errors.push({ path: `${here}/pattern`, code: 'field.badAutoNumber', message: `unknown placeholder {${unknown[0]}}; use {YYYY} {YY} {MM} {DD} {seq} or {seq:N}` });
    }
  });
  return errors;
}

function checkRelation(field: Extract<Field, { type: 'relation' }>, at: string, catalog: Catalog, entity: Entity, insideLineItems: boolean): MetadataError[] {
  const errors: MetadataError[] = [];
  const target = catalog.entity(field.target);
  if (!target) {
    return [{ path: `${at}/target`, code: 'reference.unknownEntity', message: `entity "${field.target}" does not exist` }];
  }
  if (insideLineItems && field.kind !== 'manyToOne') {
    errors.push({ path: `${at}/kind`, code: 'field.toManyInLineItems', message: 'line items may only hold many-to-one relations' });
  }
  if (field.kind === 'oneToMany') {
    if (!field.inverse) {
      errors.push({ path: `${at}/inverse`, code: 'schema.required', message: 'a one-to-many relation names the many-to-one field on the target that points back' });
    } else {
      const inverse = target.fields.find((f) => f.key === field.inverse);
      if (!inverse) {
        errors.push({ path: `${at}/inverse`, code: 'reference.unknownField', message: `entity "${target.key}" has no field "${field.inverse}"` });
      } else if (inverse.type !== 'relation' || inverse.kind !== 'manyToOne' || inverse.target !== entity.key) {
        errors.push({ path: `${at}/inverse`, code: 'reference.badInverse', message: `"${target.key}.${field.inverse}" must be a many-to-one relation to "${entity.key}"` });
      }
    }
  }
  if (field.kind === 'manyToMany' && field.inverse) {
    const inverse = target.fields.find((f) => f.key === field.inverse);
    if (!inverse || inverse.type !== 'relation' || inverse.kind !== 'manyToMany' || inverse.target !== entity.key) {
      errors.push({ path: `${at}/inverse`, code: 'reference.badInverse', message: `"${target.key}.${field.inverse}" must be a many-to-many relation to "${entity.key}"` });
    }
  }
  if (field.onDelete && field.kind !== 'manyToOne') {
    errors.push({ path: `${at}/onDelete`, code: 'field.onDeleteNotApplicable', message: 'onDelete applies to many-to-one relations only' });
  }
  return errors;
}

/** The tables the runtime makes for line items and many-to-many relations (`deal__lines`) → what they hold. */
function childTableNames(bundle: AppBundle): Map<string, string> {
  const names = new Map<string, string>();
  for (const entity of bundle.entities) {
    for (const field of entity.fields) {
      if (field.type === 'lineItems') names.set(`${entity.key}__${field.key}`, `the line items ${entity.key}.${field.key}`);
      if (field.type === 'relation' && field.kind === 'manyToMany') names.set(`${entity.key}__${field.key}`, `the relation ${entity.key}.${field.key}`);
    }
  }
  return names;
}

/** One error for each repeated `key` in a list of documents, at the later occurrence. */
export function duplicateKeys(items: readonly { key: string }[], at: string, what: string): MetadataError[] {
  const seen = new Set<string>();
  const errors: MetadataError[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.key)) {
      errors.push({ path: `${at}/${i}/key`, code: 'key.duplicate', message: `${what} key "${item.key}" is used more than once` });
    }
    seen.add(item.key);
  });
  return errors;
}

function duplicateValues(values: string[], at: string): MetadataError[] {
  const seen = new Set<string>();
  return values.flatMap((value, i) => {
    const repeated = seen.has(value);
    seen.add(value);
    return repeated ? [{ path: `${at}/${i}/value`, code: 'key.duplicate', message: `option value "${value}" is used more than once` }] : [];
  });
}
