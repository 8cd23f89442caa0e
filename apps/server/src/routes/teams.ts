/**
 * Teams, for administrators: named groups of users across departments.
 *
 * | route                   | does                                   |
 * | ----------------------- | -------------------------------------- |
 * | `GET    /api/teams`     | `{ items: [{ id, name, code, memberIds }] }` |
 * | `POST   /api/teams`     | `{ name, code?, memberIds? }` → 201    |
 * | `PATCH  /api/teams/:id` | change the fields given; `memberIds` replaces the members |
 * | `DELETE /api/teams/:id` | → 204                                  |
 *
 * @example
 * await app.register(teamRoutes, { identity });
 */
import type { FastifyInstance } from 'fastify';
import type { Identity, NewTeam, TeamChanges } from '@pipewright/runtime';
import { identityErrorHandler } from '../auth/identity-problems.ts';
import { idParamsSchema, newTeamSchema, teamChangesSchema, teamSchema, type IdParams } from '../auth/identity-schemas.ts';
import { requireAdmin } from '../identity.ts';
import { noContentSchema, noQuerySchema } from '../route-params.ts';

export interface TeamRoutesOptions {
  identity: Identity;
}

export async function teamRoutes(app: FastifyInstance, { identity }: TeamRoutesOptions): Promise<void> {
  const directory = identity.directory;
  app.setErrorHandler(identityErrorHandler);
  app.addHook('preHandler', requireAdmin);

  app.get('/api/teams', { schema: { operationId: 'listTeams', summary: 'List teams with their members', tags: ['teams'], querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: teamSchema } } } } } }, async () => {
    return { items: await directory.listTeams() };
  });

  app.post<{ Body: NewTeam }>('/api/teams', { schema: { operationId: 'createTeam', summary: 'Create a team', tags: ['teams'], querystring: noQuerySchema, body: newTeamSchema, response: { 201: teamSchema } } }, async (request, reply) => {
    const team = await directory.createTeam(request.body);
    reply.header('location', `/api/teams/${team.id}`);
    return reply.code(201).send(team);
  });

  app.patch<{ Params: IdParams; Body: TeamChanges }>('/api/teams/:id', { schema: { operationId: 'updateTeam', summary: 'Change a team (memberIds replaces the members)', tags: ['teams'], params: idParamsSchema, querystring: noQuerySchema, body: teamChangesSchema, response: { 200: teamSchema } } }, async (request) => {
    return directory.updateTeam(Number(request.params.id), request.body);
  });

  app.delete<{ Params: IdParams }>('/api/teams/:id', { schema: { operationId: 'deleteTeam', summary: 'Delete a team', tags: ['teams'], params: idParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    await directory.deleteTeam(Number(request.params.id));
    return reply.code(204).send();
  });
}
