/**
 * Administrators' side of notifications: an app's group robots (企业微信 / 钉钉, decision 085)
 * and the e-mails and robot messages queued, sent or failed, with a retry for failed ones. A
 * robot URL must pass the outbound policy (public addresses, or `PIPEWRIGHT_WEBHOOK_ALLOW`):
 * otherwise 400 `outbound.refused` at `/url`. A robot's secret is write-only (`hasSecret`).
 *
 * | route                                              | does                                       |
 * | -------------------------------------------------- | ------------------------------------------ |
 * | `GET    /api/apps/:app/robots`                     | `{ items }`                                |
 * | `POST   /api/apps/:app/robots`                     | `{ name, kind, url, secret?, format?, viewAs, active? }` → 201 |
 * | `PATCH  /api/apps/:app/robots/:id`                 | change any of those                        |
 * | `DELETE /api/apps/:app/robots/:id`                 | → 204                                      |
 * | `GET    /api/notification-deliveries?state=&app=&before=&limit=` | `{ items }`, newest first, with `attempts` and `lastError` |
 * | `POST   /api/notification-deliveries/:id/retry`    | sends a failed delivery again (409 `delivery.notFailed` otherwise) |
 *
 * @example
 * await app.register(notificationAdminRoutes, { runtime, notifications });
 */
import type { FastifyInstance } from 'fastify';
import type { NewRobot, Notifications, RobotChanges, Runtime } from '@pipewright/runtime';
import { requireAdmin } from '../identity.ts';
import { appParamsSchema, keyPattern, noContentSchema, noNulPattern, noQuerySchema, type AppParams } from '../route-params.ts';

export interface NotificationAdminRoutesOptions {
  runtime: Runtime;
  notifications: Notifications;
}

const idPattern = '^[1-9][0-9]{0,15}$';
const robotProperties = {
  name: { type: 'string', minLength: 1, maxLength: 100, pattern: noNulPattern },
  kind: { enum: ['wecom', 'dingtalk'], description: '企业微信 group robot or 钉钉 custom robot' },
  url: { type: 'string', minLength: 1, maxLength: 2000, description: 'The robot\'s webhook URL' },
  secret: { type: ['string', 'null'], maxLength: 200, pattern: noNulPattern, description: '钉钉 signing secret (加签); write-only' },
  format: { enum: ['markdown', 'text'], description: 'Message type (default markdown)' },
  viewAs: { type: 'integer', minimum: 1, maximum: 9007199254740991, description: 'The user whose view of a record the messages show' },
  active: { type: 'boolean' },
} as const;

const robotSchema = {
  type: 'object',
  required: ['id', 'app', 'name', 'kind', 'url', 'hasSecret', 'format', 'viewAs', 'active', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    app: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    url: { type: 'string' },
    hasSecret: { type: 'boolean' },
    format: { type: 'string' },
    viewAs: { type: 'integer' },
    active: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const deliverySchema = {
  type: 'object',
  required: ['id', 'app', 'channel', 'recipientId', 'robotId', 'address', 'subject', 'state', 'attempts', 'lastError', 'createdAt', 'updatedAt', 'sentAt'],
  properties: {
    id: { type: 'integer' },
    app: { type: 'string' },
    channel: { type: 'string' },
    recipientId: { type: ['integer', 'null'] },
    robotId: { type: ['integer', 'null'] },
    address: { type: ['string', 'null'] },
    subject: { type: 'string' },
    source: { type: ['string', 'null'] },
    state: { enum: ['queued', 'sent', 'failed'] },
    attempts: { type: 'integer' },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    sentAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const robotParamsSchema = { type: 'object', required: ['app', 'id'], additionalProperties: false, properties: { ...appParamsSchema.properties, id: { type: 'string', pattern: idPattern } } } as const;
const idParamsSchema = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: idPattern } } } as const;

export async function notificationAdminRoutes(app: FastifyInstance, { runtime, notifications }: NotificationAdminRoutesOptions): Promise<void> {
  app.addHook('preHandler', requireAdmin);
  const tags = ['notifications'];

  app.get<{ Params: AppParams }>(
    '/api/apps/:app/robots',
    { schema: { operationId: 'listRobots', summary: "The app's group robots", tags, params: appParamsSchema, querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: robotSchema } } } } } },
    async (request) => {
      await runtime.apps.model(request.params.app);
      return { items: await notifications.robots.list(request.params.app) };
    },
  );

  app.post<{ Params: AppParams; Body: NewRobot }>(
    '/api/apps/:app/robots',
    {
      schema: {
        operationId: 'createRobot',
        summary: 'Add a 企业微信 or 钉钉 group robot to the app',
        tags,
        params: appParamsSchema,
        querystring: noQuerySchema,
        body: { type: 'object', required: ['name', 'kind', 'url', 'viewAs'], additionalProperties: false, properties: robotProperties },
        response: { 201: robotSchema },
      },
    },
    async (request, reply) => {
      await runtime.apps.model(request.params.app);
      return reply.code(201).send(await notifications.robots.create(request.params.app, request.body));
    },
  );

  app.patch<{ Params: AppParams & { id: string }; Body: RobotChanges }>(
    '/api/apps/:app/robots/:id',
    { schema: { operationId: 'updateRobot', summary: 'Change a group robot', tags, params: robotParamsSchema, querystring: noQuerySchema, body: { type: 'object', minProperties: 1, additionalProperties: false, properties: robotProperties }, response: { 200: robotSchema } } },
    async (request) => notifications.robots.update(request.params.app, Number(request.params.id), request.body),
  );

  app.delete<{ Params: AppParams & { id: string } }>(
    '/api/apps/:app/robots/:id',
    { schema: { operationId: 'deleteRobot', summary: 'Remove a group robot', tags, params: robotParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } },
    async (request, reply) => {
      await notifications.robots.delete(request.params.app, Number(request.params.id));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { state?: 'queued' | 'sent' | 'failed'; app?: string; before?: string; limit: number } }>(
    '/api/notification-deliveries',
    {
      schema: {
        operationId: 'listNotificationDeliveries',
        summary: 'E-mails and robot messages, newest first, with attempts and the last error',
        tags,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { state: { enum: ['queued', 'sent', 'failed'] }, app: { type: 'string', pattern: keyPattern }, before: { type: 'string', pattern: idPattern }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: deliverySchema } } } },
      },
    },
    async (request) => {
      const { state, app: appKey, before, limit } = request.query;
      return { items: await notifications.deliveries.list({ state, app: appKey, limit, before: before === undefined ? undefined : Number(before) }) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/notification-deliveries/:id/retry',
    { schema: { operationId: 'retryNotificationDelivery', summary: 'Send a failed delivery again', tags, params: idParamsSchema, querystring: noQuerySchema, response: { 200: deliverySchema } } },
    async (request) => notifications.deliveries.retry(Number(request.params.id)),
  );
}
