/**
 * Writing records: create, update (optimistic locking), soft delete, restore, purge, and their
 * bulk forms. Every write validates with the entity's rules, recomputes formulas, assigns
 * auto-numbers, runs the validation rulesets, records an audit entry and writes its record
 * events (the outbox), in one transaction: the writer's own, or the caller's
 * (`new RecordWriter(database, trx)`).
 */
import { isUniqueField, type AutoNumberField, type Entity, type Field } from '@pipewright/metadata';
import { autoNumberPeriod, companyNameKey, liveFormulaKeys, dateIn, defaultTimeZone, formatAutoNumber, RecordValidationError, type PreparedInput, type Problem } from '@pipewright/engines';
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import { postgresErrorCode } from '../database/index.ts';
import { qualified, quoteIdentifier } from '../schema/ddl.ts';
import { comparisonColumn, joinTableOf, type ColumnLayout, type TableLayout } from '../schema/layout.ts';
import { diffRecords, type AuditAction, type Changes } from './audit.ts';
import { approvalLockOn } from '../workflow/approval-lock.ts';
import { constraintProblem, type WrittenItem } from './constraint-problems.ts';
import { RecordInApprovalError, RecordInUseError, RecordNotFoundError, StaleRecordError } from './errors.ts';
import { enforceFormRules } from './form-rules.ts';
import { withFormulas } from './formulas.ts';
import { isLive } from './live-formulas.ts';
import type { Permissions } from '../permissions/access-policy.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { checkPeople } from './people-check.ts';
import { rowDecoder, toColumnValue } from './row-codec.ts';
import { hasTimers, hasValidation, rulesetsFor } from '../automation/app-rulesets.ts';
import { keepTimers } from '../automation/timers.ts';
import { writeRecordEvents, type RecordEventKind } from '../automation/record-events.ts';
import { enforceValidationRules } from '../automation/validation-rules.ts';
import { selectList } from './select-list.ts';
import { attachFiles, checkFiles, hasFileFields } from '../files/file-check.ts';

/** Who writes, for defaults, ownership and the audit log, and whose permissions apply. */
export interface Actor {
  userId: number;
  departmentId?: number | undefined;
  timeZone?: string | undefined;
  /** Absent: a trusted internal caller, not restricted by roles. */
  permissions?: Permissions | undefined;
  /** What the actor may read: form conditions over related records see only that. */
  readRestriction?: ReadRestriction | undefined;
  /** Set when rules write: the depth of the event chain, and why fields changed (for the history). */
  automation?: AutomationCause | undefined;
}

/** A write made by automation reacting to an event. */
export interface AutomationCause {
  /** The depth of the event that caused this write; the write's own events get one more. */
  depth: number;
  /** Per field, what the history keeps about why it changed (ruleset, rule, strategy, reason). */
  because?: Record<string, Record<string, unknown>>;
}

export type RecordData = Record<string, unknown>;

type Executor = Kysely<DynamicTables>;

const maxParameters = 60_000;

export class RecordWriter {
  /** With `trx`, every write runs in that transaction (the caller commits or rolls back). */
  constructor(
    private readonly database: Database,
    private readonly trx?: Executor,
  ) {}

  /** Runs `work` in the caller's transaction, or in a new one. */
  private transaction<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    return this.trx ? work(this.trx) : this.database.db.transaction().execute(work);
  }

  /** Creates one record and returns it as `get` would. */
  async create(model: AppModel, entityKey: string, body: unknown, actor: Actor): Promise<RecordData> {
    const [record] = await this.createMany(model, entityKey, [body], actor, '');
    return record!;
  }

  /**
   * Creates many records in one transaction: all or none. Problems are reported with the index
   * of the item (`/3/email`).
   */
  async createMany(
    model: AppModel,
    entityKey: string,
    bodies: readonly unknown[],
    actor: Actor,
    pathPrefix?: string,
    returning: 'records' | 'ids' = 'records',
    verify?: (db: Executor, ids: number[]) => Promise<void>,
  ): Promise<RecordData[]> {
    const entity = model.entity(entityKey);
    const now = new Date();
    const context = { userId: actor.userId, departmentId: actor.departmentId, now, timeZone: actor.timeZone };
    const problems: Problem[] = [];
    const prepared: PreparedInput[] = [];
    bodies.forEach((body, i) => {
      try {
        prepared.push(model.validator(entityKey).prepare(body, 'create', context));
      } catch (error) {
        if (!(error instanceof RecordValidationError)) throw error;
        const prefix = pathPrefix ?? `/${i}`;
        problems.push(...error.problems.map((p) => ({ ...p, path: prefix + p.path })));
      }
    });
    if (problems.length > 0) throw new RecordValidationError(problems);
    // Users and departments named must exist (multi-valued fields have no foreign key); outside callers may newly assign active users only.
    await checkPeople(this.trx ?? this.database.db, entity, prepared, (i) => pathPrefix ?? `/${i}`, { activeOnly: Boolean(actor.permissions) });
    // Files named must be the writer's uploads, not yet on a record (decision 048).
    await checkFiles(this.trx ?? this.database.db, model.key, entity, prepared, (i) => pathPrefix ?? `/${i}`, { userId: actor.userId, trusted: !actor.permissions });
    const rows = prepared.map((p, i) => storedValues(entity, p, withFormulas(entity, { ...p.values, ...p.lineItems }, context, pathPrefix ?? `/${i}`)));
    if (actor.permissions) await enforceFormRules(this.trx ?? this.database.db, model, entity, rows.map((row, i) => ({ record: { ...row, ...prepared[i]!.lineItems, ...prepared[i]!.links } })), { ...context, restriction: actor.readRestriction }, (i) => pathPrefix ?? `/${i}`);
    duplicatesWithin(entity, rows, pathPrefix);

    const table = model.table(entity.key);
    const structured = prepared.some((p) => Object.keys(p.lineItems).length > 0 || Object.keys(p.links).length > 0);
    const counters = entity.fields.filter((f): f is AutoNumberField => f.type === 'autoNumber');
    // One record and nothing else to write or check: its row and its event in one statement,
    // atomic by itself, with no transaction around it.
    const single = !this.trx && !structured && counters.length === 0 && !verify && rows.length === 1 && !hasValidation(model, entity.key) && !hasFileFields(entity) && !hasTimers(model, entity.key);
    const event = eventOf(model, entity, actor, 'create');
    const write = async (db: Executor): Promise<RecordData[]> => {
      await assignAutoNumbers(db, model, entity, counters, rows, dateIn(now, actor.timeZone ?? defaultTimeZone));
      // Ids are handed out first only where lines and links need them before the insert returns.
      const ids = structured ? await allocateIds(db, model, entity.key, rows.length) : [];
      const inserted = await insertRows(db, model, table, rows, ids, actor, returning === 'ids' && !structured, single ? event : undefined);
      await verify?.(db, inserted.map((r) => Number(r.id)));
      await attachFiles(db, model.key, entity, inserted.map((r, i) => ({ id: Number(r.id), values: rows[i]! })));
      for (let i = 0; i < rows.length; i++) {
        const id = inserted[i]!.id as number;
        await writeLines(db, model, entity, id, prepared[i]!.lineItems, false);
        await writeLinks(db, model, entity, id, prepared[i]!.links, false);
      }
      const createdIds = inserted.map((r) => Number(r.id));
      if (hasValidation(model, entity.key)) {
        const records = await readMany(db, model, entity, createdIds);
        const byId = new Map(records.map((r) => [Number(r.id), r]));
        const writes = createdIds.map((id, i) => ({ record: byId.get(id)!, previous: null, at: pathPrefix ?? `/${i}` }));
        await enforceValidationRules(db, model, entity.key, 'create', writes, actor.userId);
      }
      if (!single) {
        const events = createdIds.map((id) => ({ ...event, recordId: id }));
        await writeRecordEvents(db, events);
        await keepTimers(db, model, events);
      }
      // A create needs no audit row: the record itself says who created it and when, and its
      // first values follow from its current values and the later entries (see recordHistory).
      if (returning === 'ids') return inserted.map((r) => ({ id: Number(r.id), version: Number(r.version ?? 1) }));
      // Formulas computed when read (decision 040) come only from a read.
      if (!structured && liveFormulaKeys(entity).size === 0) {
        const decode = rowDecoder(table.columns);
        return inserted.map((r) => withStructuredDefaults(entity, decode(r)));
      }
      return readMany(db, model, entity, inserted.map((r) => r.id as number));
    };
    const written = prepared.map((p, i) => ({ values: rows[i]!, lineItems: p.lineItems, links: p.links }));
    if (single) return this.run(model, entity, () => write(this.database.db), written, pathPrefix, false);
    return this.run(model, entity, write, written, pathPrefix);
  }

  /**
   * Updates one record with the fields given. With `expectedVersion`, a record changed since
   * (another version) is refused with `StaleRecordError` (HTTP 409).
   */
  async update(model: AppModel, entityKey: string, id: number, body: unknown, actor: Actor, expectedVersion?: number): Promise<RecordData> {
    const [record] = await this.updateMany(model, entityKey, [{ id, body, expectedVersion }], actor, '');
    return record!;
  }

  async updateMany(
    model: AppModel,
    entityKey: string,
    items: readonly { id: number; body: unknown; expectedVersion?: number | undefined }[],
    actor: Actor,
    pathPrefix?: string,
    verify?: (db: Executor, changed: { id: number; ownerChanged: boolean }[]) => Promise<void>,
  ): Promise<RecordData[]> {
    const entity = model.entity(entityKey);
    const now = new Date();
    const context = { userId: actor.userId, departmentId: actor.departmentId, now, timeZone: actor.timeZone };
    const problems: Problem[] = [];
    const prepared = items.map((item, i) => {
      try {
        return model.validator(entityKey).prepare(item.body, 'update', context);
      } catch (error) {
        if (!(error instanceof RecordValidationError)) throw error;
        const prefix = pathPrefix ?? `/${i}`;
        problems.push(...error.problems.map((p) => ({ ...p, path: prefix + p.path })));
        return undefined;
      }
    });
    if (problems.length > 0) throw new RecordValidationError(problems);
    const table = model.table(entity.key);
    return this.run(model, entity, async (db) => {
      const befores = await readMany(db, model, entity, items.map((i) => i.id), { lock: true });
      await refuseInApproval(db, model, entity, items.map((i) => i.id), actor, prepared.map((p) => [...Object.keys(p!.values), ...Object.keys(p!.lineItems), ...Object.keys(p!.links)]));
      const writes = items.map((item, i) => ({ values: prepared[i]!.values, lineItems: prepared[i]!.lineItems, before: befores.find((b) => b.id === item.id) }));
      await checkPeople(db, entity, writes, (i) => pathPrefix ?? `/${i}`, { activeOnly: Boolean(actor.permissions) });
      await checkFiles(db, model.key, entity, writes, (i) => pathPrefix ?? `/${i}`, { userId: actor.userId, trusted: !actor.permissions });
      const results: RecordData[] = [];
      const audits: { id: number; action: AuditAction; changes: Changes; before: RecordData; at: string }[] = [];
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const input = prepared[i]!;
        const before = befores.find((b) => b.id === item.id);
        const at = pathPrefix ?? `/${i}`;
        if (!before) throw new RecordNotFoundError(entity.key, item.id, pathPrefix === '' ? undefined : at);
        if (item.expectedVersion !== undefined && before.version !== item.expectedVersion) {
          throw new StaleRecordError(entity.key, item.id, item.expectedVersion, before.version as number, at);
        }
        const merged: RecordData = { ...before, ...input.values, ...input.lineItems, ...input.links };
        // Formulas are computed once, from the record as it will be (current row, changes and
        // current line items), and stored as computed: never recomputed from the changes alone.
        const computed = withFormulas(entity, merged, { now, timeZone: actor.timeZone }, at);
        const stored = storedValues(entity, { ...input, lineItems: {} }, computed);
        const fieldKeys = entity.fields.filter((f) => f.type !== 'relation' || f.kind !== 'oneToMany').map((f) => f.key);
        const changes = diffRecords(before, { ...before, ...computed }, [...fieldKeys, 'owner_id']);
        if (Object.keys(changes).length === 0) {
          results.push(before);
          continue;
        }
        if (actor.permissions) await enforceFormRules(db, model, entity, [{ record: { ...before, ...computed }, before, changed: new Set(Object.keys(changes)) }], { ...context, restriction: actor.readRestriction }, () => at);
        const changedColumns = table.columns.filter((c) => c.field ? Object.hasOwn(changes, c.field) : c.name === 'owner_id' && Object.hasOwn(changes, c.name));
        const assignments = changedColumns.map((c) => sql`${sql.id(c.name)} = ${value(c, stored[c.name])}`);
        assignments.push(sql`version = version + 1`, sql`updated_at = now()`);
        await sql`UPDATE ${sql.table(`${model.schema}.${entity.key}`)} SET ${sql.join(assignments)} WHERE id = ${item.id}`.execute(db);
        const lines = Object.fromEntries(Object.entries(computed).filter(([k]) => Object.hasOwn(input.lineItems, k))) as Record<string, RecordData[]>;
        await writeLines(db, model, entity, item.id, lines, true);
        await writeLinks(db, model, entity, item.id, input.links, true);
        audits.push({ id: item.id, action: 'update', changes, before, at });
        await attachFiles(db, model.key, entity, [{ id: item.id, values: stored }]);
      }
      await insertAudit(db, model, entity.key, audits, actor);
      // The records as changed must still be the actor's to have changed: checked before commit.
      await verify?.(db, audits.map((a) => ({ id: a.id, ownerChanged: 'owner_id' in a.changes })));
      const after = await readMany(db, model, entity, items.map((i) => i.id));
      const checked = audits.filter((a) => rulesetsFor(model, entity.key, { kind: 'update', changed: Object.keys(a.changes) }, 'validation').length > 0);
      if (checked.length > 0) {
        const writes = checked.map((a) => ({ record: after.find((r) => r.id === a.id)!, previous: a.before, changed: Object.keys(a.changes), at: a.at }));
        await enforceValidationRules(db, model, entity.key, 'update', writes, actor.userId);
      }
      const events = audits.map((a) => ({ ...eventOf(model, entity, actor, 'update'), recordId: a.id, changed: Object.keys(a.changes), previous: a.before }));
      await writeRecordEvents(db, events);
      await keepTimers(db, model, events);
      for (const item of items) results.push(after.find((r) => r.id === item.id)!);
      return items.map((item) => results.find((r) => r.id === item.id)!);
    }, prepared as PreparedInput[], pathPrefix);
  }

  /** Moves records to the recycle bin (soft delete). */
  async delete(model: AppModel, entityKey: string, ids: readonly number[], actor: Actor, expectedVersion?: number): Promise<void> {
    const entity = model.entity(entityKey);
    await this.transaction(async (db) => {
      const rows = await sql<{ id: number; version: number }>`
        UPDATE ${sql.table(`${model.schema}.${entity.key}`)} SET deleted_at = now(), version = version + 1, updated_at = now()
         WHERE id IN (${sql.join(ids)}) AND deleted_at IS NULL ${expectedVersion !== undefined ? sql`AND version = ${expectedVersion}` : sql``}
         RETURNING id, version`.execute(db);
      if (rows.rows.length !== new Set(ids).size) {
        const missing = ids.find((id) => !rows.rows.some((r) => Number(r.id) === id));
        if (expectedVersion !== undefined && ids.length === 1) {
          const current = await sql<{ version: number }>`SELECT version FROM ${sql.table(`${model.schema}.${entity.key}`)} WHERE id = ${ids[0]} AND deleted_at IS NULL`.execute(db);
          if (current.rows[0]) throw new StaleRecordError(entity.key, ids[0], expectedVersion, current.rows[0].version);
        }
        throw new RecordNotFoundError(entity.key, missing);
      }
      await refuseInApproval(db, model, entity, ids, actor);
      await insertAudit(db, model, entity.key, ids.map((id) => ({ id, action: 'delete', changes: {} })), actor);
      await this.checkRules(db, model, entity, 'delete', ids, actor);
      const events = [...new Set(ids)].map((id) => ({ ...eventOf(model, entity, actor, 'delete'), recordId: id }));
      await writeRecordEvents(db, events);
      await keepTimers(db, model, events);
    });
  }

  /** Takes records out of the recycle bin. */
  async restore(model: AppModel, entityKey: string, ids: readonly number[], actor: Actor): Promise<void> {
    const entity = model.entity(entityKey);
    await this.run(model, entity, async (db) => {
      const rows = await sql<{ id: number }>`
        UPDATE ${sql.table(`${model.schema}.${entity.key}`)} SET deleted_at = NULL, version = version + 1, updated_at = now()
         WHERE id IN (${sql.join(ids)}) AND deleted_at IS NOT NULL RETURNING id`.execute(db);
      if (rows.rows.length !== new Set(ids).size) throw new RecordNotFoundError(entity.key, ids.find((id) => !rows.rows.some((r) => Number(r.id) === id)));
      await insertAudit(db, model, entity.key, ids.map((id) => ({ id, action: 'restore', changes: {} })), actor);
      await this.checkRules(db, model, entity, 'restore', ids, actor);
      const events = [...new Set(ids)].map((id) => ({ ...eventOf(model, entity, actor, 'restore'), recordId: id }));
      await writeRecordEvents(db, events);
      await keepTimers(db, model, events);
      return [];
    }, []);
  }

  /** Deletes records from the recycle bin for good (their history stays). */
  async purge(model: AppModel, entityKey: string, ids: readonly number[], actor: Actor): Promise<void> {
    const entity = model.entity(entityKey);
    try {
      await this.transaction(async (db) => {
        const snapshots = await readMany(db, model, entity, ids, { lock: true, deleted: true });
        const rows = await sql<{ id: number }>`
          DELETE FROM ${sql.table(`${model.schema}.${entity.key}`)} WHERE id IN (${sql.join(ids)}) AND deleted_at IS NOT NULL RETURNING id`.execute(db);
        if (rows.rows.length !== new Set(ids).size) throw new RecordNotFoundError(entity.key, ids.find((id) => !rows.rows.some((r) => Number(r.id) === id)));
        // The purge entry keeps the last values, so the record's history stays complete.
        await insertAudit(db, model, entity.key, snapshots.map((r) => ({ id: r.id as number, action: 'purge', changes: diffRecords(r, null, Object.keys(r)) })), actor);
      });
    } catch (error) {
      if (postgresErrorCode(error) === '23503') {
        throw new RecordInUseError(entity.key, ids.length === 1 ? ids[0] : ids, 'other records point at it; remove those references first');
      }
      throw error;
    }
  }

  /** Validation rulesets on delete or restore, on the records as they are (deleted or back). */
  private async checkRules(db: Executor, model: AppModel, entity: Entity, kind: 'delete' | 'restore', ids: readonly number[], actor: Actor): Promise<void> {
    if (rulesetsFor(model, entity.key, { kind }, 'validation').length === 0) return;
    const records = await readMany(db, model, entity, ids, { deleted: kind === 'delete' });
    await enforceValidationRules(db, model, entity.key, kind, records.map((record) => ({ record, previous: record, at: '' })), actor.userId);
  }

  /** Runs a write in a transaction (the caller's or its own), mapping constraint errors to field problems. */
  private async run<T>(model: AppModel, entity: Entity, write: (db: Executor) => Promise<T>, items: readonly WrittenItem[], pathPrefix?: string, inTransaction = true): Promise<T> {
    try {
      return inTransaction ? await this.transaction(write) : await write(this.database.db);
    } catch (error) {
      throw constraintProblem(error, model, entity, items, pathPrefix) ?? error;
    }
  }
}

/**
 * Refuses a person's write to records a running workflow instance locks (decision 091). The
 * workflow's own steps and automation write as automation and pass. Called after the records'
 * rows are locked, so a workflow starting at the same moment waits for this write or sees it.
 */
async function refuseInApproval(db: Executor, model: AppModel, entity: Entity, ids: readonly number[], actor: Actor, fields?: readonly (readonly string[])[]): Promise<void> {
  if (actor.automation || ids.length === 0 || !(model.bundle.workflows ?? []).some((w) => w.entity === entity.key)) return;
  for (const [i, id] of ids.entries()) {
    // An update names its fields: chosen fields may be locked, an approver may edit theirs (decision 098).
    const lock = await approvalLockOn(db, model, entity, id, fields ? fields[i]! : null, actor.userId);
    if (lock) throw new RecordInApprovalError(entity.key, id, lock.workflow, lock.field);
  }
}

/**
 * Column values of a prepared input, normalised for storage, with comparison keys; `computed` is
 * the record with its formulas computed (from the whole record as it will be stored).
 */
function storedValues(entity: Entity, input: PreparedInput, computed: RecordData): RecordData {
  const row: RecordData = {};
  for (const field of entity.fields) {
    if (field.type === 'lineItems' || (field.type === 'relation' && field.kind !== 'manyToOne')) continue;
    // A formula computed when read keeps no value in its column (decision 040).
    if (isLive(entity, field)) continue;
    if (Object.hasOwn(input.values, field.key) || field.type === 'formula') row[field.key] = computed[field.key] ?? null;
    if (field.type === 'text' && field.unique && field.normalize === 'companyName' && Object.hasOwn(row, field.key)) {
      row[comparisonColumn(field.key)] = row[field.key] === null ? null : companyNameKey(String(row[field.key]));
    }
  }
  if (Object.hasOwn(input.values, 'owner_id')) row.owner_id = input.values.owner_id;
  for (const [key, lines] of Object.entries(input.lineItems)) {
    const computedLines = computed[key];
    if (Array.isArray(computedLines)) input.lineItems[key] = computedLines as RecordData[];
    else input.lineItems[key] = lines;
  }
  return row;
}

function value(column: ColumnLayout, raw: unknown): RawBuilder<unknown> {
  const converted = toColumnValue(column.family, raw);
  return column.family === 'json' ? sql`${converted}::jsonb` : sql`${converted}`;
}

async function allocateIds(db: Executor, model: AppModel, table: string, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence(${`${model.schema}.${table}`}, 'id')) AS id FROM generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Multi-row INSERT … RETURNING *. The statement text is built directly with `$n` placeholders
 * (identifiers quoted, values only as parameters): for a batch of a thousand rows this is several
 * times cheaper than composing thousands of query-builder fragments.
 */
async function insertRows(
  db: Executor,
  model: AppModel,
  table: TableLayout,
  rows: RecordData[],
  ids: number[],
  actor: Actor,
  idsOnly = false,
  event?: { app: string; entity: string; kind: RecordEventKind; actor: number; depth: number },
): Promise<RecordData[]> {
  const columns = table.columns.filter((c) => c.field !== undefined);
  const names = [...(ids.length > 0 ? ['id'] : []), 'created_by', 'owner_id', ...columns.map((c) => c.name)];
  const casts = [...(ids.length > 0 ? [''] : []), '', '', ...columns.map((c) => (c.family === 'json' ? '::jsonb' : ''))];
  const perRow = names.length;
  const chunk = Math.max(1, Math.floor(maxParameters / perRow));
  const head = `INSERT INTO ${qualified(model.schema, table.name)} (${names.map(quoteIdentifier).join(', ')}) VALUES `;
  const out: RecordData[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    slice.forEach((row, i) => {
      const values: unknown[] = [];
      if (ids.length > 0) values.push(ids[start + i]);
      values.push(actor.userId, (row.owner_id as number | undefined) ?? actor.userId);
      for (const c of columns) values.push(toColumnValue(c.family, ownValue(row, c.name)));
      tuples.push(`(${values.map((v, k) => `$${parameters.push(v)}${casts[k]}`).join(', ')})`);
    });
    const returning = idsOnly ? 'RETURNING id, version' : 'RETURNING *';
    let text = `${head}${tuples.join(', ')} ${returning}`;
    if (event) {
      // The record's create event in the same statement (the outbox row commits with the row).
      const at = (value: unknown) => `$${parameters.push(value)}`;
      text = `WITH inserted AS (${head}${tuples.join(', ')} RETURNING *), event AS (
        INSERT INTO pipewright.record_events (app, entity, record_id, kind, actor, depth)
        SELECT ${at(event.app)}, ${at(event.entity)}, id, ${at(event.kind)}, ${at(event.actor)}::bigint, ${at(event.depth)}::int FROM inserted)
        SELECT ${idsOnly ? 'id, version' : '*'} FROM inserted`;
    }
    const result = await db.executeQuery<RecordData>(CompiledQuery.raw(text, parameters));
    out.push(...result.rows);
  }
  if (ids.length > 0) {
    // Rows come back in the order of the ids handed out above.
    const byId = new Map(out.map((r) => [Number(r.id), r]));
    return ids.map((id) => byId.get(id)!);
  }
  return out;
}

async function assignAutoNumbers(db: Executor, model: AppModel, entity: Entity, fields: AutoNumberField[], rows: RecordData[], today: string): Promise<void> {
  for (const field of fields) {
    const period = autoNumberPeriod(field.reset, today);
    const { rows: counter } = await sql<{ value: number }>`
      INSERT INTO ${sql.table(`${model.schema}._counters`)} AS c (entity, field, period, value)
      VALUES (${entity.key}, ${field.key}, ${period}, ${rows.length})
      ON CONFLICT (entity, field, period) DO UPDATE SET value = c.value + ${rows.length}
      RETURNING value`.execute(db);
    const last = Number(counter[0]!.value);
    rows.forEach((row, i) => {
      row[field.key] = formatAutoNumber(field.pattern, today, last - rows.length + 1 + i);
    });
  }
}

async function writeLines(db: Executor, model: AppModel, entity: Entity, parentId: number, lineItems: Record<string, RecordData[]>, replace: boolean): Promise<void> {
  for (const [key, lines] of Object.entries(lineItems)) {
    const table = model.table(`${entity.key}__${key}`);
    const target = sql.table(`${model.schema}.${table.name}`);
    if (replace) await sql`DELETE FROM ${target} WHERE parent_id = ${parentId}`.execute(db);
    if (lines.length === 0) continue;
    const columns = table.columns.filter((c) => c.field !== undefined);
    const field = entity.fields.find((f) => f.key === key) as Extract<Field, { type: 'lineItems' }>;
    const tuples = lines.map((line, position) => {
      const row: RecordData = { ...line };
      for (const child of field.fields) {
        if (child.type === 'text' && child.unique && child.normalize === 'companyName' && ownValue(row, child.key) !== null) row[comparisonColumn(child.key)] = companyNameKey(String(row[child.key]));
      }
      return sql`(${sql.join([sql`${parentId}`, sql`${position}`, ...columns.map((c) => value(c, ownValue(row, c.name)))])})`;
    });
    await sql`INSERT INTO ${target} (parent_id, position, ${sql.join(columns.map((c) => sql.id(c.name)))}) VALUES ${sql.join(tuples)}`.execute(db);
  }
}

async function writeLinks(db: Executor, model: AppModel, entity: Entity, id: number, links: Record<string, number[]>, replace: boolean): Promise<void> {
  for (const [key, targets] of Object.entries(links)) {
    const field = entity.fields.find((f) => f.key === key);
    if (!field || field.type !== 'relation') continue;
    const join = joinTableOf(entity, field, model.bundle);
    const table = sql.table(`${model.schema}.${join.table}`);
    if (replace) await sql`DELETE FROM ${table} WHERE ${sql.id(join.sourceColumn)} = ${id}`.execute(db);
    if (targets.length === 0) continue;
    const tuples = [...new Set(targets)].map((t) => sql`(${id}, ${t})`);
    await sql`INSERT INTO ${table} (${sql.id(join.sourceColumn)}, ${sql.id(join.targetColumn)}) VALUES ${sql.join(tuples)}`.execute(db);
  }
}

export async function insertAudit(db: Executor, model: AppModel, entity: string, entries: { id: number; action: AuditAction; changes: Changes }[], actor: Actor): Promise<void> {
  if (entries.length === 0 || model.entity(entity).audit === false) return;
  const because = actor.automation?.because ?? {};
  const explained = (changes: Changes): Changes =>
    Object.fromEntries(Object.entries(changes).map(([key, change]) => [key, because[key] ? { ...change, because: because[key] } : change]));
  for (let start = 0; start < entries.length; start += 10_000) {
    const tuples = entries.slice(start, start + 10_000).map((e) => sql`(${entity}, ${e.id}, ${e.action}, ${actor.userId}, ${JSON.stringify(explained(e.changes))}::jsonb)`);
    await sql`INSERT INTO ${sql.table(`${model.schema}._audit`)} (entity, record_id, action, actor, changes) VALUES ${sql.join(tuples)}`.execute(db);
  }
}

/** The parts of a record event every write of one call shares. */
function eventOf(model: AppModel, entity: Entity, actor: Actor, kind: RecordEventKind) {
  return { app: model.key, entity: entity.key, kind, actor: actor.userId, depth: actor.automation ? actor.automation.depth + 1 : 0 };
}

/** A column's value in a row being written; null when the row does not have it (never an inherited `constructor`). */
function ownValue(row: RecordData, column: string): unknown {
  return Object.hasOwn(row, column) ? (row[column] ?? null) : null;
}

function withStructuredDefaults(entity: Entity, record: RecordData): RecordData {
  for (const field of entity.fields) {
    if (field.type === 'lineItems' || (field.type === 'relation' && field.kind === 'manyToMany')) record[field.key] = [];
  }
  return record;
}

/** Reads records by id with everything a `get` returns; optionally locks them for update. */
export async function readMany(db: Executor, model: AppModel, entity: Entity, ids: readonly number[], options: { lock?: boolean; deleted?: boolean } = {}): Promise<RecordData[]> {
  if (ids.length === 0) return [];
  const select = selectList(model, entity, {});
  const { rows } = await sql<RecordData>`
    SELECT ${select.sql} FROM ${sql.table(`${model.schema}.${entity.key}`)} t
     WHERE t.id IN (${sql.join(ids)}) AND t.deleted_at IS ${options.deleted ? sql`NOT NULL` : sql`NULL`} ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return rows.map((r) => select.decode(r));
}

/** Two items of one batch that collide on a unique field are reported before touching the database. */
function duplicatesWithin(entity: Entity, rows: RecordData[], pathPrefix?: string): void {
  const problems: Problem[] = [];
  for (const field of entity.fields) {
    if (!isUniqueField(field)) continue;
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const raw = ownValue(row, field.key);
      if (raw === null || raw === undefined || raw === '') return;
      const key = field.type === 'text' && field.normalize === 'companyName' ? companyNameKey(String(raw)) : String(raw).toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problems.push({ path: `${pathPrefix ?? `/${i}`}/${field.key}`, code: 'record.duplicate', message: `has the same value as item ${first}` });
      else seen.set(key, i);
    });
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
}
