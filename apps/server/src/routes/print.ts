/**
 * Printing records with their entity's print templates.
 *
 * | route                                                        | answers                                   |
 * | ------------------------------------------------------------ | ----------------------------------------- |
 * | `GET /api/apps/:app/records/:entity/print-templates`         | the entity's templates (for a Print menu) |
 * | `GET /api/apps/:app/records/:entity/:id/print/:template`     | the record printed as `application/pdf`   |
 * | `GET …/print/:template?format=html`                          | the filled HTML (the preview)             |
 * | `POST /api/apps/:app/records/:entity/print/:template`        | `{ ids }` → one PDF of every record       |
 * | `POST /api/apps/:app/records/:entity/:id/print/:template/attach` | `{ field }` → the PDF kept on that attachment field: 201 `{ file, record }` |
 * | `POST /api/apps/:app/records/:entity/print-jobs`             | `{ template, ids | filter, output }` → 202, a background batch print |
 * | `GET  /api/apps/:app/records/:entity/print-jobs/:job`         | the job: status, done / total, error       |
 * | `GET  …/print-jobs/:job/file`                                 | the finished merged PDF or zip             |
 * | `POST …/print-jobs/:job/cancel`                               | stops the job before its next record       |
 *
 * The record is read with the caller's permissions: a record outside the read scope is 404 and a
 * hidden field prints as nothing. A render past its deadline answers 504 `print.timeout`. A batch
 * checks the print action on every record first: 403 `print.denied` names each id the caller may
 * not print (nothing prints), more than `batchLimit` ids answer 422 `print.tooMany`. Printing to
 * the record needs the print permission, the right to update the record and edit the field, and
 * a field that takes PDFs within its size (as an upload would: 415 / 413). A print job (decision
 * 115) settles its records at submission: the ids given, or what the filter selects within the
 * caller's read scope; every one needs the print action (403 naming ids), more than
 * `printJobLimit` answer 422 `print.tooMany`. Only the job's creator sees it (else 404).
 *
 * @example
 * await app.register(printRoutes, { runtime });
 */
import type { FastifyInstance } from 'fastify';
import { batchLimit, JobQueue, printJobLimit, PrintJobs, printToRecord, type PrintJobRequest, type Runtime } from '@pipewright/runtime';
import { storedFileSchema } from './files.ts';
import { emptyBodySchema, entityParamsSchema, keyPattern, noQuerySchema, serializedAsIs, type EntityParams, type RecordParams } from '../route-params.ts';

export interface PrintRoutesOptions {
  runtime: Runtime;
  /** The process's print jobs (over its job queue); unset: started over a queue of their own, stopped with the server. */
  printJobs?: PrintJobs | undefined;
}

const key = { type: 'string', pattern: keyPattern } as const;
const printParamsSchema = {
  type: 'object',
  required: ['app', 'entity', 'id', 'template'],
  additionalProperties: false,
  properties: { app: key, entity: key, id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'Record id (a positive integer)' }, template: key },
} as const;
const printQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['pdf', 'html'], default: 'pdf', description: '`pdf` (default) or `html`, the preview' } },
} as const;
const label = { type: 'object', properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } } } as const;
const templatesAnswer = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object', required: ['key', 'label'], properties: { key: { type: 'string' }, label, description: label } } } },
} as const;
const tags = ['print'];
const batchParamsSchema = { type: 'object', required: ['app', 'entity', 'template'], additionalProperties: false, properties: { app: key, entity: key, template: key } } as const;
const batchBody = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: { ids: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 }, description: `Record ids, printed in this order; at most ${batchLimit}` } },
} as const;

/** `attachment; filename=…` with the UTF-8 name (RFC 6266 / 5987) and an ASCII fallback. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const jobParamsSchema = {
  type: 'object',
  required: ['app', 'entity', 'job'],
  additionalProperties: false,
  properties: { app: key, entity: key, job: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'Print job id' } },
} as const;
const jobBody = {
  type: 'object',
  required: ['template', 'output'],
  additionalProperties: false,
  properties: {
    template: key,
    ids: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 }, description: `Record ids, printed in this order; at most ${printJobLimit}` },
    filter: { type: 'object', description: 'A filter of the filter language (as a list view sends it); selects only records you may read' },
    output: { type: 'string', enum: ['pdf', 'zip'], description: '`pdf`: one merged PDF; `zip`: one PDF per record, named by the template' },
  },
  oneOf: [{ type: 'object', required: ['ids'] }, { type: 'object', required: ['filter'] }],
} as const;
const jobAnswer = {
  type: 'object',
  required: ['id', 'entity', 'template', 'output', 'status', 'done', 'total', 'createdAt'],
  properties: {
    id: { type: 'string' },
    entity: { type: 'string' },
    template: { type: 'string' },
    output: { type: 'string', enum: ['pdf', 'zip'] },
    status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] },
    done: { type: 'integer' },
    total: { type: 'integer' },
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
    fileName: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
  },
} as const;
type JobParams = EntityParams & { job: string };

export async function printRoutes(app: FastifyInstance, { runtime, printJobs }: PrintRoutesOptions): Promise<void> {
  const { prints } = runtime;
  let jobs = printJobs;
  if (!jobs) {
    const started = await PrintJobs.start(runtime, await JobQueue.start(runtime.database, { pollingIntervalSeconds: 0.5 }), { ownQueue: true });
    app.addHook('onClose', () => started.stop());
    jobs = started;
  }
  const printJobsOf = jobs;

  app.post<{ Params: EntityParams; Body: PrintJobRequest }>(
    '/api/apps/:app/records/:entity/print-jobs',
    { schema: { operationId: 'startPrintJob', summary: `Prints many records (ids or a filter, at most ${printJobLimit}) in the background as one merged PDF or a zip of PDFs; every record needs your print permission`, tags, params: entityParamsSchema, querystring: noQuerySchema, body: jobBody, response: { 202: jobAnswer } } },
    async (request, reply) => reply.code(202).send(await printJobsOf.submit(request.params.app, request.params.entity, request.body, request.actor)),
  );

  app.get<{ Params: JobParams }>(
    '/api/apps/:app/records/:entity/print-jobs/:job',
    { schema: { operationId: 'getPrintJob', summary: 'A print job of yours: status, records done of total, error', tags, params: jobParamsSchema, querystring: noQuerySchema, response: { 200: jobAnswer } } },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return printJobsOf.status(request.params.app, request.params.job, request.actor);
    },
  );

  app.post<{ Params: JobParams }>(
    '/api/apps/:app/records/:entity/print-jobs/:job/cancel',
    { schema: { operationId: 'cancelPrintJob', summary: 'Stops a print job of yours before its next record', tags, params: jobParamsSchema, querystring: noQuerySchema, body: emptyBodySchema, response: { 200: jobAnswer } } },
    async (request) => printJobsOf.cancel(request.params.app, request.params.job, request.actor),
  );

  app.get<{ Params: JobParams }>(
    '/api/apps/:app/records/:entity/print-jobs/:job/file',
    { schema: { operationId: 'getPrintJobFile', summary: 'The finished file of a print job of yours: application/pdf or application/zip', tags, params: jobParamsSchema, querystring: noQuerySchema, response: { 200: { type: 'string', format: 'binary', description: 'application/pdf or application/zip' } } } },
    async (request, reply) => {
      const file = await printJobsOf.file(request.params.app, request.params.job, request.actor);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', contentDisposition(file.name).replace(/^inline/, 'attachment'));
      reply.header('content-length', String(file.size));
      return reply.type(file.mimeType).send(file.content);
    },
  );

  app.get<{ Params: EntityParams }>(
    '/api/apps/:app/records/:entity/print-templates',
    { ...serializedAsIs, schema: { operationId: 'listPrintTemplates', summary: "The print templates of an entity (for a record's Print menu)", tags, params: entityParamsSchema, querystring: noQuerySchema, response: { 200: templatesAnswer } } },
    async (request) => {
      const templates = await prints.templates(request.params.app, request.params.entity);
      return { items: templates.map((t) => ({ key: t.key, label: t.label, ...(t.description ? { description: t.description } : {}) })) };
    },
  );

  app.get<{ Params: RecordParams & { template: string }; Querystring: { format: 'pdf' | 'html' } }>(
    '/api/apps/:app/records/:entity/:id/print/:template',
    {
      schema: {
        operationId: 'printRecord',
        summary: 'A record printed with a print template: application/pdf, or text/html with ?format=html (the preview); read with your permissions, hidden fields print as nothing',
        tags,
        params: printParamsSchema,
        querystring: printQuerySchema,
        response: { 200: { type: 'string', format: 'binary', description: 'application/pdf, or text/html for format=html' } },
      },
    },
    async (request, reply) => {
      const { app: appKey, entity, id, template } = request.params;
      reply.header('cache-control', 'private, no-store');
      if (request.query.format === 'html') {
        const filled = await prints.html(appKey, entity, Number(id), template, request.actor);
        // The preview is shown in a sandboxed frame: the same policy as the renderer's page.
        reply.header('content-security-policy', "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox");
        return reply.type('text/html; charset=utf-8').send(filled.html);
      }
      const printed = await prints.pdf(appKey, entity, Number(id), template, request.actor);
      reply.header('content-disposition', contentDisposition(printed.fileName));
      reply.header('x-pdf-pages', String(printed.pages));
      return reply.type('application/pdf').send(Buffer.from(printed.pdf));
    },
  );

  app.post<{ Params: EntityParams & { template: string }; Body: { ids: number[] } }>(
    '/api/apps/:app/records/:entity/print/:template',
    {
      schema: {
        operationId: 'printRecords',
        summary: `Several records printed with one template as one PDF (at most ${batchLimit}); every record needs your print permission, else 403 naming the ids`,
        tags,
        params: batchParamsSchema,
        querystring: noQuerySchema,
        body: batchBody,
        response: { 200: { type: 'string', format: 'binary', description: 'application/pdf' } },
      },
    },
    async (request, reply) => {
      const { app: appKey, entity, template } = request.params;
      const printed = await prints.batch(appKey, entity, request.body.ids, template, request.actor);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', contentDisposition(printed.fileName));
      reply.header('x-pdf-pages', String(printed.pages));
      return reply.type('application/pdf').send(Buffer.from(printed.pdf));
    },
  );

  app.post<{ Params: RecordParams & { template: string }; Body: { field: string } }>(
    '/api/apps/:app/records/:entity/:id/print/:template/attach',
    {
      ...serializedAsIs,
      schema: {
        operationId: 'printRecordToField',
        summary: 'Prints a record with a template and keeps the PDF on one of its attachment fields (added to the files there); needs print and update permission',
        tags,
        params: printParamsSchema,
        querystring: noQuerySchema,
        body: { type: 'object', required: ['field'], additionalProperties: false, properties: { field: { ...key, description: 'The attachment field the PDF is added to' } } },
        response: { 201: { type: 'object', required: ['file', 'record'], properties: { file: storedFileSchema, record: { type: 'object', additionalProperties: true } } } },
      },
    },
    async (request, reply) => {
      const { app: appKey, entity, id, template } = request.params;
      const attached = await printToRecord(runtime, { app: appKey, entity, id: Number(id), template, field: request.body.field }, request.actor);
      return reply.code(201).send(attached);
    },
  );
}
