/**
 * A server over a fresh test database (PGlite, or the `DATABASE_URL` server), for integration
 * tests. Open one per test file; `close()` drops the database.
 *
 * @example
 * let server: TestServer;
 * beforeAll(async () => { server = await openTestServer({ bundle: testBundle() }); });
 * afterAll(() => server.close());
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openRuntime, openTestDatabase, type Runtime } from '@pipewright/runtime';
import { buildServer } from '../app.ts';

export interface TestServer {
  app: FastifyInstance;
  runtime: Runtime;
  /** Sends a request through fastify's `inject` (no socket). */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Opens a test database and a ready server over it; with `bundle`, publishes it through HTTP. */
export async function openTestServer(options: { bundle?: unknown } = {}): Promise<TestServer> {
  const database = await openTestDatabase();
  const runtime = await openRuntime(database);
  const app = buildServer({ runtime });
  await app.ready();
  if (options.bundle !== undefined) {
    const response = await app.inject({ method: 'POST', url: '/api/apps', payload: options.bundle as Record<string, unknown> });
    if (response.statusCode !== 201) throw new Error(`Publishing the test bundle failed: ${response.statusCode} ${response.body}`);
  }
  return {
    app,
    runtime,
    inject: (request) => app.inject(request),
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}
