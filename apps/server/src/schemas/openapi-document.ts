/**
 * The OpenAPI 3.1 document of one installed app, generated from its metadata: for every entity
 * the record, create and update schemas and the list / create / read / update / delete / restore /
 * purge / history / bulk operations, with their parameters and problem+json errors.
 *
 * @example
 * const document = openApiDocument(bundle);
 * document.paths['/api/apps/crm/records/lead'].get.operationId; // 'listLead'
 */
import { idSchema } from '@pipewright/engines';
import type { AppBundle, Entity } from '@pipewright/metadata';
import { maxBulkItems } from '../records/bulk-body.ts';
import { listQuerySchema, readQuerySchema } from '../records/list-params.ts';
import { problemContentType, problemSchema } from '../problems/problem.ts';
import { appRecordSchemas, type EntitySchemas, type FieldView, type JsonSchema } from './record-schemas.ts';

/** A path item: operations by HTTP method, plus shared `parameters`. */
export type PathItem = Record<string, unknown>;

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, PathItem> };

const schemaRef = (name: string): string => `#/components/schemas/${name}`;
const ref = (kind: 'parameters' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

const listParameterNames = ['filter', 'sort', 'fields', 'expand', 'search', 'q', 'pageSize', 'cursor', 'offset', 'count', 'deleted'] as const;

/**
 * What one reader may see and do: the document then describes their API, with the operations
 * their roles grant and the fields they may read and write. Without a view it describes all.
 */
export interface ApiView extends FieldView {
  allows(entityKey: string, action: 'read' | 'create' | 'update' | 'delete'): boolean;
}

/** The actions an operation needs, by path (after the entity's base path) and method; any one suffices. */
const operationActions: Record<string, Record<string, readonly ('read' | 'create' | 'update' | 'delete')[]>> = {
  '': { get: ['read'], post: ['create'] },
  '/bulk': { post: ['create', 'update', 'delete'] },
  '/{id}': { get: ['read'], patch: ['update'], delete: ['delete'] },
  '/{id}/restore': { post: ['delete'] },
  '/{id}/purge': { post: ['delete'] },
  '/{id}/history': { get: ['read'] },
};

/** Builds the document; `bundle` is the installed version of the app. */
export function openApiDocument(bundle: AppBundle, view?: ApiView): OpenApiDocument {
  const records = appRecordSchemas(bundle, schemaRef, view);
  const paths: Record<string, PathItem> = {};
  const shown = new Set<string>();
  for (const entitySchemas of records.entities) {
    const entityKey = entitySchemas.entity.key;
    const base = `/api/apps/${bundle.app.key}/records/${entityKey}`;
    for (const [path, item] of Object.entries(entityPaths(bundle.app.key, entitySchemas))) {
      const needs = operationActions[path.slice(base.length)] ?? {};
      const kept = Object.fromEntries(Object.entries(item).filter(([method]) => !view || !(method in needs) || needs[method]!.some((a) => view.allows(entityKey, a))));
      if (Object.keys(kept).some((method) => method in needs)) {
        paths[path] = kept;
        shown.add(entityKey);
      }
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${bundle.app.name.en || bundle.app.name['zh-CN']} (${bundle.app.key}) records API`,
      version: bundle.app.version,
      description: [
        `The records API of the Pipewright app "${bundle.app.key}", version ${bundle.app.version}, generated from its metadata.`,
        'Errors are RFC 9457 problem details (application/problem+json) with a stable `code` and the JSON pointer of each bad input in `errors`.',
        'Requests authenticate with an API key (`Authorization: Bearer <key>`, created by an administrator for one role of this app) or a session cookie from `POST /api/auth/login`; writes with a cookie also send its CSRF token in `X-CSRF-Token`.',
        view
          ? "This document describes the API as the caller's roles allow it: the operations they grant, and the fields the caller may read (records) and write (create and update bodies)."
          : 'This document describes every operation and field; each caller is limited by their roles.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    tags: records.entities.filter(({ entity }) => shown.has(entity.key)).map(({ entity }) => ({ name: entity.key, description: `${entity.label.en} (${entity.label['zh-CN']})` })),
    paths,
    components: {
      schemas: { ...records.schemas, Problem: problemSchema, HistoryEntry: historyEntrySchema },
      parameters: parameters(),
      responses: problemResponses(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key, created by an administrator for one role of this app and shown once, sent as `Authorization: Bearer <key>`.',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'pw_session',
          description: 'The session cookie set by `POST /api/auth/login`. Writes also send the session\'s CSRF token in the `X-CSRF-Token` header.',
        },
      },
    },
    security: [{ apiKey: [] }, { session: [] }],
  };
}

function entityPaths(appKey: string, { entity, names }: EntitySchemas): Record<string, PathItem> {
  const name = names.record;
  const base = `/api/apps/${appKey}/records/${entity.key}`;
  const record = { $ref: schemaRef(name) };
  const tags = [entity.key];
  const withEtag = (description: string) => ({ description, headers: { ETag: { description: 'The record version, "<version>"', schema: { type: 'string' } } }, content: json(record) });
  const errors = (...statuses: Exclude<keyof typeof responseName, 500>[]) => Object.fromEntries([...statuses, 500 as const].map((s) => [String(s), ref('responses', responseName[s])]));
  return {
    [base]: {
      get: {
        operationId: `list${name}`,
        summary: `List ${label(entity)} records`,
        tags,
        parameters: listParameterNames.map((p) => ref('parameters', p)),
        responses: {
          200: { description: 'One page of records', content: json(pageSchema(record)) },
          ...errors(400, 404),
        },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${label(entity)} record`,
        tags,
        requestBody: { required: true, content: json({ $ref: schemaRef(names.create) }) },
        responses: {
          201: { ...withEtag('Created'), headers: { ...withEtag('').headers, Location: { description: 'URL of the new record', schema: { type: 'string' } } } },
          ...errors(400, 404, 413, 415),
        },
      },
    },
    [`${base}/bulk`]: {
      post: {
        operationId: `bulk${name}`,
        summary: `Create, update or delete many ${label(entity)} records in one transaction (all or nothing)`,
        tags,
        requestBody: { required: true, content: json(bulkSchema(names)) },
        responses: {
          200: { description: 'Updated (`items`) or deleted (`deleted`: the ids)', content: json({ type: 'object', properties: { items: { type: 'array', items: record }, deleted: { type: 'array', items: { type: 'integer' } } } }) },
          201: { description: 'Created', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: record } } }) },
          ...errors(400, 404, 409, 413, 415),
        },
      },
    },
    [`${base}/{id}`]: {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: `get${name}`,
        summary: `Read a ${label(entity)} record`,
        tags,
        parameters: [ref('parameters', 'fields'), ref('parameters', 'expand'), ref('parameters', 'readDeleted')],
        responses: { 200: withEtag('The record'), ...errors(400, 404) },
      },
      patch: {
        operationId: `update${name}`,
        summary: `Change fields of a ${label(entity)} record`,
        description: 'Send the version you read as `If-Match: "<version>"` (or as `version` in the body) to be refused with 409 when someone changed the record since.',
        tags,
        parameters: [ref('parameters', 'ifMatch')],
        requestBody: { required: true, content: json({ $ref: schemaRef(names.update) }) },
        responses: { 200: withEtag('The changed record'), ...errors(400, 404, 409, 413, 415) },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Move a ${label(entity)} record to the recycle bin`,
        tags,
        parameters: [ref('parameters', 'ifMatch')],
        responses: { 204: { description: 'In the recycle bin' }, ...errors(400, 404, 409) },
      },
    },
    [`${base}/{id}/restore`]: {
      parameters: [ref('parameters', 'id')],
      post: { operationId: `restore${name}`, summary: 'Take the record out of the recycle bin', tags, responses: { 200: withEtag('The restored record'), ...errors(400, 404) } },
    },
    [`${base}/{id}/purge`]: {
      parameters: [ref('parameters', 'id')],
      post: {
        operationId: `purge${name}`,
        summary: 'Delete the record from the recycle bin for good (its history stays)',
        tags,
        responses: { 204: { description: 'Purged' }, ...errors(400, 404, 409) },
      },
    },
    [`${base}/{id}/history`]: {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: `history${name}`,
        summary: 'The audit history of the record, newest first',
        tags,
        responses: { 200: { description: 'History', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: schemaRef('HistoryEntry') } } } }) }, ...errors(400, 404) },
      },
    },
  };
}

function pageSchema(record: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items'],
    properties: {
      items: { type: 'array', items: record },
      nextCursor: { type: 'string', description: 'Pass as cursor for the next page; absent on the last page' },
      total: { type: 'integer' },
      totalKind: { type: 'string', enum: ['exact', 'estimate'] },
    },
  };
}

function bulkSchema(names: EntitySchemas['names']): JsonSchema {
  const id = { ...idSchema };
  const list = (items: JsonSchema) => ({ type: 'array', minItems: 1, maxItems: maxBulkItems, items });
  return {
    description: 'Exactly one of create, update or delete',
    oneOf: [
      { type: 'object', required: ['create'], additionalProperties: false, properties: { create: list({ $ref: schemaRef(names.create) }) } },
      {
        type: 'object',
        required: ['update'],
        additionalProperties: false,
        properties: { update: list({ type: 'object', required: ['id', 'values'], additionalProperties: false, properties: { id, version: id, values: { $ref: schemaRef(names.update) } } }) },
      },
      { type: 'object', required: ['delete'], additionalProperties: false, properties: { delete: { ...list(id), uniqueItems: true } } },
    ],
  };
}

function parameters(): Record<string, JsonSchema> {
  const query = (name: string, schema: JsonSchema, description?: unknown) => ({ name, in: 'query', required: false, schema, ...(typeof description === 'string' ? { description } : {}) });
  const out: Record<string, JsonSchema> = {
    id: { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'Record id' },
    ifMatch: { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag you read ("<version>" or W/"<version>"): refuse the write with 409 when the record changed since' },
    readDeleted: query('deleted', { type: 'boolean' }, 'Read a record in the recycle bin'),
  };
  const listProperties = listQuerySchema.properties as Record<string, JsonSchema>;
  for (const name of listParameterNames) {
    const { description, ...schema } = listProperties[name] ?? (readQuerySchema.properties as Record<string, JsonSchema>)[name]!;
    out[name] = query(name, schema, description);
  }
  return out;
}

const responseName = { 400: 'BadRequest', 404: 'NotFound', 409: 'Conflict', 413: 'ContentTooLarge', 415: 'UnsupportedMediaType', 500: 'ServerError' } as const;

function problemResponses(): Record<string, JsonSchema> {
  const descriptions: Record<keyof typeof responseName, string> = {
    400: 'The request is invalid (record.invalid, filter.invalid, query.invalid, request.invalid …); `errors` names each bad input',
    404: 'No such app, entity or record (app.notFound, entity.notFound, record.notFound)',
    409: 'The record changed since it was read (record.stale) or is still referenced (record.inUse)',
    413: 'The body is larger than the route accepts (request.tooLarge)',
    415: 'The body is not JSON in UTF-8 (request.unsupportedMediaType)',
    500: 'The server failed; the error is logged',
  };
  return Object.fromEntries(
    Object.entries(responseName).map(([status, name]) => [name, { description: descriptions[Number(status) as keyof typeof responseName], content: { [problemContentType]: { schema: { $ref: schemaRef('Problem') } } } }]),
  );
}

const historyEntrySchema: JsonSchema = {
  type: 'object',
  required: ['id', 'action', 'actor', 'at', 'changes'],
  properties: {
    id: { type: 'integer' },
    action: { type: 'string', description: 'create, update, delete, restore or purge' },
    actor: { type: ['integer', 'null'], description: 'Id of the user who made the change' },
    at: { type: 'string', format: 'date-time' },
    changes: { type: 'object', additionalProperties: { type: 'object', properties: { from: {}, to: {} } }, description: 'Changed fields with their values before and after' },
  },
};

function label(entity: Entity): string {
  return entity.label.en || entity.label['zh-CN'];
}
