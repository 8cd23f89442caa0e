/**
 * Saved views of an app's views: a reader's columns, sort and filter under a name, for them
 * alone or shared with everyone who may open the view (decision 059). A saved view is accepted
 * only when its list would run for its author: the view must be one they can open, and its
 * filter and sort go through the same checks as a list request (unknown or hidden fields, bad
 * values: 400 at `/filter/…`, `/sort/…`). Only the owner or an administrator changes or deletes
 * one (403 `savedView.notOwner`); a view someone else keeps for themselves reads as not found.
 *
 * | route                                     | does                                              |
 * | ----------------------------------------- | ------------------------------------------------- |
 * | `GET    /api/apps/:app/saved-views?view=` | `{ items }`: mine, then the shared ones            |
 * | `POST   /api/apps/:app/saved-views`       | `{ view, name, shared?, columns?, sort?, filter? }` → 201 |
 * | `PATCH  /api/apps/:app/saved-views/:id`   | change name, shared, columns, sort, filter         |
 * | `DELETE /api/apps/:app/saved-views/:id`   | → 204                                             |
 *
 * @example
 * await app.register(savedViewRoutes, { runtime });
 */
import type { FastifyInstance } from 'fastify';
import type { Filter, SortOrder } from '@pipewright/metadata';
import { PipewrightError } from '@pipewright/engines';
import { AppNotFoundError, type Actor, type Runtime, type SavedView, type SavedViewSettings } from '@pipewright/runtime';
import { requireOpen } from '../schemas/role-view.ts';
import type { RequestActor } from '../identity.ts';
import { appParamsSchema, keyPattern, noContentSchema, noNulPattern, noQuerySchema, type AppParams } from '../route-params.ts';

export interface SavedViewRoutesOptions {
  runtime: Runtime;
}

interface Settings {
  columns?: string[];
  sort?: SortOrder[];
  filter?: Filter;
}

interface NewBody extends Settings {
  view: string;
  name: string;
  shared?: boolean;
}

type ChangeBody = Partial<Omit<NewBody, 'view'>>;

const fieldPath = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}(\\.[a-z][a-z0-9_]{0,62}){0,3}$' } as const;
const settingsProperties = {
  columns: { type: 'array', maxItems: 200, items: fieldPath, description: 'Column paths in order (`account.industry`)' },
  sort: {
    type: 'array',
    maxItems: 8,
    items: {
      type: 'object',
      required: ['field'],
      additionalProperties: false,
      properties: { field: fieldPath, direction: { enum: ['asc', 'desc'] }, nulls: { enum: ['first', 'last'] } },
    },
  },
  filter: { type: 'object', description: 'A filter of the filter language, checked like a list request\'s' },
} as const;
const name = { type: 'string', minLength: 1, maxLength: 100, pattern: noNulPattern } as const;

const newBodySchema = {
  type: 'object',
  required: ['view', 'name'],
  additionalProperties: false,
  properties: { view: { type: 'string', pattern: keyPattern }, name, shared: { type: 'boolean', default: false }, ...settingsProperties },
} as const;

const changeBodySchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { name, shared: { type: 'boolean' }, ...settingsProperties },
} as const;

const savedViewSchema = {
  type: 'object',
  required: ['id', 'view', 'name', 'ownerId', 'shared', 'mine', 'columns', 'sort', 'filter', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    view: { type: 'string' },
    name: { type: 'string' },
    ownerId: { type: 'integer' },
    shared: { type: 'boolean' },
    mine: { type: 'boolean', description: 'Whether the caller owns it (and so may change it)' },
    columns: { type: ['array', 'null'], items: { type: 'string' } },
    sort: { type: ['array', 'null'], items: { type: 'object', additionalProperties: true } },
    filter: { type: ['object', 'null'], additionalProperties: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const idParamsSchema = { type: 'object', required: ['app', 'id'], properties: { ...appParamsSchema.properties, id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } } } as const;
const listQuerySchema = { type: 'object', required: ['view'], additionalProperties: false, properties: { view: { type: 'string', pattern: keyPattern } } } as const;

const tags = ['saved views'];

function answer(view: SavedView, userId: number) {
  return { id: view.id, view: view.viewKey, name: view.name, ownerId: view.ownerId, shared: view.shared, mine: view.ownerId === userId, columns: view.settings.columns ?? null, sort: view.settings.sort ?? null, filter: (view.settings.filter as object | undefined) ?? null, createdAt: view.createdAt, updatedAt: view.updatedAt };
}

function settingsOf(body: Settings): Settings & SavedViewSettings {
  return { ...(body.columns ? { columns: body.columns } : {}), ...(body.sort ? { sort: body.sort } : {}), ...(body.filter ? { filter: body.filter } : {}) };
}

export async function savedViewRoutes(app: FastifyInstance, { runtime }: SavedViewRoutesOptions): Promise<void> {
  const isAdmin = (actor: RequestActor) => actor.subject.isAdmin;

  /** The view, when the caller may open it; its entity's list must accept the settings. */
  async function checkedView(appKey: string, viewKey: string, settings: Settings, actor: Actor & RequestActor) {
    requireOpen(actor, appKey);
    const model = await runtime.apps.model(appKey);
    const view = model.bundle.views?.find((v) => v.key === viewKey);
    if (!view) throw new PipewrightError('savedView.invalid', `The app has no view "${viewKey}"`, [{ path: '/view', code: 'savedView.unknownView', message: `is not a view of ${appKey}` }]);
    const entity = model.bundle.entities.find((e) => e.key === view.entity)!;
    (settings.columns ?? []).forEach((path, index) => {
      const head = path.split('.')[0]!;
      if (!entity.fields.some((f) => f.key === head) && !['owner_id', 'created_by', 'created_at', 'updated_at', 'id'].includes(head)) {
        throw new PipewrightError('savedView.invalid', `"${path}" is not a field of ${entity.key}`, [{ path: `/columns/${index}`, code: 'savedView.unknownField', message: `"${path}" is not a field of ${entity.key}` }]);
      }
    });
    // The list it would run, refused exactly as a list request would be (the role's read scope,
    // hidden fields, bad values), with the problems at /filter/… and /sort/….
    await runtime.records.list(appKey, entity.key, { ...(settings.filter ? { filter: settings.filter } : {}), ...(settings.sort?.length ? { sort: settings.sort } : {}), pageSize: 1, count: 'none' }, actor);
    return view;
  }

  app.get<{ Params: AppParams; Querystring: { view: string } }>(
    '/api/apps/:app/saved-views',
    { schema: { operationId: 'listSavedViews', summary: 'My saved views of a view and the shared ones', tags, params: appParamsSchema, querystring: listQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: savedViewSchema } } } } } },
    async (request) => {
      const { app: appKey } = request.params;
      requireOpen(request.actor, appKey);
      const model = await runtime.apps.model(appKey);
      if (!model.bundle.views?.some((v) => v.key === request.query.view)) throw new AppNotFoundError(appKey);
      const items = await runtime.savedViews.list(appKey, request.query.view, request.actor.userId);
      return { items: items.map((v) => answer(v, request.actor.userId)) };
    },
  );

  app.post<{ Params: AppParams; Body: NewBody }>(
    '/api/apps/:app/saved-views',
    { schema: { operationId: 'createSavedView', summary: 'Save columns, sort and filter of a view under a name', tags, params: appParamsSchema, querystring: noQuerySchema, body: newBodySchema, response: { 201: savedViewSchema } } },
    async (request, reply) => {
      const { app: appKey } = request.params;
      const body = request.body;
      await checkedView(appKey, body.view, body, request.actor);
      const saved = await runtime.savedViews.create({ app: appKey, viewKey: body.view, name: body.name, shared: body.shared ?? false, settings: settingsOf(body) }, request.actor.userId);
      reply.header('location', `/api/apps/${appKey}/saved-views/${saved.id}`);
      return reply.code(201).send(answer(saved, request.actor.userId));
    },
  );

  app.patch<{ Params: AppParams & { id: string }; Body: ChangeBody }>(
    '/api/apps/:app/saved-views/:id',
    { schema: { operationId: 'updateSavedView', summary: 'Rename, share or change a saved view (its owner or an administrator)', tags, params: idParamsSchema, querystring: noQuerySchema, body: changeBodySchema, response: { 200: savedViewSchema } } },
    async (request) => {
      const { app: appKey, id } = request.params;
      const actor = request.actor;
      requireOpen(actor, appKey);
      const current = await runtime.savedViews.get(Number(id), actor.userId, isAdmin(actor));
      if (current.app !== appKey) throw new PipewrightError('savedView.notFound', `There is no saved view ${id}`);
      const body = request.body;
      const merged: Settings = { ...(current.settings as Settings), ...settingsOf(body) };
      if (body.columns || body.sort || body.filter) await checkedView(appKey, current.viewKey, merged, actor);
      const saved = await runtime.savedViews.update(Number(id), { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.shared !== undefined ? { shared: body.shared } : {}), ...(body.columns || body.sort || body.filter ? { settings: settingsOf(merged) } : {}) }, actor.userId, isAdmin(actor));
      return answer(saved, actor.userId);
    },
  );

  app.delete<{ Params: AppParams & { id: string } }>(
    '/api/apps/:app/saved-views/:id',
    { schema: { operationId: 'deleteSavedView', summary: 'Delete a saved view (its owner or an administrator)', tags, params: idParamsSchema, querystring: noQuerySchema, response: { 204: noContentSchema } } },
    async (request, reply) => {
      const { app: appKey, id } = request.params;
      requireOpen(request.actor, appKey);
      const current = await runtime.savedViews.get(Number(id), request.actor.userId, isAdmin(request.actor));
      if (current.app !== appKey) throw new PipewrightError('savedView.notFound', `There is no saved view ${id}`);
      await runtime.savedViews.delete(Number(id), request.actor.userId, isAdmin(request.actor));
      return reply.code(204).send();
    },
  );
}

