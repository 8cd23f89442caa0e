/**
 * Workflows on a database: starting an instance on a record, acting on its tasks, firing its
 * timers and cancelling it, each as one step of the pure engine (`step`, decision 090) applied in
 * one transaction with its effects (decision 091):
 *
 * 1. read the instance row (state, `step_no`) and the record;
 * 2. `step(definition, state, event)`; a refusal is an error with the engine's code (4xx);
 * 3. claim: `UPDATE … SET state = $new, step_no = step_no + 1 WHERE id = $id AND step_no = $seen`;
 *    no row means another step won: roll back, read again and step again (a task acted on by the
 *    winner is then refused as `task.done`);
 * 4. perform the effects in the same transaction (tasks, record writes, timers, notifications).
 *
 * Who may act is checked before the step: the caller must read the record and hold the task.
 *
 * @example
 * const workflows = new WorkflowService({ database, apps, records, directory, notifications, jobs });
 * const started = await workflows.start('crm', 'discount_approval', 12, actor);
 * await workflows.act(started.openTasks[0].id, 'approve', managerActor, { comment: '同意' });
 */
import { evaluateCondition, newInstance, parseExpression, prepareWorkflow, step, type TaskAction, type WorkflowDefinition, type WorkflowEvent, type WorkflowInstance } from '@pipewright/engines';
import { Catalog, type AppBundle, type Workflow } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import { postgresErrorCode, type Database, type DynamicTables } from '../database/index.ts';
import type { Directory } from '../identity/directory.ts';
import type { OrgChart } from '../identity/org-chart.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Notifications } from '../notifications/notifications.ts';
import { RecordNotFoundError } from '../records/errors.ts';
import { readMany, type Actor, type RecordData } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import type { RecordEvent, RecordEventKind } from '../automation/record-events.ts';
import { closeTask, performEffects, workflowTimerQueue, type WorkflowTimerJob } from './workflow-effects.ts';
import { attachApprovalFiles, checkApprovalFiles, requireActiveUser } from './workflow-act-checks.ts';
import { InstanceBusyError, InstanceNotFoundError, InstanceNotYoursError, StepRefusedError, TaskNotYoursError, TaskUnknownError, WorkflowAlreadyRunningError, WorkflowConditionNotMetError, WorkflowNotFoundError } from './workflow-errors.ts';

type Executor = Kysely<DynamicTables>;

export interface WorkflowServiceOptions {
  database: Database;
  apps: AppStore;
  records: Records;
  /** The people directory: managers, roles and display names of assignees. */
  directory: Directory;
  /** Where `notify` and reminders go; without it they are skipped. */
  notifications?: Notifications | undefined;
  /** Durable timers (timeouts, reminders); without it timers fire only through `fireDueTimers`. */
  jobs?: JobQueue | undefined;
  /** The clock of events (default: the system clock); tests move it. */
  now?: () => Date;
  logError?: (message: string, details: Record<string, unknown>) => void;
}

/** One instance row as stored. */
export interface InstanceRow {
  id: number;
  app: string;
  workflow: string;
  version: number;
  appVersion: string;
  entity: string;
  recordId: number;
  status: WorkflowInstance['status'];
  state: WorkflowInstance;
  stepNo: number;
  startedBy: number | null;
  startedAt: Date;
  endedAt: Date | null;
}

/** One task row as stored. */
export interface TaskRow {
  id: number;
  instance: number;
  engineId: string;
  node: string;
  kind: 'approval' | 'resubmit';
  userIds: number[];
  status: 'open' | 'waiting' | 'done' | 'cancelled';
  actedBy: number | null;
  action: string | null;
  comment: string | null;
  createdAt: Date;
  actedAt: Date | null;
}

export interface ActBody {
  comment?: string | undefined;
  toNode?: string | undefined;
  /** transfer / addSigner: the active user the task goes to, or who is added. */
  to?: number | undefined;
  position?: 'before' | 'after' | undefined;
  /** Ids of the caller's own uploads (files API) not yet on any record. */
  attachments?: string[] | undefined;
}

/** The actions after which the acted task's row is closed (the others keep it open or waiting). */
const closingActions = new Set<string>(['approve', 'reject', 'return', 'resubmit']);

/** Steps of one instance tried before giving up to concurrent winners. */
const maxClaims = 8;

/** Another step claimed the instance first; the transaction rolls back and the step is retried. */
class ClaimLost extends Error {}

export class WorkflowService {
  readonly #options: WorkflowServiceOptions;
  readonly #definitions = new Map<string, WorkflowDefinition>();
  #worker: string | undefined;

  constructor(options: WorkflowServiceOptions) {
    this.#options = options;
  }

  get now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Defines the timer queue and runs its worker in this process (needs `jobs`). */
  async startTimers(): Promise<void> {
    const jobs = this.#options.jobs;
    if (!jobs || this.#worker) return;
    await jobs.defineQueue({ name: workflowTimerQueue, retryLimit: 5, retryDelaySeconds: 2, retryBackoff: true });
    this.#worker = await jobs.work<WorkflowTimerJob>(workflowTimerQueue, async (job) => {
      await this.fireTimer(job.data.instance, job.data.timer);
    });
  }

  async stopTimers(): Promise<void> {
    if (this.#worker && this.#options.jobs) await this.#options.jobs.offWork(this.#worker).catch(() => undefined);
    this.#worker = undefined;
  }

  /** The published workflows of an app's current version. */
  async workflowsOf(app: string, entity?: string): Promise<Workflow[]> {
    const model = await this.#options.apps.model(app);
    return (model.bundle.workflows ?? []).filter((w) => w.enabled !== false && (entity === undefined || w.entity === entity));
  }

  /**
   * Starts `workflow` on a record. `actor` must read the record and may update it (a trusted
   * actor without permissions always may: record events). Refused with 409 when the workflow is
   * already running on the record or its trigger condition does not hold.
   */
  async start(app: string, workflowKey: string, recordId: number, actor: Actor): Promise<InstanceRow> {
    const model = await this.#options.apps.model(app);
    const workflow = (model.bundle.workflows ?? []).find((w) => w.key === workflowKey && w.enabled !== false) ?? throwError(new WorkflowNotFoundError(app, workflowKey));
    if (actor.permissions) {
      await this.#options.records.get(app, workflow.entity, recordId, {}, actor);
      await this.#options.records.authorize(app, workflow.entity, recordId, 'update', actor);
    }
    const org = await this.#orgChart();
    try {
      return await this.#options.database.db.transaction().execute(async (trx) => (await this.#startIn(trx, model, workflow, recordId, actor.userId, false, org))!);
    } catch (error) {
      // Two starts at once: the unique index of open instances lets one through.
      if (postgresErrorCode(error) === '23505') throw new WorkflowAlreadyRunningError(workflow.key, recordId);
      throw error;
    }
  }

  /**
   * Starts in `trx`. `quiet` (record events): a false condition or a running instance starts
   * nothing and answers undefined instead of refusing.
   */
  async #startIn(trx: Executor, model: AppModel, workflow: Workflow, recordId: number, initiator: number | null, quiet: boolean, org: OrgChart): Promise<InstanceRow | undefined> {
    const definition = this.#definition(model.bundle, workflow);
    // The record's row lock orders this start after (or before) any write to the record.
    const [record] = await readMany(trx, model, model.entity(workflow.entity), [recordId], { lock: true });
    if (!record) {
      if (quiet) return undefined;
      throw new RecordNotFoundError(workflow.entity, recordId);
    }
    const at = this.now;
    const condition = 'condition' in workflow.trigger ? workflow.trigger.condition : undefined;
    if (condition && !evaluateCondition(parseExpression(condition), { record, now: at, timeZone: definition.timeZone })) {
      if (quiet) return undefined;
      throw new WorkflowConditionNotMetError(workflow.key, recordId);
    }
    const running = await sql`SELECT 1 FROM pipewright.workflow_instances WHERE app = ${model.key} AND workflow = ${workflow.key} AND record_id = ${recordId} AND status IN ('created', 'running', 'returned')`.execute(trx);
    if (running.rows.length > 0) {
      if (quiet) return undefined;
      throw new WorkflowAlreadyRunningError(workflow.key, recordId);
    }
    const { rows } = await sql<{ id: number | string }>`SELECT nextval(pg_get_serial_sequence('pipewright.workflow_instances', 'id')) AS id`.execute(trx);
    const id = Number(rows[0]!.id);
    const event: WorkflowEvent = { type: 'start', at: at.toISOString(), record, initiator };
    const result = step(definition, newInstance(String(id), definition), event);
    if (!result.ok) throw new StepRefusedError(result.refusal);
    const locks = workflow.nodes.every((n) => n.type !== 'approval' || n.config.lockRecord !== false);
    await sql`
      INSERT INTO pipewright.workflow_instances (id, app, workflow, version, app_version, entity, record_id, status, locks_record, state, step_no, started_by, started_at, ended_at)
      VALUES (${id}, ${model.key}, ${workflow.key}, ${workflow.version}, ${model.version}, ${workflow.entity}, ${recordId}, ${result.instance.status}, ${locks},
              ${JSON.stringify(result.instance)}::jsonb, 1, ${initiator}, ${at}, ${endedAt(result.instance, at)})`.execute(trx);
    await this.#perform(trx, model, { id, entity: workflow.entity, recordId }, record, result.instance, result.effects, initiator, 1, at, org);
    return this.#instance(trx, id);
  }

  /**
   * Whether a record event starts a workflow: its trigger is the event's kind (`create`,
   * `update`, `delete`), or `fieldChange` of a changed field. Events of automation's own writes
   * (depth > 0, such as a workflow's `updateRecord`) start none, so a workflow never restarts itself.
   */
  triggeredBy(model: AppModel, event: { entity: string; kind: RecordEventKind; changed: string[] | null; depth?: number }): boolean {
    return this.#triggered(model, event).length > 0;
  }

  #triggered(model: AppModel, event: { entity: string; kind: RecordEventKind; changed: string[] | null; depth?: number }): Workflow[] {
    if ((event.depth ?? 0) > 0) return [];
    return (model.bundle.workflows ?? []).filter((w) => {
      if (w.entity !== event.entity || w.enabled === false) return false;
      const on = w.trigger.on;
      if (on === 'fieldChange') return event.kind === 'update' && 'fields' in w.trigger && w.trigger.fields.some((f) => event.changed?.includes(f));
      return on === event.kind;
    });
  }

  /**
   * Starts the workflows a committed record event triggers, each at most once per event: the
   * start claims `(event, "workflow:<key>")` in the automation log in its transaction, so a
   * retried or duplicated job starts nothing twice. Answers the errors of starts that failed.
   */
  async startFor(event: RecordEvent): Promise<string[]> {
    const model = await this.#options.apps.model(event.app);
    const failures: string[] = [];
    const triggered = this.#triggered(model, event);
    const org = triggered.length > 0 ? await this.#orgChart() : undefined;
    for (const workflow of triggered) {
      const run = `workflow:${workflow.key}`;
      try {
        await this.#options.database.db.transaction().execute(async (trx) => {
          const { rows } = await sql`
            INSERT INTO pipewright.automation_runs (event_id, app, ruleset, entity, record_id, status)
            VALUES (${event.id}, ${event.app}, ${run}, ${event.entity}, ${event.recordId}, 'done')
            ON CONFLICT (event_id, ruleset) DO NOTHING RETURNING id`.execute(trx);
          if (rows.length === 0) return;
          const started = await this.#startIn(trx, model, workflow, event.recordId, event.actor, true, org!);
          await sql`UPDATE pipewright.automation_runs SET matched = ${JSON.stringify(started ? [workflow.key] : [])}::jsonb,
                      effects = ${JSON.stringify(started ? [{ kind: 'startWorkflow', ruleset: run, rule: workflow.key, result: `started instance ${started.id}` }] : [])}::jsonb
                     WHERE event_id = ${event.id} AND ruleset = ${run}`.execute(trx);
        });
      } catch (error) {
        if (postgresErrorCode(error) === '23505') continue; // started by a concurrent write's event
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${run} on event ${event.id}: ${message}`);
        this.#options.logError?.('workflow start failed', { app: event.app, event: event.id, workflow: workflow.key, error: message });
      }
    }
    return failures;
  }

  /**
   * The manual workflows `actor` could start on a record now: published on its entity, the
   * trigger's condition holds, none running on it, and the actor may update the record.
   */
  async startable(app: string, entity: string, recordId: number, actor: Actor): Promise<Workflow[]> {
    const model = await this.#options.apps.model(app);
    const manual = (model.bundle.workflows ?? []).filter((w) => w.entity === entity && w.enabled !== false && w.trigger.on === 'manual');
    if (manual.length === 0) return [];
    try {
      await this.#options.records.authorize(app, entity, recordId, 'update', actor);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'permission.denied') return [];
      throw error;
    }
    const [record] = await readMany(this.#options.database.db, model, model.entity(entity), [recordId]);
    if (!record) return [];
    const { rows } = await sql<{ workflow: string }>`SELECT workflow FROM pipewright.workflow_instances WHERE app = ${app} AND entity = ${entity} AND record_id = ${recordId} AND status IN ('created', 'running', 'returned')`.execute(this.#options.database.db);
    const running = new Set(rows.map((r) => r.workflow));
    return manual.filter((w) => {
      if (running.has(w.key)) return false;
      const condition = 'condition' in w.trigger ? w.trigger.condition : undefined;
      return !condition || evaluateCondition(parseExpression(condition), { record, now: this.now, timeZone: this.#definition(model.bundle, w).timeZone });
    });
  }

  /**
   * Acts on a task. `actorIn(app)` is the caller with their permissions in the task's app: they
   * must read the record (else 404 `task.unknown`) and hold the task (else 403 `task.notYours`).
   */
  async act(taskId: number, action: TaskAction, actorIn: (app: string) => Actor, body: ActBody = {}): Promise<{ task: TaskRow; instance: InstanceRow }> {
    const task = await this.task(taskId);
    if (!task) throw new TaskUnknownError(taskId);
    const row = (await this.#instance(this.#options.database.db, task.instance))!;
    const actor = actorIn(row.app);
    await this.#requireReadable(row, actor, () => new TaskUnknownError(taskId));
    if (!task.userIds.includes(actor.userId)) throw new TaskNotYoursError(taskId);
    if (body.toNode !== undefined) {
      const trigger = (await this.#definitionOf(row)).trigger;
      if (action !== 'return' || body.toNode !== trigger?.id) {
        throw new StepRefusedError({ code: 'task.wrongAction', message: action !== 'return' ? 'toNode goes only with return' : `a task can be returned to the submitter ("${trigger?.id ?? 'start'}") only` }, '/toNode');
      }
    }
    if (body.to !== undefined) await requireActiveUser(this.#options.database.db, body.to, task.userIds);
    const attachments = body.attachments?.length ? await checkApprovalFiles(this.#options.database.db, row, body.attachments, actor.userId) : undefined;
    const closes = closingActions.has(action) || (action === 'addSigner' && body.position === 'after');
    const instance = await this.#stepInstance(task.instance, actor.userId, (state, record, at): WorkflowEvent => ({
      type: 'taskActed',
      at: at.toISOString(),
      record,
      taskId: task.engineId,
      userId: actor.userId,
      action,
      ...(body.comment !== undefined ? { comment: body.comment } : {}),
      ...(attachments ? { attachments } : {}),
      ...(body.to !== undefined ? { to: body.to } : {}),
      ...(body.position !== undefined ? { position: body.position } : {}),
    }), async (trx, at) => {
      if (closes) await closeTask(trx, task.instance, task.engineId, { status: 'done', at, by: actor.userId, action, comment: body.comment ?? null });
      if (attachments) await attachApprovalFiles(trx, row, attachments);
    });
    return { task: (await this.task(taskId))!, instance };
  }

  /** Cancels a running instance (an administrator or whoever started it); audited in its timeline. */
  async cancel(app: string, instanceId: number, actor: Actor & { isAdmin?: boolean }, reason?: string): Promise<InstanceRow> {
    const row = await this.instance(instanceId);
    if (!row || row.app !== app) throw new InstanceNotFoundError(instanceId);
    await this.#requireReadable(row, actor, () => new InstanceNotFoundError(instanceId));
    if (!actor.isAdmin && row.startedBy !== actor.userId) throw new InstanceNotYoursError(instanceId);
    return this.#stepInstance(instanceId, actor.userId, (_state, record, at) => ({ type: 'cancel', at: at.toISOString(), record, userId: actor.userId, ...(reason ? { reason } : {}) }));
  }

  /** The submitter takes the submission back (撤回): the instance ends as cancelled, its tasks close, the record unlocks. */
  async withdraw(app: string, instanceId: number, actor: Actor, reason?: string): Promise<InstanceRow> {
    const row = await this.instance(instanceId);
    if (!row || row.app !== app) throw new InstanceNotFoundError(instanceId);
    await this.#requireReadable(row, actor, () => new InstanceNotFoundError(instanceId));
    if (row.startedBy !== actor.userId) throw new InstanceNotYoursError(instanceId, 'withdraw');
    return this.#stepInstance(instanceId, actor.userId, (_state, record, at) => ({ type: 'withdraw', at: at.toISOString(), record, userId: actor.userId, ...(reason ? { reason } : {}) }));
  }

  /** The submitter presses the current approvers (催办): each open task at most once an hour (429 `task.urgedRecently`). */
  async urge(app: string, instanceId: number, actor: Actor): Promise<InstanceRow> {
    const row = await this.instance(instanceId);
    if (!row || row.app !== app) throw new InstanceNotFoundError(instanceId);
    await this.#requireReadable(row, actor, () => new InstanceNotFoundError(instanceId));
    if (row.startedBy !== actor.userId) throw new InstanceNotYoursError(instanceId, 'urge');
    return this.#stepInstance(instanceId, actor.userId, (_state, record, at) => ({ type: 'urge', at: at.toISOString(), record, userId: actor.userId }));
  }

  /** A timer is due (its job fired): steps the instance; a timer already done changes nothing. */
  async fireTimer(instanceId: number, timerId: string): Promise<void> {
    try {
      await this.#stepInstance(instanceId, null, (_state, record, at) => ({ type: 'timerFired', at: at.toISOString(), record, timerId }));
    } catch (error) {
      if (error instanceof StepRefusedError || error instanceof InstanceNotFoundError || error instanceof RecordNotFoundError) return;
      throw error;
    }
  }

  /** Fires every scheduled timer due by the service's clock (tests with a controlled clock, and a sweep after downtime). */
  async fireDueTimers(): Promise<number> {
    const { rows } = await sql<{ id: number | string; timer: string }>`
      SELECT i.id, t->>'id' AS timer FROM pipewright.workflow_instances i, jsonb_array_elements(i.state->'timers') t
       WHERE i.status IN ('running', 'returned') AND t->>'status' = 'scheduled' AND (t->>'at')::timestamptz <= ${this.now}
       ORDER BY (t->>'at')::timestamptz`.execute(this.#options.database.db);
    for (const row of rows) await this.fireTimer(Number(row.id), row.timer);
    return rows.length;
  }

  async instance(id: number): Promise<InstanceRow | undefined> {
    return this.#instance(this.#options.database.db, id);
  }

  async task(id: number): Promise<TaskRow | undefined> {
    const { rows } = await sql<RawTask>`SELECT * FROM pipewright.workflow_tasks WHERE id = ${id}`.execute(this.#options.database.db);
    return rows[0] ? toTask(rows[0]) : undefined;
  }

  async tasksOf(instanceId: number): Promise<TaskRow[]> {
    const { rows } = await sql<RawTask>`SELECT * FROM pipewright.workflow_tasks WHERE instance = ${instanceId} ORDER BY id`.execute(this.#options.database.db);
    return rows.map(toTask);
  }

  /** The instances on a record, newest first. */
  async instancesOn(app: string, entity: string, recordId: number): Promise<InstanceRow[]> {
    const { rows } = await sql<RawInstance>`SELECT * FROM pipewright.workflow_instances WHERE app = ${app} AND entity = ${entity} AND record_id = ${recordId} ORDER BY id DESC LIMIT 100`.execute(this.#options.database.db);
    return rows.map(toInstance);
  }

  /** The prepared definition an instance runs on: its own published version's graph. */
  async definitionOf(row: InstanceRow): Promise<WorkflowDefinition> {
    return this.#definitionOf(row);
  }

  async #definitionOf(row: InstanceRow): Promise<WorkflowDefinition> {
    const current = await this.#options.apps.model(row.app);
    let bundle: AppBundle = current.bundle;
    if (current.version !== row.appVersion) {
      const { rows } = await sql<{ bundle: unknown }>`SELECT bundle FROM pipewright.app_versions WHERE app = ${row.app} AND version = ${row.appVersion}`.execute(this.#options.database.db);
      if (rows[0]) bundle = (typeof rows[0].bundle === 'string' ? JSON.parse(rows[0].bundle) : rows[0].bundle) as AppBundle;
    }
    const workflow = (bundle.workflows ?? []).find((w) => w.key === row.workflow) ?? throwError(new WorkflowNotFoundError(row.app, row.workflow));
    return this.#definition(bundle, workflow);
  }

  #definition(bundle: AppBundle, workflow: Workflow): WorkflowDefinition {
    const key = `${bundle.app.key}@${bundle.app.version}/${workflow.key}`;
    let definition = this.#definitions.get(key);
    if (!definition) {
      definition = prepareWorkflow(workflow, new Catalog(bundle));
      this.#definitions.set(key, definition);
    }
    return definition;
  }

  async #requireReadable(row: InstanceRow, actor: Actor, notFound: () => Error): Promise<void> {
    if (!actor.permissions) return;
    try {
      await this.#options.records.authorize(row.app, row.entity, row.recordId, 'read', actor);
    } catch (error) {
      if (error instanceof RecordNotFoundError || (error instanceof Error && 'code' in error && error.code === 'permission.denied')) throw notFound();
      throw error;
    }
  }

  /**
   * One step of an instance, claimed by its step counter and retried when another step won.
   * `after` runs in the winning transaction after the effects (closing the acted task).
   */
  async #stepInstance(instanceId: number, actorId: number | null, eventOf: (state: WorkflowInstance, record: RecordData, at: Date) => WorkflowEvent, after?: (trx: Executor, at: Date) => Promise<void>): Promise<InstanceRow> {
    // Everything that may read through another connection is loaded before the transaction
    // holds one (a step waiting for a second connection of a busy pool would never finish).
    const seen = await this.instance(instanceId);
    if (!seen) throw new InstanceNotFoundError(instanceId);
    const model = await this.#options.apps.model(seen.app);
    const definition = await this.#definitionOf(seen);
    const org = await this.#orgChart();
    for (let attempt = 0; attempt < maxClaims; attempt++) {
      try {
        return await this.#options.database.db.transaction().execute(async (trx) => {
          const row = (await this.#instance(trx, instanceId))!;
          const [record] = await readMany(trx, model, model.entity(row.entity), [row.recordId]);
          if (!record) throw new RecordNotFoundError(row.entity, row.recordId);
          const at = this.now;
          const result = step(definition, row.state, eventOf(row.state, record, at));
          if (!result.ok) throw new StepRefusedError(result.refusal);
          const claimed = await sql`
            UPDATE pipewright.workflow_instances SET state = ${JSON.stringify(result.instance)}::jsonb, step_no = step_no + 1, status = ${result.instance.status}, ended_at = ${endedAt(result.instance, at)}
             WHERE id = ${instanceId} AND step_no = ${row.stepNo} RETURNING id`.execute(trx);
          if (claimed.rows.length === 0) throw new ClaimLost();
          await this.#perform(trx, model, { id: instanceId, entity: row.entity, recordId: row.recordId }, record, result.instance, result.effects, actorId, row.stepNo + 1, at, org);
          await after?.(trx, at);
          return (await this.#instance(trx, instanceId))!;
        });
      } catch (error) {
        if (!(error instanceof ClaimLost)) throw error;
      }
    }
    throw new InstanceBusyError(instanceId);
  }

  /** The org chart (cached by the directory), also handed to the permission compiler when it changed. */
  #orgChart(): Promise<OrgChart> {
    const { notifications, directory } = this.#options;
    return notifications ? notifications.orgChart() : directory.orgChart();
  }

  async #perform(trx: Executor, model: AppModel, where: { id: number; entity: string; recordId: number }, record: RecordData, instance: WorkflowInstance, effects: Parameters<typeof performEffects>[1], actorId: number | null, stepNo: number, at: Date, org: OrgChart): Promise<void> {
    const { database, notifications, jobs } = this.#options;
    await performEffects(
      {
        database,
        trx,
        model,
        instanceId: where.id,
        entity: where.entity,
        recordId: where.recordId,
        record,
        instance,
        actorId,
        stepNo,
        at,
        org: () => Promise.resolve(org),
        notifications,
        jobs,
        logError: this.#options.logError ?? ((m, d) => console.error(m, d)),
      },
      effects,
    );
  }

  async #instance(db: Executor, id: number): Promise<InstanceRow | undefined> {
    const { rows } = await sql<RawInstance>`SELECT * FROM pipewright.workflow_instances WHERE id = ${id}`.execute(db);
    return rows[0] ? toInstance(rows[0]) : undefined;
  }
}

function endedAt(instance: WorkflowInstance, at: Date): Date | null {
  return ['approved', 'rejected', 'cancelled', 'completed'].includes(instance.status) ? at : null;
}

function throwError(error: Error): never {
  throw error;
}

interface RawInstance {
  id: number | string;
  app: string;
  workflow: string;
  version: number;
  app_version: string;
  entity: string;
  record_id: number | string;
  status: WorkflowInstance['status'];
  state: unknown;
  step_no: number;
  started_by: number | string | null;
  started_at: Date | string;
  ended_at: Date | string | null;
}

interface RawTask {
  id: number | string;
  instance: number | string;
  engine_id: string;
  node: string;
  kind: 'approval' | 'resubmit';
  user_ids: (number | string)[] | string;
  status: 'open' | 'waiting' | 'done' | 'cancelled';
  acted_by: number | string | null;
  action: string | null;
  comment: string | null;
  created_at: Date | string;
  acted_at: Date | string | null;
}

export function toInstance(row: RawInstance): InstanceRow {
  return {
    id: Number(row.id),
    app: row.app,
    workflow: row.workflow,
    version: Number(row.version),
    appVersion: row.app_version,
    entity: row.entity,
    recordId: Number(row.record_id),
    status: row.status,
    state: (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as WorkflowInstance,
    stepNo: Number(row.step_no),
    startedBy: row.started_by === null ? null : Number(row.started_by),
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
  };
}

export function toTask(row: RawTask): TaskRow {
  const ids = typeof row.user_ids === 'string' ? row.user_ids.replace(/[{}]/g, '').split(',').filter(Boolean) : row.user_ids;
  return {
    id: Number(row.id),
    instance: Number(row.instance),
    engineId: row.engine_id,
    node: row.node,
    kind: row.kind,
    userIds: ids.map(Number),
    status: row.status,
    actedBy: row.acted_by === null ? null : Number(row.acted_by),
    action: row.action,
    comment: row.comment,
    createdAt: new Date(row.created_at),
    actedAt: row.acted_at === null ? null : new Date(row.acted_at),
  };
}
