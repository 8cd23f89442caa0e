/**
 * Uploaded files of an app: the bytes in a `FileStore`, one row per upload in `pipewright.files`
 * (name, type, size, digest, uploader, and once a record is saved with it, that record and field).
 * An upload names the entity and field it is for (and the record, when that exists); the caller
 * must be allowed to create or update that entity's records and edit that field. A download is
 * allowed to whoever may read the record and field the file is on, and before it is on one, to
 * its uploader alone (decision 048).
 *
 * @example
 * const files = new Files(database, apps, records, new DiskFileStore(dir));
 * const target = await files.target('crm', { entity: 'opportunity', field: 'quote_file' }, actor);
 * const stored = await files.upload('crm', target, { name: '报价单.pdf', type: 'application/pdf', content }, actor);
 * const { file, content } = await files.open('crm', stored.id, actor);
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { PipewrightError } from '@pipewright/engines';
import { sql } from 'kysely';
import type { AppStore } from '../apps/app-store.ts';
import type { Database } from '../database/index.ts';
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import type { Actor } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import { FileTooLargeError, type FileStore } from './file-store.ts';
import { acceptedBy, isFileField, isSniffable, normaliseType, safeFileName, sniffLength, sniffType, type FileField } from './file-types.ts';

/** A file as a record's value holds it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  mimeType: string;
}

/** A file's row: the stored file, where its bytes are, who uploaded it and what it is on. */
export interface FileRow extends StoredFile {
  app: string;
  sha256: string;
  uploadedBy: number | null;
  createdAt: Date;
  attachedTo: { entity: string; recordId: number; field: string } | null;
}

/** What an upload is for, checked: the field and the largest size it takes. */
export interface UploadTarget {
  entity: string;
  field: FileField;
  recordId?: number | undefined;
  maxBytes: number;
}

/** Largest file when the field sets no `maxFileSizeMb` (a signature: 2 MB). */
export const defaultMaxFileBytes = 20 * 1024 * 1024;
const signatureMaxBytes = 2 * 1024 * 1024;

/** The file is not of a type the field takes, or its bytes contradict its declared type (HTTP 415). */
export class FileTypeError extends PipewrightError {
  constructor(message: string) {
    super('file.typeNotAccepted', message, [{ path: '/file', code: 'file.typeNotAccepted', message }]);
  }
}

/** The upload's entity/field/record are not a file field the caller may write (HTTP 400). */
export class FileTargetError extends PipewrightError {
  constructor(path: string, message: string) {
    super('file.invalidTarget', message, [{ path, code: 'file.invalidTarget', message }]);
  }
}

/** No such file, or not one the caller may read (HTTP 404: which of the two is not told). */
export class FileNotFoundError extends PipewrightError {
  constructor(id: string) {
    super('file.notFound', `No file with id ${id}`);
  }
}

interface FileRecordRow {
  id: string;
  app: string;
  sha256: string;
  name: string;
  size: string | number;
  mime_type: string;
  uploaded_by: string | number | null;
  created_at: Date;
  entity: string | null;
  record_id: string | number | null;
  field: string | null;
}

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether a text can be a file id (ids are UUIDs); anything else names no file. */
/** The `field` of files attached to an approval's comment: readable by whoever reads the record. */
export const approvalFilesField = '_approval';

export function isFileId(id: string): boolean {
  return idPattern.test(id);
}

export function fileRowOf(row: FileRecordRow): FileRow {
  return {
    id: row.id,
    app: row.app,
    sha256: row.sha256,
    name: row.name,
    size: Number(row.size),
    mimeType: row.mime_type,
    uploadedBy: row.uploaded_by === null ? null : Number(row.uploaded_by),
    createdAt: row.created_at,
    attachedTo: row.entity === null ? null : { entity: row.entity, recordId: Number(row.record_id), field: row.field! },
  };
}

export class Files {
  constructor(
    private readonly database: Database,
    private readonly apps: AppStore,
    private readonly records: Records,
    readonly store: FileStore,
    private readonly options: { maxBytes?: number } = {},
  ) {}

  /**
   * Checks what an upload is for: `entity` and `field` name a file field, the caller may
   * create records of it (or, with `recordId`, update that record) and edit the field.
   */
  async target(app: string, input: { entity?: string | undefined; field?: string | undefined; recordId?: number | undefined }, actor: Actor): Promise<UploadTarget> {
    if (!input.entity) throw new FileTargetError('/entity', 'name the entity the file is for (a form field before the file)');
    if (!input.field) throw new FileTargetError('/field', 'name the field the file is for (a form field before the file)');
    const model = await this.apps.model(app);
    const entity = model.catalog.entity(input.entity);
    if (!entity) throw new FileTargetError('/entity', `app "${app}" has no entity "${input.entity}"`);
    const field = entity.fields.find((f) => f.key === input.field);
    if (!field || !isFileField(field)) throw new FileTargetError('/field', `"${input.field}" is not an attachment, image or signature field of "${entity.key}"`);
    const action = input.recordId === undefined ? 'create' : 'update';
    const guard = new RecordGuard(this.records.policy, model, actor.permissions, new Date(), actor.timeZone).for(entity.key);
    if (!guard.unrestricted) {
      guard.require(entity.key, action);
      guard.checkWrite(entity.key, action, { [field.key]: [] }, undefined, '');
    }
    if (input.recordId !== undefined) {
      await this.records.get(app, entity.key, input.recordId, { fields: [] }, actor);
      // Readable is not enough: the record must be inside the actor's update scope.
      const condition = guard.unrestricted ? undefined : guard.condition(entity.key, 'update', 't');
      if (condition) {
        const { rows } = await sql`SELECT 1 FROM ${sql.table(`${model.schema}.${entity.key}`)} t WHERE t.id = ${input.recordId} AND ${condition}`.execute(this.database.db);
        if (rows.length === 0) throw new PermissionDeniedError(`You may not update this ${entity.key} record`, [{ path: '/record', code: 'permission.denied', message: 'you may not update this record' }]);
      }
    }
    if (field.readOnly && actor.permissions) throw new PermissionDeniedError(`"${field.key}" is read-only`, [{ path: '/field', code: 'permission.readOnly', message: 'is read-only' }]);
    return { entity: entity.key, field, recordId: input.recordId, maxBytes: this.maxBytesOf(field) };
  }

  /** The largest upload a field takes: its `maxFileSizeMb`, else the server's default. */
  maxBytesOf(field: FileField): number {
    if (field.type !== 'signature' && field.maxFileSizeMb !== undefined) return Math.floor(field.maxFileSizeMb * 1024 * 1024);
    return field.type === 'signature' ? signatureMaxBytes : (this.options.maxBytes ?? defaultMaxFileBytes);
  }

  /**
   * Stores an upload for a checked target and answers it as a record value holds it. The type is
   * the one its first bytes prove, else the declared one; it must be one the field takes.
   * Too many bytes: `FileTooLargeError` (413); a refused type: `FileTypeError` (415); either
   * way nothing is kept.
   */
  async upload(app: string, target: UploadTarget, input: { name: string | undefined; type: string | undefined; content: Readable }, actor: Actor): Promise<StoredFile> {
    return (await this.receive(app, target, input, actor)).commit();
  }

  /**
   * `upload` in two steps: the bytes are stored and checked now, the row is written by
   * `commit()`, so a request that turns out bad after its file (a second file) leaves no file
   * behind (its bytes may stay in the store, named by no row, until a clean-up).
   */
  async receive(app: string, target: UploadTarget, input: { name: string | undefined; type: string | undefined; content: Readable }, actor: Actor): Promise<{ file: StoredFile; commit(): Promise<StoredFile> }> {
    const name = safeFileName(input.name);
    const declared = normaliseType(input.type);
    const checked = checkedContent(input.content, (head) => {
      const sniffed = sniffType(head);
      if (isSniffable(declared) && sniffed !== declared) throw new FileTypeError(`The file's bytes are not ${declared}`);
      const type = sniffed ?? declared;
      if (!acceptedBy(target.field, type, name)) throw new FileTypeError(`"${target.field.key}" does not take ${type} files`);
      return type;
    });
    const blob = await this.store.put(checked.stream, { maxBytes: target.maxBytes });
    const type = checked.type();
    if (blob.size === 0 || type === undefined) throw new PipewrightError('file.empty', 'The file is empty', [{ path: '/file', code: 'file.empty', message: 'has no bytes' }]);
    const file = { id: randomUUID(), name, size: blob.size, mimeType: type };
    return {
      file,
      commit: async () => {
        await sql`INSERT INTO pipewright.files (id, app, sha256, name, size, mime_type, uploaded_by)
          VALUES (${file.id}, ${app}, ${blob.sha256}, ${name}, ${blob.size}, ${type}, ${actor.userId})`.execute(this.database.db);
        return file;
      },
    };
  }

  /**
   * Stores bytes the server made (a printed PDF) as a file uploaded by `actor`, unchecked
   * against a field's limits; a record write attaches it like any upload.
   */
  async storeGenerated(app: string, input: { name: string; type: string; content: Readable }, actor: Actor): Promise<StoredFile> {
    const blob = await this.store.put(input.content, { maxBytes: Number.MAX_SAFE_INTEGER });
    const id = randomUUID();
    const name = safeFileName(input.name);
    const type = normaliseType(input.type);
    await sql`INSERT INTO pipewright.files (id, app, sha256, name, size, mime_type, uploaded_by)
      VALUES (${id}, ${app}, ${blob.sha256}, ${name}, ${blob.size}, ${type}, ${actor.userId})`.execute(this.database.db);
    return { id, name, size: blob.size, mimeType: type };
  }

  /** A file's row, whoever asks (for tools and tests); undefined when there is none in this app. */
  async row(app: string, id: string): Promise<FileRow | undefined> {
    if (!isFileId(id)) return undefined;
    const { rows } = await sql<FileRecordRow>`SELECT * FROM pipewright.files WHERE id = ${id} AND app = ${app}`.execute(this.database.db);
    return rows[0] ? fileRowOf(rows[0]) : undefined;
  }

  /**
   * A file and its bytes for a reader: one who may read the record and field it is on, or its
   * uploader while it is on none. Anyone else, and any unknown id, gets `FileNotFoundError`.
   */
  async open(app: string, id: string, actor: Actor): Promise<{ file: FileRow; content: Readable }> {
    const file = await this.row(app, id);
    if (!file) throw new FileNotFoundError(id);
    if (!(await this.mayRead(app, file, actor))) throw new FileNotFoundError(id);
    return { file, content: this.store.read(file.sha256) };
  }

  private async mayRead(app: string, file: FileRow, actor: Actor): Promise<boolean> {
    if (!file.attachedTo) return !actor.permissions || file.uploadedBy === actor.userId;
    const { entity, recordId, field } = file.attachedTo;
    try {
      if (field === approvalFilesField) {
        await this.records.get(app, entity, recordId, { fields: ['id'] }, actor);
        return true;
      }
      const record = await this.records.get(app, entity, recordId, { fields: [field] }, actor);
      const value = record[field];
      return Array.isArray(value) && value.some((f) => typeof f === 'object' && f !== null && (f as { id?: unknown }).id === file.id);
    } catch (error) {
      if (error instanceof PipewrightError && ['record.notFound', 'permission.denied', 'entity.notFound', 'query.unknownField'].includes(error.code)) return false;
      if (error instanceof PipewrightError && error.code.startsWith('query.')) return false;
      throw error;
    }
  }
}

/**
 * The content passed through once its first bytes are judged by `judge` (which answers the
 * type or throws, ending the stream with that error before anything more is written).
 */
function checkedContent(content: Readable, judge: (head: Buffer) => string): { stream: Readable; type: () => string | undefined } {
  let type: string | undefined;
  async function* checked(): AsyncGenerator<Buffer> {
    let head = Buffer.alloc(0);
    try {
      for await (const chunk of content as AsyncIterable<Buffer>) {
        if (type !== undefined) {
          yield chunk;
          continue;
        }
        head = Buffer.concat([head, chunk]);
        if (head.length < sniffLength) continue;
        type = judge(head);
        yield head;
      }
    } catch (error) {
      if (error instanceof PipewrightError) throw error;
      // The upload broke off or its body is malformed: the client's fault, not the store's.
      throw new PipewrightError('file.interrupted', `The upload broke off: ${(error as Error).message}`, [{ path: '/file', code: 'file.interrupted', message: 'the file did not arrive whole' }]);
    }
    if (type === undefined && head.length > 0) {
      type = judge(head);
      yield head;
    }
  }
  return { stream: Readable.from(checked(), { objectMode: false }), type: () => type };
}

export { FileTooLargeError };
