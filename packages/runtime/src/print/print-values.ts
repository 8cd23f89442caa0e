/**
 * What a printed value reads as: a select's option label rather than its key, people and
 * departments by name rather than id (several joined with 、), through line items and the
 * related records a print expands. Applied to the record `readPrintRecord` read, so a template
 * writes `{{stage}}` or `{{owner_id}}` and prints 方案报价 or 王磊; conditions stay true exactly
 * when the value was given (a label or name is never empty where a key or id was set).
 *
 * @example
 * const names = await printNames(db, [record]);
 * const printable = printableRecord(entity.fields, record, names, (key) => model.entity(key).fields);
 */
import type { Field, Label } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import type { RecordData } from '../records/record-writer.ts';

/** The system columns that name a user. */
const systemUserFields: readonly Field[] = [
  { key: 'owner_id', label: { 'zh-CN': '负责人', en: 'Owner' }, type: 'user' },
  { key: 'created_by', label: { 'zh-CN': '创建人', en: 'Created by' }, type: 'user' },
];

export interface PrintNames {
  users: ReadonlyMap<number, string>;
  departments: ReadonlyMap<number, string>;
}

type FieldsOf = (entity: string) => readonly Field[];

function labelText(label: Label, locale: 'zh-CN' | 'en'): string {
  return label[locale] || label['zh-CN'] || label.en;
}

const ids = (value: unknown): number[] => (Array.isArray(value) ? value : [value]).filter((v): v is number => typeof v === 'number');

/** Every user and department id the record (with its line items and related records) names. */
function collect(fields: readonly Field[], record: RecordData, fieldsOf: FieldsOf, found: { users: Set<number>; departments: Set<number> }, depth = 0): void {
  for (const field of [...systemUserFields, ...fields]) {
    const value = record[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'user') for (const id of ids(value)) found.users.add(id);
    else if (field.type === 'department') for (const id of ids(value)) found.departments.add(id);
    else if (field.type === 'lineItems' && Array.isArray(value)) for (const item of value) collect(field.fields, item as RecordData, fieldsOf, found, depth);
    else if (field.type === 'relation' && field.kind === 'manyToOne' && typeof value === 'object' && depth < 3) collect(fieldsOf(field.target), value as RecordData, fieldsOf, found, depth + 1);
  }
}

/** The names of every user and department a printed record names, in two queries. */
export async function printNames(db: Kysely<DynamicTables>, fields: readonly Field[], record: RecordData, fieldsOf: FieldsOf): Promise<PrintNames> {
  const found = { users: new Set<number>(), departments: new Set<number>() };
  collect(fields, record, fieldsOf, found);
  const read = async (table: 'users' | 'departments', wanted: Set<number>): Promise<Map<number, string>> => {
    if (wanted.size === 0) return new Map();
    const list = [...wanted];
    const { rows } = await sql<{ id: number; name: string }>`SELECT id, name FROM ${sql.table(`pipewright.${table}`)} WHERE id IN (${sql.join(list)})`.execute(db);
    return new Map(rows.map((r) => [Number(r.id), r.name]));
  };
  const [users, departments] = await Promise.all([read('users', found.users), read('departments', found.departments)]);
  return { users, departments };
}

/** The record with option keys, user ids and department ids replaced by what they read as. */
export function printableRecord(fields: readonly Field[], record: RecordData, names: PrintNames, fieldsOf: FieldsOf, locale: 'zh-CN' | 'en' = 'zh-CN', depth = 0): RecordData {
  const result: RecordData = { ...record };
  const named = (map: ReadonlyMap<number, string>, value: unknown) => ids(value).map((id) => map.get(id) ?? `#${id}`).join('、');
  for (const field of [...systemUserFields, ...fields]) {
    const value = record[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'singleSelect') result[field.key] = labelText(field.options.find((o) => o.value === value)?.label ?? { 'zh-CN': String(value), en: String(value) }, locale);
    else if (field.type === 'multiSelect' && Array.isArray(value)) result[field.key] = value.map((v) => labelText(field.options.find((o) => o.value === v)?.label ?? { 'zh-CN': String(v), en: String(v) }, locale)).join('、');
    else if (field.type === 'user') result[field.key] = named(names.users, value);
    else if (field.type === 'department') result[field.key] = named(names.departments, value);
    else if (field.type === 'lineItems' && Array.isArray(value)) result[field.key] = value.map((item) => printableRecord(field.fields, item as RecordData, names, fieldsOf, locale, depth));
    else if (field.type === 'relation' && field.kind === 'manyToOne' && typeof value === 'object' && depth < 3) result[field.key] = printableRecord(fieldsOf(field.target), value as RecordData, names, fieldsOf, locale, depth + 1);
  }
  return result;
}
