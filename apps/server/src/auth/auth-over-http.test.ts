import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, testAdminPassword, type TestServer } from '../testing/test-server.ts';

describe('logging in over a real socket', () => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('sets the cookie, accepts it with the CSRF header, and ends it at logout', async () => {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: testAdminPassword }) });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^pw_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/i);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const url = `${base}/api/apps/sales_test/records/lead`;
    const body = JSON.stringify({ name: '韩梅梅', company: '苏州工业园区科技有限公司' });
    const noToken = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
    expect(noToken.status).toBe(403);
    const withToken = await fetch(url, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body });
    expect(withToken.status).toBe(201);

    const logout = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^pw_session=;/);
    const after = await fetch(url, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
