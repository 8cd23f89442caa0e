/**
 * How identity caches stay right across server instances: every change to users, departments,
 * teams, roles, sessions or API keys sends `NOTIFY pipewright_directory_changed` inside its
 * transaction (delivered at commit), and every instance, the sending one included, drops what the
 * message names. A lost listening connection reports `null`: then everything is dropped. Each
 * payload starts with the sending feed's id and `|`; a feed skips its own messages, since it
 * applied them right after its commit.
 *
 * | payload (after `<sender>|`) | drops                                                   |
 * | --------------------- | ------------------------------------------------------- |
 * | `directory`           | the org chart and every cached subject                  |
 * | `session:<id>`        | one cached session (logout)                             |
 * | `user-sessions:<id>`  | every cached session of a user (revoke all, password)   |
 * | `api-key:<prefix>`    | one cached API key (revoked)                            |
 *
 * @example
 * const feed = new ChangeFeed(database);
 * feed.subscribe((change) => { if (change === null || change.kind === 'directory') cache.clear(); });
 * await feed.start();
 * await db.transaction().execute(async (trx) => { …; await feed.announce(trx, { kind: 'directory' }); });
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database/index.ts';
import type { IdentityTables } from './identity-tables.ts';

/** The NOTIFY channel of identity changes. */
export const directoryChannel = 'pipewright_directory_changed';

export type IdentityChange =
  | { kind: 'directory' }
  | { kind: 'session'; id: string }
  | { kind: 'userSessions'; userId: number }
  | { kind: 'apiKey'; prefix: string };

export function encodeChange(change: IdentityChange): string {
  switch (change.kind) {
    case 'directory':
      return 'directory';
    case 'session':
      return `session:${change.id}`;
    case 'userSessions':
      return `user-sessions:${change.userId}`;
    case 'apiKey':
      return `api-key:${change.prefix}`;
  }
}

/** The change a payload names; `null` (drop everything) for a payload this version does not know. */
export function decodeChange(payload: string): IdentityChange | null {
  if (payload === 'directory') return { kind: 'directory' };
  const [kind, value = ''] = payload.split(/:(.*)/s);
  if (kind === 'session' && value) return { kind: 'session', id: value };
  if (kind === 'user-sessions' && /^\d+$/.test(value)) return { kind: 'userSessions', userId: Number(value) };
  if (kind === 'api-key' && value) return { kind: 'apiKey', prefix: value };
  return null;
}

/** Queues a change: NOTIFY in the running transaction, and this instance's caches after the commit. */
export type Announce = (change: IdentityChange) => Promise<void>;

export type ChangeHandler = (change: IdentityChange | null) => void;

export class ChangeFeed {
  /** Tells this feed's messages from other instances'. */
  readonly instanceId = randomBytes(8).toString('hex');
  private readonly handlers: ChangeHandler[] = [];
  private stop: (() => Promise<void>) | undefined;

  constructor(private readonly database: Database) {}

  subscribe(handler: ChangeHandler): void {
    this.handlers.push(handler);
  }

  /** Starts listening; call once. */
  async start(): Promise<void> {
    this.stop = await this.database.listen(directoryChannel, (payload) => {
      if (payload === null) return this.dispatch(null);
      const bar = payload.indexOf('|');
      if (bar >= 0 && payload.slice(0, bar) === this.instanceId) return; // applied at our commit already
      this.dispatch(decodeChange(payload.slice(bar + 1)));
    });
  }

  /** Sends the change to every instance when `trx` commits. */
  async announce(trx: Kysely<IdentityTables>, change: IdentityChange): Promise<void> {
    await sql`SELECT pg_notify(${directoryChannel}, ${`${this.instanceId}|${encodeChange(change)}`})`.execute(trx);
  }

  /** Applies a change to this instance's caches at once (before its NOTIFY comes back). */
  dispatch(change: IdentityChange | null): void {
    for (const handler of this.handlers) handler(change);
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = undefined;
    await stop?.();
  }
}
