/**
 * Login sessions. A session is a random 256-bit token in an httpOnly cookie; the database keeps
 * only its SHA-256 (`sessions.id`), so a copy of the table opens nothing. Each session has its own
 * CSRF token. A session ends after 12 hours without use (idle), 30 days after login (absolute),
 * at logout, or when revoked (password change or reset, deactivation, "sign out everywhere").
 *
 * Failed logins count per login and client address (`login-throttle.ts`): after 5 in a row the
 * next attempt from there waits 1 s, then twice as long each time, at most 15 minutes
 * (`auth.rateLimited`); the same login from anywhere else is not slowed. Wrong login, wrong
 * password and inactive user all give the same `auth.invalidCredentials`, are slowed alike, and
 * take about the same time (a dummy hash is checked for unknown logins).
 *
 * `authenticate` keeps sessions in-process for a minute and writes `last_seen_at` at most once a
 * minute, so a request usually costs no round trip; logouts and revocations reach every instance
 * through `pipewright_directory_changed`.
 *
 * @example
 * const { token, csrfToken, user } = await sessions.login('wang.lei', 'correct horse battery', { ip: '10.0.0.8' });
 * const session = await sessions.authenticate(token); // { subject, sessionId, csrfToken, expiresAt } | undefined
 * await sessions.logout(token);
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../database/index.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { Announce, ChangeFeed } from './change-feed.ts';
import type { Directory } from './directory.ts';
import { IdentityError, InvalidCredentialsError, LoginThrottledError, notFound } from './errors.ts';
import { identityDb, type IdentityDb, type IdentityTables } from './identity-tables.ts';
import { LoginThrottle, loginKey, type LoginThrottlePolicy } from './login-throttle.ts';
import { checkPasswordPolicy, hashPassword, passwordPolicy, spendVerifyTime, verifyPassword } from './passwords.ts';
import type { Subject } from './subject.ts';
import { randomToken, sha256Hex, tokenPattern } from './tokens.ts';

export interface SessionPolicy {
  /** A session unused this long ends. Default 12 hours. */
  idleTimeoutMs: number;
  /** A session ends this long after login, used or not. Default 30 days. */
  absoluteTimeoutMs: number;
  /** `last_seen_at` is written at most this often per session. Default 1 minute. */
  touchIntervalMs: number;
  /** How long an instance trusts a session it read (revocations arrive by NOTIFY sooner). Default 1 minute. */
  cacheMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleTimeoutMs: 12 * 3600_000,
  absoluteTimeoutMs: 30 * 24 * 3600_000,
  touchIntervalMs: 60_000,
  cacheMs: 60_000,
};

export interface SessionsOptions extends Partial<SessionPolicy> {
  /** The clock (tests). */
  now?: () => Date;
  /** How failed logins are slowed down (see `login-throttle.ts`). */
  loginThrottle?: Partial<LoginThrottlePolicy> | undefined;
}

export interface ClientInfo {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface LoginResult {
  /** The session token: goes into the cookie, and nowhere else. */
  token: string;
  /** Must come back in `x-csrf-token` on every unsafe request made with the cookie. */
  csrfToken: string;
  expiresAt: Date;
  user: Subject;
}

export interface AuthenticatedSession {
  subject: Subject;
  /** The stored id (SHA-256 of the token). */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

interface CachedSession {
  id: string;
  userId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  /** Updated in place when touched. */
  lastSeenAt: Date;
}

export class Sessions {
  readonly policy: SessionPolicy;
  private readonly db: IdentityDb;
  private readonly cache: BoundedCache<string, CachedSession | null>;
  private readonly now: () => Date;
  private readonly throttle: LoginThrottle;
  private lastPurge = 0;

  constructor(database: Database, private readonly feed: ChangeFeed, private readonly directory: Directory, options: SessionsOptions = {}) {
    const { now, loginThrottle, ...policy } = options;
    this.policy = { ...defaultSessionPolicy, ...policy };
    this.now = now ?? (() => new Date());
    this.db = identityDb(database);
    this.throttle = new LoginThrottle(database, loginThrottle, this.now);
    this.cache = new BoundedCache({ maxEntries: 100_000, maxAgeMs: this.policy.cacheMs, now: () => this.now().getTime() });
    feed.subscribe((change) => {
      if (change === null) this.cache.clear();
      else if (change.kind === 'session') this.cache.delete(change.id);
      else if (change.kind === 'userSessions') this.cache.deleteWhere((s) => s?.userId === change.userId);
    });
  }

  /**
   * Checks a login and password and opens a session. Throws `InvalidCredentialsError` for a
   * wrong login or password or an inactive user, `LoginThrottledError` while failed logins from
   * `client.ip` make this login (or any login from there) wait. Both happen alike whether the
   * login exists or not.
   */
  async login(login: string, password: string, client: ClientInfo = {}): Promise<LoginResult> {
    const now = this.now();
    const attempt = await this.throttle.begin(login, client.ip);
    if (!attempt.allowed) throw new LoginThrottledError(attempt.retryAfterSeconds);
    if (password.length > passwordPolicy.maxLength * 4) throw new InvalidCredentialsError();
    const user = await this.db
      .selectFrom('pipewright.users')
      .select(['id', 'password_hash', 'active'])
      .where(sql`lower(login)`, '=', login.toLowerCase())
      .executeTakeFirst();
    const known = user !== undefined && user.password_hash !== null && user.active;
    const right = known ? await verifyPassword(user.password_hash!, password) : await spendVerifyTime(password);
    if (!known || !right) throw new InvalidCredentialsError();
    await attempt.succeeded();
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.policy.absoluteTimeoutMs);
    await this.db
      .insertInto('pipewright.sessions')
      .values({
        id: sha256Hex(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        user_agent: client.userAgent?.slice(0, 500) ?? null,
        ip: client.ip ?? null,
      })
      .execute();
    await this.purgeExpired(now);
    const subject = await this.directory.subject(user.id);
    if (!subject) throw new InvalidCredentialsError(); // deleted meanwhile
    return { token, csrfToken, expiresAt, user: subject };
  }

  /** The live session of a token, with its user's subject; undefined for anything else. */
  async authenticate(token: string): Promise<AuthenticatedSession | undefined> {
    if (!tokenPattern.test(token)) return undefined;
    const id = sha256Hex(token);
    const session = await this.cache.load(id, () => this.read(id), (s) => s !== null);
    if (!session) return undefined;
    const now = this.now();
    if (now >= session.expiresAt || now.getTime() - session.lastSeenAt.getTime() >= this.policy.idleTimeoutMs) return undefined;
    if (now.getTime() - session.lastSeenAt.getTime() >= this.policy.touchIntervalMs) {
      const touched = await this.db.updateTable('pipewright.sessions').set({ last_seen_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (touched.numUpdatedRows === 0n) {
        this.cache.delete(id);
        return undefined;
      }
      session.lastSeenAt = now;
    }
    const subject = await this.directory.subject(session.userId);
    if (!subject || !subject.active) return undefined;
    return { subject, sessionId: id, csrfToken: session.csrfToken, expiresAt: new Date(Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + this.policy.idleTimeoutMs)) };
  }

  /** Ends the session of a token (nothing happens for an unknown one). */
  async logout(token: string): Promise<void> {
    if (!tokenPattern.test(token)) return;
    await this.revokeSession(sha256Hex(token));
  }

  /** Ends one session by its stored id. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('pipewright.sessions').set({ revoked_at: this.now() }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
      await this.feed.announce(trx, { kind: 'session', id: sessionId });
    });
    this.feed.dispatch({ kind: 'session', id: sessionId });
  }

  /** Ends every session of a user, but `exceptSessionId`; answers how many ended. */
  async revokeAll(userId: number, options: { exceptSessionId?: string | undefined } = {}): Promise<number> {
    let count = 0;
    await this.db.transaction().execute(async (trx) => {
      count = await revokeUserSessions(trx, (change) => this.feed.announce(trx, change), userId, options.exceptSessionId, this.now());
    });
    this.feed.dispatch({ kind: 'userSessions', userId });
    return count;
  }

  /**
   * Changes a user's own password: the old one must be right (a wrong one counts as a failed
   * login from `client.ip`, and is slowed down like one), the new one must pass the policy and
   * differ. Every other session of the user ends; the login's failed attempts are forgotten.
   */
  async changePassword(userId: number, oldPassword: string, newPassword: string, options: { keepSessionId?: string | undefined; client?: ClientInfo | undefined } = {}): Promise<void> {
    const now = this.now();
    const user = await this.db.selectFrom('pipewright.users').select(['id', 'login', 'password_hash']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user', userId);
    const attempt = await this.throttle.begin(user.login, options.client?.ip);
    if (!attempt.allowed) throw new LoginThrottledError(attempt.retryAfterSeconds);
    if (!user.password_hash || !(await verifyPassword(user.password_hash, oldPassword))) {
      throw new IdentityError('password.wrong', 'The old password is wrong', [{ path: '/oldPassword', code: 'password.wrong', message: 'is wrong' }]);
    }
    await attempt.succeeded();
    checkPasswordPolicy(newPassword, user.login, '/newPassword');
    if (newPassword === oldPassword) {
      throw new IdentityError('password.tooWeak', 'The new password must differ from the old one', [{ path: '/newPassword', code: 'password.tooWeak', message: 'must differ from the old password' }]);
    }
    const hash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('pipewright.users').set({ password_hash: hash, password_changed_at: now, updated_at: now }).where('id', '=', userId).execute();
      await trx.deleteFrom('pipewright.login_failures').where('login_key', '=', loginKey(user.login)).execute();
      await revokeUserSessions(trx, (change) => this.feed.announce(trx, change), userId, options.keepSessionId, now);
    });
    this.feed.dispatch({ kind: 'userSessions', userId });
  }

  private async read(id: string): Promise<CachedSession | null> {
    const row = await this.db
      .selectFrom('pipewright.sessions')
      .select(['id', 'user_id', 'csrf_token', 'created_at', 'expires_at', 'last_seen_at'])
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { id: row.id, userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at } : null;
  }

  /** Deletes sessions that ended more than a day ago, at most once an hour per process. */
  private async purgeExpired(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < 3600_000) return;
    this.lastPurge = now.getTime();
    const dayAgo = new Date(now.getTime() - 24 * 3600_000);
    await this.db
      .deleteFrom('pipewright.sessions')
      .where((eb) => eb.or([eb('expires_at', '<', dayAgo), eb('revoked_at', '<', dayAgo), eb('last_seen_at', '<', new Date(dayAgo.getTime() - this.policy.idleTimeoutMs))]))
      .execute();
  }
}

/**
 * Revokes the live sessions of a user inside `trx` (but `exceptSessionId`) and announces it.
 * Answers how many ended.
 */
export async function revokeUserSessions(trx: Transaction<IdentityTables>, announce: Announce, userId: number, exceptSessionId?: string, now: Date = new Date()): Promise<number> {
  let query = trx.updateTable('pipewright.sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId !== undefined) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  await announce({ kind: 'userSessions', userId });
  return Number(result.numUpdatedRows);
}
