/**
 * API keys for integrations: `pw_<prefix>_<secret>`, shown once when created, stored as a SHA-256
 * of the whole key. The prefix is stored plainly so people can tell their keys apart in lists and
 * logs. A key acts as its creator, restricted to one role in one app and never as administrator;
 * it may expire, can be revoked, and records when it was last used (written at most once a minute).
 *
 * @example
 * const { key, secret } = await apiKeys.create({ name: 'ERP sync', app: 'crm', role: 'finance', createdBy: adminId });
 * // secret: 'pw_k3x9a7qm2d_Qm9v…' — give it to the integration now; it cannot be shown again
 * const subject = await apiKeys.authenticate(secret); // { userId: adminId, isAdmin: false, rolesByApp: { crm: ['finance'] }, apiKey: {…} }
 */
import { randomInt } from 'node:crypto';
import type { Database } from '../database/index.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { Directory } from './directory.ts';
import { IdentityError, invalidReference, notFound } from './errors.ts';
import { identityDb, type IdentityDb } from './identity-tables.ts';
import { restrictToApiKey, type Subject } from './subject.ts';
import { randomToken, sameSecret, sha256Hex } from './tokens.ts';

export interface ApiKey {
  id: number;
  name: string;
  /** Shown in lists to tell keys apart: the key starts with `pw_<prefix>_`. */
  prefix: string;
  app: string;
  role: string;
  createdBy: number;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey {
  name: string;
  app: string;
  role: string;
  expiresAt?: Date | undefined;
  /** The user the key acts as (its creator). */
  createdBy: number;
}

export interface ApiKeysOptions {
  now?: () => Date;
  /** How long an instance trusts a key it read (revocations arrive by NOTIFY sooner). Default 1 minute. */
  cacheMs?: number;
  /** `last_used_at` is written at most this often per key. Default 1 minute. */
  touchIntervalMs?: number;
}

/** `pw_`, 10 lower-case letters or digits, `_`, 43 characters of base64url. */
export const apiKeyPattern = /^pw_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

interface CachedKey {
  id: number;
  name: string;
  app: string;
  role: string;
  createdBy: number;
  secretHash: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

const prefixAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class ApiKeys {
  private readonly db: IdentityDb;
  private readonly cache: BoundedCache<string, CachedKey | null>;
  private readonly now: () => Date;
  private readonly touchIntervalMs: number;

  constructor(database: Database, private readonly feed: ChangeFeed, private readonly directory: Directory, options: ApiKeysOptions = {}) {
    this.db = identityDb(database);
    this.now = options.now ?? (() => new Date());
    this.touchIntervalMs = options.touchIntervalMs ?? 60_000;
    this.cache = new BoundedCache({ maxEntries: 10_000, maxAgeMs: options.cacheMs ?? 60_000, now: () => this.now().getTime() });
    feed.subscribe((change) => {
      if (change === null) this.cache.clear();
      else if (change.kind === 'apiKey') this.cache.delete(change.prefix);
    });
  }

  /** Creates a key; `secret` is the only time the whole key is seen. */
  async create(input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
    if (input.name.trim() === '' || input.name.length > 200) {
      throw new IdentityError('apiKey.invalid', 'An API key name must have 1 to 200 characters', [{ path: '/name', code: 'apiKey.invalid', message: 'must have 1 to 200 characters' }]);
    }
    if (input.expiresAt && input.expiresAt <= this.now()) {
      throw new IdentityError('apiKey.invalid', 'The expiry must be in the future', [{ path: '/expiresAt', code: 'apiKey.invalid', message: 'must be in the future' }]);
    }
    await this.directory.checkRoles(input.app, [input.role], '/role');
    const creator = await this.directory.subject(input.createdBy);
    if (!creator?.active) throw invalidReference('/createdBy', `No active user ${input.createdBy}`);
    let prefix = '';
    for (let i = 0; i < 10; i++) prefix += prefixAlphabet[randomInt(prefixAlphabet.length)];
    const secret = `pw_${prefix}_${randomToken()}`;
    const row = await this.db
      .insertInto('pipewright.api_keys')
      .values({ name: input.name.trim(), prefix, secret_hash: sha256Hex(secret), app: input.app, role_key: input.role, created_by: input.createdBy, created_at: this.now(), expires_at: input.expiresAt ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { key: await this.get(row.id), secret };
  }

  /** Every key, newest first, revoked and expired ones included. */
  async list(): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('pipewright.api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toApiKey);
  }

  async get(id: number): Promise<ApiKey> {
    const row = await this.db.selectFrom('pipewright.api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('apiKey', id);
    return toApiKey(row);
  }

  /** Revokes a key at once, on every instance. Revoking a revoked key changes nothing. */
  async revoke(id: number): Promise<void> {
    let prefix = '';
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('pipewright.api_keys').select('prefix').where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('apiKey', id);
      prefix = row.prefix;
      await trx.updateTable('pipewright.api_keys').set({ revoked_at: this.now() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      await this.feed.announce(trx, { kind: 'apiKey', prefix });
    });
    this.feed.dispatch({ kind: 'apiKey', prefix });
  }

  /**
   * The subject a key acts as, or undefined for a malformed, unknown, revoked or expired key, or
   * one whose creator is no longer active.
   */
  async authenticate(secret: string): Promise<Subject | undefined> {
    const parts = apiKeyPattern.exec(secret);
    if (!parts) return undefined;
    const prefix = parts[1]!;
    const key = await this.cache.load(prefix, () => this.read(prefix), (k) => k !== null);
    if (!key || !sameSecret(sha256Hex(secret), key.secretHash)) return undefined;
    const now = this.now();
    if (key.expiresAt && key.expiresAt <= now) return undefined;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= this.touchIntervalMs) {
      const touched = await this.db.updateTable('pipewright.api_keys').set({ last_used_at: now }).where('id', '=', key.id).where('revoked_at', 'is', null).executeTakeFirst();
      if (touched.numUpdatedRows === 0n) {
        this.cache.delete(prefix);
        return undefined;
      }
      key.lastUsedAt = now;
    }
    const subject = await this.directory.subject(key.createdBy);
    if (!subject?.active) return undefined;
    return restrictToApiKey(subject, { id: key.id, name: key.name, app: key.app, role: key.role });
  }

  private async read(prefix: string): Promise<CachedKey | null> {
    const row = await this.db
      .selectFrom('pipewright.api_keys')
      .select(['id', 'name', 'app', 'role_key', 'created_by', 'secret_hash', 'expires_at', 'last_used_at'])
      .where('prefix', '=', prefix)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return { id: row.id, name: row.name, app: row.app, role: row.role_key, createdBy: row.created_by, secretHash: row.secret_hash, expiresAt: row.expires_at, lastUsedAt: row.last_used_at };
  }
}

function toApiKey(row: { id: number; name: string; prefix: string; app: string; role_key: string; created_by: number; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    app: row.app,
    role: row.role_key,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
