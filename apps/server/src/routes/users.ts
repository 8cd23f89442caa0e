/**
 * Users, for administrators: list, create, read, change (including deactivate: `active: false`),
 * reset a password, end every session, and set the roles a user holds in an app.
 *
 * | route                                 | does                                                      |
 * | ------------------------------------- | --------------------------------------------------------- |
 * | `GET   /api/users`                    | `?active=&departmentId=&q=&limit=&offset=` → `{ items }`  |
 * | `POST  /api/users`                    | create → 201; without `password` one is generated and answered once |
 * | `GET   /api/users/:id`                | the user with `rolesByApp` and `teamIds`                  |
 * | `PATCH /api/users/:id`                | change the fields given; deactivating ends the sessions   |
 * | `POST  /api/users/:id/password`       | `{ password }` → 204; lifts login delays, ends every session |
 * | `POST  /api/users/:id/revoke-sessions`| → `{ revoked: n }`                                        |
 * | `PUT   /api/users/:id/roles/:app`     | `{ roles: ['sales_rep'] }` → `{ app, roles }`             |
 *
 * @example
 * await app.register(userRoutes, { identity });
 */
import type { FastifyInstance } from 'fastify';
import { generatePassword, type Identity, type User } from '@pipewright/runtime';
import { identityErrorHandler } from '../auth/identity-problems.ts';
import {
  idParamsSchema,
  newUserSchema,
  rolesBodySchema,
  setPasswordSchema,
  userChangesSchema,
  userListQuerySchema,
  userSchema,
  type IdParams,
} from '../auth/identity-schemas.ts';
import { requireAdmin } from '../identity.ts';
import { keyPattern, noContentSchema, noQuerySchema } from '../route-params.ts';

export interface UserRoutesOptions {
  identity: Identity;
}

interface NewUserBody {
  login: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  locale?: string;
  password?: string;
  active?: boolean;
  isAdmin?: boolean;
  departmentId?: number | null;
  managerId?: number | null;
}

type UserChangesBody = Partial<Omit<NewUserBody, 'password'>>;

interface UserListQuery {
  active?: boolean;
  departmentId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

const roleParamsSchema = {
  type: 'object',
  required: ['id', 'app'],
  additionalProperties: false,
  properties: { ...idParamsSchema.properties, app: { type: 'string', pattern: keyPattern } },
} as const;

const rolesAnswer = { type: 'object', required: ['app', 'roles'], properties: { app: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } } as const;

export async function userRoutes(app: FastifyInstance, { identity }: UserRoutesOptions): Promise<void> {
  const directory = identity.directory;
  app.setErrorHandler(identityErrorHandler);
  app.addHook('preHandler', requireAdmin);

  const withDetails = async (user: User) => {
    const subject = await directory.subject(user.id);
    return { ...user, rolesByApp: subject?.rolesByApp ?? {}, teamIds: subject?.teamIds ?? [] };
  };

  app.get<{ Querystring: UserListQuery }>('/api/users', { schema: { operationId: 'listUsers', summary: 'List users', tags: ['users'], querystring: userListQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: userSchema } } } } } }, async (request) => {
    const { active, departmentId, q, limit, offset } = request.query;
    return { items: await directory.listUsers({ active, departmentId, search: q, limit, offset }) };
  });

  app.post<{ Body: NewUserBody }>('/api/users', { schema: { operationId: 'createUser', summary: 'Create a user (without password: one is generated and answered once)', tags: ['users'], querystring: noQuerySchema, body: newUserSchema, response: { 201: userSchema } } }, async (request, reply) => {
    const generated = request.body.password === undefined ? generatePassword() : undefined;
    const user = await directory.createUser({ ...request.body, password: request.body.password ?? generated });
    reply.header('location', `/api/users/${user.id}`);
    if (generated) reply.header('cache-control', 'no-store');
    return reply.code(201).send({ ...(await withDetails(user)), ...(generated ? { generatedPassword: generated } : {}) });
  });

  app.get<{ Params: IdParams }>('/api/users/:id', { schema: { operationId: 'getUser', summary: 'A user with roles and teams', tags: ['users'], params: idParamsSchema, querystring: noQuerySchema, response: { 200: userSchema } } }, async (request) => {
    return withDetails(await directory.getUser(Number(request.params.id)));
  });

  app.patch<{ Params: IdParams; Body: UserChangesBody }>('/api/users/:id', { schema: { operationId: 'updateUser', summary: 'Change a user (active: false deactivates and ends the sessions)', tags: ['users'], params: idParamsSchema, querystring: noQuerySchema, body: userChangesSchema, response: { 200: userSchema } } }, async (request) => {
    return withDetails(await directory.updateUser(Number(request.params.id), request.body));
  });

  app.post<{ Params: IdParams; Body: { password: string } }>('/api/users/:id/password', { schema: { operationId: 'resetUserPassword', summary: 'Set a user’s password: lifts login delays, ends every session', tags: ['users'], params: idParamsSchema, querystring: noQuerySchema, body: setPasswordSchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    await directory.setPassword(Number(request.params.id), request.body.password);
    return reply.code(204).send();
  });

  app.post<{ Params: IdParams }>(
    '/api/users/:id/revoke-sessions',
    { schema: { operationId: 'revokeUserSessions', summary: 'End every session of a user', tags: ['users'], params: idParamsSchema, querystring: noQuerySchema, response: { 200: { type: 'object', required: ['revoked'], properties: { revoked: { type: 'integer' } } } } } },
    async (request) => {
      const user = await directory.getUser(Number(request.params.id));
      return { revoked: await identity.sessions.revokeAll(user.id) };
    },
  );

  app.put<{ Params: IdParams & { app: string }; Body: { roles: string[] } }>(
    '/api/users/:id/roles/:app',
    { schema: { operationId: 'setUserRoles', summary: 'Set the roles a user holds in an app', tags: ['users'], params: roleParamsSchema, querystring: noQuerySchema, body: rolesBodySchema, response: { 200: rolesAnswer } } },
    async (request) => {
      const roles = await directory.setRoles(Number(request.params.id), request.params.app, request.body.roles);
      return { app: request.params.app, roles };
    },
  );
}
