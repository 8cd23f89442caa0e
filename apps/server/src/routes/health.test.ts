import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

describe('GET /api/health', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  it('answers ok with the database kind when the database answers', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: { kind: server.runtime.database.kind, status: 'up' } });
  });

  it('answers 503 down when the database fails', async () => {
    const database = server.runtime.database;
    const original = database.executeSql.bind(database);
    (database as { executeSql: typeof database.executeSql }).executeSql = () => Promise.reject(new Error('connection refused'));
    try {
      const response = await server.app.inject({ method: 'GET', url: '/api/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'down', database: { kind: database.kind, status: 'down' } });
    } finally {
      (database as { executeSql: typeof database.executeSql }).executeSql = original;
    }
  });
});
