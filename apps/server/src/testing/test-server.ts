/**
 * A server over a fresh test database (PGlite, or the `DATABASE_URL` server), for integration
 * tests. Open one per test file; `close()` drops the database. `inject` sends requests as the
 * administrator, logged in through `POST /api/auth/login` (session cookie + CSRF header), so
 * tests exercise the same authentication a browser does; `app.inject` sends them without
 * credentials.
 *
 * @example
 * let server: TestServer;
 * beforeAll(async () => { server = await openTestServer({ bundle: testBundle() }); });
 * afterAll(() => server.close());
 * await server.inject({ method: 'GET', url: '/api/apps' });          // as admin
 * await server.app.inject({ method: 'GET', url: '/api/apps' });      // 401
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DiskFileStore, openIdentity, openRuntime, openTestDatabase, type Identity, type IdentityOptions, type Runtime, type WorkflowService } from '@pipewright/runtime';
import { buildServer, type ServerOptions } from '../app.ts';

/** The administrator's password in test servers. */
export const testAdminPassword = 'test admin password';

let helperLogins = 0;
/** A loopback address of its own for each helper login. */
const helperAddress = () => `127.1.${Math.floor(++helperLogins / 250) % 250}.${helperLogins % 250}`;

/** The headers of a logged-in browser: the session cookie and the CSRF token. */
// A type, not an interface: it must fit `Record<string, string>` header parameters.
export type SessionHeaders = {
  cookie: string;
  'x-csrf-token': string;
};

export interface TestServer {
  app: FastifyInstance;
  runtime: Runtime;
  identity: Identity;
  adminId: number;
  /** The workflows given in the options, if any. */
  workflows: WorkflowService | undefined;
  /** Headers that act as the logged-in administrator (for `fetch` over a real socket too). */
  adminHeaders: SessionHeaders;
  /** Sends a request through fastify's `inject` (no socket) as the administrator. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Logs in through the API and answers the session headers; throws unless the login succeeds. */
  login(login: string, password: string): Promise<SessionHeaders>;
  close(): Promise<void>;
}

export interface TestServerOptions extends Pick<ServerOptions, 'secureCookies'> {
  /** Published through HTTP once the server is up. */
  bundle?: unknown;
  /** Options of the server's identity (a clock, a session or login throttle policy). */
  identity?: Omit<IdentityOptions, 'apps'> | undefined;
  /** The server's workflows (a controlled clock, a job queue); default: built by the server. */
  workflows?: ((runtime: Runtime, identity: Identity) => WorkflowService) | undefined;
}

/** Opens a test database and a ready server over it; with `bundle`, publishes it through HTTP. */
export async function openTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  // Uploaded files of this server only, in a directory of its own.
  const runtime = await openRuntime(database, { files: new DiskFileStore(mkdtempSync(join(tmpdir(), 'pw-files-'))) });
  const identity = await openIdentity(database, { ...options.identity, apps: runtime.apps });
  const { userId: adminId } = await identity.ensureAdmin({ password: testAdminPassword });
  const workflows = options.workflows?.(runtime, identity);
  const app = buildServer({ runtime, identity, secureCookies: options.secureCookies, workflows });
  await app.ready();

  const login = async (loginName: string, password: string): Promise<SessionHeaders> => {
    // An address of its own per login: helpers stay out of the way of the addresses tests count.
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: loginName, password }, remoteAddress: helperAddress() });
    if (response.statusCode !== 200) throw new Error(`Logging in as ${loginName} failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'pw_session');
    if (!cookie) throw new Error('The login answer set no session cookie');
    return { cookie: `pw_session=${cookie.value}`, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
  };
  const adminHeaders = await login('admin', testAdminPassword);
  const inject = (request: InjectOptions) => app.inject({ ...request, headers: { ...adminHeaders, ...request.headers } });

  if (options.bundle !== undefined) {
    const response = await inject({ method: 'POST', url: '/api/apps', payload: options.bundle as Record<string, unknown> });
    if (response.statusCode !== 201) throw new Error(`Publishing the test bundle failed: ${response.statusCode} ${response.body}`);
  }
  return {
    app,
    runtime,
    identity,
    adminId,
    workflows,
    adminHeaders,
    inject,
    login,
    close: async () => {
      await app.close();
      await identity.close();
      await runtime.close();
    },
  };
}
