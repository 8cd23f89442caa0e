/**
 * `GET /api/apps/:app/openapi.json`: the OpenAPI 3.1 document of an app's installed version,
 * generated from its metadata and kept until the app publishes a new version.
 *
 * @example
 * await app.register(openApiRoutes, { runtime });
 * // curl http://localhost:3000/api/apps/lead_opportunity/openapi.json
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { appParamsSchema, type AppParams } from '../route-params.ts';
import { openApiDocument, type OpenApiDocument } from '../schemas/openapi-document.ts';

export interface OpenApiRoutesOptions {
  runtime: Runtime;
}

export async function openApiRoutes(app: FastifyInstance, { runtime }: OpenApiRoutesOptions): Promise<void> {
  const documents = new Map<string, { version: string; document: OpenApiDocument }>();

  app.get<{ Params: AppParams }>('/api/apps/:app/openapi.json', { schema: { params: appParamsSchema } }, async (request, reply) => {
    const model = await runtime.apps.model(request.params.app);
    let cached = documents.get(model.key);
    if (cached?.version !== model.version) {
      cached = { version: model.version, document: openApiDocument(model.bundle) };
      documents.set(model.key, cached);
    }
    return reply.type('application/json; charset=utf-8').send(cached.document);
  });
}
