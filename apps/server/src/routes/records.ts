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
 * | `POST   /api/apps/:app/records/:entity/duplicates` | which records a draft duplicates      |
 * | `POST   /api/apps/:app/records/:entity/merge`      | merge two records into one            |
 * | `GET    /api/apps/:app/records/:entity/permitted`  | which row actions the caller may take on given records |
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
import { idSchema, PipewrightError } from '@pipewright/engines';
import { rowActions, type RecordData, type Runtime } from '@pipewright/runtime';
import { bulkBodySchema, checkDistinctIds, withBodyPaths, type BulkBody } from '../records/bulk-body.ts';
import { etagOf, expectedVersionOf } from '../records/expected-version.ts';
import { listQuerySchema, readQuerySchema, toListQuery, toReadShape, type ListParams, type ReadParams } from '../records/list-params.ts';
import { appParamsSchema, entityParamsSchema, noContentSchema, noQuerySchema, recordParamsSchema, serializedAsIs, type EntityParams, type RecordParams } from '../route-params.ts';

export interface RecordRoutesOptions {
  runtime: Runtime;
}

/** Largest body of a single-record write. */
export const recordBodyLimit = 1024 * 1024;
/** Largest body of a bulk write. */
export const bulkBodyLimit = 16 * 1024 * 1024;

const recordBodySchema = { type: 'object', description: 'Field values, checked by the runtime against the entity' } as const;

/** A record of any entity: typed per app in `/api/apps/{app}/openapi.json`. */
const recordAnswer = {
  type: 'object',
  additionalProperties: true,
  description: 'A record: its fields by key and the system fields id, created_at, updated_at, created_by, owner_id, version, deleted_at (typed per app in /api/apps/{app}/openapi.json)',
} as const;
const etagHeader = { ETag: { type: 'string', description: 'The record version, "<version>"' } } as const;
const recordWithEtag = { ...recordAnswer, headers: etagHeader } as const;

const pageAnswer = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: recordAnswer },
    nextCursor: { type: 'string', description: 'Pass as cursor for the next page; absent on the last page' },
    total: { type: 'integer' },
    totalKind: { type: 'string', enum: ['exact', 'estimate'] },
  },
} as const;

const historyAnswer = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'action', 'actor', 'at', 'changes'],
        properties: {
          id: { type: 'integer' },
          action: { type: 'string', description: 'create, update, delete, restore, purge or transfer' },
          actor: { type: ['integer', 'null'], description: 'Id of the user who made the change' },
          at: { type: 'string', format: 'date-time' },
          changes: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                from: {},
                to: {},
                because: { type: 'object', additionalProperties: true, description: 'Set when automation made the change: the ruleset and rule, and for an assignment the strategy and reason' },
              },
            },
            description: 'Changed fields with their values before and after',
          },
        },
      },
    },
  },
} as const;

const sharesAnswer = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', required: ['userId', 'departmentId', 'access'], properties: { userId: { type: ['integer', 'null'] }, departmentId: { type: ['integer', 'null'] }, access: { type: 'string', enum: ['read', 'edit'] } } },
    },
  },
} as const;

const transferAnswer = {
  type: 'object',
  required: ['moved'],
  properties: { moved: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Records handed over, by entity' } },
} as const;

/** Most records one `permitted` question may name: a few pages of a list. */
export const maxPermittedIds = 1000;

const permittedQuerySchema = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: {
    ids: { type: 'string', pattern: '^[1-9][0-9]{0,15}(,[1-9][0-9]{0,15})*$', maxLength: maxPermittedIds * 17, description: `Record ids, comma-separated (at most ${maxPermittedIds})` },
  },
} as const;

const permittedAnswer = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      description: 'One item per record the caller may read (records they cannot read, or in the recycle bin, are left out)',
      items: {
        type: 'object',
        required: ['id', 'actions'],
        properties: { id: { type: 'integer' }, actions: { type: 'array', items: { type: 'string', enum: [...rowActions] } } },
      },
    },
  },
} as const;

const mergeBodySchema = {
  type: 'object',
  required: ['survivor', 'loser'],
  additionalProperties: false,
  properties: {
    survivor: { ...idSchema, description: 'The record that stays' },
    loser: { ...idSchema, description: 'The record merged into the survivor, then moved to the recycle bin' },
    picks: { type: 'object', maxProperties: 500, additionalProperties: { type: 'string', enum: ['survivor', 'loser'] }, description: 'Per field, whose value the survivor keeps (default: its own)' },
  },
} as const;

const mergeAnswer = {
  type: 'object',
  required: ['record', 'moved'],
  properties: { record: recordAnswer, moved: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Related records moved to the survivor, by entity.field' } },
} as const;

const duplicatesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { exclude: { ...idSchema, description: 'The record being edited, left out of its own matches' } },
} as const;

const duplicateFinding = {
  type: 'object',
  required: ['rule', 'label', 'action', 'matches', 'hidden'],
  properties: {
    rule: { type: 'string' },
    label: { type: 'object', additionalProperties: { type: 'string' } },
    action: { type: 'string', enum: ['alert', 'block'] },
    matches: {
      type: 'array',
      items: { type: 'object', required: ['entity', 'id', 'title', 'keys'], properties: { entity: { type: 'string' }, id: { type: 'integer' }, title: { type: ['string', 'null'] }, keys: { type: 'array', items: { type: 'string' } } } },
    },
    hidden: { type: 'integer', description: 'Matching records the caller may not read: counted, never named' },
  },
} as const;

const duplicatesAnswer = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: duplicateFinding } } } as const;

const tags = ['records'];

/** `If-Match: "<version>"` (or `W/"<version>"`) on writes to one record. */
const ifMatchHeaders = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: 'The ETag you read: the write is refused with 409 record.stale when the record changed since' } },
} as const;

export async function recordRoutes(app: FastifyInstance, { runtime }: RecordRoutesOptions): Promise<void> {
  const records = runtime.records;
  const base = '/api/apps/:app/records/:entity';

  app.get<{ Params: EntityParams; Querystring: ListParams }>(base, { ...serializedAsIs, schema: { operationId: 'listRecords', summary: 'List records: filter, sort, search, keyset or offset pages', tags, params: entityParamsSchema, querystring: listQuerySchema, response: { 200: pageAnswer } } }, async (request) => {
    const { app: appKey, entity } = request.params;
    return records.list(appKey, entity, toListQuery(request.query), request.actor);
  });

  app.post<{ Params: EntityParams; Body: Record<string, unknown> }>(
    base,
    { ...serializedAsIs, bodyLimit: recordBodyLimit, schema: { operationId: 'createRecord', summary: 'Create a record', tags, params: entityParamsSchema, querystring: noQuerySchema, body: recordBodySchema, response: { 201: { ...recordWithEtag, headers: { ...etagHeader, Location: { type: 'string' } } } } } },
    async (request, reply) => {
    const { app: appKey, entity } = request.params;
    const { record, duplicates } = await records.createChecked(appKey, entity, request.body, request.actor);
    reply.header('location', `/api/apps/${appKey}/records/${entity}/${String(record.id)}`);
    // Matches of `alert` duplicate rules ride along under a key no field can have (keys are snake case).
    return withEtag(reply.code(201), duplicates.length > 0 ? { ...record, $duplicates: duplicates } : record);
    },
  );

  app.post<{ Params: EntityParams; Body: { survivor: number; loser: number; picks?: Record<string, 'survivor' | 'loser'> } }>(
    `${base}/merge`,
    { ...serializedAsIs, schema: { operationId: 'mergeRecords', summary: 'Merge two records: the survivor takes the picked values, relations and shares of the loser, which goes to the recycle bin; one transaction (update on both, delete on the loser)', tags, params: entityParamsSchema, querystring: noQuerySchema, body: mergeBodySchema, response: { 200: mergeAnswer } } },
    async (request) => {
    const { app: appKey, entity } = request.params;
    return records.merge(appKey, entity, request.body, request.actor);
    },
  );

  app.post<{ Params: EntityParams; Querystring: { exclude?: number }; Body: Record<string, unknown> }>(
    `${base}/duplicates`,
    { bodyLimit: recordBodyLimit, schema: { operationId: 'checkDuplicates', summary: 'Which existing records a draft duplicates, by the entity\'s duplicate rules (records the caller cannot read are counted, not named)', tags, params: entityParamsSchema, querystring: duplicatesQuerySchema, body: recordBodySchema, response: { 200: duplicatesAnswer } } },
    async (request) => {
    const { app: appKey, entity } = request.params;
    return { items: await records.duplicates(appKey, entity, request.body, request.actor, request.query.exclude) };
    },
  );

  const bulkAnswer = { type: 'object', properties: { items: { type: 'array', items: recordAnswer }, deleted: { type: 'array', items: { type: 'integer' } } } } as const;
  app.post<{ Params: EntityParams; Body: BulkBody }>(
    `${base}/bulk`,
    { ...serializedAsIs, bodyLimit: bulkBodyLimit, schema: { operationId: 'bulkRecords', summary: 'Create (201), update or delete many records in one transaction, all or nothing', tags, params: entityParamsSchema, querystring: noQuerySchema, body: bulkBodySchema, response: { 200: bulkAnswer, 201: bulkAnswer } } },
    async (request, reply) => {
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
    },
  );

  app.get<{ Params: EntityParams; Querystring: { ids: string } }>(
    `${base}/permitted`,
    { schema: { operationId: 'permittedActions', summary: 'Which row actions (update, delete, transfer, share, print) the caller may take on each of the given records', tags, params: entityParamsSchema, querystring: permittedQuerySchema, response: { 200: permittedAnswer } } },
    async (request) => {
    const { app: appKey, entity } = request.params;
    const ids = [...new Set(request.query.ids.split(',').map(Number))];
    if (ids.length > maxPermittedIds) throw new PipewrightError('request.invalid', `At most ${maxPermittedIds} ids at once`, [{ path: '/ids', code: 'request.tooManyIds', message: `names more than ${maxPermittedIds} records` }]);
    if (ids.some((id) => !Number.isSafeInteger(id))) throw new PipewrightError('request.invalid', 'An id is too large', [{ path: '/ids', code: 'request.invalidId', message: 'holds an id beyond 2^53' }]);
    return { items: await records.permittedActions(appKey, entity, ids, request.actor) };
    },
  );

  app.get<{ Params: RecordParams; Querystring: ReadParams }>(`${base}/:id`, { ...serializedAsIs, schema: { operationId: 'getRecord', summary: 'Read a record', tags, params: recordParamsSchema, querystring: readQuerySchema, response: { 200: recordWithEtag } } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    return withEtag(reply, await records.get(appKey, entity, Number(id), toReadShape(request.query), request.actor));
  });

  app.patch<{ Params: RecordParams; Body: Record<string, unknown> }>(
    `${base}/:id`,
    {
      ...serializedAsIs,
      bodyLimit: recordBodyLimit,
      schema: { operationId: 'updateRecord', summary: 'Change the fields given; If-Match: "<version>" (or version in the body) refuses a stale write with 409', tags, params: recordParamsSchema, querystring: noQuerySchema, headers: ifMatchHeaders, body: recordBodySchema, response: { 200: recordWithEtag } },
    },
    async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    const { expectedVersion, body } = expectedVersionOf(request.headers['if-match'], request.body);
    return withEtag(reply, await records.update(appKey, entity, Number(id), body, request.actor, expectedVersion));
    },
  );

  app.delete<{ Params: RecordParams; Body: unknown }>(
    `${base}/:id`,
    { bodyLimit: recordBodyLimit, schema: { operationId: 'deleteRecord', summary: 'Move a record to the recycle bin (If-Match as for PATCH)', tags, params: recordParamsSchema, querystring: noQuerySchema, headers: ifMatchHeaders, response: { 204: noContentSchema } } },
    async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    const { expectedVersion } = expectedVersionOf(request.headers['if-match'], request.body ?? {});
    await records.delete(appKey, entity, [Number(id)], request.actor, expectedVersion);
    return reply.code(204).send();
    },
  );

  app.post<{ Params: RecordParams }>(`${base}/:id/restore`, { ...serializedAsIs, schema: { operationId: 'restoreRecord', summary: 'Take a record out of the recycle bin', tags, params: recordParamsSchema, querystring: noQuerySchema, response: { 200: recordWithEtag } } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.restore(appKey, entity, [Number(id)], request.actor);
    return withEtag(reply, await records.get(appKey, entity, Number(id), {}, request.actor));
  });

  app.post<{ Params: RecordParams }>(`${base}/:id/purge`, { schema: { operationId: 'purgeRecord', summary: 'Delete a record from the recycle bin for good (its history stays)', tags, params: recordParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.purge(appKey, entity, [Number(id)], request.actor);
    return reply.code(204).send();
  });

  app.get<{ Params: RecordParams }>(`${base}/:id/history`, { ...serializedAsIs, schema: { operationId: 'recordHistory', summary: 'The audit history of a record, newest first', tags, params: recordParamsSchema, querystring: noQuerySchema, response: { 200: historyAnswer } } }, async (request) => {
    const { app: appKey, entity, id } = request.params;
    return { items: await records.history(appKey, entity, Number(id), request.actor) };
  });

  app.get<{ Params: RecordParams }>(`${base}/:id/shares`, { schema: { operationId: 'listShares', summary: 'Who a record is shared with', tags, params: recordParamsSchema, querystring: noQuerySchema, response: { 200: sharesAnswer } } }, async (request) => {
    const { app: appKey, entity, id } = request.params;
    return { items: await records.shares(appKey, entity, Number(id), request.actor) };
  });

  app.post<{ Params: RecordParams; Body: ShareBody }>(`${base}/:id/shares`, { schema: { operationId: 'shareRecord', summary: 'Share a record with one user or one department, to read or to edit', tags, params: recordParamsSchema, querystring: noQuerySchema, body: shareBodySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    const { app: appKey, entity, id } = request.params;
    await records.share(appKey, entity, Number(id), request.body, request.actor);
    return reply.code(204).send();
  });

  app.delete<{ Params: RecordParams; Querystring: { userId?: number; departmentId?: number } }>(
    `${base}/:id/shares`,
    { schema: { operationId: 'unshareRecord', summary: 'Stop sharing a record with a user or a department', tags, params: recordParamsSchema, querystring: unshareQuerySchema, response: { 204: noContentSchema } } },
    async (request, reply) => {
      const { app: appKey, entity, id } = request.params;
      await records.unshare(appKey, entity, Number(id), request.query, request.actor);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { app: string }; Body: TransferBody }>(
    '/api/apps/:app/transfer',
    { schema: { operationId: 'transferOwnership', summary: 'Hand every record of one user to another (all entities, or those given)', tags, params: appParamsSchema, querystring: noQuerySchema, body: transferBodySchema, response: { 200: transferAnswer } } },
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
