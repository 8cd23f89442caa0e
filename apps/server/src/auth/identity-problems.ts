/**
 * The HTTP side of identity errors: which status each code gets, and the problem documents of
 * authentication (401), authorisation (403) and login throttling (429).
 *
 * | code                                                                      | status |
 * | ------------------------------------------------------------------------- | ------ |
 * | `password.tooWeak`, `password.wrong`, `*.invalid`, `identity.invalidReference`, `role.unknown` | 400 |
 * | `auth.required`, `auth.invalidCredentials`, `auth.invalidToken`, `auth.sessionExpired` (+ `WWW-Authenticate`) | 401 |
 * | `auth.forbidden` (not an administrator), `auth.csrf` (missing or wrong `x-csrf-token`), `permission.denied` (no role grants the action) | 403 |
 * | `user.notFound`, `department.notFound`, `team.notFound`, `apiKey.notFound` | 404    |
 * | `user.loginTaken`, `department.codeTaken`, `team.codeTaken`, `department.cycle`, `user.managerCycle`, `department.notEmpty`, `user.lastAdmin` | 409 |
 * | `auth.rateLimited` (with `Retry-After`)                                   | 429    |
 *
 * @example
 * app.setErrorHandler(identityErrorHandler); // in an encapsulated route plugin
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PipewrightError } from '@pipewright/engines';
import { LoginThrottledError } from '@pipewright/runtime';
import { errorToProblem } from '../problems/error-to-problem.ts';
import { sendProblem } from '../problems/problem-handling.ts';
import { problem, type Problem, type ProblemItem } from '../problems/problem.ts';

const statusByCode: Readonly<Record<string, number>> = {
  'auth.required': 401,
  'auth.invalidCredentials': 401,
  'auth.invalidToken': 401,
  'auth.sessionExpired': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'permission.denied': 403,
  'auth.rateLimited': 429,
  'password.tooWeak': 400,
  'password.wrong': 400,
  'user.invalid': 400,
  'department.invalid': 400,
  'team.invalid': 400,
  'apiKey.invalid': 400,
  'identity.invalidReference': 400,
  'role.unknown': 400,
  'user.notFound': 404,
  'department.notFound': 404,
  'team.notFound': 404,
  'apiKey.notFound': 404,
  'user.loginTaken': 409,
  'department.codeTaken': 409,
  'team.codeTaken': 409,
  'department.cycle': 409,
  'user.managerCycle': 409,
  'department.notEmpty': 409,
  'user.lastAdmin': 409,
};

const titles: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
};

/** A problem of the identity codes above, with the right title for 401/403/429. */
export function identityProblem(code: string, detail: string, errors: readonly ProblemItem[] = [], extensions: Record<string, unknown> = {}): Problem {
  const status = statusByCode[code];
  if (status === undefined) throw new Error(`Unknown identity problem code ${code}`);
  const body = problem(status, code, detail, errors, extensions);
  const title = titles[status];
  return title ? { ...body, title } : body;
}

/** The problem of an identity (or permission) error, or undefined for any other error. */
export function problemOfIdentityError(error: unknown): Problem | undefined {
  if (!(error instanceof PipewrightError) || statusByCode[error.code] === undefined) return undefined;
  const extensions = error instanceof LoginThrottledError ? { retryAfterSeconds: error.retryAfterSeconds } : {};
  return identityProblem(error.code, error.message, error.problems, extensions);
}

/** Sends a problem, adding the headers 401 and 429 call for. */
export function sendIdentityProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', body.code === 'auth.invalidToken' ? 'Bearer realm="pipewright", error="invalid_token"' : 'Bearer realm="pipewright"');
  if (body.status === 429 && typeof body.retryAfterSeconds === 'number') reply.header('retry-after', String(body.retryAfterSeconds));
  return sendProblem(reply, body);
}

/** Error handler of the identity routes: identity errors first, then the server's usual mapping. */
export function identityErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const own = problemOfIdentityError(error);
  if (own) {
    request.log.info({ code: own.code, status: own.status }, own.detail);
    return sendIdentityProblem(reply, own);
  }
  const mapped = errorToProblem(error);
  if (mapped.internal) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: mapped.problem.code, status: mapped.problem.status }, mapped.problem.detail);
  return sendProblem(reply, mapped.problem);
}
