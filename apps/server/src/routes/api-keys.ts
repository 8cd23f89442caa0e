/**
 * API keys, for administrators. The whole key (`pw_<prefix>_<secret>`) is in the answer to the
 * create only; afterwards lists show its prefix, role, expiry and last use.
 *
 * | route                      | does                                                   |
 * | -------------------------- | ------------------------------------------------------ |
 * | `GET    /api/api-keys`     | `{ items }`, newest first, revoked ones included       |
 * | `POST   /api/api-keys`     | `{ name, app, role, expiresAt? }` → 201 with `secret`  |
 * | `DELETE /api/api-keys/:id` | revoke → 204 (at once, on every instance)              |
 *
 * @example
 * await app.register(apiKeyRoutes, { identity });
 */
import type { FastifyInstance } from 'fastify';
import type { Identity } from '@pipewright/runtime';
import { identityErrorHandler } from '../auth/identity-problems.ts';
import { apiKeySchema, idParamsSchema, newApiKeySchema, type IdParams } from '../auth/identity-schemas.ts';
import { requireAdmin } from '../identity.ts';
import { noContentSchema, noQuerySchema } from '../route-params.ts';

export interface ApiKeyRoutesOptions {
  identity: Identity;
}

interface NewApiKeyBody {
  name: string;
  app: string;
  role: string;
  expiresAt?: string;
}

export async function apiKeyRoutes(app: FastifyInstance, { identity }: ApiKeyRoutesOptions): Promise<void> {
  app.setErrorHandler(identityErrorHandler);
  app.addHook('preHandler', requireAdmin);

  app.get('/api/api-keys', { schema: { operationId: 'listApiKeys', summary: 'List API keys, newest first, revoked ones included', tags: ['api-keys'], querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: apiKeySchema } } } } } }, async () => {
    return { items: await identity.apiKeys.list() };
  });

  app.post<{ Body: NewApiKeyBody }>('/api/api-keys', { schema: { operationId: 'createApiKey', summary: 'Create an API key for one role of one app; the answer carries the secret once', tags: ['api-keys'], querystring: noQuerySchema, body: newApiKeySchema, response: { 201: apiKeySchema } } }, async (request, reply) => {
    const { name, app: appKey, role, expiresAt } = request.body;
    const { key, secret } = await identity.apiKeys.create({ name, app: appKey, role, expiresAt: expiresAt ? new Date(expiresAt) : undefined, createdBy: request.actor.userId });
    reply.header('location', `/api/api-keys/${key.id}`);
    reply.header('cache-control', 'no-store');
    return reply.code(201).send({ ...key, secret });
  });

  app.delete<{ Params: IdParams }>('/api/api-keys/:id', { schema: { operationId: 'revokeApiKey', summary: 'Revoke an API key, at once on every instance', tags: ['api-keys'], params: idParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    await identity.apiKeys.revoke(Number(request.params.id));
    return reply.code(204).send();
  });
}
