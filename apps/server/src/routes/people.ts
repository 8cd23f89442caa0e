/**
 * The people directory any signed-in user may read: names of users and departments, so the
 * runner can show who owns a record, who changed it, and offer people in pickers, without the
 * administrator's user API (which also answers logins, e-mail addresses and roles).
 *
 * | route                          | does                                                        |
 * | ------------------------------ | ----------------------------------------------------------- |
 * | `GET /api/people`              | `?ids=1,2` or `?q=wang&limit=20` → `{ items: [{ id, name, departmentId, active }] }` |
 * | `GET /api/people/departments`  | `{ items: [{ id, name, parentId }] }`: every department      |
 *
 * @example
 * await app.register(peopleRoutes, { identity });
 */
import type { FastifyInstance } from 'fastify';
import type { DepartmentNode, Identity } from '@pipewright/runtime';
import { identityErrorHandler } from '../auth/identity-problems.ts';
import { noNulPattern, noQuerySchema } from '../route-params.ts';

export interface PeopleRoutesOptions {
  identity: Identity;
}

interface PeopleQuery {
  ids?: string;
  q?: string;
  limit?: number;
}

const peopleQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ids: { type: 'string', pattern: '^[1-9][0-9]{0,15}(,[1-9][0-9]{0,15}){0,499}$', description: 'Comma-separated user ids (at most 500)' },
    q: { type: 'string', maxLength: 200, pattern: noNulPattern, description: 'Part of the name or login' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;

const personSchema = {
  type: 'object',
  required: ['id', 'name', 'departmentId', 'active'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, departmentId: { type: ['integer', 'null'] }, active: { type: 'boolean' } },
} as const;

const departmentSchema = {
  type: 'object',
  required: ['id', 'name', 'parentId'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, parentId: { type: ['integer', 'null'] } },
} as const;

const tags = ['people'];

export async function peopleRoutes(app: FastifyInstance, { identity }: PeopleRoutesOptions): Promise<void> {
  const directory = identity.directory;
  app.setErrorHandler(identityErrorHandler);

  app.get<{ Querystring: PeopleQuery }>(
    '/api/people',
    { schema: { operationId: 'listPeople', summary: 'Names of users, by id or by a search, for any signed-in user', tags, querystring: peopleQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: personSchema } } } } } },
    async (request) => {
      const { ids, q, limit = 50 } = request.query;
      const idList = ids === undefined ? undefined : [...new Set(ids.split(',').map(Number))].filter(Number.isSafeInteger);
      const users = await directory.listUsers({ ids: idList, search: q?.trim() || undefined, limit: idList ? idList.length : limit, ...(idList || q ? {} : { active: true }) });
      return { items: users.map((u) => ({ id: u.id, name: u.name, departmentId: u.departmentId, active: u.active })) };
    },
  );

  app.get('/api/people/departments', { schema: { operationId: 'listPeopleDepartments', summary: 'Every department with its name and parent, for any signed-in user', tags, querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: departmentSchema } } } } } }, async () => {
    const items: { id: number; name: string; parentId: number | null }[] = [];
    const walk = (nodes: readonly DepartmentNode[]) => {
      for (const node of nodes) {
        items.push({ id: node.id, name: node.name, parentId: node.parentId });
        walk(node.children);
      }
    };
    walk(await directory.departmentForest());
    return { items };
  });
}
