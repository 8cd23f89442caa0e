/**
 * Installed apps: list them, read one's installed bundle and versions, preview the migration a
 * new bundle would run, and publish (install or upgrade) a bundle. A refused migration answers
 * 409 with the reviewed plan in the problem's `plan` member; destructive steps need
 * `?allowDataLoss=true`.
 *
 * `GET /api/apps/:app` answers administrators the whole installed bundle; everyone else gets only
 * what their runner needs (`visibleBundle`: readable entities and fields, their forms, views,
 * reports, dashboards, print templates and menu entries; never roles, sample data, workflows or
 * rules) and, for everyone, `access`: per readable entity the actions allowed and the readable
 * fields' levels. A user without a role in the app is told it does not exist (404).
 *
 * | route                              | does                                                  |
 * | ---------------------------------- | ----------------------------------------------------- |
 * | `GET  /api/apps`                   | installed apps the caller holds a role in (admins: all) |
 * | `GET  /api/apps/:app`              | the installed version, its bundle as the caller may see it, and `access` |
 * | `GET  /api/apps/:app/versions`     | every published version, newest first (admins only)   |
 * | `POST /api/apps`                   | publish the bundle in the body → 201 (new) / 200, the plan run |
 * | `POST /api/apps/:app/publish`      | the same, the path naming the bundle's `app.key`      |
 * | `POST /api/apps/:app/plan`         | dry run: the plan, tried on the data and rolled back  |
 *
 * @example
 * await app.register(appRoutes, { runtime });
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PipewrightError, visibleBundle } from '@pipewright/engines';
import { AppNotFoundError, type Actor, type PlanPreview, type Runtime } from '@pipewright/runtime';
import { requireAdmin } from '../identity.ts';
import { appParamsSchema, noQuerySchema, serializedAsIs, type AppParams } from '../route-params.ts';
import { mayOpen, roleView } from '../schemas/role-view.ts';

export interface AppRoutesOptions {
  runtime: Runtime;
}

/** Largest app bundle accepted. */
export const bundleBodyLimit = 16 * 1024 * 1024;

const bundleSchema = { type: 'object', description: 'An app bundle (packages/metadata/schemas/bundle.schema.json), validated by the runtime' } as const;
const bundleAnswer = { type: 'object', additionalProperties: true, description: 'An app bundle (packages/metadata/schemas/bundle.schema.json): the whole of it for administrators, what their runner needs for everyone else' } as const;
const publishQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { allowDataLoss: { type: 'boolean', default: false, description: 'Accept migration steps that destroy data' } },
} as const;

interface PublishQuery {
  allowDataLoss?: boolean;
}

const installedAppSchema = {
  type: 'object',
  required: ['key', 'version', 'name', 'installedAt', 'updatedAt'],
  properties: {
    key: { type: 'string' },
    version: { type: 'string' },
    name: { type: 'object', additionalProperties: { type: 'string' } },
    installedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** What publishing did (or, for a plan, would do): the migration steps with their findings. */
const planPreviewSchema = {
  type: 'object',
  required: ['app', 'fromVersion', 'toVersion', 'steps', 'refused', 'needsConsent', 'warnings'],
  properties: {
    app: { type: 'string' },
    fromVersion: { type: ['string', 'null'], description: 'The installed version before; null for a new app' },
    toVersion: { type: 'string' },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['description', 'kind', 'destructive', 'findings'],
        properties: {
          description: { type: 'string' },
          kind: { type: 'string', description: 'createTable, addColumn, dropColumn, changeType, createIndex, …' },
          destructive: { type: 'boolean' },
          findings: {
            type: 'array',
            items: { type: 'object', required: ['outcome', 'message'], properties: { outcome: { type: 'string', enum: ['loss', 'refuse', 'empty'], description: 'loss: data would be destroyed; refuse: the step cannot run; empty: records lack a value the step requires (left out with consent)' }, message: { type: 'string' }, path: { type: 'string', description: 'JSON pointer into the bundle of the field concerned' } } },
          },
          deferred: { type: 'boolean', description: 'An index built after the commit, concurrently' },
          skipped: { type: 'boolean', description: 'Left out: the data does not allow it yet (NOT NULL over empty values)' },
        },
      },
    },
    refused: { type: 'boolean', description: 'Some step cannot run on the data present' },
    needsConsent: { type: 'boolean', description: 'Some step would destroy data, or records lack a value a step requires: publish with allowDataLoss=true' },
    warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;

const versionsAnswer = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: { type: 'object', required: ['version', 'publishedAt', 'publishedBy'], properties: { version: { type: 'string' }, publishedAt: { type: 'string', format: 'date-time' }, publishedBy: { type: ['integer', 'null'] } } },
    },
  },
} as const;

/** Per readable entity: the actions the caller may take and the level of each field they may read. */
const accessAnswer = {
  type: 'object',
  description: 'What the caller may do, per readable entity, so the runner shows only allowed menus, buttons and fields',
  additionalProperties: {
    type: 'object',
    properties: {
      actions: { type: 'object', additionalProperties: { type: 'boolean' }, description: 'read, create, update, delete, export, import, print, runReport, transfer, share' },
      fields: { type: 'object', additionalProperties: { type: 'string', enum: ['readOnly', 'editable'] }, description: 'Readable fields only; hidden ones are absent' },
    },
  },
} as const;

const installedAppAnswer = {
  type: 'object',
  required: [...installedAppSchema.required, 'bundle', 'access'],
  properties: { ...installedAppSchema.properties, bundle: bundleAnswer, access: accessAnswer },
} as const;

export async function appRoutes(app: FastifyInstance, { runtime }: AppRoutesOptions): Promise<void> {
  const apps = runtime.apps;

  app.get('/api/apps', { schema: { operationId: 'listApps', summary: 'Installed apps the caller holds a role in (administrators: all)', tags: ['apps'], querystring: noQuerySchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: installedAppSchema } } } } } }, async (request) => ({
    items: (await apps.list()).filter((installed) => mayOpen(request.actor, installed.key)),
  }));

  app.get<{ Params: AppParams }>(
    '/api/apps/:app',
    {
      ...serializedAsIs,
      schema: { operationId: 'getApp', summary: 'The installed version of an app, its bundle as the caller may see it, and access', tags: ['apps'], params: appParamsSchema, querystring: noQuerySchema, response: { 200: installedAppAnswer } },
    },
    async (request) => {
    const key = request.params.app;
    const installed = mayOpen(request.actor, key) ? (await apps.list()).find((a) => a.key === key) : undefined;
    if (!installed) throw new AppNotFoundError(key);
    const model = await apps.model(key);
    const view = roleView(runtime, model, request.actor);
    const bundle = view.unrestricted ? await apps.installedBundle(key) : visibleBundle(model.bundle, view.access, view.roleKeys);
    return { ...installed, bundle, access: view.access };
    },
  );

  app.get<{ Params: AppParams }>(
    '/api/apps/:app/versions',
    { preHandler: requireAdmin, schema: { operationId: 'listAppVersions', summary: 'Every published version of an app, newest first (administrators)', tags: ['apps'], params: appParamsSchema, querystring: noQuerySchema, response: { 200: versionsAnswer } } },
    async (request) => {
    const versions = await apps.versions(request.params.app);
    if (versions.length === 0) throw new AppNotFoundError(request.params.app);
    return { items: versions };
    },
  );

  app.post<{ Body: Record<string, unknown>; Querystring: PublishQuery }>('/api/apps', { bodyLimit: bundleBodyLimit, schema: { operationId: 'publishApp', summary: 'Install (201) or upgrade (200) the app of the bundle; answers the migration run', tags: ['apps'], body: bundleSchema, querystring: publishQuerySchema, response: { 200: planPreviewSchema, 201: planPreviewSchema } } }, async (request, reply) => {
    return publish(reply, await apps.publish(request.body, publishOptions(request.actor, request.query)));
  });

  app.post<{ Params: AppParams; Body: Record<string, unknown>; Querystring: PublishQuery }>(
    '/api/apps/:app/publish',
    { bodyLimit: bundleBodyLimit, schema: { operationId: 'publishAppVersion', summary: 'The same as POST /api/apps, for the app the path names', tags: ['apps'], params: appParamsSchema, body: bundleSchema, querystring: publishQuerySchema, response: { 200: planPreviewSchema, 201: planPreviewSchema } } },
    async (request, reply) => {
      checkKey(request.params.app, request.body);
      return publish(reply, await apps.publish(request.body, publishOptions(request.actor, request.query)));
    },
  );

  app.post<{ Params: AppParams; Body: Record<string, unknown> }>('/api/apps/:app/plan', { bodyLimit: bundleBodyLimit, schema: { operationId: 'planApp', summary: 'Dry run: the migration publishing the bundle would run, tried on the data and rolled back', tags: ['apps'], params: appParamsSchema, querystring: noQuerySchema, body: bundleSchema, response: { 200: planPreviewSchema } } }, async (request) => {
    checkKey(request.params.app, request.body);
    return apps.plan(request.body);
  });
}

function publishOptions(actor: Actor, query: PublishQuery): { actor: number; allowDataLoss: boolean } {
  return { actor: actor.userId, allowDataLoss: query.allowDataLoss === true };
}

function publish(reply: FastifyReply, preview: PlanPreview): PlanPreview {
  if (preview.fromVersion === null) reply.code(201).header('location', `/api/apps/${preview.app}`);
  return preview;
}

/** The app key in the path must be the bundle's (when the bundle names one; otherwise validation reports it). */
function checkKey(pathKey: string, bundle: Record<string, unknown>): void {
  const app = bundle.app;
  const key = app !== null && typeof app === 'object' ? (app as Record<string, unknown>).key : undefined;
  if (typeof key === 'string' && key !== pathKey) {
    throw new PipewrightError('app.keyMismatch', `The bundle is for app "${key}", not "${pathKey}"`, [{ path: '/app/key', code: 'app.keyMismatch', message: `must be "${pathKey}", the app named in the path` }]);
  }
}
