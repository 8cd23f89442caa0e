/**
 * Identity: the directory (users, departments, teams, app roles), login sessions and API keys
 * over one database, with one listener keeping their caches right across server instances.
 * Open one per process.
 *
 * @example
 * const runtime = await openRuntime(database);
 * const identity = await openIdentity(runtime.database, { apps: runtime.apps });
 * const admin = await identity.ensureAdmin({ password: process.env.PIPEWRIGHT_ADMIN_PASSWORD });
 * if (admin.generatedPassword) console.log(`admin password: ${admin.generatedPassword}`);
 * const { token } = await identity.sessions.login('admin', admin.generatedPassword!);
 * await identity.close();
 */
import type { AppStore } from '../apps/app-store.ts';
import type { Database } from '../database/index.ts';
import { migratePlatform } from '../platform/platform-schema.ts';
import { ApiKeys, type ApiKeysOptions } from './api-keys.ts';
import { ChangeFeed } from './change-feed.ts';
import { Directory } from './directory.ts';
import { identityDb } from './identity-tables.ts';
import { checkPasswordPolicy, generatePassword, hashPassword } from './passwords.ts';
import { Sessions, type SessionsOptions } from './sessions.ts';

export interface IdentityOptions {
  /** Lets role keys be checked against the installed apps' roles. */
  apps?: AppStore | undefined;
  sessions?: SessionsOptions | undefined;
  apiKeys?: ApiKeysOptions | undefined;
}

export interface EnsureAdminResult {
  userId: number;
  /** Whether this call created the administrator or gave it its first password. */
  created: boolean;
  /** Set only when this call generated the password: show it once, log it never. */
  generatedPassword?: string | undefined;
}

export interface Identity {
  readonly directory: Directory;
  readonly sessions: Sessions;
  readonly apiKeys: ApiKeys;
  /**
   * First start: when no active administrator with a password exists, makes user `admin` one
   * (creating it when missing) with `password`, or a generated one returned once. Safe when
   * several instances start at once.
   */
  ensureAdmin(options?: { password?: string | undefined }): Promise<EnsureAdminResult>;
  /** Stops listening for changes. Does not close the database. */
  close(): Promise<void>;
}

/** The administrator's login on first start. */
export const adminLogin = 'admin';

/** Opens identity over a database (migrating the platform tables when needed) and starts listening. */
export async function openIdentity(database: Database, options: IdentityOptions = {}): Promise<Identity> {
  await migratePlatform(database);
  const feed = new ChangeFeed(database);
  const directory = new Directory(database, feed, { apps: options.apps });
  const sessions = new Sessions(database, feed, directory, options.sessions);
  const apiKeys = new ApiKeys(database, feed, directory, options.apiKeys);
  await feed.start();
  return {
    directory,
    sessions,
    apiKeys,
    ensureAdmin: (admin = {}) => ensureAdmin(database, directory, admin.password),
    close: () => feed.close(),
  };
}

async function ensureAdmin(database: Database, directory: Directory, password: string | undefined): Promise<EnsureAdminResult> {
  if (password !== undefined) checkPasswordPolicy(password, adminLogin, '');
  const db = identityDb(database);
  const ready = await db.selectFrom('pipewright.users').select('id').where('is_admin', '=', true).where('active', '=', true).where('password_hash', 'is not', null).orderBy('id').executeTakeFirst();
  if (ready) return { userId: ready.id, created: false };
  const chosen = password ?? generatePassword();
  const hash = await hashPassword(chosen);
  return directory.change(async (trx) => {
    // Checked again under the organisation lock: another instance may have been first.
    const other = await trx.selectFrom('pipewright.users').select('id').where('is_admin', '=', true).where('active', '=', true).where('password_hash', 'is not', null).orderBy('id').executeTakeFirst();
    if (other) return { userId: other.id, created: false };
    const now = new Date();
    const existing = await trx.selectFrom('pipewright.users').select(['id', 'password_hash']).where('login', '=', adminLogin).executeTakeFirst();
    let userId: number;
    if (existing) {
      userId = existing.id;
      await trx
        .updateTable('pipewright.users')
        .set({ is_admin: true, active: true, updated_at: now, ...(existing.password_hash ? {} : { password_hash: hash, password_changed_at: now }) })
        .where('id', '=', userId)
        .execute();
      if (existing.password_hash) return { userId, created: true };
    } else {
      const row = await trx
        .insertInto('pipewright.users')
        .values({ login: adminLogin, name: 'Administrator', is_admin: true, password_hash: hash, password_changed_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      userId = row.id;
    }
    return { userId, created: true, generatedPassword: password === undefined ? chosen : undefined };
  });
}
