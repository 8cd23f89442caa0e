/**
 * The physical layout of an app: which tables, columns, keys and indexes its metadata asks for.
 * Derived from the bundle alone (pure), so the migration planner can compare two versions' layouts.
 *
 * - one table per entity in the app's schema (`app_<key>`), with the system columns;
 * - a child table `<entity>__<field>` per line-items field (`parent_id`, `position`, its fields);
 * - a join table `<entity>__<field>` per many-to-many relation (shared when both sides name each other);
 * - `_audit` and `_counters` tables for record history and auto-number counters;
 * - indexes: foreign keys, unique and searchable fields, the filter+sort of each saved view, the
 *   entity's declared indexes, and `(owner_id, …)` for owner-scoped permissions.
 */
import { isIndexedField, isSearchableField, isUniqueField, type AppBundle, type Entity, type Field, type LineItemsField, type RelationField, type View } from '@pipewright/metadata';
import { fieldTypeOf } from '@pipewright/engines';
import type { ValueFamily } from '@pipewright/engines';

export interface ColumnLayout {
  name: string;
  sql: string;
  family: ValueFamily;
  notNull?: boolean;
  default?: string;
  /** The field this column stores, when it stores one. */
  field?: string;
  /** `COMMENT ON COLUMN`: the field's label in zh-CN and en, or what a system column holds. */
  comment?: string;
}

export interface ForeignKeyLayout {
  name: string;
  column: string;
  /** Table name, in the app's schema unless `referencesSchema` says otherwise. */
  references: string;
  /** `pipewright`: the platform's users or departments (decision 042). */
  referencesSchema?: 'pipewright';
  onDelete: 'restrict' | 'set null' | 'cascade';
}

export interface IndexLayout {
  name: string;
  /** Key columns in order. */
  columns: IndexColumn[];
  unique?: boolean;
  /** Only live records (`deleted_at IS NULL`). */
  liveOnly?: boolean;
  /** A trigram index over the lower-cased text of these fields, for search. */
  search?: string[];
  /** Why the index exists, shown in the migration plan. */
  reason: string;
}

export interface IndexColumn {
  column: string;
  desc?: boolean;
  /** Index `lower(column)`: case-insensitive uniqueness. */
  lower?: boolean;
  /**
   * Index `md5(…)` of the value: a unique text that may be longer than a B-tree entry holds
   * (about 2.7 KB after compression) is compared by its digest (decision 047).
   */
  hash?: boolean;
}

/** A CHECK constraint holding a select field's column to its options (NULL passes). */
export interface OptionCheckLayout {
  name: string;
  column: string;
  /** The option values, in the order the field lists them. */
  values: string[];
  /** A multi-select (`text[]`): every element must be an option. */
  multiple: boolean;
}

export interface TableLayout {
  name: string;
  kind: 'entity' | 'lineItems' | 'join' | 'system';
  /** The entity (and for child / join tables the field) the table belongs to. */
  entity?: string;
  field?: string;
  columns: ColumnLayout[];
  primaryKey: string[];
  foreignKeys: ForeignKeyLayout[];
  indexes: IndexLayout[];
  /** Select columns held to their options. */
  optionChecks?: OptionCheckLayout[];
  /** `COMMENT ON TABLE`: the entity's (or line items' or relation's) label. */
  comment?: string;
}

export interface AppLayout {
  schema: string;
  tables: TableLayout[];
}

/** The Postgres schema of an app: `app_<key>`. */
export function appSchemaName(appKey: string): string {
  return `app_${appKey}`;
}

const maxIdentifier = 63;

/** Names longer than Postgres allows are refused (never truncated silently into a collision). */
export class LayoutError extends Error {
  readonly code = 'layout.identifierTooLong';
  constructor(readonly identifier: string, readonly path: string) {
    super(`"${identifier}" is longer than ${maxIdentifier} characters; shorten the keys at ${path}`);
  }
}

export const systemColumns: readonly ColumnLayout[] = [
  { name: 'id', sql: 'bigint', family: 'id', notNull: true, comment: '记录编号 / record id' },
  { name: 'created_at', sql: 'timestamptz', family: 'datetime', notNull: true, default: 'now()', comment: '创建时间 / created at' },
  { name: 'updated_at', sql: 'timestamptz', family: 'datetime', notNull: true, default: 'now()', comment: '更新时间 / updated at' },
  { name: 'created_by', sql: 'bigint', family: 'id', comment: '创建人 (pipewright.users.id) / created by' },
  { name: 'owner_id', sql: 'bigint', family: 'id', comment: '负责人 (pipewright.users.id) / owner' },
  { name: 'version', sql: 'integer', family: 'integer', notNull: true, default: '1', comment: '版本号，乐观锁 / version, for optimistic locking' },
  { name: 'deleted_at', sql: 'timestamptz', family: 'datetime', comment: '删除时间，回收站 / deleted at (recycle bin)' },
];

/** A label as a comment a DBA or BI tool shows: `商机 / Deal`. */
export function labelComment(label: { 'zh-CN': string; en: string }): string {
  return label['zh-CN'] === label.en ? label.en : `${label['zh-CN']} / ${label.en}`;
}

/** Computes the layout of every table an app bundle needs. */
export function appLayout(bundle: AppBundle): AppLayout {
  const tables: TableLayout[] = [];
  for (const entity of bundle.entities) {
    tables.push(entityTable(entity, bundle));
    for (const field of entity.fields) {
      if (field.type === 'lineItems') tables.push(lineItemsTable(entity, field));
      if (field.type === 'relation' && field.kind === 'manyToMany' && ownsJoinTable(entity, field, bundle)) {
        tables.push(joinTable(entity, field));
      }
    }
  }
  tables.push(...systemTables());
  for (const table of tables) {
    checkName(table.name, `table ${table.name}`);
    for (const c of table.columns) checkName(c.name, `${table.name}.${c.name}`);
    for (const i of table.indexes) checkName(i.name, `index of ${table.name}`);
    for (const f of table.foreignKeys) checkName(f.name, `foreign key of ${table.name}`);
    for (const c of table.optionChecks ?? []) checkName(c.name, `check of ${table.name}`);
  }
  return { schema: appSchemaName(bundle.app.key), tables };
}

function checkName(name: string, path: string): void {
  if (name.length > maxIdentifier) throw new LayoutError(name, path);
}

function fieldColumns(fields: Field[]): ColumnLayout[] {
  const columns: ColumnLayout[] = [];
  for (const field of fields) {
    const column = fieldTypeOf(field).column(field);
    if (!column) continue;
    columns.push({ name: field.key, sql: column.sql, family: column.family, field: field.key, comment: labelComment(field.label), ...(isNotNull(field) ? { notNull: true } : {}) });
    if (field.type === 'text' && field.unique && field.normalize === 'companyName') {
      columns.push({ name: comparisonColumn(field.key), sql: 'text', family: 'text', field: field.key, comment: `${field.key} 的比较键 / comparison key of ${field.key} (unique)` });
    }
  }
  return columns;
}

/**
 * Whether a field's column is NOT NULL (decision 043): a required field every write must fill.
 * Not a required many-to-one relation that clears itself when its target is deleted (`setNull`):
 * the database would refuse the delete.
 */
function isNotNull(field: Field): boolean {
  if (!('required' in field) || field.required !== true || !fieldTypeOf(field).writable) return false;
  return !(field.type === 'relation' && field.onDelete === 'setNull');
}

/**
 * Foreign keys from the columns naming people to the platform's users and departments (decision
 * 042): single user and department fields; `owner_id` and `created_by` of entity tables. Users are
 * deactivated, never deleted; a department in use cannot be deleted (`restrict`).
 */
function peopleForeignKeys(table: string, fields: readonly Field[], system: readonly string[]): ForeignKeyLayout[] {
  const keys: ForeignKeyLayout[] = system.map((column) => ({ name: shortName(`${table}_${column}_fkey`), column, references: 'users', referencesSchema: 'pipewright', onDelete: 'restrict' }));
  for (const field of fields) {
    if ((field.type === 'user' || field.type === 'department') && !field.multiple) {
      keys.push({ name: shortName(`${table}_${field.key}_fkey`), column: field.key, references: field.type === 'user' ? 'users' : 'departments', referencesSchema: 'pipewright', onDelete: 'restrict' });
    }
  }
  return keys;
}

/** The CHECK constraints of a table's single- and multi-select columns. */
function optionChecks(table: string, fields: readonly Field[]): OptionCheckLayout[] {
  return fields.flatMap((field) =>
    field.type === 'singleSelect' || field.type === 'multiSelect'
      ? [{ name: shortName(`${table}_${field.key}_options`), column: field.key, values: field.options.map((o) => o.value), multiple: field.type === 'multiSelect' }]
      : [],
  );
}

/** The hidden column holding a unique text field's normalised comparison key. */
export function comparisonColumn(fieldKey: string): string {
  return `${fieldKey}__key`;
}

function entityTable(entity: Entity, bundle: AppBundle): TableLayout {
  const table = entity.key;
  const foreignKeys: ForeignKeyLayout[] = [];
  const indexes: IndexLayout[] = [];
  const idx = (suffix: string, spec: string[], reason: string, extra: Partial<IndexLayout> = {}) => {
    const name = shortName(`${table}_${suffix}`);
    const columns = spec.map(indexColumn);
    if (!indexes.some((i) => i.name === name || sameColumns(i, columns, extra))) {
      indexes.push({ name, columns, reason, ...extra });
    }
  };
  idx('owner_idx', ['owner_id', 'id'], 'records by owner (own-records permission scope, ownership transfer)');
  idx('updated_idx', ['updated_at DESC', 'id DESC'], 'recently changed records');
  for (const field of entity.fields) {
    if (field.type === 'relation' && field.kind === 'manyToOne') {
      foreignKeys.push({
        name: shortName(`${table}_${field.key}_fkey`),
        column: field.key,
        references: field.target,
        onDelete: field.onDelete === 'cascade' ? 'cascade' : field.onDelete === 'setNull' ? 'set null' : 'restrict',
      });
      idx(`${field.key}_idx`, [field.key], `foreign key to ${field.target}`);
    }
    if (isUniqueField(field)) {
      const column = uniqueExpression(field);
      if (mayOutgrowIndexEntry(field)) {
        const key = indexColumn(column);
        const name = shortName(`${table}_${field.key}_key`);
        if (!indexes.some((i) => i.name === name)) indexes.push({ name, columns: [{ ...key, hash: true }], reason: `unique ${field.key} (by digest)`, unique: true, liveOnly: true });
      } else idx(`${field.key}_key`, [column], `unique ${field.key}`, { unique: true, liveOnly: true });
    } else if (isIndexedField(field) || field.type === 'autoNumber') {
      idx(`${field.key}_idx`, [field.key], field.type === 'autoNumber' ? 'look-up by number' : `indexed field ${field.key}`);
    }
    if ((field.type === 'user' || field.type === 'department') && !field.multiple) {
      idx(`${field.key}_idx`, [field.key], `records by ${field.type}`);
    }
  }
  if (entity.fields.some(isSearchableField)) {
    idx('search_idx', [], 'search over searchable fields', { search: searchFields(entity) });
  }
  for (const [i, index] of (entity.indexes ?? []).entries()) {
    idx(`x${i}_idx`, index.fields.map((f) => `${f.field}${f.direction === 'desc' ? ' DESC' : ''}`), 'declared in the entity', index.unique ? { unique: true, liveOnly: true } : {});
  }
  for (const view of bundle.views ?? []) {
    if (view.entity !== entity.key) continue;
    const columns = viewIndexColumns(view, entity);
    if (columns.length > 0) idx(`v_${view.key}_idx`, columns, `view ${view.key}`, { liveOnly: true });
  }
  foreignKeys.push(...peopleForeignKeys(table, entity.fields, ['created_by', 'owner_id']));
  return {
    name: table,
    kind: 'entity',
    entity: entity.key,
    columns: [...systemColumns, ...fieldColumns(entity.fields)],
    primaryKey: ['id'],
    foreignKeys,
    indexes,
    optionChecks: optionChecks(table, entity.fields),
    comment: labelComment(entity.label),
  };
}

/** Reads the compact notation used above: `amount DESC`, `lower(email)`, `owner_id`. */
function indexColumn(spec: string): IndexColumn {
  const desc = spec.endsWith(' DESC');
  const name = desc ? spec.slice(0, -5) : spec;
  const lower = /^lower\((.+)\)$/.exec(name);
  return { column: lower ? lower[1]! : name, ...(desc ? { desc } : {}), ...(lower ? { lower: true } : {}) };
}

function sameColumns(index: IndexLayout, columns: IndexColumn[], extra: Partial<IndexLayout>): boolean {
  return (
    JSON.stringify(index.columns) === JSON.stringify(columns) &&
    Boolean(index.unique) === Boolean(extra.unique) &&
    Boolean(index.liveOnly) === Boolean(extra.liveOnly) &&
    !index.search && !extra.search
  );
}

/** Longest text whose index entry always fits a B-tree page, at 4 bytes a character. */
const indexableCharacters = 600;

/** Whether a unique field's values may be longer than a B-tree index entry can hold. */
function mayOutgrowIndexEntry(field: Field): boolean {
  const schema = fieldTypeOf(field).valueSchema(field);
  if (schema.type !== 'string') return false;
  return typeof schema.maxLength !== 'number' || schema.maxLength > indexableCharacters;
}

function uniqueExpression(field: Field): string {
  if (field.type === 'text' && field.normalize === 'companyName') return comparisonColumn(field.key);
  if (field.type === 'text' || field.type === 'url') return `lower(${field.key})`;
  return field.key;
}

/** The text fields search looks in: those marked searchable, else the title field. */
export function searchFields(entity: Entity): string[] {
  const text = entity.fields.filter((f) => fieldTypeOf(f).column(f)?.family === 'text');
  const searchable = text.filter(isSearchableField).map((f) => f.key);
  if (searchable.length > 0) return searchable;
  return text.filter((f) => f.key === entity.titleField).map((f) => f.key);
}

/**
 * Index columns serving a view: equality-filtered fields first (the ones compared with eq / in),
 * then the sort, then `id` as the keyset tie-breaker.
 */
function viewIndexColumns(view: View, entity: Entity): string[] {
  const equality: string[] = [];
  const collect = (filter: unknown): void => {
    if (!filter || typeof filter !== 'object') return;
    const f = filter as Record<string, unknown>;
    if (Array.isArray(f.and)) f.and.forEach(collect);
    else if (typeof f.field === 'string' && (f.op === 'eq' || f.op === 'in') && !f.field.includes('.')) {
      const field = entity.fields.find((x) => x.key === f.field);
      if (field && fieldTypeOf(field).column(field) && !equality.includes(field.key)) equality.push(field.key);
      if (f.field === 'owner_id' && !equality.includes('owner_id')) equality.push('owner_id');
    }
  };
  collect(view.filter);
  const sort = (view.sort ?? []).filter((s) => !s.field.includes('.')).map((s) => `${s.field}${s.direction === 'desc' ? ' DESC' : ''}`);
  if (equality.length === 0 && sort.length === 0) return [];
  // A view may filter without sorting (a calendar): then it has no last sort key.
  const last = view.sort?.[view.sort.length - 1];
  return [...equality, ...sort, last?.direction === 'desc' ? 'id DESC' : 'id'];
}

function lineItemsTable(entity: Entity, field: LineItemsField): TableLayout {
  const name = `${entity.key}__${field.key}`;
  const foreignKeys: ForeignKeyLayout[] = [
    { name: shortName(`${name}_parent_fkey`), column: 'parent_id', references: entity.key, onDelete: 'cascade' },
  ];
  const indexes: IndexLayout[] = [{ name: shortName(`${name}_parent_idx`), columns: [{ column: 'parent_id' }, { column: 'position' }], reason: `lines of ${entity.key}` }];
  for (const child of field.fields) {
    if (child.type === 'relation' && child.kind === 'manyToOne') {
      foreignKeys.push({ name: shortName(`${name}_${child.key}_fkey`), column: child.key, references: child.target, onDelete: 'restrict' });
      indexes.push({ name: shortName(`${name}_${child.key}_idx`), columns: [{ column: child.key }], reason: `foreign key to ${child.target}` });
    }
  }
  foreignKeys.push(...peopleForeignKeys(name, field.fields, []));
  return {
    name,
    kind: 'lineItems',
    entity: entity.key,
    field: field.key,
    columns: [
      { name: 'id', sql: 'bigint', family: 'id', notNull: true, comment: '明细编号 / line id' },
      { name: 'parent_id', sql: 'bigint', family: 'id', notNull: true, comment: `所属记录 (${entity.key}.id) / the record the line belongs to` },
      { name: 'position', sql: 'integer', family: 'integer', notNull: true, comment: '行序号 / line order' },
      ...fieldColumns(field.fields),
    ],
    primaryKey: ['id'],
    foreignKeys,
    indexes,
    optionChecks: optionChecks(name, field.fields),
    comment: `${labelComment(entity.label)}: ${labelComment(field.label)}`,
  };
}

/** The side of a two-sided many-to-many that owns the join table: the one whose `entity.field` sorts first. */
function ownsJoinTable(entity: Entity, field: RelationField, bundle: AppBundle): boolean {
  if (!field.inverse) return true;
  const target = bundle.entities.find((e) => e.key === field.target);
  const inverse = target?.fields.find((f) => f.key === field.inverse);
  if (!inverse) return true;
  return `${entity.key}.${field.key}` <= `${field.target}.${field.inverse}`;
}

/** The join table of a many-to-many relation, seen from either side. */
export function joinTableOf(entity: Entity, field: RelationField, bundle: AppBundle): { table: string; sourceColumn: string; targetColumn: string } {
  if (ownsJoinTable(entity, field, bundle)) return { table: `${entity.key}__${field.key}`, sourceColumn: 'source_id', targetColumn: 'target_id' };
  return { table: `${field.target}__${field.inverse}`, sourceColumn: 'target_id', targetColumn: 'source_id' };
}

function joinTable(entity: Entity, field: RelationField): TableLayout {
  const name = `${entity.key}__${field.key}`;
  return {
    name,
    kind: 'join',
    entity: entity.key,
    field: field.key,
    comment: `${entity.key}.${field.key} → ${field.target}: ${labelComment(field.label)}`,
    columns: [
      { name: 'source_id', sql: 'bigint', family: 'id', notNull: true },
      { name: 'target_id', sql: 'bigint', family: 'id', notNull: true },
    ],
    primaryKey: ['source_id', 'target_id'],
    foreignKeys: [
      { name: shortName(`${name}_source_fkey`), column: 'source_id', references: entity.key, onDelete: 'cascade' },
      { name: shortName(`${name}_target_fkey`), column: 'target_id', references: field.target, onDelete: 'cascade' },
    ],
    indexes: [{ name: shortName(`${name}_target_idx`), columns: [{ column: 'target_id' }, { column: 'source_id' }], reason: `reverse look-up from ${field.target}` }],
  };
}

function systemTables(): TableLayout[] {
  return [
    {
      name: '_audit',
      kind: 'system',
      comment: '历史记录 / record history: who changed what, when',
      columns: [
        { name: 'id', sql: 'bigint', family: 'id', notNull: true },
        { name: 'entity', sql: 'text', family: 'text', notNull: true },
        { name: 'record_id', sql: 'bigint', family: 'id', notNull: true },
        { name: 'action', sql: 'text', family: 'text', notNull: true },
        { name: 'actor', sql: 'bigint', family: 'id' },
        { name: 'at', sql: 'timestamptz', family: 'datetime', notNull: true, default: 'now()' },
        { name: 'changes', sql: 'jsonb', family: 'json' },
      ],
      primaryKey: ['id'],
      foreignKeys: [{ name: '_audit_actor_fkey', column: 'actor', references: 'users', referencesSchema: 'pipewright', onDelete: 'restrict' }],
      indexes: [{ name: '_audit_record_idx', columns: [{ column: 'entity' }, { column: 'record_id' }, { column: 'id' }], reason: 'history of one record' }],
    },
    {
      name: '_shares',
      kind: 'system',
      comment: '记录共享 / records shared with users or departments',
      columns: [
        { name: 'id', sql: 'bigint', family: 'id', notNull: true },
        { name: 'entity', sql: 'text', family: 'text', notNull: true },
        { name: 'record_id', sql: 'bigint', family: 'id', notNull: true },
        { name: 'user_id', sql: 'bigint', family: 'id' },
        { name: 'department_id', sql: 'bigint', family: 'id' },
        { name: 'access', sql: 'text', family: 'text', notNull: true },
        { name: 'created_by', sql: 'bigint', family: 'id' },
        { name: 'created_at', sql: 'timestamptz', family: 'datetime', notNull: true, default: 'now()' },
      ],
      primaryKey: ['id'],
      foreignKeys: [
        { name: '_shares_user_id_fkey', column: 'user_id', references: 'users', referencesSchema: 'pipewright', onDelete: 'restrict' },
        // A share with a department ends with the department.
        { name: '_shares_department_id_fkey', column: 'department_id', references: 'departments', referencesSchema: 'pipewright', onDelete: 'cascade' },
        { name: '_shares_created_by_fkey', column: 'created_by', references: 'users', referencesSchema: 'pipewright', onDelete: 'restrict' },
      ],
      indexes: [
        { name: '_shares_record_idx', columns: [{ column: 'entity' }, { column: 'record_id' }], reason: 'who a record is shared with' },
        { name: '_shares_user_idx', columns: [{ column: 'user_id' }, { column: 'entity' }, { column: 'record_id' }], reason: 'records shared with a user' },
        { name: '_shares_department_idx', columns: [{ column: 'department_id' }, { column: 'entity' }, { column: 'record_id' }], reason: 'records shared with a department' },
      ],
    },
    {
      name: '_counters',
      kind: 'system',
      comment: '自动编号计数器 / auto-number counters',
      columns: [
        { name: 'entity', sql: 'text', family: 'text', notNull: true },
        { name: 'field', sql: 'text', family: 'text', notNull: true },
        { name: 'period', sql: 'text', family: 'text', notNull: true },
        { name: 'value', sql: 'bigint', family: 'integer', notNull: true },
      ],
      primaryKey: ['entity', 'field', 'period'],
      foreignKeys: [],
      indexes: [],
    },
  ];
}

/** Shortens an identifier over 63 characters deterministically (prefix + hash), for generated names only. */
export function shortName(name: string): string {
  if (name.length <= maxIdentifier) return name;
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return `${name.slice(0, 54)}_${hash.toString(36).padStart(7, '0').slice(0, 8)}`;
}
