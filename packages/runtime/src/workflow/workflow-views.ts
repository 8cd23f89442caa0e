/**
 * What people see of workflows (the contract in docs of the HTTP API): an instance with its
 * open tasks and timeline, a task as the inbox lists it, and a user's inbox (pending, done, CC'd)
 * with counts. Labels are resolved in the reader's locale; the inbox shows only tasks on records
 * the reader can read.
 *
 * @example
 * const views = new WorkflowViews(service, { database, apps, policy });
 * await views.inbox(userId, (app) => actorIn(app), { box: 'pending', limit: 50 }, 'zh-CN');
 */
import { actionsOf } from '@pipewright/engines';
import type { Label } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { AppStore } from '../apps/app-store.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import type { AccessPolicy } from '../permissions/access-policy.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import type { Actor } from '../records/record-writer.ts';
import { toInstance, toTask, type InstanceRow, type TaskRow, type WorkflowService } from './workflow-service.ts';

export type Locale = 'zh-CN' | 'en';
export interface UserRef {
  id: number;
  name: string;
}

export interface TimelineEntry {
  at: string;
  kind: 'started' | 'entered' | 'taskCreated' | 'taskActed' | 'timerFired' | 'ended' | 'adminAct';
  node: string | null;
  nodeLabel: string | null;
  user: UserRef | null;
  assignees: UserRef[];
  action: string | null;
  comment: string | null;
  durationMs: number | null;
  /** transfer / addSigner: to whom; addSigner: before or after the holder. */
  target?: UserRef;
  position?: 'before' | 'after';
  attachments?: { id: string; name: string }[];
}

export interface TaskView {
  id: number;
  app: string;
  workflow: string;
  workflowLabel: string;
  instanceId: number;
  node: string;
  nodeLabel: string;
  /** `cc`: an item of the CC box (抄送), `status` open while unread. */
  kind: 'approval' | 'resubmit' | 'cc';
  status: 'open' | 'waiting' | 'done' | 'cancelled';
  /** CC items: whether the reader has marked it read. */
  read?: boolean;
  entity: string;
  entityLabel: string;
  recordId: number;
  recordTitle: string;
  startedBy: UserRef | null;
  createdAt: string;
  actedAt: string | null;
  action: string | null;
  actions: string[];
  returnTargets: { node: string; label: string }[];
}

export interface WorkflowInstanceView {
  id: number;
  app: string;
  workflow: string;
  workflowLabel: string;
  version: number;
  entity: string;
  recordId: number;
  recordTitle: string;
  status: 'running' | 'returned' | 'approved' | 'rejected' | 'cancelled' | 'completed';
  startedBy: UserRef | null;
  startedAt: string;
  endedAt: string | null;
  openTasks: TaskView[];
  timeline: TimelineEntry[];
}

export interface TaskInboxPage {
  items: TaskView[];
  counts: { pending: number; done: number; cc: number; ccUnread: number };
  nextCursor: string | null;
}

const submitterLabel: Label = { 'zh-CN': '提交人', en: 'Submitter' };

export class WorkflowViews {
  constructor(
    private readonly service: WorkflowService,
    private readonly context: { database: Database; apps: AppStore; policy: AccessPolicy },
  ) {}

  /** An instance with its open tasks (as `viewer` may act on them) and its timeline. */
  async instanceView(row: InstanceRow, viewer: number, locale: Locale): Promise<WorkflowInstanceView> {
    const tasks = await this.service.tasksOf(row.id);
    const definition = await this.service.definitionOf(row);
    const users = await this.#users([row.startedBy, ...tasks.flatMap((t) => [...t.userIds, t.actedBy]), ...row.state.history.flatMap((h) => [h.userId ?? null, h.toUserId ?? null])]);
    const files = await this.#fileNames(row.state.history.flatMap((h) => h.attachments ?? []));
    const byEngineId = new Map(tasks.map((t) => [t.engineId, t]));
    const nodeLabel = (id: string | null) => (id === null ? null : labelIn(definition.nodes.get(id)?.label, locale) ?? id);
    const timeline: TimelineEntry[] = [];
    for (const entry of row.state.history) {
      const base = { at: entry.at, node: entry.node, nodeLabel: nodeLabel(entry.node), user: null, assignees: [], action: null, comment: null, durationMs: null };
      const task = entry.taskId ? byEngineId.get(entry.taskId) : undefined;
      switch (entry.what) {
        case 'started':
          timeline.push({ ...base, kind: 'started', user: userOf(users, entry.userId) });
          break;
        case 'entered':
          timeline.push({ ...base, kind: 'entered' });
          break;
        case 'taskCreated':
          timeline.push({ ...base, kind: 'taskCreated', assignees: (task?.userIds ?? []).map((id) => users.get(id) ?? { id, name: String(id) }) });
          break;
        case 'acted': {
          const created = row.state.tasks.find((t) => t.id === entry.taskId)?.createdAt;
          timeline.push({
            ...base,
            kind: entry.action === 'cancel' ? 'adminAct' : 'taskActed',
            user: userOf(users, entry.userId),
            action: entry.action ?? null,
            comment: entry.comment ?? null,
            durationMs: created ? Date.parse(entry.at) - Date.parse(created) : null,
            ...(entry.toUserId !== undefined ? { target: userOf(users, entry.toUserId)! } : {}),
            ...(entry.position ? { position: entry.position } : {}),
            ...(entry.attachments ? { attachments: entry.attachments.map((id) => ({ id, name: files.get(id) ?? id })) } : {}),
          });
          break;
        }
        case 'urged':
          timeline.push({ ...base, kind: 'taskActed', user: userOf(users, entry.userId), action: 'urge' });
          break;
        case 'timedOut':
          timeline.push({ ...base, kind: 'timerFired' });
          break;
        case 'ended':
          timeline.push({ ...base, kind: 'ended', action: entry.status ?? null });
          break;
        default:
          break;
      }
    }
    const header = (await this.#headers([row], locale)).get(row.id)!;
    const open = tasks.filter((t) => t.status === 'open');
    return {
      ...header,
      openTasks: await Promise.all(open.map((t) => this.#taskViewWith(t, row, header, viewer, locale))),
      timeline,
    };
  }

  /** A task as `viewer` sees it: the actions they may take now, where `return` may go. */
  async taskView(task: TaskRow, row: InstanceRow, viewer: number, locale: Locale): Promise<TaskView> {
    return this.#taskViewWith(task, row, (await this.#headers([row], locale)).get(row.id)!, viewer, locale);
  }

  /**
   * A user's inbox: tasks they hold (pending), tasks they acted on (done), with counts; newest
   * first, 1–200 a page, `cursor` from the previous page. Tasks on records the user cannot read
   * are left out of the page.
   */
  async inbox(userId: number, actorIn: (app: string) => Actor, query: { box?: 'pending' | 'done' | 'cc'; limit?: number; cursor?: string | undefined }, locale: Locale): Promise<TaskInboxPage> {
    const db = this.context.database.db;
    const box = query.box ?? 'pending';
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { rows: countRows } = await sql<{ pending: number; done: number; cc: number; cc_unread: number }>`
      SELECT (SELECT count(*)::int FROM pipewright.workflow_task_holders WHERE user_id = ${userId} AND status = 'open') AS pending,
             (SELECT count(*)::int FROM pipewright.workflow_tasks WHERE acted_by = ${userId}) AS done,
             (SELECT count(*)::int FROM pipewright.workflow_cc WHERE user_id = ${userId}) AS cc,
             (SELECT count(*)::int FROM pipewright.workflow_cc WHERE user_id = ${userId} AND read_at IS NULL) AS cc_unread`.execute(db);
    const counts = { pending: countRows[0]!.pending, done: countRows[0]!.done, cc: countRows[0]!.cc, ccUnread: countRows[0]!.cc_unread };
    if (box === 'cc') return this.#ccBox(userId, actorIn, limit, before, counts, locale);
    const { rows } =
      box === 'pending'
        ? await sql<Parameters<typeof toTask>[0]>`
            SELECT t.* FROM pipewright.workflow_task_holders h JOIN pipewright.workflow_tasks t ON t.id = h.task
             WHERE h.user_id = ${userId} AND h.status = 'open' ${before !== undefined ? sql`AND h.task < ${before}` : sql``}
             ORDER BY h.task DESC LIMIT ${limit + 1}`.execute(db)
        : await sql<Parameters<typeof toTask>[0]>`
            SELECT t.* FROM pipewright.workflow_tasks t
             WHERE t.acted_by = ${userId} ${before !== undefined ? sql`AND t.id < ${before}` : sql``}
             ORDER BY t.id DESC LIMIT ${limit + 1}`.execute(db);
    const page = rows.slice(0, limit).map(toTask);
    const instances = await this.#instances(db, [...new Set(page.map((t) => t.instance))]);
    const visible = await this.#visible([...instances.values()], actorIn);
    const headers = await this.#headers([...instances.values()], locale);
    const items: TaskView[] = [];
    for (const task of page) {
      const row = instances.get(task.instance);
      if (!row || !visible.has(row.id)) continue;
      items.push(await this.#taskViewWith(task, row, headers.get(row.id)!, userId, locale));
    }
    return { items, counts, nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null };
  }

  /** The CC box: items copied to the user, newest first, each with its read mark. */
  async #ccBox(userId: number, actorIn: (app: string) => Actor, limit: number, before: number | undefined, counts: TaskInboxPage['counts'], locale: Locale): Promise<TaskInboxPage> {
    const db = this.context.database.db;
    const { rows } = await sql<{ id: number | string; instance: number | string; node: string; created_at: Date | string; read_at: Date | string | null }>`
      SELECT id, instance, node, created_at, read_at FROM pipewright.workflow_cc
       WHERE user_id = ${userId} ${before !== undefined ? sql`AND id < ${before}` : sql``}
       ORDER BY id DESC LIMIT ${limit + 1}`.execute(db);
    const page = rows.slice(0, limit);
    const instances = await this.#instances(db, [...new Set(page.map((r) => Number(r.instance)))]);
    const visible = await this.#visible([...instances.values()], actorIn);
    const headers = await this.#headers([...instances.values()], locale);
    const items: TaskView[] = [];
    for (const cc of page) {
      const row = instances.get(Number(cc.instance));
      if (!row || !visible.has(row.id)) continue;
      const read = cc.read_at !== null;
      const asTask: TaskRow = { id: Number(cc.id), instance: row.id, engineId: '', node: cc.node, kind: 'approval', userIds: [], status: read ? 'done' : 'open', actedBy: null, action: null, comment: null, createdAt: new Date(cc.created_at), actedAt: read ? new Date(cc.read_at!) : null };
      items.push({ ...(await this.#taskViewWith(asTask, row, headers.get(row.id)!, userId, locale)), kind: 'cc', read });
    }
    return { items, counts, nextCursor: rows.length > limit ? encodeCursor(Number(page.at(-1)!.id)) : null };
  }

  /** Marks a CC item of the user read; false when there is no such item of theirs. */
  async markCcRead(userId: number, id: number, at: Date): Promise<boolean> {
    const { rows } = await sql`UPDATE pipewright.workflow_cc SET read_at = COALESCE(read_at, ${at}) WHERE id = ${id} AND user_id = ${userId} RETURNING id`.execute(this.context.database.db);
    return rows.length > 0;
  }

  async #taskViewWith(task: TaskRow, row: InstanceRow, header: Header, viewer: number, locale: Locale): Promise<TaskView> {
    const definition = await this.service.definitionOf(row);
    const holds = task.status === 'open' && task.userIds.includes(viewer) && (row.status === 'running' || row.status === 'returned');
    const engineTask = row.state.tasks.find((t) => t.id === task.engineId);
    return {
      id: task.id,
      app: row.app,
      workflow: row.workflow,
      workflowLabel: header.workflowLabel,
      instanceId: row.id,
      node: task.node,
      nodeLabel: labelIn(definition.nodes.get(task.node)?.label, locale) ?? task.node,
      kind: task.kind,
      status: task.status,
      entity: row.entity,
      entityLabel: header.entityLabel,
      recordId: row.recordId,
      recordTitle: header.recordTitle,
      startedBy: header.startedBy,
      createdAt: task.createdAt.toISOString(),
      actedAt: task.actedAt?.toISOString() ?? null,
      action: task.action,
      actions: holds ? actionsOf({ kind: task.kind, ...(engineTask?.signerFor ? { signerFor: engineTask.signerFor } : {}) }) : [],
      returnTargets: holds && task.kind === 'approval' && definition.trigger ? [{ node: definition.trigger.id, label: submitterLabel[locale] }] : [],
    };
  }

  async #instances(db: Kysely<DynamicTables>, ids: number[]): Promise<Map<number, InstanceRow>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<Parameters<typeof toInstance>[0]>`SELECT * FROM pipewright.workflow_instances WHERE id IN (${sql.join(ids)})`.execute(db);
    return new Map(rows.map((r) => [Number(r.id), toInstance(r)]));
  }

  /** Which instances' records the reader can read: one query per app and entity. */
  async #visible(rows: InstanceRow[], actorIn: (app: string) => Actor): Promise<Set<number>> {
    const visible = new Set<number>();
    const groups = new Map<string, InstanceRow[]>();
    for (const row of rows) groups.set(`${row.app}/${row.entity}`, [...(groups.get(`${row.app}/${row.entity}`) ?? []), row]);
    for (const group of groups.values()) {
      const { app, entity } = group[0]!;
      let model;
      try {
        model = await this.context.apps.model(app);
        model.entity(entity);
      } catch {
        continue;
      }
      const actor = actorIn(app);
      const guard = new RecordGuard(this.context.policy, model, actor.permissions, new Date(), actor.timeZone).for(entity);
      let condition;
      try {
        if (!guard.unrestricted) guard.require(entity, 'read');
        condition = guard.condition(entity, 'read', 't');
      } catch {
        continue;
      }
      const ids = [...new Set(group.map((r) => r.recordId))];
      const { rows: found } = await sql<{ id: number | string }>`
        SELECT t.id FROM ${sql.table(`${model.schema}.${entity}`)} t WHERE t.id IN (${sql.join(ids)}) AND t.deleted_at IS NULL${condition ? sql` AND ${condition}` : sql``}`.execute(this.context.database.db);
      const ok = new Set(found.map((r) => Number(r.id)));
      for (const row of group) if (ok.has(row.recordId)) visible.add(row.id);
    }
    return visible;
  }

  /** Labels, record titles and starters of instances: one title query per app and entity. */
  async #headers(rows: InstanceRow[], locale: Locale): Promise<Map<number, Header>> {
    const users = await this.#users(rows.map((r) => r.startedBy));
    const titles = new Map<string, string>();
    const groups = new Map<string, InstanceRow[]>();
    for (const row of rows) groups.set(`${row.app}/${row.entity}`, [...(groups.get(`${row.app}/${row.entity}`) ?? []), row]);
    for (const group of groups.values()) {
      const { app, entity: entityKey } = group[0]!;
      const model = await this.context.apps.model(app);
      const entity = model.catalog.entity(entityKey);
      if (!entity?.titleField) continue;
      const ids = [...new Set(group.map((r) => r.recordId))];
      const { rows: found } = await sql<{ id: number | string; title: unknown }>`
        SELECT id, ${sql.id(entity.titleField)} AS title FROM ${sql.table(`${model.schema}.${entityKey}`)} WHERE id IN (${sql.join(ids)})`.execute(this.context.database.db);
      for (const r of found) if (r.title !== null && r.title !== undefined) titles.set(`${app}/${entityKey}/${Number(r.id)}`, String(r.title));
    }
    const headers = new Map<number, Header>();
    for (const row of rows) {
      const definition = await this.service.definitionOf(row);
      const model = await this.context.apps.model(row.app);
      const entity = model.catalog.entity(row.entity);
      headers.set(row.id, {
        id: row.id,
        app: row.app,
        workflow: row.workflow,
        workflowLabel: labelIn(definition.workflow.label, locale) ?? row.workflow,
        version: row.version,
        entity: row.entity,
        entityLabel: labelIn(entity?.label, locale) ?? row.entity,
        recordId: row.recordId,
        recordTitle: titles.get(`${row.app}/${row.entity}/${row.recordId}`) ?? `#${row.recordId}`,
        status: row.status === 'created' ? 'running' : row.status,
        startedBy: userOf(users, row.startedBy ?? undefined),
        startedAt: row.startedAt.toISOString(),
        endedAt: row.endedAt?.toISOString() ?? null,
      });
    }
    return headers;
  }

  async #fileNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ id: string; name: string }>`SELECT id, name FROM pipewright.files WHERE id IN (${sql.join([...new Set(ids)])})`.execute(this.context.database.db);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async #users(ids: readonly (number | null | undefined)[]): Promise<Map<number, UserRef>> {
    const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
    if (wanted.length === 0) return new Map();
    const { rows } = await sql<{ id: number | string; name: string }>`SELECT id, name FROM pipewright.users WHERE id IN (${sql.join(wanted)})`.execute(this.context.database.db);
    return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), name: r.name }]));
  }
}

type Header = Omit<WorkflowInstanceView, 'openTasks' | 'timeline'> & { entityLabel: string };

function labelIn(label: Label | undefined, locale: Locale): string | undefined {
  return label?.[locale];
}

function userOf(users: Map<number, UserRef>, id: number | undefined): UserRef | null {
  if (id === undefined) return null;
  return users.get(id) ?? { id, name: String(id) };
}

function encodeCursor(id: number): string {
  return Buffer.from(`t:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number | undefined {
  const match = /^t:([1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}
