/**
 * Failed logins, counted where they come from, in PostgreSQL so that every server instance sees
 * the same counts. Two limits, neither of which a stranger can turn against someone elsewhere:
 *
 * - **per login and address**: the first 5 failures cost nothing; after each further one the next
 *   attempt from that address for that login must wait, 1 s, then twice as long each time, at
 *   most 15 minutes. A success (or an administrator's password reset) starts over. The same
 *   login tried from any other address is not slowed at all.
 * - **per address**: at most 20 failed logins a minute, whatever the logins (against spraying one
 *   password over many accounts). Successful logins do not count.
 *
 * An attempt is counted before the password is checked (and given back when it was right), so
 * parallel attempts cannot slip past the count. The login is counted as typed (lower case),
 * whether it exists or not: an unknown login is slowed exactly like a known one. IPv6 addresses
 * count per /64 network, the block a single subscriber holds.
 *
 * @example
 * const attempt = await throttle.begin('wang.lei', '203.0.113.9');
 * if (!attempt.allowed) throw new LoginThrottledError(attempt.retryAfterSeconds);
 * const ok = await verifyPassword(hash, password);
 * if (ok) await attempt.succeeded();
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Transaction } from 'kysely';
import type { Database } from '../database/index.ts';
import { identityDb, type IdentityDb, type IdentityTables } from './identity-tables.ts';

export interface LoginThrottlePolicy {
  /** Failed logins per login and address that cost no delay. Default 5. */
  freeFailures: number;
  /** The delay after the first failure beyond the free ones; it doubles with each further one. Default 1 s. */
  firstDelayMs: number;
  /** The longest delay. Default 15 minutes. */
  maxDelayMs: number;
  /** A login and address without failures this long start over. Default 24 hours. */
  forgetAfterMs: number;
  /** Failed logins per address in one window, whatever the login. Default 20. */
  addressFailures: number;
  /** The window of `addressFailures`. Default 1 minute. */
  addressWindowMs: number;
}

export const defaultLoginThrottlePolicy: LoginThrottlePolicy = {
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
  addressFailures: 20,
  addressWindowMs: 60_000,
};

/** An attempt that may go ahead: report a right password, or leave it counted as a failure. */
export interface AllowedAttempt {
  allowed: true;
  /** The password was right: the failures of this login at this address start over. */
  succeeded(): Promise<void>;
}

export type LoginAttempt = AllowedAttempt | { allowed: false; retryAfterSeconds: number };

type Trx = Transaction<IdentityTables>;

export class LoginThrottle {
  readonly policy: LoginThrottlePolicy;
  private readonly db: IdentityDb;
  private lastPurge = 0;

  constructor(database: Database, policy: Partial<LoginThrottlePolicy> = {}, private readonly now: () => Date = () => new Date()) {
    this.policy = { ...defaultLoginThrottlePolicy, ...policy };
    this.db = identityDb(database);
  }

  /**
   * Counts an attempt to log in as `login` from `ip` (the client's address; undefined for callers
   * without one), or refuses it while a delay runs. Refused attempts are not counted.
   */
  async begin(login: string, ip: string | undefined): Promise<LoginAttempt> {
    const now = this.now();
    const key = loginKey(login);
    const address = addressKey(ip);
    const verdict = await this.db.transaction().execute(async (trx) => {
      const byAddress = await this.claimAddress(trx, address, now);
      const byLogin = await this.claimLogin(trx, key, address, now);
      const waitUntil = Math.max(byAddress.waitUntil, byLogin.waitUntil);
      if (waitUntil > now.getTime()) return { allowed: false as const, retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now.getTime()) / 1000)) };
      await byAddress.count();
      await byLogin.count();
      return { allowed: true as const };
    });
    await this.purge(now);
    if (!verdict.allowed) return verdict;
    return { allowed: true, succeeded: () => this.succeeded(key, address, now) };
  }

  private async succeeded(key: string, address: string, startedAt: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('pipewright.login_failures').where('login_key', '=', key).where('address', '=', address).execute();
      // Give back the address's count, unless its window has started over since.
      await trx
        .updateTable('pipewright.login_addresses')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('address', '=', address)
        .where('window_start', '<=', startedAt)
        .where('failures', '>', 0)
        .execute();
    });
  }

  /** The address's window: when it lets the next attempt through, and how to count one. */
  private async claimAddress(trx: Trx, address: string, now: Date): Promise<{ waitUntil: number; count: () => Promise<unknown> }> {
    await trx.insertInto('pipewright.login_addresses').values({ address, window_start: now, failures: 0 }).onConflict((oc) => oc.column('address').doNothing()).execute();
    const row = await trx.selectFrom('pipewright.login_addresses').select(['window_start', 'failures']).where('address', '=', address).forUpdate().executeTakeFirstOrThrow();
    const { addressFailures, addressWindowMs } = this.policy;
    const expired = row.window_start.getTime() + addressWindowMs <= now.getTime();
    const failures = expired ? 0 : row.failures;
    return {
      waitUntil: failures >= addressFailures ? row.window_start.getTime() + addressWindowMs : 0,
      count: () =>
        trx
          .updateTable('pipewright.login_addresses')
          .set({ window_start: expired ? now : row.window_start, failures: failures + 1 })
          .where('address', '=', address)
          .execute(),
    };
  }

  /** The login at this address: when it may be tried next, and how to count one more failure. */
  private async claimLogin(trx: Trx, key: string, address: string, now: Date): Promise<{ waitUntil: number; count: () => Promise<unknown> }> {
    await trx
      .insertInto('pipewright.login_failures')
      .values({ login_key: key, address, failures: 0, last_failure_at: now, next_attempt_at: now })
      .onConflict((oc) => oc.columns(['login_key', 'address']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('pipewright.login_failures')
      .select(['failures', 'last_failure_at', 'next_attempt_at'])
      .where('login_key', '=', key)
      .where('address', '=', address)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const forgotten = row.last_failure_at.getTime() + this.policy.forgetAfterMs <= now.getTime();
    const failures = (forgotten ? 0 : row.failures) + 1;
    return {
      waitUntil: forgotten ? 0 : row.next_attempt_at.getTime(),
      count: () =>
        trx
          .updateTable('pipewright.login_failures')
          .set({ failures, last_failure_at: now, next_attempt_at: new Date(now.getTime() + this.delayAfter(failures)) })
          .where('login_key', '=', key)
          .where('address', '=', address)
          .execute(),
    };
  }

  /** How long the next attempt waits after `failures` failures in a row. */
  private delayAfter(failures: number): number {
    const { freeFailures, firstDelayMs, maxDelayMs } = this.policy;
    if (failures < freeFailures) return 0;
    return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - freeFailures, 40));
  }

  /** Deletes counts nobody needs any more, at most once an hour per process. */
  private async purge(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < 3600_000) return;
    this.lastPurge = now.getTime();
    const { forgetAfterMs, addressWindowMs } = this.policy;
    await this.db.deleteFrom('pipewright.login_failures').where('last_failure_at', '<', new Date(now.getTime() - forgetAfterMs)).where('next_attempt_at', '<', now).execute();
    await this.db.deleteFrom('pipewright.login_addresses').where('window_start', '<', new Date(now.getTime() - addressWindowMs)).execute();
  }
}

/** The login as counted: lower case, so `Wang.Lei` and `wang.lei` share their failures. */
export function loginKey(login: string): string {
  return login.toLowerCase();
}

/**
 * The address as counted: IPv4 as is (also when written as `::ffff:a.b.c.d`), IPv6 as its /64
 * network (`2001:db8:7:1::/64`), anything else (no address, a name) as given or `unknown`.
 *
 * @example
 * addressKey('2001:db8:7:1::5'); // '2001:db8:7:1::/64'
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  const bare = ip.replace(/%.*$/, '');
  if (!isIPv6(bare)) return ip.slice(0, 100);
  const groups = expandIPv6(bare).slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ''));
  return `${groups.join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in hex (an embedded IPv4 tail becomes two groups). */
function expandIPv6(ip: string): string[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right];
}
