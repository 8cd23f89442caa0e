/**
 * `GET /api/apps/:app/types.d.ts`: TypeScript declarations of an app's records (one interface per
 * entity record, per create and update body), generated from its metadata as the caller's roles
 * allow it (the same `roleView` as the OpenAPI document: readable fields in records, writable ones
 * in bodies). Declarations are kept per role set until the app publishes a new version.
 *
 * @example
 * await app.register(typesRoutes, { runtime });
 * // curl -o crm.d.ts http://127.0.0.1:3000/api/apps/lead_opportunity/types.d.ts
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { appParamsSchema, noQuerySchema, type AppParams } from '../route-params.ts';
import { requireOpen, roleView } from '../schemas/role-view.ts';
import { typeDeclarations } from '../schemas/type-declarations.ts';

export interface TypesRoutesOptions {
  runtime: Runtime;
}

export async function typesRoutes(app: FastifyInstance, { runtime }: TypesRoutesOptions): Promise<void> {
  // Field access depends on the role set only (never on the user), so declarations are kept per
  // app, version and role set: administrators share one entry, each role combination another.
  const declarations = new Map<string, { version: string; source: Promise<string> }>();

  const declarationsAnswer = { content: { 'application/typescript': { schema: { type: 'string', description: 'TypeScript declarations: an interface per entity record, create and update body' } } } } as const;
  app.get<{ Params: AppParams }>(
    '/api/apps/:app/types.d.ts',
    { schema: { operationId: 'appTypes', summary: "TypeScript declarations of an app's records, as the caller's roles allow them", tags: ['meta'], params: appParamsSchema, querystring: noQuerySchema, response: { 200: declarationsAnswer } } },
    async (request, reply) => {
    requireOpen(request.actor, request.params.app);
    const model = await runtime.apps.model(request.params.app);
    const view = roleView(runtime, model, request.actor);
    const key = view.api ? `${model.key}|${[...view.roleKeys].sort().join(',')}` : model.key;
    let cached = declarations.get(key);
    if (cached?.version !== model.version) {
      if (declarations.size > 1000) declarations.clear();
      const entry = { version: model.version, source: typeDeclarations(model.bundle, view.api) };
      declarations.set(key, entry);
      entry.source.catch(() => {
        if (declarations.get(key) === entry) declarations.delete(key);
      });
      cached = entry;
    }
    return reply.type('application/typescript; charset=utf-8').send(await cached.source);
    },
  );
}
