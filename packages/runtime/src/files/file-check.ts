/**
 * Files a record write names must be real and the writer's to name: each id in an attachment,
 * image or signature value exists in this app and is either already on this record's field, or
 * not yet on any record and uploaded by the writer. Trusted internal callers (sample data, tests
 * of the storage layer, automation) are not checked; their file lists are still rewritten from
 * the rows that exist. A
 * forged id, another user's upload, or a file of another record is refused with 400
 * `record.unknownFile` at its path; which of these it was is not told. The values are rewritten
 * from the files' rows, so a client cannot rename or resize a file by editing the list. After
 * the write, `attachFiles` records which record and field now hold the new files: from then on
 * their readers are that record's readers (decision 048).
 *
 * @example
 * await checkFiles(db, 'crm', entity, [{ values: { quote_file: [{ id, name: 'x.pdf' }] } }], (i) => `/${i}`, actor);
 * // after the insert, with the new ids:
 * await attachFiles(db, 'crm', entity, [{ id: 12, values }]);
 */
import type { Entity } from '@pipewright/metadata';
import { RecordValidationError, type Problem } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import { isFileField } from './file-types.ts';
import { fileRowOf, isFileId, type FileRow, type StoredFile } from './files.ts';

export interface FilesInWrite {
  values: Record<string, unknown>;
  /** For an update: the record before it (its id and its current file lists). */
  before?: Readonly<Record<string, unknown>> | undefined;
}

interface Named {
  id: string;
  path: string;
  field: string;
  write: number;
}

const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((f) => (typeof f === 'object' && f !== null ? (f as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === 'string') : [];

/** Whether the entity has fields that hold files (the check costs nothing otherwise). */
export function hasFileFields(entity: Entity): boolean {
  return entity.fields.some(isFileField);
}

/** Throws `RecordValidationError` naming each file the write may not name; rewrites the file lists from their rows. */
export async function checkFiles(db: Kysely<DynamicTables>, app: string, entity: Entity, writes: readonly FilesInWrite[], prefix: (i: number) => string, actor: { userId: number; trusted: boolean }): Promise<void> {
  const fields = entity.fields.filter(isFileField);
  if (fields.length === 0) return;
  const named: Named[] = [];
  writes.forEach((write, i) => {
    for (const field of fields) {
      const value = write.values[field.key];
      if (!Array.isArray(value)) continue;
      value.forEach((item, n) => {
        const id = (item as { id?: unknown } | null)?.id;
        if (typeof id === 'string') named.push({ id, path: `${prefix(i)}/${field.key}/${n}/id`, field: field.key, write: i });
      });
    }
  });
  if (named.length === 0) return;
  const wanted = [...new Set(named.map((n) => n.id).filter(isFileId))];
  const rows = new Map<string, FileRow>();
  if (wanted.length > 0) {
    const found = await sql<Parameters<typeof fileRowOf>[0]>`SELECT * FROM pipewright.files WHERE app = ${app} AND id IN (${sql.join(wanted)})`.execute(db);
    for (const row of found.rows) rows.set(row.id, fileRowOf(row));
  }
  const problems: Problem[] = [];
  for (const name of named) {
    const write = writes[name.write]!;
    const row = rows.get(name.id);
    const before = write.before;
    // A file the record holds already stays allowed (files stored before rows were kept too).
    const held = before !== undefined && idsOf(before[name.field]).includes(name.id);
    const onThis = row?.attachedTo && before !== undefined && row.attachedTo.entity === entity.key && row.attachedTo.recordId === Number(before.id) && row.attachedTo.field === name.field;
    const free = row && !row.attachedTo && row.uploadedBy === actor.userId;
    if (!(actor.trusted || held || onThis || free)) problems.push({ path: name.path, code: 'record.unknownFile', message: 'refers to a file that does not exist, is not yours, or is on another record' });
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
  // The stored list says what the rows say.
  writes.forEach((write) => {
    for (const field of fields) {
      const value = write.values[field.key];
      if (!Array.isArray(value)) continue;
      write.values[field.key] = value.map((item: StoredFile) => {
        const row = rows.get(item.id);
        return row ? { id: row.id, name: row.name, size: row.size, mimeType: row.mimeType } : item;
      });
    }
  });
}

/** Marks the files named by written records as on those records' fields (files already on one stay where they are). */
export async function attachFiles(db: Kysely<DynamicTables>, app: string, entity: Entity, written: readonly { id: number; values: Readonly<Record<string, unknown>> }[]): Promise<void> {
  for (const field of entity.fields.filter(isFileField)) {
    for (const record of written) {
      const ids = idsOf(record.values[field.key]).filter(isFileId);
      if (ids.length === 0) continue;
      await sql`UPDATE pipewright.files SET entity = ${entity.key}, record_id = ${record.id}, field = ${field.key}, attached_at = now()
        WHERE app = ${app} AND entity IS NULL AND id IN (${sql.join(ids)})`.execute(db);
    }
  }
}
