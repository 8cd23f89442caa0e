/**
 * Uploading and downloading an app's files (attachment, image and signature fields).
 *
 * | route                              | does                                                        |
 * | ---------------------------------- | ----------------------------------------------------------- |
 * | `POST /api/apps/:app/files`        | multipart: form fields `entity`, `field`, `record`? then one `file` → 201 `{ id, name, size, mimeType }` |
 * | `GET  /api/apps/:app/files/:id`    | the bytes, with their type, as an attachment (raster images inline) |
 *
 * The upload's form fields come before the file, so the field's limits are known before a byte
 * is stored: its `maxFileSizeMb` (else 20 MB; 413 `file.tooLarge`), the types it takes (415
 * `file.typeNotAccepted`, proved by the first bytes where they can tell), and the caller's right
 * to create that entity's records (or, with `record`, update that one) and edit that field. A
 * malformed body answers 400 `file.malformed`; a refused upload closes the connection rather than
 * read the rest. The file is the caller's until a record write names it (decision 048); a
 * download needs the right to read that record and field, else 404 `file.notFound`. Answers carry
 * `X-Content-Type-Options: nosniff` and the API's `default-src 'none'` policy, so an uploaded
 * HTML or SVG file can run no script even when opened directly.
 *
 * @example
 * const form = new FormData();
 * form.set('entity', 'opportunity'); form.set('field', 'quote_file');
 * form.set('file', new Blob([pdf], { type: 'application/pdf' }), '报价单.pdf');
 * await fetch('/api/apps/crm/files', { method: 'POST', body: form, headers: { 'x-csrf-token': token } });
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PipewrightError } from '@pipewright/engines';
import { rasterImageTypes, type Runtime, type StoredFile, type UploadTarget } from '@pipewright/runtime';
import { appParamsSchema, keyPattern, noQuerySchema, type AppParams } from '../route-params.ts';

export interface FileRoutesOptions {
  runtime: Runtime;
}

const tags = ['files'];
/** Above every field's own limit (the schema's largest `maxFileSizeMb` is 2048): the store's counter stops first. */
const parserFileLimit = 2049 * 1024 * 1024;
const formFields = new Set(['entity', 'field', 'record']);

export const storedFileSchema = {
  type: 'object',
  required: ['id', 'name', 'size', 'mimeType'],
  additionalProperties: false,
  properties: { id: { type: 'string' }, name: { type: 'string' }, size: { type: 'integer' }, mimeType: { type: 'string' } },
} as const;

const uploadBodySchema = {
  description: 'multipart/form-data: the form fields `entity`, `field` and (for a saved record) `record`, then one part `file`',
  properties: {
    entity: { type: 'string', pattern: keyPattern, description: 'The entity of the record the file is for' },
    field: { type: 'string', pattern: keyPattern, description: 'Its attachment, image or signature field' },
    record: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'The record, when it is saved already' },
    file: { type: 'string', format: 'binary' },
  },
} as const;

const fileParamsSchema = {
  type: 'object',
  required: ['app', 'id'],
  additionalProperties: false,
  properties: { app: appParamsSchema.properties.app, id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'File id (a UUID)' } },
} as const;

const malformed = (detail: string, path = '') => new PipewrightError('file.malformed', `The upload is not a well-formed multipart form: ${detail}`, [{ path, code: 'file.malformed', message: detail }]);

/** `attachment` (or `inline`); `filename=` in ASCII for old clients, `filename*=` in UTF-8 (RFC 6266, RFC 5987). */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function fileRoutes(app: FastifyInstance, { runtime }: FileRoutesOptions): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { files: 1, fields: 3, parts: 4, fieldSize: 100, fieldNameSize: 20, headerPairs: 20, fileSize: parserFileLimit },
    throwFileSizeLimit: true,
  });

  app.post<{ Params: AppParams }>(
    '/api/apps/:app/files',
    {
      schema: {
        operationId: 'uploadFile',
        summary: "Uploads one file for an attachment, image or signature field (multipart; the form fields before the file); a record write then names its id",
        tags,
        consumes: ['multipart/form-data'],
        params: appParamsSchema,
        querystring: noQuerySchema,
        body: uploadBodySchema,
        response: { 201: storedFileSchema },
      },
    },
    async (request, reply) => {
      const appKey = request.params.app;
      const fields: Record<string, string> = {};
      let received: { file: StoredFile; commit(): Promise<StoredFile> } | undefined;
      try {
        if (!request.isMultipart()) throw new PipewrightError('request.unsupportedMediaType', 'Send the file as multipart/form-data');
        const parts = request.parts()[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<Awaited<ReturnType<typeof parts.next>>['value']>;
          try {
            next = await parts.next();
          } catch (error) {
            throw parseProblem(error);
          }
          if (next.done) break;
          const part = next.value;
          if (part.type === 'field') {
            if (!formFields.has(part.fieldname)) throw malformed(`unknown form field "${part.fieldname}"`, `/${part.fieldname}`);
            if (part.valueTruncated || typeof part.value !== 'string') throw malformed('too long', `/${part.fieldname}`);
            fields[part.fieldname] = part.value;
            continue;
          }
          if (part.fieldname !== 'file') throw malformed(`the file goes in the part "file", not "${part.fieldname}"`, `/${part.fieldname}`);
          const target: UploadTarget = await runtime.files.target(appKey, { entity: fields.entity, field: fields.field, recordId: recordIdOf(fields.record) }, request.actor);
          received = await runtime.files.receive(appKey, target, { name: part.filename, type: part.mimetype, content: part.file }, request.actor);
        }
        if (!received) throw malformed('there is no part "file"', '/file');
      } catch (error) {
        // Whatever is left of a refused upload is not read: the connection closes after the answer.
        void reply.header('connection', 'close');
        throw error;
      }
      // The whole form was read and was right: only now is the file kept.
      return reply.code(201).send(await received.commit());
    },
  );

  app.get<{ Params: { app: string; id: string } }>(
    '/api/apps/:app/files/:id',
    {
      schema: {
        operationId: 'downloadFile',
        summary: 'The bytes of a file, for whoever may read the record and field it is on (before that, its uploader); others get 404',
        tags,
        params: fileParamsSchema,
        querystring: noQuerySchema,
        response: { 200: { type: 'string', format: 'binary', description: 'The file, with its own Content-Type' } },
      },
    },
    async (request, reply) => {
      const { file, content } = await runtime.files.open(request.params.app, request.params.id, request.actor);
      return sendFile(reply, file, content);
    },
  );
}

function sendFile(reply: FastifyReply, file: StoredFile, content: NodeJS.ReadableStream): FastifyReply {
  const inline = rasterImageTypes.has(file.mimeType);
  void reply.header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name));
  void reply.header('content-length', String(file.size));
  void reply.header('cache-control', 'private, no-store');
  void reply.header('x-content-type-options', 'nosniff');
  return reply.type(file.mimeType).send(content);
}

function recordIdOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw malformed('is not a record id', '/record');
  return Number(value);
}

/** The multipart parser's errors: its limits (413) keep their status, anything else is a malformed body (400). */
function parseProblem(error: unknown): unknown {
  if (error instanceof PipewrightError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') return new PipewrightError('file.tooMany', 'Send one file per request', [{ path: '/file', code: 'file.tooMany', message: 'one file per request' }]);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return malformed('too many parts: entity, field, record and one file');
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new PipewrightError('request.unsupportedMediaType', 'Send the file as multipart/form-data');
  if (code === 'FST_PROTO_VIOLATION') return malformed('a part name reaches for a prototype');
  return malformed(error instanceof Error ? error.message : 'unreadable');
}
