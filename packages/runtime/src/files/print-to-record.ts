/**
 * A record printed with one of its templates and the PDF kept on one of its attachment fields
 * ("a generated PDF saved to the record"): the caller needs the print permission on the record
 * and may update it and edit the field. The PDF goes through the same checks as an upload (the
 * field takes PDFs, within its size) and is added to the field's files by an ordinary update,
 * so history, rules and the file's attachment follow as for any write.
 *
 * @example
 * const { file, record } = await printToRecord(runtime, { app: 'crm', entity: 'opportunity', id: 12, template: 'quote', field: 'quote_file' }, actor);
 */
import { Readable } from 'node:stream';
import type { Prints } from '../print/prints.ts';
import type { Actor, RecordData } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import { FileTargetError, type Files, type StoredFile } from './files.ts';

export interface PrintToRecordInput {
  app: string;
  entity: string;
  id: number;
  template: string;
  /** An attachment field of the entity. */
  field: string;
}

export async function printToRecord(runtime: { prints: Prints; files: Files; records: Records }, input: PrintToRecordInput, actor: Actor): Promise<{ file: StoredFile; record: RecordData }> {
  const { app, entity, id, template, field } = input;
  const target = await runtime.files.target(app, { entity, field, recordId: id }, actor);
  if (target.field.type !== 'attachment') throw new FileTargetError('/field', `"${field}" is not an attachment field: a printed PDF goes in an attachment field`);
  const printed = await runtime.prints.pdf(app, entity, id, template, actor);
  const file = await runtime.files.upload(app, target, { name: printed.fileName, type: 'application/pdf', content: Readable.from([Buffer.from(printed.pdf)]) }, actor);
  const current = await runtime.records.get(app, entity, id, { fields: [field] }, actor);
  const files = Array.isArray(current[field]) ? (current[field] as StoredFile[]) : [];
  const record = await runtime.records.update(app, entity, id, { [field]: [...files, file] }, actor);
  return { file, record };
}
