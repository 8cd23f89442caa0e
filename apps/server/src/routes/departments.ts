/**
 * Departments, for administrators: the tree, create, change (rename, move with `parentId`, set
 * the manager or position) and delete when empty. A move below itself is refused (409
 * `department.cycle`); so is deleting a department with sub-departments or users (409
 * `department.notEmpty`).
 *
 * | route                         | does                                         |
 * | ----------------------------- | -------------------------------------------- |
 * | `GET    /api/departments`     | `{ items }`: the forest, each with `children` |
 * | `POST   /api/departments`     | `{ name, code?, parentId?, managerId?, position? }` → 201 |
 * | `PATCH  /api/departments/:id` | change the fields given (`parentId: null`: top level) |
 * | `DELETE /api/departments/:id` | → 204                                        |
 *
 * @example
 * await app.register(departmentRoutes, { identity });
 */
import type { FastifyInstance } from 'fastify';
import type { DepartmentChanges, Identity, NewDepartment } from '@pipewright/runtime';
import { identityErrorHandler } from '../auth/identity-problems.ts';
import { departmentChangesSchema, departmentNodeRef, departmentSchema, idParamsSchema, newDepartmentSchema, type IdParams } from '../auth/identity-schemas.ts';
import { requireAdmin } from '../identity.ts';
import { noContentSchema, noQuerySchema } from '../route-params.ts';

export interface DepartmentRoutesOptions {
  identity: Identity;
}

export async function departmentRoutes(app: FastifyInstance, { identity }: DepartmentRoutesOptions): Promise<void> {
  const directory = identity.directory;
  app.setErrorHandler(identityErrorHandler);
  app.addHook('preHandler', requireAdmin);

  app.get('/api/departments', { schema: { operationId: 'listDepartments', summary: 'The department forest, each department with its children', tags: ['departments'], querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: departmentNodeRef } } } } } }, async () => {
    return { items: await directory.departmentForest() };
  });

  app.post<{ Body: NewDepartment }>('/api/departments', { schema: { operationId: 'createDepartment', summary: 'Create a department', tags: ['departments'], querystring: noQuerySchema, body: newDepartmentSchema, response: { 201: departmentSchema } } }, async (request, reply) => {
    const department = await directory.createDepartment(request.body);
    reply.header('location', `/api/departments/${department.id}`);
    return reply.code(201).send(department);
  });

  app.patch<{ Params: IdParams; Body: DepartmentChanges }>('/api/departments/:id', { schema: { operationId: 'updateDepartment', summary: 'Rename, move (parentId), set manager or position', tags: ['departments'], params: idParamsSchema, querystring: noQuerySchema, body: departmentChangesSchema, response: { 200: departmentSchema } } }, async (request) => {
    return directory.updateDepartment(Number(request.params.id), request.body);
  });

  app.delete<{ Params: IdParams }>('/api/departments/:id', { schema: { operationId: 'deleteDepartment', summary: 'Delete an empty department', tags: ['departments'], params: idParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } }, async (request, reply) => {
    await directory.deleteDepartment(Number(request.params.id));
    return reply.code(204).send();
  });
}
