/**
 * Who a request acts as. Every `/api/**` route needs credentials, except the routes that declare
 * `config: { public: true }` (health, login):
 *
 * - `Authorization: Bearer pw_…`: an API key; acts as its creator with only the key's role.
 * - the `pw_session` cookie: a login session. POST, PUT, PATCH and DELETE must also carry
 *   `x-csrf-token` with the session's CSRF token (403 `auth.csrf` otherwise).
 *
 * No credentials: 401 `auth.required` with `WWW-Authenticate: Bearer`. A key or cookie that is
 * not (or no longer) valid: 401 (`auth.invalidToken`, `auth.sessionExpired`). Otherwise
 * `request.actor` is the runtime's `Actor` plus the Directory `subject`, and `app.identity` is
 * the process's identity (directory, sessions, API keys).
 *
 * @example
 * await app.register(identityPlugin, { runtime, identity });
 * app.get('/api/whoami', (request) => request.actor.subject); // { userId, isAdmin, departmentTree, rolesByApp, … }
 * app.post('/api/admin-thing', { preHandler: requireAdmin }, handler);
 */
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { openIdentity, rolesIn, type Actor, type Identity, type OrgChart, type Permissions, type Runtime, type Subject } from '@pipewright/runtime';
import { identityProblem, sendIdentityProblem } from './auth/identity-problems.ts';
import { clearSessionCookie, csrfHeaderName, isSecure, sessionCookieName } from './auth/session-cookie.ts';

/** The actor of an authenticated request: the runtime's `Actor` and the Directory subject. */
export interface RequestActor extends Actor {
  /**
   * Who asks, for permission checks: department tree, manager chain, teams, roles per app. For an
   * API key: the key's one role in its app, `isAdmin` false, and `apiKey` set.
   */
  subject: Subject;
  credential: 'session' | 'apiKey';
  /**
   * What the runtime's record guard checks: the subject with the role keys it holds in the app of
   * the route (`:app`; none on routes without one), so records are restricted on every path.
   */
  permissions: Permissions;
}

/** What the authentication hook learnt about the request. */
export interface RequestAuth {
  actor: RequestActor;
  /** For session requests: the stored session id, its CSRF token and when it ends. */
  session?: { id: string; csrfToken: string; expiresAt: Date } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's identity: directory, sessions, API keys. */
    identity: Identity;
  }
  interface FastifyRequest {
    /** Set by the authentication hook; null on public routes. */
    auth: RequestAuth | null;
    /** The user the request acts as (throws on public routes, which have none). */
    readonly actor: RequestActor;
  }
  interface FastifyContextConfig {
    /** The route needs no credentials (health, login). */
    public?: boolean;
  }
}

export interface IdentityPluginOptions {
  runtime: Runtime;
  /** The process's identity; unset: opened over the runtime's database and closed with the server. */
  identity?: Identity | undefined;
  /** Always mark cookies Secure (`PIPEWRIGHT_SECURE_COOKIES=true`); otherwise only over HTTPS. */
  secureCookies?: boolean | undefined;
  /**
   * Routes of other plugins that need no credentials, as `METHOD /path` (default: the health
   * check, which load balancers call without credentials).
   */
  publicRoutes?: readonly string[] | undefined;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function actorOf(subject: Subject, credential: RequestActor['credential'], app: string | undefined): RequestActor {
  const permissions: Permissions = {
    subject: {
      userId: subject.userId,
      departmentId: subject.departmentId,
      departmentTree: subject.departmentTree,
      teamIds: subject.teamIds,
      roleKeys: app === undefined ? [] : rolesIn(subject, app),
      isAdmin: subject.isAdmin,
    },
  };
  return { userId: subject.userId, departmentId: subject.departmentId, timeZone: undefined, subject, credential, permissions };
}

/** The `:app` parameter of the route, if it has one. */
function appOf(request: FastifyRequest): string | undefined {
  const app = (request.params as { app?: unknown } | undefined)?.app;
  return typeof app === 'string' ? app : undefined;
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

async function plugin(app: FastifyInstance, options: IdentityPluginOptions): Promise<void> {
  const identity = options.identity ?? (await openIdentity(options.runtime.database, { apps: options.runtime.apps }));
  if (!options.identity) app.addHook('onClose', () => identity.close());
  await app.register(fastifyCookie);
  app.decorate('identity', identity);
  const publicRoutes = new Set(options.publicRoutes ?? ['GET /api/health']);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => publicRoutes.has(`${m} ${route.url}`))) route.config = { ...route.config, public: true };
  });
  app.decorateRequest('auth', null);
  app.decorateRequest('actor', {
    getter(this: FastifyRequest) {
      if (!this.auth) throw new Error(`${this.method} ${this.url} is public: it has no actor`);
      return this.auth.actor;
    },
  });

  // The runtime's permission compiler reads the org chart synchronously: hand it the Directory's
  // current snapshot, and a new one (which also drops compiled scopes) after every org change.
  let connectedOrg: OrgChart | undefined;
  const connectOrg = async () => {
    await identity.directory.orgChart(); // cached: no round trip
    // The chart held now, not the one just awaited: a load that raced a change answers a stale one.
    const org = identity.directory.currentOrgChart();
    if (org && org !== connectedOrg) {
      connectedOrg = org;
      options.runtime.policy.useDirectory(org);
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (path !== '/api' && !path.startsWith('/api/')) return;
    if (request.routeOptions.config.public === true) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const bearer = /^Bearer +(\S+)$/i.exec(header.trim());
      const subject = bearer ? await identity.apiKeys.authenticate(bearer[1]!) : undefined;
      if (!subject) return refuse(reply, 'auth.invalidToken', 'The API key is malformed, unknown, expired or revoked');
      await connectOrg();
      request.auth = { actor: actorOf(subject, 'apiKey', appOf(request)) };
      return;
    }
    const token = request.cookies[sessionCookieName];
    if (token === undefined) return refuse(reply, 'auth.required', 'Log in (POST /api/auth/login) or send an API key as Authorization: Bearer pw_…');
    const session = await identity.sessions.authenticate(token);
    if (!session) {
      clearSessionCookie(reply, isSecure(request, options.secureCookies));
      return refuse(reply, 'auth.sessionExpired', 'The session has ended or is not valid: log in again');
    }
    if (unsafeMethods.has(request.method)) {
      const sent = request.headers[csrfHeaderName];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
        return refuse(reply, 'auth.csrf', `A ${request.method} with the session cookie needs the header ${csrfHeaderName} with the session's CSRF token (from the login answer or GET /api/auth/me)`);
      }
    }
    await connectOrg();
    request.auth = { actor: actorOf(session.subject, 'session', appOf(request)), session: { id: session.sessionId, csrfToken: session.csrfToken, expiresAt: session.expiresAt } };
  });
}

function refuse(reply: FastifyReply, code: string, detail: string): FastifyReply {
  return sendIdentityProblem(reply, identityProblem(code, detail));
}

/** preHandler: 403 `auth.forbidden` unless the request acts as a platform administrator. */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (!request.actor.subject.isAdmin) return refuse(reply, 'auth.forbidden', 'Only an administrator may do this');
  return undefined;
}

/** preHandler: administrators only for POST, PUT, PATCH and DELETE; reading is open to every user. */
export async function requireAdminForChanges(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  return unsafeMethods.has(request.method) ? requireAdmin(request, reply) : undefined;
}

/** Authenticates every `/api/**` request and decorates `request.actor`. Not encapsulated. */
export const identityPlugin = fastifyPlugin(plugin, { name: 'pipewright-identity', fastify: '5.x' });
