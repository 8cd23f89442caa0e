/**
 * The HTTP server: the runtime's REST API as fastify plugins, one per feature, each declaring the
 * JSON Schemas of its routes. Every error is an `application/problem+json` response.
 *
 * @example
 * const runtime = await openRuntime(await createDatabase(readDatabaseConfig(process.env)));
 * const app = buildServer({ runtime, logger: { level: 'info' } });
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { identity } from './identity.ts';
import { jsonBody } from './json-body.ts';
import { problemHandling } from './problems/problem-handling.ts';
import { appRoutes } from './routes/apps.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { recordRoutes } from './routes/records.ts';
import { typesRoutes } from './routes/types.ts';

export interface ServerOptions {
  runtime: Runtime;
  /** fastify's (pino) logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
}

/** Default largest request body (single-record writes); bulk and bundle routes allow more. */
export const defaultBodyLimit = 1024 * 1024;

/**
 * Builds the server over an open runtime. Plugins load on `ready()` / `listen()` / `inject()`
 * (the identity plugin then makes sure the admin user exists).
 */
export function buildServer({ runtime, logger = false }: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger,
    bodyLimit: defaultBodyLimit,
    // Keys longer than the router's default 100 characters still reach the schema and get a 400.
    routerOptions: { maxParamLength: 500 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.register(problemHandling);
  app.register(jsonBody);
  app.register(identity, { database: runtime.database });
  app.register(healthRoutes, { runtime });
  app.register(appRoutes, { runtime });
  app.register(recordRoutes, { runtime });
  app.register(openApiRoutes, { runtime });
  app.register(typesRoutes, { runtime });
  return app;
}
