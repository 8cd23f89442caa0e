import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from './errors.ts';
import { openIdentity } from './identity.ts';
import { goodPassword, openIdentityFixture, testClock, type IdentityFixture } from './identity.fixture.ts';
import { sha256Hex } from './tokens.ts';

const clock = testClock();
let fixture: IdentityFixture;
let userCount = 0;

beforeAll(async () => {
  fixture = await openIdentityFixture({ sessions: { now: clock.now } });
});
afterAll(() => fixture.close());

async function newUser(password = goodPassword) {
  const login = `rep.${++userCount}`;
  const user = await fixture.identity.directory.createUser({ login, name: `Rep ${userCount}`, password });
  return { ...user, login };
}

const sessions = () => fixture.identity.sessions;

async function loginError(login: string, password: string, client?: { ip: string }): Promise<unknown> {
  return sessions().login(login, password, client).then(() => undefined, (error: unknown) => error);
}

describe('login', () => {
  it('opens a session whose token is stored only as its hash', async () => {
    const user = await newUser();
    const result = await sessions().login(user.login.toUpperCase(), goodPassword, { ip: '10.0.0.8', userAgent: 'vitest' });
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.csrfToken).not.toBe(result.token);
    expect(result.user).toMatchObject({ userId: user.id, login: user.login });
    expect(result.expiresAt.getTime() - clock.now().getTime()).toBe(30 * 24 * 3600_000);
    const { rows } = await fixture.runtime.database.executeSql('SELECT id, ip, user_agent FROM pipewright.sessions WHERE user_id = $1', [user.id]);
    expect(rows).toEqual([{ id: sha256Hex(result.token), ip: '10.0.0.8', user_agent: 'vitest' }]);
    const session = await sessions().authenticate(result.token);
    expect(session).toMatchObject({ subject: { userId: user.id }, csrfToken: result.csrfToken });
  });

  it('gives one generic error for a wrong password, an unknown login and an inactive user', async () => {
    const user = await newUser();
    const inactive = await newUser();
    await fixture.identity.directory.deactivateUser(inactive.id);
    const errors = [await loginError(user.login, 'wrong password!'), await loginError('nobody.here', goodPassword), await loginError(inactive.login, goodPassword)];
    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCredentialsError);
      expect(error).toMatchObject({ code: 'auth.invalidCredentials', message: 'The login or the password is wrong' });
    }
  });

  it('counts only consecutive failures: a success starts over', async () => {
    const user = await newUser();
    for (let i = 0; i < 4; i++) await loginError(user.login, 'wrong password!');
    await sessions().login(user.login, goodPassword);
    for (let i = 0; i < 4; i++) expect(await loginError(user.login, 'wrong password!')).toBeInstanceOf(InvalidCredentialsError);
    expect((await sessions().login(user.login, goodPassword)).user.userId).toBe(user.id);
  });
});

describe('failed logins', () => {
  let addresses = 0;
  /** An address of its own for each use, so tests do not share an address's budget. */
  const address = () => ({ ip: `198.51.${Math.floor(++addresses / 250)}.${addresses % 250}` });
  const retryAfter = (error: unknown) => (error as { retryAfterSeconds?: number }).retryAfterSeconds;

  it('an attacker at one address cannot keep the user out at another', async () => {
    const user = await newUser();
    const attacker = address();
    const usual = address();
    for (let i = 0; i < 40; i++) {
      const error = await loginError(user.login, `wrong password ${i}`, attacker);
      expect(error).toMatchObject({ code: expect.stringMatching(/^auth\.(invalidCredentials|rateLimited)$/) });
      // The attacker waits out every delay, so they get as many guesses as the policy allows.
      if (retryAfter(error)) clock.advance(retryAfter(error)! * 1000);
    }
    expect((await sessions().login(user.login, goodPassword, usual)).user.userId).toBe(user.id);
    // …and hammering on without waiting changes nothing for the user either.
    for (let i = 0; i < 20; i++) await loginError(user.login, 'wrong password!', attacker);
    expect((await sessions().login(user.login, goodPassword, usual)).user.userId).toBe(user.id);
  });

  it('refuses every attempt during a delay, the right password too, and the delays double up to 15 minutes', async () => {
    const user = await newUser();
    const from = address();
    for (let i = 0; i < 5; i++) expect(await loginError(user.login, 'wrong password!', from)).toMatchObject({ code: 'auth.invalidCredentials' });
    const delays: number[] = [];
    for (let i = 0; i < 14; i++) {
      const refused = await loginError(user.login, goodPassword, from);
      expect(refused).toMatchObject({ code: 'auth.rateLimited' });
      delays.push(retryAfter(refused)!);
      clock.advance(retryAfter(refused)! * 1000);
      expect(await loginError(user.login, 'wrong password!', from)).toMatchObject({ code: 'auth.invalidCredentials' });
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900]);
    clock.advance(900_000);
    expect((await sessions().login(user.login, goodPassword, from)).user.userId).toBe(user.id);
    // A success starts the count over.
    for (let i = 0; i < 5; i++) expect(await loginError(user.login, 'wrong password!', from)).toMatchObject({ code: 'auth.invalidCredentials' });
    expect(await loginError(user.login, 'wrong password!', from)).toMatchObject({ code: 'auth.rateLimited' });
  });

  it('answers an unknown login exactly as a known one, attempt after attempt', async () => {
    const known = await newUser();
    const inactive = await newUser();
    await fixture.identity.directory.deactivateUser(inactive.id);
    const logins = [known.login, `nobody.${userCount}`, inactive.login];
    const froms = logins.map(() => address());
    for (let attempt = 0; attempt <= 20; attempt++) {
      const errors = await Promise.all(logins.map((login, i) => loginError(login, 'wrong password!', froms[i])));
      const seen = errors.map((error) => ({ name: (error as Error).name, code: (error as { code?: string }).code, message: (error as Error).message, retryAfter: retryAfter(error) }));
      expect(seen[1], `attempt ${attempt}`).toEqual(seen[0]);
      expect(seen[2], `attempt ${attempt}`).toEqual(seen[0]);
      // Wait out every third delay, so the answers pass through every state.
      if (attempt % 3 === 0 && seen[0]!.retryAfter) clock.advance(seen[0]!.retryAfter * 1000);
    }
  });

  it('lets no more than the free attempts through when they arrive all at once', async () => {
    const user = await newUser();
    const from = address();
    const errors = await Promise.all(Array.from({ length: 20 }, (_, i) => loginError(user.login, `wrong password ${i}`, from)));
    const codes = errors.map((e) => (e as { code: string }).code);
    expect(codes.filter((c) => c === 'auth.invalidCredentials')).toHaveLength(5);
    expect(codes.filter((c) => c === 'auth.rateLimited')).toHaveLength(15);
  });

  it('holds across server instances', async () => {
    const user = await newUser();
    const other = await openIdentity(fixture.runtime.database, { apps: fixture.runtime.apps, sessions: { now: clock.now } });
    try {
      const from = address();
      for (let i = 0; i < 5; i++) {
        const instance = i % 2 === 0 ? sessions() : other.sessions;
        expect(await instance.login(user.login, 'wrong password!', from).catch((e: unknown) => e)).toMatchObject({ code: 'auth.invalidCredentials' });
      }
      expect(await other.sessions.login(user.login, goodPassword, from).catch((e: unknown) => e)).toMatchObject({ code: 'auth.rateLimited' });
      expect(await sessions().login(user.login, goodPassword, from).catch((e: unknown) => e)).toMatchObject({ code: 'auth.rateLimited' });
    } finally {
      await other.close();
    }
  });

  it('limits failed logins from one address whatever the login, on every instance, and not successful ones', async () => {
    const user = await newUser();
    const from = address();
    const other = await openIdentity(fixture.runtime.database, { apps: fixture.runtime.apps, sessions: { now: clock.now } });
    try {
      for (let i = 0; i < 30; i++) expect((await sessions().login(user.login, goodPassword, from)).user.userId).toBe(user.id);
      for (let i = 0; i < 20; i++) {
        const instance = i % 2 === 0 ? sessions() : other.sessions;
        expect(await instance.login(`sprayed.${i}`, 'summer2026!!', from).catch((e: unknown) => e)).toMatchObject({ code: 'auth.invalidCredentials' });
      }
      const refused = await loginError(`sprayed.next`, 'summer2026!!', from);
      expect(refused).toMatchObject({ code: 'auth.rateLimited' });
      expect(retryAfter(refused)).toBeGreaterThan(0);
      expect(retryAfter(refused)).toBeLessThanOrEqual(60);
      expect(await loginError(user.login, goodPassword, from)).toMatchObject({ code: 'auth.rateLimited' });
      expect((await sessions().login(user.login, goodPassword, address())).user.userId).toBe(user.id);
      clock.advance(60_000);
      expect((await sessions().login(user.login, goodPassword, from)).user.userId).toBe(user.id);
    } finally {
      await other.close();
    }
  });

  it('slows down guessing the old password of a password change like a login', async () => {
    const user = await newUser();
    const from = address();
    for (let i = 0; i < 5; i++) {
      await expect(sessions().changePassword(user.id, `not it ${i} at all`, 'a brand new password', { client: from })).rejects.toMatchObject({ code: 'password.wrong' });
    }
    await expect(sessions().changePassword(user.id, goodPassword, 'a brand new password', { client: from })).rejects.toMatchObject({ code: 'auth.rateLimited' });
    await sessions().changePassword(user.id, goodPassword, 'a brand new password', { client: address() });
    expect((await sessions().login(user.login, 'a brand new password', from)).user.userId).toBe(user.id);
  });

  it('treats the addresses of one IPv6 /64 network as one address', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) await loginError(user.login, 'wrong password!', { ip: `2001:db8:7:1::${(i + 1).toString(16)}` });
    expect(await loginError(user.login, goodPassword, { ip: '2001:db8:7:1:ffff::1' })).toMatchObject({ code: 'auth.rateLimited' });
    expect((await sessions().login(user.login, goodPassword, { ip: '2001:db8:7:2::1' })).user.userId).toBe(user.id);
  });
});

describe('authenticate', () => {
  it('refuses forged, malformed and unknown tokens', async () => {
    expect(await sessions().authenticate('')).toBeUndefined();
    expect(await sessions().authenticate('x'.repeat(43))).toBeUndefined();
    expect(await sessions().authenticate('not a token')).toBeUndefined();
  });

  it('ends a session after 12 idle hours, and slides while it is used', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    clock.advance(11 * 3600_000);
    expect(await sessions().authenticate(token)).toBeDefined();
    clock.advance(11 * 3600_000);
    expect(await sessions().authenticate(token)).toBeDefined(); // 22 h after login, 11 h after last use
    clock.advance(12 * 3600_000);
    expect(await sessions().authenticate(token)).toBeUndefined();
  });

  it('ends a session 30 days after login however busy it is', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    const loginTime = clock.now().getTime();
    const thirtyDays = 30 * 24 * 3600_000;
    while (clock.now().getTime() + 11 * 3600_000 < loginTime + thirtyDays) {
      clock.advance(11 * 3600_000);
      expect(await sessions().authenticate(token)).toBeDefined();
    }
    clock.advance(loginTime + thirtyDays - clock.now().getTime());
    expect(await sessions().authenticate(token)).toBeUndefined();
  });

  it('writes last_seen_at at most once a minute', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    const lastSeen = async () => (await fixture.runtime.database.executeSql('SELECT last_seen_at FROM pipewright.sessions WHERE id = $1', [sha256Hex(token)])).rows[0]?.last_seen_at as Date;
    const loginTime = clock.now().getTime();
    clock.advance(30_000);
    await sessions().authenticate(token);
    expect((await lastSeen()).getTime()).toBe(loginTime);
    clock.advance(31_000);
    await sessions().authenticate(token);
    expect((await lastSeen()).getTime()).toBe(loginTime + 61_000);
  });

  it('refuses the session of a user deactivated meanwhile', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    await fixture.identity.directory.deactivateUser(user.id);
    expect(await sessions().authenticate(token)).toBeUndefined();
  });
});

describe('logout and revocation', () => {
  it('logout ends the session at once', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    expect(await sessions().authenticate(token)).toBeDefined(); // now cached
    await sessions().logout(token);
    expect(await sessions().authenticate(token)).toBeUndefined();
  });

  it('revokeAll ends every session of the user but the one kept', async () => {
    const user = await newUser();
    const a = await sessions().login(user.login, goodPassword);
    const b = await sessions().login(user.login, goodPassword);
    const other = await newUser();
    const c = await sessions().login(other.login, goodPassword);
    await Promise.all([a, b, c].map((s) => sessions().authenticate(s.token)));
    expect(await sessions().revokeAll(user.id, { exceptSessionId: sha256Hex(b.token) })).toBe(1);
    expect(await sessions().authenticate(a.token)).toBeUndefined();
    expect(await sessions().authenticate(b.token)).toBeDefined();
    expect(await sessions().authenticate(c.token)).toBeDefined();
  });

  it('a password change needs the old password and ends the other sessions', async () => {
    const user = await newUser();
    const here = await sessions().login(user.login, goodPassword);
    const elsewhere = await sessions().login(user.login, goodPassword);
    await expect(sessions().changePassword(user.id, 'not the password', 'a brand new password')).rejects.toMatchObject({ code: 'password.wrong', problems: [{ path: '/oldPassword' }] });
    await expect(sessions().changePassword(user.id, goodPassword, 'short')).rejects.toMatchObject({ code: 'password.tooWeak', problems: [{ path: '/newPassword' }] });
    await expect(sessions().changePassword(user.id, goodPassword, goodPassword)).rejects.toMatchObject({ code: 'password.tooWeak' });
    expect(await sessions().authenticate(elsewhere.token)).toBeDefined();
    await sessions().changePassword(user.id, goodPassword, 'a brand new password', { keepSessionId: sha256Hex(here.token) });
    expect(await sessions().authenticate(here.token)).toBeDefined();
    expect(await sessions().authenticate(elsewhere.token)).toBeUndefined();
    expect(await loginError(user.login, goodPassword)).toBeInstanceOf(InvalidCredentialsError);
    expect((await sessions().login(user.login, 'a brand new password')).user.userId).toBe(user.id);
  });

  it('an administrator reset lifts the delays and ends every session', async () => {
    const user = await newUser();
    const from = { ip: '192.0.2.77' };
    const { token } = await sessions().login(user.login, goodPassword, from);
    for (let i = 0; i < 5; i++) await loginError(user.login, 'wrong password!', from);
    expect(await loginError(user.login, goodPassword, from)).toMatchObject({ code: 'auth.rateLimited' });
    await fixture.identity.directory.setPassword(user.id, 'reset by the admin');
    expect(await sessions().authenticate(token)).toBeUndefined();
    expect((await sessions().login(user.login, 'reset by the admin', from)).user.userId).toBe(user.id);
  });
});
