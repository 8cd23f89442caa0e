/**
 * A unique or foreign-key violation reported by PostgreSQL, as the problem of the item that caused
 * it: `/create/1/mobile` (a bulk item), `/parts/2/part` (a line), `/tags/1` (a link). PostgreSQL
 * names the constraint and, in its detail, the key (`Key (part)=(999999) is not present in table
 * "part".`); the value found there is looked up among the items written. A duplicate says only
 * "is already used": never which record holds the value, whose it is or whether the writer may
 * read it (decision 011).
 *
 * @example
 * throw constraintProblem(error, model, entity, items, '') ?? error;
 */
import { createHash } from 'node:crypto';
import type { Entity } from '@pipewright/metadata';
import { companyNameKey, RecordValidationError, type PreparedInput } from '@pipewright/engines';
import type { AppModel } from '../apps/app-model.ts';
import { postgresErrorCode } from '../database/index.ts';
import { joinTableOf, type TableLayout } from '../schema/layout.ts';

/** What one item of a write stored: its column values, lines and links. */
export type WrittenItem = Pick<PreparedInput, 'values' | 'lineItems' | 'links'>;

/**
 * The problem for a unique (23505) or foreign-key (23503) violation, or undefined for any other
 * error. `pathPrefix`: '' for a single record; undefined for a batch, whose items are `/<index>`.
 */
export function constraintProblem(error: unknown, model: AppModel, entity: Entity, items: readonly WrittenItem[], pathPrefix?: string): RecordValidationError | undefined {
  const code = postgresErrorCode(error);
  if (code !== '23505' && code !== '23503') return undefined;
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const key = keyOf(String((error as { detail?: string }).detail ?? ''));
  const itemPath = (i: number | undefined) => (pathPrefix ?? (i === undefined ? '' : `/${i}`));
  const duplicate = (path: string) => new RecordValidationError([{ path, code: 'record.duplicate', message: 'is already used' }]);
  const unknown = (path: string, target: string) => new RecordValidationError([{ path, code: 'record.unknownReference', message: `refers to a ${target} record that does not exist` }]);

  for (const table of model.layout.tables) {
    if (code === '23505') {
      const index = table.indexes.find((i) => i.name === constraint) ?? table.indexes.find((i) => i.unique && key?.columns === i.columns.map((c) => (c.lower ? `lower(${c.column})` : c.column)).join(', '));
      if (!index || table.name !== entity.key) continue;
      const column = index.columns[0]!;
      const field = table.columns.find((c) => c.name === column.column)?.field ?? column.column;
      const i = key ? items.findIndex((item) => sameKey(stored(item.values, column.column), key.values, column.lower, column.hash)) : -1;
      return duplicate(`${itemPath(i < 0 ? undefined : i)}/${field}`);
    }
    const fk = table.foreignKeys.find((f) => f.name === constraint) ?? table.foreignKeys.find((f) => key?.columns === f.column && (table.name === entity.key || table.entity === entity.key));
    if (!fk) continue;
    const path = referencePath(table, fk.column, entity, model, items, key?.values, itemPath);
    if (fk.referencesSchema === 'pipewright') {
      const user = fk.references === 'users';
      return new RecordValidationError([{ path, code: user ? 'record.unknownUser' : 'record.unknownDepartment', message: `refers to a ${user ? 'user' : 'department'} that does not exist` }]);
    }
    return unknown(path, fk.references);
  }
  return undefined;
}

/** Where the value of a failed foreign key was given: a field, a line's field, or a link. */
function referencePath(table: TableLayout, column: string, entity: Entity, model: AppModel, items: readonly WrittenItem[], value: string | undefined, itemPath: (i: number | undefined) => string): string {
  const matches = (v: unknown) => value !== undefined && v !== null && v !== undefined && String(v) === value;
  if (table.kind === 'lineItems' && table.field !== undefined) {
    const field = table.field;
    for (let i = 0; i < items.length; i++) {
      const lines = Object.hasOwn(items[i]!.lineItems, field) ? items[i]!.lineItems[field]! : [];
      const j = lines.findIndex((line) => Object.hasOwn(line, column) && matches(line[column]));
      if (j >= 0) return `${itemPath(i)}/${field}/${j}/${column}`;
    }
    return `${itemPath(undefined)}/${field}`;
  }
  if (table.kind === 'join') {
    const field = entity.fields.find((f) => f.type === 'relation' && f.kind === 'manyToMany' && joinTableOf(entity, f, model.bundle).table === table.name);
    if (field) {
      for (let i = 0; i < items.length; i++) {
        const k = (Object.hasOwn(items[i]!.links, field.key) ? items[i]!.links[field.key]! : []).findIndex(matches);
        if (k >= 0) return `${itemPath(i)}/${field.key}/${k}`;
      }
      return `${itemPath(undefined)}/${field.key}`;
    }
  }
  const i = items.findIndex((item) => matches(stored(item.values, column)));
  return `${itemPath(i < 0 ? undefined : i)}/${column}`;
}

/** An item's value of a column, including the hidden comparison key of a company name (`name__key`). */
function stored(values: Record<string, unknown>, column: string): unknown {
  if (Object.hasOwn(values, column)) return values[column];
  const field = column.endsWith('__key') ? column.slice(0, -'__key'.length) : undefined;
  if (field !== undefined && Object.hasOwn(values, field) && typeof values[field] === 'string') return companyNameKey(values[field]);
  return undefined;
}

function sameKey(value: unknown, key: string, lower: boolean | undefined, hash: boolean | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (hash) return createHash('md5').update(lower ? String(value).toLowerCase() : String(value), 'utf8').digest('hex') === key;
  return lower ? String(value).toLowerCase() === key.toLowerCase() : String(value) === key;
}

/** The key of PostgreSQL's detail: `Key (lower(email))=(a@x.cn) already exists.` → columns and values as text. */
function keyOf(detail: string): { columns: string; values: string } | undefined {
  const match = /^Key \((.+?)\)=\((.*)\) (?:already exists|is not present)/s.exec(detail);
  return match ? { columns: match[1]!, values: match[2]! } : undefined;
}
