/**
 * Turns every error and every unknown route into an `application/problem+json` response. Server
 * failures are logged with their stack; the client gets a generic sentence.
 *
 * @example
 * await app.register(problemHandling);
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { errorToProblem } from './error-to-problem.ts';
import { problem, problemContentType, type Problem } from './problem.ts';

/** Sends a problem document with its status and content type. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 503) reply.header('retry-after', '1');
  return reply.code(body.status).type(problemContentType).send(body);
}

async function handlers(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = errorToProblem(error);
    if (mapped.internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: mapped.problem.code, status: mapped.problem.status }, mapped.problem.detail);
    return sendProblem(reply, mapped.problem);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return sendProblem(reply, problem(404, 'route.notFound', `No route ${request.method} ${path}`));
  });
}

/** Problem responses for the whole server (not encapsulated). */
export const problemHandling = fastifyPlugin(handlers, { name: 'pipewright-problems', fastify: '5.x' });
