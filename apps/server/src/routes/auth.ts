/**
 * Logging in and out, who am I, and changing one's own password.
 *
 * | route                      | does                                                                    |
 * | -------------------------- | ----------------------------------------------------------------------- |
 * | `POST /api/auth/login`     | `{ login, password }` → sets the `pw_session` cookie, `{ user, csrfToken, expiresAt }` |
 * | `POST /api/auth/logout`    | ends the session, clears the cookie → 204                               |
 * | `GET  /api/auth/me`        | `{ user, credential, csrfToken?, expiresAt? }`                          |
 * | `POST /api/auth/password`  | `{ oldPassword, newPassword }` → 204; every other session ends          |
 *
 * Failed logins slow down where they come from (the runtime's login throttle, shared by every
 * instance through the database): after 5 for one login from one address, that login waits there
 * 1 s, 2 s, 4 s … at most 15 minutes; one address gets at most 20 failed logins a minute. A
 * waiting attempt answers 429 `auth.rateLimited` with `Retry-After`, exactly alike for a known
 * and an unknown login. The client address is `request.ip` (see `trustProxy`).
 *
 * @example
 * await app.register(authRoutes, { identity, secureCookies: false });
 */
import type { FastifyInstance } from 'fastify';
import type { Identity, Subject } from '@pipewright/runtime';
import { identityErrorHandler, identityProblem, sendIdentityProblem } from '../auth/identity-problems.ts';
import { subjectSchema } from '../auth/identity-schemas.ts';
import { clearSessionCookie, isSecure, setSessionCookie } from '../auth/session-cookie.ts';
import { noContentSchema, noQuerySchema } from '../route-params.ts';

export interface AuthRoutesOptions {
  identity: Identity;
  secureCookies?: boolean | undefined;
}

/** A subject as JSON: `departmentId` null rather than absent. */
export function subjectView(subject: Subject): Record<string, unknown> {
  return { ...subject, departmentId: subject.departmentId ?? null };
}

const loginSchema = {
  type: 'object',
  required: ['login', 'password'],
  additionalProperties: false,
  properties: { login: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;

const passwordChangeSchema = {
  type: 'object',
  required: ['oldPassword', 'newPassword'],
  additionalProperties: false,
  properties: { oldPassword: { type: 'string', minLength: 1, maxLength: 1024 }, newPassword: { type: 'string', minLength: 1, maxLength: 1024 } },
} as const;

const loginAnswer = {
  type: 'object',
  required: ['user', 'csrfToken', 'expiresAt'],
  properties: { user: subjectSchema, csrfToken: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } },
} as const;

const meAnswer = {
  type: 'object',
  required: ['user', 'credential'],
  properties: {
    user: subjectSchema,
    credential: { type: 'string', enum: ['session', 'apiKey'] },
    csrfToken: { type: 'string', description: 'Session requests only: send it as x-csrf-token on POST, PUT, PATCH, DELETE' },
    expiresAt: { type: 'string', format: 'date-time', description: 'Session requests only: when the session ends unless used' },
  },
} as const;

export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { identity } = options;
  app.setErrorHandler(identityErrorHandler);

  app.post<{ Body: { login: string; password: string } }>(
    '/api/auth/login',
    { config: { public: true }, schema: { operationId: 'logIn', summary: 'Log in: sets the session cookie and answers the CSRF token', tags: ['auth'], querystring: noQuerySchema, body: loginSchema, response: { 200: loginAnswer } } },
    async (request, reply) => {
      const { login, password } = request.body;
      const session = await identity.sessions.login(login, password, { ip: request.ip, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, session.token, session.expiresAt, isSecure(request, options.secureCookies));
      reply.header('cache-control', 'no-store');
      return { user: subjectView(session.user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.post('/api/auth/logout', { schema: { operationId: 'logOut', summary: 'End the session and clear its cookie', tags: ['auth'], querystring: noQuerySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    const session = request.auth?.session;
    if (session) await identity.sessions.revokeSession(session.id);
    clearSessionCookie(reply, isSecure(request, options.secureCookies));
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { operationId: 'whoAmI', summary: 'The caller: user, credential, and for a session its CSRF token', tags: ['auth'], querystring: noQuerySchema, response: { 200: meAnswer } } }, async (request) => {
    const { actor } = request;
    const session = request.auth?.session;
    return {
      user: subjectView(actor.subject),
      credential: actor.credential,
      ...(session ? { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() } : {}),
    };
  });

  app.post<{ Body: { oldPassword: string; newPassword: string } }>(
    '/api/auth/password',
    { schema: { operationId: 'changeOwnPassword', summary: 'Change one’s own password; every other session ends', tags: ['auth'], querystring: noQuerySchema, body: passwordChangeSchema, response: { 204: noContentSchema } } },
    async (request, reply) => {
      const session = request.auth?.session;
      if (!session) return sendIdentityProblem(reply, identityProblem('auth.forbidden', 'An API key cannot change a password: log in'));
      await identity.sessions.changePassword(request.actor.userId, request.body.oldPassword, request.body.newPassword, { keepSessionId: session.id, client: { ip: request.ip } });
      return reply.code(204).send();
    },
  );
}
