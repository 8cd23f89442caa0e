/**
 * Workflows over HTTP (the contract the runner's approval screens call): start a workflow on a
 * record, a record's approvals, an instance with its timeline, cancel it, the task inbox and
 * acting on a task. Every path checks that the caller may read the record (else 404) and, to
 * act, holds the task (else 403 `task.notYours`).
 *
 * | route                                                   | does                                                     |
 * | ------------------------------------------------------- | -------------------------------------------------------- |
 * | `POST /api/apps/:app/workflows/:workflow/start`         | `{ recordId }` → 201 instance; 409 `workflow.alreadyRunning` / `workflow.conditionNotMet` |
 * | `GET  /api/apps/:app/records/:entity/:id/workflows`     | `{ startable, instances }` of the record, newest first    |
 * | `GET  /api/apps/:app/workflow-instances/:id`            | the instance: open tasks and timeline                     |
 * | `POST /api/apps/:app/workflow-instances/:id/cancel`     | an administrator or the starter cancels it                |
 * | `GET  /api/tasks?box=pending\|done\|cc&limit&cursor`     | `{ items, counts, nextCursor }`                           |
 * | `POST /api/apps/:app/workflow-instances/:id/withdraw`   | the submitter withdraws it (撤回)                          |
 * | `POST /api/apps/:app/workflow-instances/:id/urge`       | the submitter urges the approvers (催办), hourly at most   |
 * | `POST /api/cc-items/:id/read`                           | marks an item of my CC box read (204)                    |
 * | `POST /api/tasks/:id/:action`                           | approve, reject, return, resubmit, transfer, addSigner, comment → `{ task, instance }` |
 *
 * Labels come in the request's locale (`Accept-Language`: `en…` → English, else Chinese).
 *
 * @example
 * await app.register(workflowRoutes, { runtime, workflows, views });
 */
import type { TaskAction } from '@pipewright/engines';
import { CcItemNotFoundError, InstanceNotFoundError, rolesIn, type ActBody, type Actor, type Locale, type Runtime, type WorkflowService, type WorkflowViews } from '@pipewright/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestActor } from '../identity.ts';
import { appParamsSchema, emptyBodySchema, keyPattern, noNulPattern, noQuerySchema, recordParamsSchema, type AppParams, type RecordParams } from '../route-params.ts';
import { requireOpen } from '../schemas/role-view.ts';

export interface WorkflowRoutesOptions {
  runtime: Runtime;
  workflows: WorkflowService;
  views: WorkflowViews;
}

const tags = ['workflows'];
const idPattern = '^[1-9][0-9]{0,14}$';
const recordId = { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 } as const;

const userSchema = { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } } as const;
const nullableUser = { anyOf: [userSchema, { type: 'null' }] } as const;

export const taskViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'app', 'workflow', 'workflowLabel', 'instanceId', 'node', 'nodeLabel', 'kind', 'status', 'entity', 'entityLabel', 'recordId', 'recordTitle', 'startedBy', 'createdAt', 'actedAt', 'action', 'actions', 'returnTargets'],
  properties: {
    id: { type: 'integer' },
    app: { type: 'string' },
    workflow: { type: 'string' },
    workflowLabel: { type: 'string' },
    instanceId: { type: 'integer' },
    node: { type: 'string' },
    nodeLabel: { type: 'string' },
    kind: { enum: ['approval', 'resubmit', 'cc'], description: '`cc`: an item of the CC box (抄送), open while unread' },
    status: { enum: ['open', 'waiting', 'done', 'cancelled'] },
    read: { type: 'boolean', description: 'CC items: whether I marked it read' },
    entity: { type: 'string' },
    entityLabel: { type: 'string' },
    recordId: { type: 'integer' },
    recordTitle: { type: 'string' },
    startedBy: nullableUser,
    createdAt: { type: 'string', format: 'date-time' },
    actedAt: { type: ['string', 'null'], format: 'date-time' },
    action: { type: ['string', 'null'] },
    actions: { type: 'array', items: { type: 'string' }, description: 'What the caller may do now; empty when the task is not open or not theirs' },
    returnTargets: {
      type: 'array',
      description: 'Where `return` may send the record back to (the submitter first)',
      items: { type: 'object', additionalProperties: false, required: ['node', 'label'], properties: { node: { type: 'string' }, label: { type: 'string' } } },
    },
  },
} as const;

const timelineEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'kind', 'node', 'nodeLabel', 'user', 'assignees', 'action', 'comment', 'durationMs'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    kind: { enum: ['started', 'entered', 'taskCreated', 'taskActed', 'timerFired', 'ended', 'adminAct'] },
    node: { type: ['string', 'null'] },
    nodeLabel: { type: ['string', 'null'] },
    user: nullableUser,
    assignees: { type: 'array', items: userSchema },
    action: { type: ['string', 'null'] },
    comment: { type: ['string', 'null'] },
    durationMs: { type: ['integer', 'null'] },
    target: { ...userSchema, description: 'transfer / addSigner: the user the task went to, or who was added' },
    position: { enum: ['before', 'after'], description: 'addSigner: before or after the holder' },
    attachments: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } } },
  },
} as const;

export const instanceViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'app', 'workflow', 'workflowLabel', 'version', 'entity', 'recordId', 'recordTitle', 'status', 'startedBy', 'startedAt', 'endedAt', 'openTasks', 'timeline'],
  properties: {
    id: { type: 'integer' },
    app: { type: 'string' },
    workflow: { type: 'string' },
    workflowLabel: { type: 'string' },
    version: { type: 'integer' },
    entity: { type: 'string' },
    recordId: { type: 'integer' },
    recordTitle: { type: 'string' },
    status: { enum: ['running', 'returned', 'approved', 'rejected', 'cancelled', 'completed'] },
    startedBy: nullableUser,
    startedAt: { type: 'string', format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    openTasks: { type: 'array', items: taskViewSchema },
    timeline: { type: 'array', items: timelineEntrySchema, description: 'Oldest first' },
  },
} as const;

const instanceWithSnapshotSchema = {
  ...instanceViewSchema,
  properties: {
    ...instanceViewSchema.properties,
    submitted: {
      type: 'object',
      additionalProperties: false,
      required: ['values', 'changed'],
      description: 'The record as it was submitted (only the fields the caller reads now) and the fields whose value changed since',
      properties: { values: { type: 'object', additionalProperties: true }, changed: { type: 'array', items: { type: 'string' } } },
    },
  },
} as const;

/** The snapshot taken at submission, cut to the fields the reader sees in `current`, with the fields changed since. */
function submittedSnapshot(snapshot: unknown, current: Readonly<Record<string, unknown>>): { values: Record<string, unknown>; changed: string[] } {
  const submitted = typeof snapshot === 'object' && snapshot !== null ? (snapshot as Record<string, unknown>) : {};
  const skip = new Set(['id', 'version', 'created_at', 'updated_at', 'created_by', 'updated_by']);
  const keys = Object.keys(submitted).filter((k) => k in current && !skip.has(k));
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return { values: Object.fromEntries(keys.map((k) => [k, submitted[k]])), changed: keys.filter((k) => !same(submitted[k], current[k])) };
}

const workflowParamsSchema = { type: 'object', required: ['app', 'workflow'], additionalProperties: false, properties: { ...appParamsSchema.properties, workflow: { type: 'string', pattern: keyPattern } } } as const;
const instanceParamsSchema = { type: 'object', required: ['app', 'id'], additionalProperties: false, properties: { ...appParamsSchema.properties, id: { type: 'string', pattern: idPattern } } } as const;
const taskActions = ['approve', 'reject', 'return', 'resubmit', 'transfer', 'addSigner', 'comment'] as const;
const actParamsSchema = { type: 'object', required: ['id', 'action'], additionalProperties: false, properties: { id: { type: 'string', pattern: idPattern }, action: { enum: taskActions } } } as const;

const startBodySchema = { type: 'object', required: ['recordId'], additionalProperties: false, properties: { recordId } } as const;
const actBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    comment: { type: 'string', maxLength: 2000, pattern: noNulPattern },
    toNode: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,100}$', description: 'Where `return` sends the record (one of the task\'s returnTargets)' },
    to: { type: 'integer', minimum: 1, maximum: 999_999_999_999_999, description: 'transfer / addSigner: the active user the task goes to, or who is added' },
    position: { enum: ['before', 'after'], default: 'before', description: 'addSigner: before (they approve first, then the task comes back) or after the holder' },
    attachments: { type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[0-9a-f-]{36}$' }, description: 'Ids of your own uploads (`POST /api/apps/:app/files`) that go with the comment' },
  },
} as const;
const cancelBodySchema = { type: ['object', 'null'], additionalProperties: false, properties: { reason: { type: 'string', maxLength: 2000, pattern: noNulPattern } } } as const;
const inboxQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    box: { enum: ['pending', 'done', 'cc'], default: 'pending' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'The `nextCursor` of the previous page' },
  },
} as const;

/** The caller with their roles in `app`, for tasks found by id (no `:app` in the URL). */
function actorIn(actor: RequestActor, app: string): Actor {
  return { ...actor, permissions: { subject: { ...actor.permissions.subject, roleKeys: rolesIn(actor.subject, app) } } };
}

function localeOf(request: FastifyRequest): Locale {
  return /^en\b/i.test(String(request.headers['accept-language'] ?? '')) ? 'en' : 'zh-CN';
}

export async function workflowRoutes(app: FastifyInstance, { runtime, workflows, views }: WorkflowRoutesOptions): Promise<void> {
  app.post<{ Params: AppParams & { workflow: string }; Body: { recordId: number } }>(
    '/api/apps/:app/workflows/:workflow/start',
    {
      schema: {
        operationId: 'startWorkflow',
        summary: 'Start a workflow on a record (a "Submit for approval" button)',
        tags,
        params: workflowParamsSchema,
        querystring: noQuerySchema,
        body: startBodySchema,
        response: { 201: instanceViewSchema },
      },
    },
    async (request, reply) => {
      requireOpen(request.actor, request.params.app);
      const started = await workflows.start(request.params.app, request.params.workflow, request.body.recordId, request.actor);
      return reply.code(201).send(await views.instanceView(started, request.actor.userId, localeOf(request)));
    },
  );

  app.get<{ Params: RecordParams }>(
    '/api/apps/:app/records/:entity/:id/workflows',
    {
      schema: {
        operationId: 'recordWorkflows',
        summary: 'The workflows of a record: which the caller may start now, and its instances, newest first',
        tags,
        params: recordParamsSchema,
        querystring: noQuerySchema,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['startable', 'instances'],
            properties: {
              startable: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['workflow', 'label'], properties: { workflow: { type: 'string' }, label: { type: 'string' } } } },
              instances: { type: 'array', items: instanceViewSchema },
            },
          },
        },
      },
    },
    async (request) => {
      const { app: appKey, entity } = request.params;
      const id = Number(request.params.id);
      requireOpen(request.actor, appKey);
      await runtime.records.get(appKey, entity, id, { fields: ['id'] }, request.actor);
      const locale = localeOf(request);
      const startable = await workflows.startable(appKey, entity, id, request.actor);
      const instances = await workflows.instancesOn(appKey, entity, id);
      return {
        startable: startable.map((w) => ({ workflow: w.key, label: w.label[locale] })),
        instances: await Promise.all(instances.map((row) => views.instanceView(row, request.actor.userId, locale))),
      };
    },
  );

  app.get<{ Params: AppParams & { id: string } }>(
    '/api/apps/:app/workflow-instances/:id',
    { schema: { operationId: 'workflowInstance', summary: 'A workflow instance: status, open tasks, timeline, and the record as submitted with the fields changed since', tags, params: instanceParamsSchema, querystring: noQuerySchema, response: { 200: instanceWithSnapshotSchema } } },
    async (request) => {
      requireOpen(request.actor, request.params.app);
      const row = await workflows.instance(Number(request.params.id));
      if (!row || row.app !== request.params.app) throw new InstanceNotFoundError(request.params.id);
      const current = await runtime.records.get(row.app, row.entity, row.recordId, {}, request.actor).catch((error: unknown) => {
        throw error instanceof Error && 'code' in error && (error.code === 'record.notFound' || error.code === 'permission.denied') ? new InstanceNotFoundError(request.params.id) : error;
      });
      return { ...(await views.instanceView(row, request.actor.userId, localeOf(request))), submitted: submittedSnapshot(row.state.variables['submitted'], current) };
    },
  );

  app.post<{ Params: AppParams & { id: string }; Body: { reason?: string } | null }>(
    '/api/apps/:app/workflow-instances/:id/cancel',
    { schema: { operationId: 'cancelWorkflowInstance', summary: 'Cancel a running instance (an administrator or whoever started it); kept in its timeline', tags, params: instanceParamsSchema, querystring: noQuerySchema, body: cancelBodySchema, response: { 200: instanceViewSchema } } },
    async (request) => {
      requireOpen(request.actor, request.params.app);
      const row = await workflows.cancel(request.params.app, Number(request.params.id), { ...request.actor, isAdmin: request.actor.subject.isAdmin }, request.body?.reason);
      return views.instanceView(row, request.actor.userId, localeOf(request));
    },
  );

  app.post<{ Params: AppParams & { id: string }; Body: { reason?: string } | null }>(
    '/api/apps/:app/workflow-instances/:id/withdraw',
    { schema: { operationId: 'withdrawWorkflowInstance', summary: 'The submitter withdraws the submission (撤回): the instance ends as cancelled and the record unlocks', tags, params: instanceParamsSchema, querystring: noQuerySchema, body: cancelBodySchema, response: { 200: instanceViewSchema } } },
    async (request) => {
      requireOpen(request.actor, request.params.app);
      const row = await workflows.withdraw(request.params.app, Number(request.params.id), request.actor, request.body?.reason);
      return views.instanceView(row, request.actor.userId, localeOf(request));
    },
  );

  app.post<{ Params: AppParams & { id: string } }>(
    '/api/apps/:app/workflow-instances/:id/urge',
    { schema: { operationId: 'urgeWorkflowInstance', summary: 'The submitter urges the current approvers (催办); each open task at most once an hour, else 429 task.urgedRecently', tags, params: instanceParamsSchema, querystring: noQuerySchema, body: emptyBodySchema, response: { 200: instanceViewSchema } } },
    async (request) => {
      requireOpen(request.actor, request.params.app);
      const row = await workflows.urge(request.params.app, Number(request.params.id), request.actor);
      return views.instanceView(row, request.actor.userId, localeOf(request));
    },
  );

  app.get<{ Querystring: { box: 'pending' | 'done' | 'cc'; limit: number; cursor?: string } }>(
    '/api/tasks',
    {
      schema: {
        operationId: 'taskInbox',
        summary: 'My tasks: pending (I hold them), done (I acted on them) or CC\'d to me, newest first, with counts',
        tags,
        querystring: inboxQuerySchema,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items', 'counts', 'nextCursor'],
            properties: {
              items: { type: 'array', items: taskViewSchema },
              counts: { type: 'object', additionalProperties: false, required: ['pending', 'done', 'cc', 'ccUnread'], properties: { pending: { type: 'integer' }, done: { type: 'integer' }, cc: { type: 'integer' }, ccUnread: { type: 'integer' } } },
              nextCursor: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
    async (request) => {
      const actor = request.actor;
      return views.inbox(actor.userId, (appKey) => actorIn(actor, appKey), request.query, localeOf(request));
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/cc-items/:id/read',
    { schema: { operationId: 'markCcRead', summary: 'Mark an item of my CC box read', tags, params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', pattern: idPattern } } }, querystring: noQuerySchema, body: emptyBodySchema, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      if (!(await views.markCcRead(request.actor.userId, Number(request.params.id), workflows.now))) throw new CcItemNotFoundError(request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string; action: TaskAction }; Body: ActBody | null }>(
    '/api/tasks/:id/:action',
    {
      schema: {
        operationId: 'actOnTask',
        summary: 'Approve, reject, return, resubmit, transfer, add a signer to or comment on a task I hold',
        tags,
        params: actParamsSchema,
        querystring: noQuerySchema,
        body: actBodySchema,
        response: { 200: { type: 'object', additionalProperties: false, required: ['task', 'instance'], properties: { task: taskViewSchema, instance: instanceViewSchema } } },
      },
    },
    async (request) => {
      const actor = request.actor;
      const { task, instance } = await workflows.act(Number(request.params.id), request.params.action, (appKey) => actorIn(actor, appKey), request.body ?? {});
      const locale = localeOf(request);
      return { task: await views.taskView(task, instance, actor.userId, locale), instance: await views.instanceView(instance, actor.userId, locale) };
    },
  );
}
