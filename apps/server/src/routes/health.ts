/**
 * `GET /api/health`: whether this instance can serve, for load balancers and container probes.
 * Runs `select 1` on the database: 200 `{ status: 'ok', database: { kind, status: 'up' } }`, or
 * 503 with `status: 'down'` when the database fails or does not answer within the timeout.
 *
 * @example
 * await app.register(healthRoutes, { runtime });
 * // curl http://127.0.0.1:3000/api/health → {"status":"ok","database":{"kind":"pglite","status":"up"}}
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '@pipewright/runtime';
import { noQuerySchema } from '../route-params.ts';

export interface HealthRoutesOptions {
  runtime: Runtime;
  /** How long the database may take to answer. Default 5 s. */
  timeoutMs?: number;
}

const healthSchema = {
  type: 'object',
  required: ['status', 'database'],
  properties: {
    status: { type: 'string', enum: ['ok', 'down'] },
    database: {
      type: 'object',
      required: ['kind', 'status'],
      properties: { kind: { type: 'string', enum: ['pglite', 'postgres'] }, status: { type: 'string', enum: ['up', 'down'] } },
    },
  },
} as const;

export async function healthRoutes(app: FastifyInstance, { runtime, timeoutMs = 5000 }: HealthRoutesOptions): Promise<void> {
  app.get('/api/health', { config: { public: true }, schema: { operationId: 'health', summary: 'Whether this instance can serve: the database answers', tags: ['meta'], querystring: noQuerySchema, response: { 200: healthSchema, 503: healthSchema } }, logLevel: 'warn' }, async (request, reply) => {
    const kind = runtime.database.kind;
    try {
      await withTimeout(runtime.database.executeSql('select 1'), timeoutMs);
      return { status: 'ok', database: { kind, status: 'up' } };
    } catch (error) {
      request.log.error({ err: error }, 'health check: the database does not answer');
      return reply.code(503).send({ status: 'down', database: { kind, status: 'down' } });
    }
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
