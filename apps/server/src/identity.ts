/**
 * Who a request acts as. Authentication (users, login, API keys) is not built yet, so every
 * request acts as the platform administrator, the user with login `admin`, created on start when
 * missing. This plugin is the one place that decides `request.actor`: authentication replaces it.
 *
 * @example
 * await app.register(identity, { runtime });
 * app.get('/whoami', (request) => request.actor); // { userId: 1 }
 */
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Actor, Database } from '@pipewright/runtime';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user the request acts as, for defaults, ownership and the audit log. */
    actor: Actor;
  }
}

export interface IdentityOptions {
  database: Database;
}

/** The platform administrator's login. */
export const adminLogin = 'admin';

/**
 * Returns the id of the user with login `admin`, creating the user when missing. Safe when several
 * instances start at once (the login is unique).
 */
export async function ensureAdminUser(database: Database): Promise<number> {
  await database.executeSql(
    `INSERT INTO pipewright.users (login, name) VALUES ($1, $2) ON CONFLICT ((lower(login))) DO NOTHING`,
    [adminLogin, 'Administrator'],
  );
  const { rows } = await database.executeSql(`SELECT id FROM pipewright.users WHERE lower(login) = $1`, [adminLogin]);
  const id = Number(rows[0]?.id);
  if (!Number.isSafeInteger(id) || id < 1) throw new Error('The admin user could not be created');
  return id;
}

async function identityPlugin(app: FastifyInstance, options: IdentityOptions): Promise<void> {
  const userId = await ensureAdminUser(options.database);
  app.log.warn({ userId }, `Authentication is not enforced yet: every request acts as the "${adminLogin}" user. Do not expose this server to untrusted networks.`);
  app.decorateRequest('actor', { getter: () => ({ userId }) });
}

/** Decorates every request with `actor` (for now: the admin user). Not encapsulated. */
export const identity = fastifyPlugin(identityPlugin, { name: 'pipewright-identity', fastify: '5.x' });
