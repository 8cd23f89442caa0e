/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of the platform API, generated from the
 * schemas of every route the server registered (`schemas/platform-document.ts`). It is the same
 * for every caller and built once.
 *
 * @example
 * await app.register(platformOpenApiRoutes);
 * // curl -b jar http://127.0.0.1:3000/api/openapi.json
 */
import type { FastifyInstance } from 'fastify';
import { noQuerySchema, serializedAsIs } from '../route-params.ts';

export async function platformOpenApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/openapi.json',
    {
      ...serializedAsIs,
      schema: {
        operationId: 'platformOpenApi',
        summary: 'This document: the OpenAPI 3.1 description of the platform API',
        tags: ['meta'],
        querystring: noQuerySchema,
        response: { 200: { type: 'object', additionalProperties: true, description: 'An OpenAPI 3.1 document' } },
      },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()),
  );
}
