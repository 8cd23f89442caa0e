/**
 * The HTTP server: the runtime's REST API as fastify plugins, one per feature, each declaring the
 * JSON Schemas of its routes. Every error is an `application/problem+json` response. Every
 * `/api/**` route but health and login needs a session cookie or an API key (see identity.ts).
 *
 * @example
 * const runtime = await openRuntime(await createDatabase(readDatabaseConfig(process.env)));
 * const identity = await openIdentity(runtime.database, { apps: runtime.apps });
 * const app = buildServer({ runtime, identity, logger: { level: 'info' } });
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Notifications, WorkflowService, WorkflowViews, type Identity, type PrintJobs, type Runtime } from '@pipewright/runtime';
import { identityErrorHandler } from './auth/identity-problems.ts';
import { departmentNodeSchema } from './auth/identity-schemas.ts';
import { identityPlugin, requireAdminForChanges } from './identity.ts';
import { jsonBody } from './json-body.ts';
import { problemHandling } from './problems/problem-handling.ts';
import { problemSchema } from './problems/problem.ts';
import { platformDocumentOptions } from './schemas/platform-document.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { appRoutes } from './routes/apps.ts';
import { authRoutes } from './routes/auth.ts';
import { departmentRoutes } from './routes/departments.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { platformOpenApiRoutes } from './routes/platform-openapi.ts';
import { recordRoutes } from './routes/records.ts';
import { reportRoutes } from './routes/reports.ts';
import { printRoutes } from './routes/print.ts';
import { fileRoutes } from './routes/files.ts';
import { automationRoutes } from './routes/automation.ts';
import { teamRoutes } from './routes/teams.ts';
import { typesRoutes } from './routes/types.ts';
import { peopleRoutes } from './routes/people.ts';
import { savedViewRoutes } from './routes/saved-views.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { notificationAdminRoutes } from './routes/notification-admin.ts';
import { userRoutes } from './routes/users.ts';
import { leaveRoutes } from './routes/leave.ts';
import { workflowRoutes } from './routes/workflows.ts';
import { securityHeaders } from './web/security-headers.ts';
import { studioSite } from './web/studio-site.ts';

export interface ServerOptions {
  runtime: Runtime;
  /** The process's identity; unset: opened over the runtime's database and closed with the server. */
  identity?: Identity | undefined;
  /** fastify's (pino) logger options; `false` (the default) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /** Always mark the session cookie Secure; otherwise only on HTTPS requests. */
  secureCookies?: boolean | undefined;
  /**
   * Trust `X-Forwarded-For` / `-Proto` (client address for the login throttle, HTTPS for Secure
   * cookies) from any proxy (`true`) or from these addresses (`'10.0.0.0/8, loopback'`).
   */
  trustProxy?: boolean | string | undefined;
  /** The studio's production build to serve at `/` (decision 050); unset: the API only. */
  studioDirectory?: string | undefined;
  /**
   * The process's notifications (inbox, robots, deliveries); unset: opened without a job queue,
   * so the inbox works and nothing is sent.
   */
  notifications?: Notifications | undefined;
  /**
   * The process's workflows (with its job queue for timers); unset: built over the runtime,
   * the identity and the notifications, with no timer worker.
   */
  workflows?: WorkflowService | undefined;
  /** The process's batch print jobs (over its job queue); unset: started over a queue of their own. */
  printJobs?: PrintJobs | undefined;
}

/** Default largest request body (single-record writes); bulk and bundle routes allow more. */
export const defaultBodyLimit = 1024 * 1024;

/** Builds the server over an open runtime. Plugins load on `ready()` / `listen()` / `inject()`. */
export function buildServer({ runtime, identity, logger = false, secureCookies, trustProxy = false, studioDirectory, notifications, workflows, printJobs }: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger,
    bodyLimit: defaultBodyLimit,
    trustProxy,
    // Keys longer than the router's default 100 characters still reach the schema and get a 400.
    routerOptions: { maxParamLength: 500 },
    // strictNumbers off: ajv's coercion turns the text "Infinity" into Infinity, and with strict
    // numbers its minimum/maximum checks skip non-finite numbers, so `?limit=Infinity` passed.
    // Every integer of a route schema has both bounds, which now refuse it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, strictNumbers: false } },
  });
  app.register(securityHeaders);
  // First: it records every route registered after it, for GET /api/openapi.json.
  app.register(fastifySwagger, platformDocumentOptions);
  // Shared schemas, referenced by $id from the routes and named so in the document.
  app.addSchema({ $id: 'Problem', ...problemSchema });
  app.addSchema(departmentNodeSchema);
  app.register(problemHandling);
  app.register(jsonBody);
  app.register(identityPlugin, { runtime, identity, secureCookies });
  const withIdentity = (parent: FastifyInstance) => ({ identity: parent.identity });
  app.register(healthRoutes, { runtime });
  app.register(platformOpenApiRoutes);
  app.register(authRoutes, (parent) => ({ identity: parent.identity, secureCookies }));
  app.register(userRoutes, withIdentity);
  app.register(leaveRoutes, (parent) => ({ identity: parent.identity, database: runtime.database }));
  app.register(departmentRoutes, withIdentity);
  app.register(teamRoutes, withIdentity);
  app.register(apiKeyRoutes, withIdentity);
  app.register(peopleRoutes, withIdentity);
  // The routes of an app's data: permission refusals (`permission.denied`) answer 403.
  app.register(async (scope) => {
    scope.setErrorHandler(identityErrorHandler);
    // Any user reads the installed apps; only administrators publish.
    await scope.register(async (apps) => {
      apps.addHook('preHandler', requireAdminForChanges);
      await apps.register(appRoutes, { runtime });
    });
    await scope.register(recordRoutes, { runtime });
    await scope.register(savedViewRoutes, { runtime });
    await scope.register(reportRoutes, { runtime });
    await scope.register(printRoutes, { runtime, printJobs });
    await scope.register(fileRoutes, { runtime });
    await scope.register(automationRoutes, { runtime });
    await scope.register(openApiRoutes, { runtime });
    await scope.register(typesRoutes, { runtime });
    const inbox = notifications ?? (await Notifications.open(runtime, scope.identity.directory));
    await scope.register(notificationRoutes, { notifications: inbox });
    await scope.register(notificationAdminRoutes, { runtime, notifications: inbox });
    const service = workflows ?? new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: scope.identity.directory, notifications: inbox });
    await scope.register(workflowRoutes, { runtime, workflows: service, views: new WorkflowViews(service, runtime) });
  });
  if (studioDirectory) app.register(studioSite, { directory: studioDirectory });
  return app;
}
