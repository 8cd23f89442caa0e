/**
 * `GET /api/apps/:app/openapi.json`: the OpenAPI 3.1 document of an app's installed version,
 * generated from its metadata, as the caller's roles allow it (their `roleView`): the operations
 * they grant and the fields they may read and write. The full document (platform administrators) is kept until the
 * app publishes a new version; a role's document is built per request (it is small and rarely
 * asked for, and field permissions follow role changes at once).
 *
 * @example
 * await app.register(openApiRoutes, { runtime });
 * // curl -H "Authorization: Bearer $KEY" http://127.0.0.1:3000/api/apps/lead_opportunity/openapi.json
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { appParamsSchema, noQuerySchema, serializedAsIs, type AppParams } from '../route-params.ts';
import { openApiDocument, type OpenApiDocument } from '../schemas/openapi-document.ts';
import { requireOpen, roleView } from '../schemas/role-view.ts';

export interface OpenApiRoutesOptions {
  runtime: Runtime;
}

export async function openApiRoutes(app: FastifyInstance, { runtime }: OpenApiRoutesOptions): Promise<void> {
  const documents = new Map<string, { version: string; document: OpenApiDocument }>();

  app.get<{ Params: AppParams }>(
    '/api/apps/:app/openapi.json',
    {
      ...serializedAsIs,
      schema: {
        operationId: 'appOpenApi',
        summary: "The OpenAPI 3.1 document of an app's records API, as the caller's roles allow it",
        tags: ['meta'],
        params: appParamsSchema,
        querystring: noQuerySchema,
        response: { 200: { type: 'object', additionalProperties: true, description: 'An OpenAPI 3.1 document' } },
      },
    },
    async (request, reply) => {
    requireOpen(request.actor, request.params.app);
    const model = await runtime.apps.model(request.params.app);
    const view = roleView(runtime, model, request.actor);
    let document: OpenApiDocument;
    if (!view.api) {
      let cached = documents.get(model.key);
      if (cached?.version !== model.version) {
        cached = { version: model.version, document: openApiDocument(model.bundle) };
        documents.set(model.key, cached);
      }
      document = cached.document;
    } else {
      document = openApiDocument(model.bundle, view.api);
    }
    return reply.type('application/json; charset=utf-8').send(document);
    },
  );
}
