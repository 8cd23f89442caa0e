/**
 * The caller's in-app inbox. Every route acts on the notifications addressed to the caller
 * only: another user's notification reads as not found (404 `notification.notFound`). Ids and
 * the `before` cursor are positive integers (anything else: 400 naming the parameter).
 *
 * | route                                   | does                                                       |
 * | --------------------------------------- | ---------------------------------------------------------- |
 * | `GET  /api/notifications?limit=&before=&unread=` | `{ items, unread, next }`: newest first; `next` is `before` of the next page |
 * | `GET  /api/notifications/unread-count`  | `{ unread }`                                              |
 * | `POST /api/notifications/:id/read`      | marks it read, answers it                                  |
 * | `POST /api/notifications/read-all`      | `{ app? }`: marks every unread one read → `{ marked }`    |
 *
 * Each notification: `{ id, app, title, body, record: { app, entity, id } | null, source, createdAt, readAt }`;
 * `record` is null when the recipient may not open the record.
 *
 * @example
 * await app.register(notificationRoutes, { notifications });
 */
import type { FastifyInstance } from 'fastify';
import { maxInboxPage, type Notifications } from '@pipewright/runtime';
import { keyPattern, noQuerySchema } from '../route-params.ts';

export interface NotificationRoutesOptions {
  notifications: Notifications;
}

const idPattern = '^[1-9][0-9]{0,15}$';
const tags = ['notifications'];

export const notificationSchema = {
  type: 'object',
  required: ['id', 'app', 'title', 'body', 'record', 'source', 'createdAt', 'readAt'],
  properties: {
    id: { type: 'integer' },
    app: { type: 'string' },
    title: { type: 'string' },
    body: { type: 'string' },
    record: {
      type: ['object', 'null'],
      description: 'The record it is about; null when the recipient may not open it',
      required: ['app', 'entity', 'id'],
      properties: { app: { type: 'string' }, entity: { type: 'string' }, id: { type: 'integer' } },
    },
    source: { type: ['string', 'null'], description: 'What sent it (a rule, a workflow step)' },
    createdAt: { type: 'string', format: 'date-time' },
    readAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: maxInboxPage, default: 20 },
    before: { type: 'string', pattern: idPattern, description: 'The `next` of the previous page' },
    unread: { type: 'boolean', description: 'Only unread notifications' },
  },
} as const;

const idParamsSchema = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: idPattern } } } as const;
const unreadSchema = { type: 'object', required: ['unread'], properties: { unread: { type: 'integer', description: 'Unread notifications of the caller' } } } as const;

export async function notificationRoutes(app: FastifyInstance, { notifications }: NotificationRoutesOptions): Promise<void> {
  app.get<{ Querystring: { limit: number; before?: string; unread?: boolean } }>(
    '/api/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        summary: 'My notifications, newest first, a page at a time, with my unread count',
        tags,
        querystring: listQuerySchema,
        response: { 200: { type: 'object', required: ['items', 'unread', 'next'], properties: { items: { type: 'array', items: notificationSchema }, unread: { type: 'integer' }, next: { type: ['string', 'null'] } } } },
      },
    },
    async (request) => {
      const { limit, before, unread } = request.query;
      return notifications.inbox.list(request.actor.userId, { limit, before: before === undefined ? undefined : Number(before), unread });
    },
  );

  app.get('/api/notifications/unread-count', { schema: { operationId: 'countUnreadNotifications', summary: 'How many of my notifications are unread', tags, querystring: noQuerySchema, response: { 200: unreadSchema } } }, async (request) => ({
    unread: await notifications.inbox.unreadCount(request.actor.userId),
  }));

  app.post<{ Params: { id: string } }>(
    '/api/notifications/:id/read',
    { schema: { operationId: 'markNotificationRead', summary: 'Mark one of my notifications read', tags, params: idParamsSchema, querystring: noQuerySchema, response: { 200: notificationSchema } } },
    async (request) => notifications.inbox.markRead(request.actor.userId, Number(request.params.id)),
  );

  app.post<{ Body: { app?: string } | undefined }>(
    '/api/notifications/read-all',
    {
      schema: {
        operationId: 'markAllNotificationsRead',
        summary: 'Mark all my notifications read (of one app, when given)',
        tags,
        querystring: noQuerySchema,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { app: { type: 'string', pattern: keyPattern } } },
        response: { 200: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer' } } } },
      },
    },
    async (request) => ({ marked: await notifications.inbox.markAllRead(request.actor.userId, request.body?.app) }),
  );
}
