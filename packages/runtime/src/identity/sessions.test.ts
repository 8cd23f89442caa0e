import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLockedError, InvalidCredentialsError } from './errors.ts';
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

async function loginError(login: string, password: string): Promise<unknown> {
  return sessions().login(login, password).then(() => undefined, (error: unknown) => error);
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

  it('locks the account for 15 minutes after 5 failures in a row, even for the right password', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++) expect(await loginError(user.login, `wrong password ${i}`)).toBeInstanceOf(InvalidCredentialsError);
    const locked = await loginError(user.login, goodPassword);
    expect(locked).toBeInstanceOf(AccountLockedError);
    expect((locked as AccountLockedError).lockedUntil.getTime()).toBe(clock.now().getTime() + 15 * 60_000);
    clock.advance(15 * 60_000 + 1);
    expect((await sessions().login(user.login, goodPassword)).user.userId).toBe(user.id);
  });

  it('counts only consecutive failures: a success starts over', async () => {
    const user = await newUser();
    for (let i = 0; i < 4; i++) await loginError(user.login, 'wrong password!');
    await sessions().login(user.login, goodPassword);
    for (let i = 0; i < 4; i++) expect(await loginError(user.login, 'wrong password!')).toBeInstanceOf(InvalidCredentialsError);
    expect((await sessions().login(user.login, goodPassword)).user.userId).toBe(user.id);
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

  it('an administrator reset clears a lock and ends every session', async () => {
    const user = await newUser();
    const { token } = await sessions().login(user.login, goodPassword);
    for (let i = 0; i < 5; i++) await loginError(user.login, 'wrong password!');
    expect(await loginError(user.login, goodPassword)).toBeInstanceOf(AccountLockedError);
    expect((await fixture.identity.directory.getUser(user.id)).lockedUntil).not.toBeNull();
    await fixture.identity.directory.setPassword(user.id, 'reset by the admin');
    expect(await sessions().authenticate(token)).toBeUndefined();
    expect((await sessions().login(user.login, 'reset by the admin')).user.userId).toBe(user.id);
  });
});
