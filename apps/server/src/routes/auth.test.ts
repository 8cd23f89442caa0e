import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, openIdentity, openRuntime, testDatabaseKind, type Database } from '@pipewright/runtime';
import { buildServer } from '../app.ts';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, testAdminPassword, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const password = 'correct horse battery';
const bundle = {
  ...testBundle(),
  roles: [{ key: 'sales_rep', label: { 'zh-CN': '销售代表', en: 'Sales rep' }, version: 1, permissions: [{ entity: 'lead', actions: { create: 'own', read: 'own', update: 'own' } }] }],
};
const leads = `/api/apps/${bundle.app.key}/records/lead`;

let server: TestServer;
let users = 0;
let addresses = 0;

beforeAll(async () => {
  server = await openTestServer({ bundle });
});
afterAll(() => server.close());

/** Each test logs in from an address of its own, so the per-address throttle stays out of its way. */
const address = () => `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`;

async function newUser(): Promise<{ id: number; login: string }> {
  const login = `user.${++users}`;
  const response = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: `User ${users}`, password } });
  expect(response.statusCode).toBe(201);
  const id = response.json<{ id: number }>().id;
  expect((await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${bundle.app.key}`, payload: { roles: ['sales_rep'] } })).statusCode).toBe(200);
  return { id, login };
}

function login(loginName: string, pw: string, remoteAddress = address()) {
  return server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: loginName, password: pw }, remoteAddress });
}

function sessionOf(response: Awaited<ReturnType<typeof login>>): SessionHeaders {
  const cookie = response.cookies.find((c) => c.name === 'pw_session')!;
  return { cookie: `pw_session=${cookie.value}`, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
}

/**
 * A second server instance's own way to the same database: on PostgreSQL a pool of its own, on
 * PGlite (one process per data directory) the same database, left open when the instance closes.
 */
async function otherConnection(): Promise<Database> {
  const database = server.runtime.database;
  return testDatabaseKind() === 'postgres' ? createDatabase({ databaseUrl: database.location }) : { ...database, close: async () => undefined };
}

/** A clock that stands still until moved. */
function testClock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

const me = (headers: Record<string, string>) => server.app.inject({ method: 'GET', url: '/api/auth/me', headers });

describe('POST /api/auth/login', () => {
  it('sets an httpOnly SameSite=Lax session cookie and answers the user and a CSRF token', async () => {
    const user = await newUser();
    const response = await login(user.login, password);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'pw_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = response.json<{ user: Record<string, unknown>; csrfToken: string }>();
    expect(body.user).toMatchObject({ userId: user.id, login: user.login, isAdmin: false, departmentId: null, rolesByApp: { [bundle.app.key]: ['sales_rep'] } });
    expect(body.csrfToken).not.toBe(cookie?.value);
    const who = await me(sessionOf(response));
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ credential: 'session', user: { userId: user.id }, csrfToken: body.csrfToken });
  });

  it('marks the cookie Secure when configured to', async () => {
    const secure = buildServer({ runtime: server.runtime, identity: server.identity, secureCookies: true });
    try {
      const response = await secure.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: testAdminPassword } });
      expect(response.cookies.find((c) => c.name === 'pw_session')?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('answers one generic 401 for a wrong password and an unknown login, and sets no cookie', async () => {
    const user = await newUser();
    const wrong = await login(user.login, 'not the password');
    const unknown = await login('nobody.at.all', password);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'auth.invalidCredentials', title: 'Unauthorized', detail: 'The login or the password is wrong' });
      expect(response.cookies).toEqual([]);
    }
    expect(wrong.body).toBe(unknown.body);
  });

  it('an attacker at one address cannot keep the user out at another', async () => {
    const user = await newUser();
    const attacker = address();
    for (let i = 0; i < 30; i++) {
      const response = await login(user.login, `wrong password ${i}`, attacker);
      expect([401, 429]).toContain(response.statusCode);
    }
    const fromAttacker = await login(user.login, password, attacker);
    expect(fromAttacker.statusCode).toBe(429);
    expect(fromAttacker.json()).toMatchObject({ code: 'auth.rateLimited', title: 'Too Many Requests' });
    expect(Number(fromAttacker.headers['retry-after'])).toBeGreaterThan(0);
    expect(fromAttacker.cookies).toEqual([]);
    const fromUsual = await login(user.login, password, address());
    expect(fromUsual.statusCode).toBe(200);
    expect(fromUsual.json()).toMatchObject({ user: { userId: user.id } });
  });

  it('an administrator reset lifts the delays of a login', async () => {
    const user = await newUser();
    const from = address();
    for (let i = 0; i < 5; i++) expect((await login(user.login, `wrong password ${i}`, from)).statusCode).toBe(401);
    expect((await login(user.login, password, from)).statusCode).toBe(429);
    const reset = await server.inject({ method: 'POST', url: `/api/users/${user.id}/password`, payload: { password: 'a fresh password' } });
    expect(reset.statusCode).toBe(204);
    expect((await login(user.login, 'a fresh password', from)).statusCode).toBe(200);
  });

  it('throttles an address after 20 failed logins a minute with 429 and Retry-After, on every instance', async () => {
    const from = address();
    const runtime = await openRuntime(await otherConnection());
    const identity = await openIdentity(runtime.database, { apps: runtime.apps });
    const other = buildServer({ runtime, identity });
    try {
      for (let i = 0; i < 20; i++) {
        const instance = i % 2 === 0 ? server.app : other;
        const response = await instance.inject({ method: 'POST', url: '/api/auth/login', payload: { login: `nobody.${i}`, password: 'whatever it is' }, remoteAddress: from });
        expect(response.statusCode).toBe(401);
      }
      for (const instance of [server.app, other]) {
        const throttled = await instance.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password: testAdminPassword }, remoteAddress: from });
        expect(throttled.statusCode).toBe(429);
        expect(throttled.json()).toMatchObject({ code: 'auth.rateLimited', title: 'Too Many Requests' });
        expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect((await login('admin', testAdminPassword, address())).statusCode).toBe(200);
    } finally {
      await other.close();
      await identity.close();
      await runtime.close();
    }
  });

  it('refuses a malformed body with the path of the problem', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin' }, remoteAddress: address() });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/password' }] });
  });
});

describe('authentication of /api/**', () => {
  it('answers 401 auth.required with WWW-Authenticate when there are no credentials, even for unknown routes', async () => {
    for (const url of [leads, '/api/users', '/api/no/such/route']) {
      const response = await server.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.json()).toMatchObject({ code: 'auth.required', status: 401 });
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('answers 401 for a forged cookie and clears it', async () => {
    const forged = await server.app.inject({ method: 'GET', url: leads, headers: { cookie: `pw_session=${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'auth.sessionExpired' });
    expect(forged.cookies.find((c) => c.name === 'pw_session')?.value).toBe('');
    expect((await server.app.inject({ method: 'GET', url: leads, headers: { cookie: 'pw_session=garbage' } })).statusCode).toBe(401);
  });

  it('needs the CSRF header on unsafe requests made with the cookie', async () => {
    const user = await newUser();
    const session = sessionOf(await login(user.login, password));
    const payload = { name: '张伟', company: '华东贸易有限公司' };
    const missing = await server.app.inject({ method: 'POST', url: leads, headers: { cookie: session.cookie }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'auth.csrf', title: 'Forbidden' });
    const wrong = await server.app.inject({ method: 'POST', url: leads, headers: { cookie: session.cookie, 'x-csrf-token': server.adminHeaders['x-csrf-token'] }, payload });
    expect(wrong.statusCode).toBe(403);
    const right = await server.app.inject({ method: 'POST', url: leads, headers: session, payload });
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ created_by: user.id });
    // Reading needs no CSRF token.
    expect((await server.app.inject({ method: 'GET', url: leads, headers: { cookie: session.cookie } })).statusCode).toBe(200);
  });
});

describe('API keys as bearer tokens', () => {
  async function newKey(body: Record<string, unknown> = {}): Promise<{ id: number; secret: string }> {
    const response = await server.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'Integration', app: bundle.app.key, role: 'sales_rep', ...body } });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: number; secret: string }>();
  }

  it('work without cookie or CSRF header, with the key role only and never as administrator', async () => {
    const { secret } = await newKey();
    const headers = { authorization: `Bearer ${secret}` };
    const created = await server.app.inject({ method: 'POST', url: leads, headers, payload: { name: '李雷', company: '杭州青禾零售有限公司' } });
    expect(created.statusCode).toBe(201);
    const who = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(who.json()).toMatchObject({ credential: 'apiKey', user: { userId: server.adminId, isAdmin: false, rolesByApp: { [bundle.app.key]: ['sales_rep'] }, apiKey: { name: 'Integration' } } });
    expect(who.json()).not.toHaveProperty('csrfToken');
    expect((await server.app.inject({ method: 'GET', url: '/api/users', headers })).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { oldPassword: 'x', newPassword: 'yyyyyyyyyyyy' } })).statusCode).toBe(403);
  });

  it('are refused when wrong, expired or revoked', async () => {
    const { id, secret } = await newKey();
    const wrong = await server.app.inject({ method: 'GET', url: leads, headers: { authorization: `Bearer ${secret.slice(0, -2)}xx` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(wrong.json()).toMatchObject({ code: 'auth.invalidToken' });
    expect((await server.app.inject({ method: 'GET', url: leads, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).statusCode).toBe(401);

    expect((await server.app.inject({ method: 'GET', url: leads, headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(200);
    expect((await server.inject({ method: 'DELETE', url: `/api/api-keys/${id}` })).statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: leads, headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);

    const expiring = await newKey({ expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    await server.runtime.database.executeSql(`UPDATE pipewright.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect((await server.app.inject({ method: 'GET', url: leads, headers: { authorization: `Bearer ${expiring.secret}` } })).statusCode).toBe(401);
  });

  it('are listed without their secret', async () => {
    const { secret } = await newKey({ name: 'Listed' });
    const list = await server.inject({ method: 'GET', url: '/api/api-keys' });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { name: string; prefix: string }[] }>().items.some((k) => k.name === 'Listed' && secret.startsWith(`pw_${k.prefix}_`))).toBe(true);
    expect(list.body).not.toContain(secret.slice(15));
    const past = await server.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'Past', app: bundle.app.key, role: 'sales_rep', expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'apiKey.invalid', errors: [{ path: '/expiresAt' }] });
  });
});

describe('logout, revocation and password change', () => {
  it('logout ends the session and clears the cookie', async () => {
    const user = await newUser();
    const session = sessionOf(await login(user.login, password));
    const out = await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'pw_session')?.value).toBe('');
    expect((await me(session)).statusCode).toBe(401);
  });

  it('an administrator can end every session of a user', async () => {
    const user = await newUser();
    const a = sessionOf(await login(user.login, password));
    const b = sessionOf(await login(user.login, password));
    const revoked = await server.inject({ method: 'POST', url: `/api/users/${user.id}/revoke-sessions` });
    expect(revoked.json()).toEqual({ revoked: 2 });
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(401);
  });

  it('a password change needs the old password and ends the other sessions only', async () => {
    const user = await newUser();
    const here = sessionOf(await login(user.login, password));
    const elsewhere = sessionOf(await login(user.login, password));
    const change = (oldPassword: string, newPassword: string) => server.app.inject({ method: 'POST', url: '/api/auth/password', headers: here, payload: { oldPassword, newPassword } });
    const wrong = await change('not my password', 'my new password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'password.wrong', errors: [{ path: '/oldPassword' }] });
    const weak = await change(password, user.login);
    expect(weak.json()).toMatchObject({ code: 'password.tooWeak', errors: [{ path: '/newPassword' }] });
    expect((await change(password, 'my new password')).statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login(user.login, password)).statusCode).toBe(401);
    expect((await login(user.login, 'my new password')).statusCode).toBe(200);
  });

  it('deactivating a user ends their sessions', async () => {
    const user = await newUser();
    const session = sessionOf(await login(user.login, password));
    expect((await server.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { active: false } })).json()).toMatchObject({ active: false });
    expect((await me(session)).statusCode).toBe(401);
    expect((await login(user.login, password)).json()).toMatchObject({ code: 'auth.invalidCredentials' });
  });
});

describe('administrators only', () => {
  it('refuses users who are not administrators with 403, but lets them read apps', async () => {
    const user = await newUser();
    const session = sessionOf(await login(user.login, password));
    const requests = [
      { method: 'GET', url: '/api/users' },
      { method: 'POST', url: '/api/users', payload: { login: 'sneaky', name: 'Sneaky' } },
      { method: 'PATCH', url: `/api/users/${user.id}`, payload: { isAdmin: true } },
      { method: 'PUT', url: `/api/users/${user.id}/roles/${bundle.app.key}`, payload: { roles: ['sales_rep'] } },
      { method: 'GET', url: '/api/departments' },
      { method: 'POST', url: '/api/departments', payload: { name: 'Mine' } },
      { method: 'GET', url: '/api/teams' },
      { method: 'GET', url: '/api/api-keys' },
      { method: 'POST', url: '/api/api-keys', payload: { name: 'Mine', app: bundle.app.key, role: 'sales_rep' } },
      { method: 'POST', url: '/api/apps', payload: bundle },
    ] as const;
    for (const request of requests) {
      const response = await server.app.inject({ ...request, headers: session });
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(403);
      expect(response.json()).toMatchObject({ code: 'auth.forbidden' });
    }
    expect((await server.inject({ method: 'GET', url: `/api/users/${user.id}` })).json()).toMatchObject({ isAdmin: false });
    expect((await server.app.inject({ method: 'GET', url: '/api/apps', headers: session })).statusCode).toBe(200);
  });
});

describe('several server instances', () => {
  it.runIf(testDatabaseKind() === 'postgres')('a logout on one instance ends the session on the other', async () => {
    const database = await createDatabase({ databaseUrl: server.runtime.database.location });
    const runtime = await openRuntime(database);
    const identity = await openIdentity(database, { apps: runtime.apps });
    const other = buildServer({ runtime, identity });
    try {
      const user = await newUser();
      const session = sessionOf(await login(user.login, password));
      expect((await other.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode).toBe(200); // cached there
      expect((await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session })).statusCode).toBe(204);
      let status = 200;
      for (let attempt = 0; attempt < 100 && status === 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await other.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode;
      }
      expect(status).toBe(401);
    } finally {
      await other.close();
      await identity.close();
      await runtime.close();
    }
  });
});

describe('unknown and known logins', () => {
  const clock = testClock();
  let clocked: TestServer;
  beforeAll(async () => {
    clocked = await openTestServer({ bundle, identity: { sessions: { now: clock.now } } });
  });
  afterAll(() => clocked.close());

  it('answer alike in status, body and headers, attempt after attempt', async () => {
    const created = await clocked.inject({ method: 'POST', url: '/api/users', payload: { login: 'known.user', name: 'Known', password } });
    expect(created.statusCode).toBe(201);
    const attempt = (loginName: string, remoteAddress: string) =>
      clocked.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: loginName, password: 'not the password' }, remoteAddress });
    const seen = (response: Awaited<ReturnType<typeof attempt>>) => {
      const { date: _date, ...headers } = response.headers;
      return { status: response.statusCode, body: response.body, headers };
    };
    const statuses = new Set<number>();
    for (let i = 0; i <= 20; i++) {
      const known = seen(await attempt('known.user', '10.20.0.1'));
      const unknown = seen(await attempt('unknown.user', '10.20.0.2'));
      expect(unknown, `attempt ${i}`).toEqual(known);
      statuses.add(known.status);
      // Wait out every third delay, so the answers pass through every state.
      if (i % 3 === 0 && known.headers['retry-after']) clock.advance(Number(known.headers['retry-after']) * 1000);
    }
    expect([...statuses].sort()).toEqual([401, 429]);
  });
});
