/**
 * The records API of an installed app: list, create, read, update, delete (to the recycle bin),
 * restore, purge, history, and bulk writes. Field values are validated by the runtime against the
 * entity's metadata; the route schemas here check only the shape of the request (keys, ids, query
 * parameters) and its size.
 *
 * | route                                              | does                                  |
 * | -------------------------------------------------- | ------------------------------------- |
 * | `GET    /api/apps/:app/records/:entity`            | list (filter, sort, page, search)     |
 * | `POST   /api/apps/:app/records/:entity`            | create → 201 + `Location`, `ETag`     |
 * | `POST   /api/apps/:app/records/:entity/bulk`       | create / update / delete many, atomic |
 * | `GET    /api/apps/:app/records/:entity/:id`        | read → `ETag: "<version>"`            |
 * | `PATCH  /api/apps/:app/records/:entity/:id`        | update the fields given (`If-Match`)  |
 * | `DELETE /api/apps/:app/records/:entity/:id`        | to the recycle bin → 204 (`If-Match`) |
 * | `POST   /api/apps/:app/records/:entity/:id/restore`| out of the recycle bin → the record   |
 * | `POST   /api/apps/:app/records/:entity/:id/purge`  | delete from the recycle bin for good → 204 |
 * | `GET    /api/apps/:app/records/:entity/:id/history`| audit entries, newest first           |
 * | `GET/POST/DELETE …/:entity/:id/shares`             | who a record is shared with; share; stop sharing |
 * | `POST   /api/apps/:app/transfer`                   | hand all records of one user to another |
 *
 * @example
 * await app.register(recordRoutes, { runtime });
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { idSchema } from '@pipewright/engines';
import type { RecordData, Runtime } from '@pipewright/runtime';
import { bulkBodySchema, checkDistinctIds, withBodyPaths, type BulkBody } from '../records/bulk-body.ts';
import { etagOf, expectedVersionOf } from '../records/expected-version.ts';
import { listQuerySchema, readQuerySchema, toListQuery, toReadShape, type ListParams, type ReadParams } from '../records/list-params.ts';
import { entityParamsSchema, recordParamsSchema, type EntityParams, type RecordParams } from '../route-params.ts';

export interface RecordRoutesOptions {
  runtime: Runtime;
}

/** Largest body of a single-record write. */
export const recordBodyLimit = 1024 * 1024;
/** Largest body of a bulk write. */
export const bulkBodyLimit = 16 * 1024 * 1024;

const recordBodySchema = { type: 'object', description: 'Field values, checked by the runtime against the entity' } as const;

export async function recordRoutes(app: FastifyInstance, { runtime }: RecordRoutesOptions): Promise<void> {
  const records = runtime.records;
  const base = '/api/apps/:app/records/:entity';

  app.get<{ Params: EntityParams; Querystring: ListParams }>(base, { schema: { params: entityParamsSchema, querystring: listQuerySchema } }, async (request) => {
    const { app: appKey, entity } = request.params;
    return records.list(appKey, entity, toListQuery(request.query), request.actor);
  });

  app.post<{ Params: EntityParams; Body: Record<string, unknown> }>(base, { bodyLimit: recordBodyLimit, schema: { params: entityParamsSchema, body: recordBodySchema } }, async (request, reply) => {
    const { app: appKey, entity } = request.params;
    const record = await records.create(appKey, entity, request.body, request.actor);
    reply.header('location', `/api/apps/${appKey}/records/${entity}/${String(record.id)}`);
    return withEtag(reply.code(201), record);
  });

  app.post<{ Params: EntityParams; Body: BulkBody }>(`${base}/bulk`, { bodyLimit: bulkBodyLimit, schema: { params: entityParamsSchema, body: bulkBodySchema } }, async (request, reply) => {
    const { app: appKey, entity } = request.params;
    const body = request.body;
    if ('create' in body) {
      const items = await withBodyPaths('create', () => records.createMany(appKey, entity, body.create, request.actor));
      return reply.code(201).send({ items });
    }
    if ('update' in body) {
      checkDistinctIds(body.update);
      const changes = body.update.map((u) => ({ id: u.id, body: u.values, expectedVersion: u.version }));
      return { items: await withBodyPaths('update', () => records.updateMany(appKey, entity, changes, request.actor)) };
    }
    await records.delete(appKey, entity, body.delete, request.actor);
    return { deleted: body.delete };
  });

  app.get<{ Params: RecordParams; Querystring: ReadParams }>(`${base}/:id`, { schema: { params: recordParamsSchema, querystring: readQuerySchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    return withEtag(reply, await records.get(appKey, entity, Number(id), toReadShape(request.query), request.actor));
  });

  app.patch<{ Params: RecordParams; Body: Record<string, unknown> }>(`${base}/:id`, { bodyLimit: recordBodyLimit, schema: { params: recordParamsSchema, body: recordBodySchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    const { expectedVersion, body } = expectedVersionOf(request.headers['if-match'], request.body);
    return withEtag(reply, await records.update(appKey, entity, Number(id), body, request.actor, expectedVersion));
  });

  app.delete<{ Params: RecordParams; Body: unknown }>(`${base}/:id`, { bodyLimit: recordBodyLimit, schema: { params: recordParamsSchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    const { expectedVersion } = expectedVersionOf(request.headers['if-match'], request.body ?? {});
    await records.delete(appKey, entity, [Number(id)], request.actor, expectedVersion);
    return reply.code(204).send();
  });

  app.post<{ Params: RecordParams }>(`${base}/:id/restore`, { schema: { params: recordParamsSchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.restore(appKey, entity, [Number(id)], request.actor);
    return withEtag(reply, await records.get(appKey, entity, Number(id), {}, request.actor));
  });

  app.post<{ Params: RecordParams }>(`${base}/:id/purge`, { schema: { params: recordParamsSchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.purge(appKey, entity, [Number(id)], request.actor);
    return reply.code(204).send();
  });

  app.get<{ Params: RecordParams }>(`${base}/:id/history`, { schema: { params: recordParamsSchema } }, async (request) => {
    const { app: appKey, entity, id } = request.params;
    return { items: await records.history(appKey, entity, Number(id), request.actor) };
  });

  app.get<{ Params: RecordParams }>(`${base}/:id/shares`, { schema: { params: recordParamsSchema } }, async (request) => {
    const { app: appKey, entity, id } = request.params;
    return { items: await records.shares(appKey, entity, Number(id), request.actor) };
  });

  app.post<{ Params: RecordParams; Body: ShareBody }>(`${base}/:id/shares`, { schema: { params: recordParamsSchema, body: shareBodySchema } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.share(appKey, entity, Number(id), request.body, request.actor);
    return reply.code(204).send();
  });

  app.delete<{ Params: RecordParams; Querystring: { userId?: number; departmentId?: number } }>(
    `${base}/:id/shares`,
    { schema: { params: recordParamsSchema, querystring: unshareQuerySchema } },
    async (request, reply) => {
      const { app: appKey, entity, id } = request.params;
      await records.unshare(appKey, entity, Number(id), request.query, request.actor);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { app: string }; Body: TransferBody }>(
    '/api/apps/:app/transfer',
    { schema: { params: { type: 'object', properties: { app: entityParamsSchema.properties.app }, required: ['app'] }, body: transferBodySchema } },
    async (request) => {
      const { fromUserId, toUserId, entities } = request.body;
      return { moved: await records.transferOwnership(request.params.app, fromUserId, toUserId, request.actor, entities) };
    },
  );
}

interface ShareBody {
  userId?: number;
  departmentId?: number;
  access: 'read' | 'edit';
}

const shareBodySchema = {
  type: 'object',
  properties: {
    userId: idSchema,
    departmentId: idSchema,
    access: { enum: ['read', 'edit'] },
  },
  required: ['access'],
  additionalProperties: false,
} as const;

const unshareQuerySchema = {
  type: 'object',
  properties: { userId: idSchema, departmentId: idSchema },
  additionalProperties: false,
} as const;

interface TransferBody {
  fromUserId: number;
  toUserId: number;
  entities?: string[];
}

const transferBodySchema = {
  type: 'object',
  properties: {
    fromUserId: idSchema,
    toUserId: idSchema,
    entities: { type: 'array', maxItems: 500, items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' } },
  },
  required: ['fromUserId', 'toUserId'],
  additionalProperties: false,
} as const;

function withEtag(reply: FastifyReply, record: RecordData): RecordData {
  if (record.version !== undefined) reply.header('etag', etagOf(record.version));
  return record;
}
