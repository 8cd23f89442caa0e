/**
 * `GET /api/apps/:app/types.d.ts`: TypeScript declarations of an app's records (one interface per
 * entity record, per create and update body), generated from its metadata and kept until the app
 * publishes a new version.
 *
 * @example
 * await app.register(typesRoutes, { runtime });
 * // curl -o crm.d.ts http://127.0.0.1:3000/api/apps/lead_opportunity/types.d.ts
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { appParamsSchema, noQuerySchema, type AppParams } from '../route-params.ts';
import { typeDeclarations } from '../schemas/type-declarations.ts';

export interface TypesRoutesOptions {
  runtime: Runtime;
}

export async function typesRoutes(app: FastifyInstance, { runtime }: TypesRoutesOptions): Promise<void> {
  const declarations = new Map<string, { version: string; source: Promise<string> }>();

  const declarationsAnswer = { content: { 'application/typescript': { schema: { type: 'string', description: 'TypeScript declarations: an interface per entity record, create and update body' } } } } as const;
  app.get<{ Params: AppParams }>(
    '/api/apps/:app/types.d.ts',
    { schema: { operationId: 'appTypes', summary: "TypeScript declarations of an app's records", tags: ['meta'], params: appParamsSchema, querystring: noQuerySchema, response: { 200: declarationsAnswer } } },
    async (request, reply) => {
    const model = await runtime.apps.model(request.params.app);
    let cached = declarations.get(model.key);
    if (cached?.version !== model.version) {
      const entry = { version: model.version, source: typeDeclarations(model.bundle) };
      declarations.set(model.key, entry);
      entry.source.catch(() => {
        if (declarations.get(model.key) === entry) declarations.delete(model.key);
      });
      cached = entry;
    }
    return reply.type('application/typescript; charset=utf-8').send(await cached.source);
    },
  );
}
