/**
 * Automation over HTTP: the automation log for administrators (what ran, for which record, the
 * rule, the result or error), a retry of a failed run, and the dry run of a ruleset
 * (decision 062).
 *
 * | route                                              | does                                                  |
 * | -------------------------------------------------- | ----------------------------------------------------- |
 * | `GET  /api/apps/:app/automation/log`               | `{ items }` newest first; `status`, `entity`, `recordId`, `before`, `limit` |
 * | `POST /api/apps/:app/automation/log/:id/retry`     | runs a failed entry's event again → 202 with the entry |
 * | `POST /api/apps/:app/rulesets/:ruleset/dry-run`    | `{ record }`, `{ id }` or `{ sample }` → matched rules and effects, nothing written |
 *
 * @example
 * await app.register(automationRoutes, { runtime });
 */
import { PipewrightError } from '@pipewright/engines';
import type { DryRunInput, Runtime } from '@pipewright/runtime';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../identity.ts';
import { requireOpen } from '../schemas/role-view.ts';
import { appParamsSchema, keyPattern, noQuerySchema, type AppParams } from '../route-params.ts';

export interface AutomationRoutesOptions {
  runtime: Runtime;
}

const tags = ['automation'];

const effectSchema = { type: 'object', additionalProperties: true, required: ['kind', 'ruleset', 'rule'], properties: { kind: { type: 'string' }, ruleset: { type: 'string' }, rule: { type: 'string' }, result: { type: 'string' } } } as const;

const runSchema = {
  type: 'object',
  required: ['id', 'eventId', 'event', 'entity', 'recordId', 'ruleset', 'status', 'matched', 'effects', 'error', 'attempts', 'createdAt', 'finishedAt'],
  properties: {
    id: { type: 'integer' },
    eventId: { type: 'integer' },
    event: { type: 'string', description: 'create, update, delete, restore or transfer' },
    entity: { type: 'string' },
    recordId: { type: 'integer' },
    ruleset: { type: 'string' },
    status: { enum: ['done', 'failed'] },
    matched: { type: 'array', items: { type: 'string' }, description: 'Keys of the rules that held, in the order they ran' },
    effects: { type: 'array', items: effectSchema, description: 'What the rules decided, each with its result' },
    error: { type: ['string', 'null'] },
    attempts: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const logQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { enum: ['done', 'failed'] },
    entity: { type: 'string', pattern: keyPattern },
    recordId: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
    before: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999, description: 'Entries older than this id (the next page)' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;

const runParamsSchema = { type: 'object', required: ['app', 'id'], additionalProperties: false, properties: { ...appParamsSchema.properties, id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' } } } as const;
const rulesetParamsSchema = { type: 'object', required: ['app', 'ruleset'], additionalProperties: false, properties: { ...appParamsSchema.properties, ruleset: { type: 'string', pattern: keyPattern } } } as const;

const dryRunBodySchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  description: 'Exactly one of: the values of an unsaved record, the id of a record, or a number of the latest records',
  properties: {
    record: { type: 'object' },
    id: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
    sample: { type: 'integer', minimum: 1, maximum: 100 },
  },
} as const;

const dryRunSchema = {
  type: 'object',
  required: ['ruleset', 'entity', 'match', 'results'],
  properties: {
    ruleset: { type: 'string' },
    entity: { type: 'string' },
    match: { enum: ['all', 'first'] },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'matched', 'effects'],
        properties: { id: { type: ['integer', 'null'] }, matched: { type: 'array', items: { type: 'string' } }, effects: { type: 'array', items: effectSchema } },
      },
    },
  },
} as const;

/** Automation is not running in this process (a server without a worker). */
function automationOf(runtime: Runtime) {
  const automation = runtime.automation;
  if (!automation) throw new PipewrightError('automation.notRunning', 'Automation is not running in this server');
  return automation;
}

export async function automationRoutes(app: FastifyInstance, { runtime }: AutomationRoutesOptions): Promise<void> {
  app.get<{ Params: AppParams; Querystring: { status?: 'done' | 'failed'; entity?: string; recordId?: number; before?: number; limit?: number } }>(
    '/api/apps/:app/automation/log',
    { preHandler: requireAdmin, schema: { operationId: 'automationLog', summary: 'What automation ran, for which record, with which result (administrators)', tags, params: appParamsSchema, querystring: logQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: runSchema } } } } } },
    async (request) => {
      await runtime.apps.model(request.params.app);
      return { items: await automationOf(runtime).log(request.params.app, request.query) };
    },
  );

  app.post<{ Params: AppParams & { id: string } }>(
    '/api/apps/:app/automation/log/:id/retry',
    { preHandler: requireAdmin, schema: { operationId: 'retryAutomationRun', summary: 'Run a failed automation entry again (administrators)', tags, params: runParamsSchema, querystring: noQuerySchema, response: { 202: runSchema } } },
    async (request, reply) => {
      const automation = automationOf(runtime);
      const run = await automation.run(request.params.app, Number(request.params.id));
      if (!run) throw new PipewrightError('automationRun.notFound', `There is no automation log entry ${request.params.id}`);
      if (run.status !== 'failed') throw new PipewrightError('automation.notFailed', `Automation log entry ${run.id} did not fail: there is nothing to retry`);
      await automation.retry(request.params.app, run.id);
      return reply.code(202).send(run);
    },
  );

  app.post<{ Params: AppParams & { ruleset: string }; Body: { record?: object; id?: number; sample?: number } }>(
    '/api/apps/:app/rulesets/:ruleset/dry-run',
    { schema: { operationId: 'dryRunRuleset', summary: 'Which rules would match a record and what they would do; writes nothing', tags, params: rulesetParamsSchema, querystring: noQuerySchema, body: dryRunBodySchema, response: { 200: dryRunSchema } } },
    async (request) => {
      requireOpen(request.actor, request.params.app);
      return runtime.dryRun(request.params.app, request.params.ruleset, request.body as DryRunInput, request.actor);
    },
  );
}
