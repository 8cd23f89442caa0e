/**
 * The records of installed apps, on every path with the actor's permissions applied: lists, reads,
 * related lists and history see only the rows and fields the actor may read (a record outside
 * reads as not found); writes need the action's scope, may not touch hidden or read-only fields,
 * and may not attach records the actor cannot see. An actor without `permissions` is a trusted
 * internal caller (sample data, migrations, tests of the storage layer).
 */
import { PipewrightError, RecordValidationError } from '@pipewright/engines';
import type { Filter, PermissionAction } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import type { AccessPolicy } from '../permissions/access-policy.ts';
import { copiesFields, withCopiedFields } from './copy-fields.ts';
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import { listRecords, type ListPage, type ListQuery } from '../query/list-query.ts';
import { filterContext } from '../query/filter-context.ts';
import { joinTableOf } from '../schema/layout.ts';
import { RecordNotFoundError } from './errors.ts';
import { checkPeopleTarget } from './people-check.ts';
import { getRecord, recordHistory, type GetOptions, type HistoryEntry } from './record-reader.ts';
import { readMany, RecordWriter, type Actor, type RecordData } from './record-writer.ts';
import { keepTimers } from '../automation/timers.ts';
import { writeRecordEvents } from '../automation/record-events.ts';
import { checkMergeRequest, mergeRecords, type MergeRequest, type MergeResult } from './merge.ts';
import { blockingProblems, DuplicateRecordError, findDuplicates, type DuplicateFinding } from './duplicates.ts';

export class Records {
  private readonly writer: RecordWriter;

  constructor(
    private readonly database: Database,
    private readonly apps: AppStore,
    readonly policy: AccessPolicy,
  ) {
    this.writer = new RecordWriter(database);
  }

  /** Called after every committed write with the app and entity written (report caches listen). */
  readonly onWrite = new Set<(app: string, entity: string) => void>();

  private notify(app: string, entity: string): void {
    for (const listener of this.onWrite) listener(app, entity);
  }

  private async written<T>(app: string, entity: string, write: Promise<T>): Promise<T> {
    const result = await write;
    this.notify(app, entity);
    return result;
  }

  private guard(model: AppModel, entity: string, actor: Actor | undefined, now = new Date()): RecordGuard {
    return new RecordGuard(this.policy, model, actor?.permissions, now, actor?.timeZone).for(entity);
  }

  async create(app: string, entity: string, body: unknown, actor: Actor): Promise<RecordData> {
    return (await this.createChecked(app, entity, body, actor)).record;
  }

  /**
   * Creates one record after its entity's duplicate rules: a `block` rule that matches refuses
   * it (422 `record.duplicate`, nothing written); `alert` rules that match are answered beside it.
   *
   * @example
   * const { record, duplicates } = await records.createChecked('crm', 'lead', { company: 'Acme Inc.' }, actor);
   */
  async createChecked(app: string, entity: string, body: unknown, actor: Actor): Promise<{ record: RecordData; duplicates: DuplicateFinding[] }> {
    const model = await this.apps.model(app);
    const duplicates = model.entity(entity).duplicateRules?.length ? await this.duplicates(app, entity, body, actor, undefined, false) : [];
    const blocking = blockingProblems(duplicates);
    if (blocking.length > 0) throw new DuplicateRecordError(blocking, duplicates);
    const [record] = await this.createMany(app, entity, [body], actor, { single: true });
    return { record: record!, duplicates };
  }

  /**
   * The duplicate rules' findings for a draft (or a record's values, without the record itself):
   * matches the actor may read are named, the others counted. Needs `create` on the entity
   * (`requireCreate`, the default) as a draft check is part of creating.
   */
  async duplicates(app: string, entity: string, body: unknown, actor: Actor, excludeId?: number, requireCreate = true): Promise<DuplicateFinding[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    if (requireCreate) guard.require(entity, 'create');
    const rules = model.entity(entity).duplicateRules ?? [];
    if (rules.length === 0) return [];
    const values = duplicateValues(body, rules.flatMap((r) => r.keys.map((k) => k.field)));
    return findDuplicates(this.database.db, model, entity, values, { guard, trigram: await this.hasTrigram(), excludeId });
  }

  private trigram: Promise<boolean> | undefined;

  private hasTrigram(): Promise<boolean> {
    this.trigram ??= sql<{ n: number }>`SELECT 1 AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(this.database.db).then((r) => r.rows.length > 0);
    return this.trigram;
  }

  /**
   * Creates records in one transaction, all or none. `returning: 'ids'` answers `{ id, version }`
   * per record instead of the whole records (cheaper for imports).
   */
  async createMany(app: string, entity: string, bodies: readonly unknown[], actor: Actor, options: { returning?: 'records' | 'ids'; single?: boolean } = {}): Promise<RecordData[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    const prefix = (i: number) => (options.single ? '' : `/${i}`);
    if (!guard.unrestricted) {
      guard.require(entity, 'create');
      bodies.forEach((body, i) => guard.checkWrite(entity, 'create', body, undefined, prefix(i)));
      await guard.checkLinks(this.database.db, entity, bodies, prefix);
    }
    const verify = guard.unrestricted
      ? undefined
      : async (db: Kysely<DynamicTables>, ids: number[]) => {
          // The records as stored (owner, defaults, formulas) must lie inside the create scope.
          const outside = await this.outside(db, model, guard, entity, 'create', ids, false);
          if (outside.length > 0) throw new PermissionDeniedError(`You may not create ${entity} records like this one (for example for another owner)`);
        };
    const filled = await withCopiedFields(this.database.db, model, model.entity(entity), bodies, () => undefined, guard.restriction('read'));
    const writer = { ...actor, readRestriction: guard.restriction('read') };
    const created = await this.written(app, entity, this.writer.createMany(model, entity, filled, writer, options.single ? '' : undefined, options.returning ?? 'records', verify));
    return withoutHidden(model, guard, entity, created);
  }

  async get(app: string, entity: string, id: number, options: GetOptions = {}, actor?: Actor): Promise<RecordData> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    guard.require(entity, 'read');
    guard.checkQuery(entity, { fields: options.fields, expand: options.expand });
    return getRecord(this.database.db, model, entity, id, { ...options, restriction: guard.restriction('read') });
  }

  /**
   * Which of the row-level actions (update, delete, transfer, share, print) the actor may take on
   * each of the given records, so a UI offers an edit, a checkbox or a button only where the
   * write would pass (a rep who updates only their own accounts sees the others read-only).
   * Records the actor cannot read, or that are in the recycle bin, are left out. One query.
   *
   * @example
   * await records.permittedActions('crm', 'account', [3, 4], actor) // [{ id: 3, actions: ['update', 'share'] }, { id: 4, actions: [] }]
   */
  async permittedActions(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<{ id: number; actions: RowAction[] }[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    guard.require(entity, 'read');
    if (ids.length === 0) return [];
    const granted = rowActions.filter((action) => guard.unrestricted || guard.access(entity, action)!.allowed);
    const visible = guard.condition(entity, 'read', 't');
    const columns = granted.map((action, i) => {
      const condition = guard.condition(entity, action, 't');
      return sql`${condition ? sql`(${condition}) IS TRUE` : sql`TRUE`} AS ${sql.ref(`a${i}`)}`;
    });
    const { rows } = await sql<Record<string, unknown> & { id: number }>`
      SELECT t.id${columns.length > 0 ? sql`, ${sql.join(columns)}` : sql``} FROM ${sql.table(`${model.schema}.${entity}`)} t
       WHERE t.id IN (${sql.join([...ids])}) AND t.deleted_at IS NULL${visible ? sql` AND ${visible}` : sql``}
       ORDER BY t.id`.execute(this.database.db);
    return rows.map((row) => ({ id: Number(row.id), actions: granted.filter((_, i) => row[`a${i}`] === true) }));
  }

  /** A page of records; `now` fixes the clock of relative dates (tests, scheduled reports). */
  async list(app: string, entity: string, query: ListQuery, actor: Actor, now?: Date): Promise<ListPage> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor, now);
    guard.require(entity, 'read');
    guard.checkQuery(entity, query);
    return listRecords(this.database.db, model, entity, { ...query, restriction: guard.restriction('read') }, filterContext(actor, now));
  }

  /**
   * The related list of a record: the records a one-to-many or many-to-many field of `entity`
   * reaches from record `id`, with the usual list query on top.
   *
   * @example
   * await runtime.records.related('crm', 'account', 12, 'opportunities', { sort: [{ field: 'amount', direction: 'desc' }] }, actor);
   */
  async related(app: string, entity: string, id: number, fieldKey: string, query: ListQuery, actor: Actor, now?: Date): Promise<ListPage & { entity: string }> {
    const model = await this.apps.model(app);
    const source = model.entity(entity);
    const field = source.fields.find((f) => f.key === fieldKey);
    if (!field || field.type !== 'relation' || field.kind === 'manyToOne') {
      throw new PipewrightError('query.notARelatedList', `"${fieldKey}" is not a one-to-many or many-to-many field of "${entity}"`, [
        { path: '/field', code: 'query.notARelatedList', message: `"${fieldKey}" has no related list` },
      ]);
    }
    const parentGuard = this.guard(model, entity, actor, now);
    parentGuard.require(entity, 'read');
    // A relation field hidden from the reader has no related list for them either.
    parentGuard.checkQuery(entity, { fields: [fieldKey] });
    await getRecord(this.database.db, model, entity, id, { fields: [], restriction: parentGuard.restriction('read') });
    const guard = this.guard(model, field.target, actor, now);
    guard.require(field.target, 'read');
    guard.checkQuery(field.target, query);
    const restriction = guard.restriction('read');
    const context = filterContext(actor, now);
    if (field.kind === 'oneToMany') {
      const back: Filter = { field: field.inverse!, op: 'eq', value: id };
      const filter: Filter = query.filter ? { and: [back, query.filter] } : back;
      return { entity: field.target, ...(await listRecords(this.database.db, model, field.target, { ...query, filter, restriction }, context)) };
    }
    const join = joinTableOf(source, field, model.bundle);
    const linkedTo = { table: join.table, sourceColumn: join.sourceColumn, targetColumn: join.targetColumn, sourceId: id };
    return { entity: field.target, ...(await listRecords(this.database.db, model, field.target, { ...query, linkedTo, restriction }, context)) };
  }

  async update(app: string, entity: string, id: number, body: unknown, actor: Actor, expectedVersion?: number): Promise<RecordData> {
    const [record] = await this.updateMany(app, entity, [{ id, body, expectedVersion }], actor, true);
    return record!;
  }

  /**
   * Updates records in one transaction, all or none. Besides the update scope before the change,
   * the records after it must lie in the update scope again (a rep cannot move a record out of
   * their reach), or, where `owner_id` changed, in the transfer scope: changing the owner needs
   * the `transfer` action, on the record before and after (see decision 010).
   */
  async updateMany(app: string, entity: string, items: readonly { id: number; body: unknown; expectedVersion?: number | undefined }[], actor: Actor, single = false): Promise<RecordData[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    const at = (i: number) => (single ? '' : `/${i}`);
    let verify: ((db: Kysely<DynamicTables>, changed: { id: number; ownerChanged: boolean }[]) => Promise<void>) | undefined;
    if (!guard.unrestricted) {
      const ids = items.map((i) => i.id);
      await this.requireWithin(model, guard, entity, 'update', ids, false);
      const existing = new Map((await readMany(this.database.db, model, model.entity(entity), ids)).map((r) => [r.id, r]));
      items.forEach((item, i) => guard.checkWrite(entity, 'update', item.body, existing.get(item.id), at(i)));
      const handovers = items.flatMap((item, i) => (ownerChange(item.body, existing.get(item.id)) ? [{ id: item.id, path: `${at(i)}/owner_id` }] : []));
      if (handovers.length > 0) {
        if (!guard.access(entity, 'transfer')!.allowed) {
          throw new PermissionDeniedError(`You may not transfer ${entity} records to another owner`, handovers.map((h) => ({ path: h.path, code: 'permission.transferDenied', message: 'changing the owner needs the transfer permission' })));
        }
        await this.requireWithin(model, guard, entity, 'transfer', handovers.map((h) => h.id), false);
      }
      await guard.checkLinks(this.database.db, entity, items.map((i) => i.body), at);
      verify = async (db, changed) => {
        const kept = changed.filter((c) => !c.ownerChanged).map((c) => c.id);
        const moved = changed.filter((c) => c.ownerChanged).map((c) => c.id);
        const outsideUpdate = await this.outside(db, model, guard, entity, 'update', kept, false);
        if (outsideUpdate.length > 0) throw new PermissionDeniedError(`You may not change the ${entity} record ${outsideUpdate[0]} so that it leaves what you may update`);
        const outsideTransfer = await this.outside(db, model, guard, entity, 'transfer', moved, false);
        if (outsideTransfer.length > 0) {
          const path = handovers.find((h) => h.id === outsideTransfer[0])?.path ?? '/owner_id';
          throw new PermissionDeniedError(`You may not transfer the ${entity} record ${outsideTransfer[0]} to that owner`, [{ path, code: 'permission.transferDenied', message: 'the new owner is outside the records you may transfer' }]);
        }
      };
    }
    const filled = await this.withCopiedFields(model, guard, entity, items);
    const writer = { ...actor, readRestriction: guard.restriction('read') };
    return withoutHidden(model, guard, entity, await this.written(app, entity, this.writer.updateMany(model, entity, filled, writer, single ? '' : undefined, verify)));
  }

  /** Update bodies with the values copied from records newly picked (decision 041). */
  private async withCopiedFields(model: AppModel, guard: RecordGuard, entity: string, items: readonly { id: number; body: unknown; expectedVersion?: number | undefined }[]) {
    const definition = model.entity(entity);
    if (!copiesFields(definition)) return items;
    const current = new Map((await readMany(this.database.db, model, definition, items.map((i) => i.id))).map((r) => [r.id, r]));
    const bodies = await withCopiedFields(this.database.db, model, definition, items.map((i) => i.body), (i) => current.get(items[i]!.id), guard.restriction('read'));
    return items.map((item, i) => ({ ...item, body: bodies[i] }));
  }

  /**
   * Merges `loser` into `survivor` (decision 106): needs update on both and delete on the loser.
   *
   * @example
   * await records.merge('crm', 'lead', { survivor: 3, loser: 7, picks: { mobile: 'loser' } }, actor);
   */
  async merge(app: string, entity: string, request: MergeRequest, actor: Actor): Promise<MergeResult> {
    const model = await this.apps.model(app);
    checkMergeRequest(model, entity, request);
    const guard = this.guard(model, entity, actor);
    await this.requireWithin(model, guard, entity, 'update', [request.survivor, request.loser], false);
    await this.requireWithin(model, guard, entity, 'delete', [request.loser], false);
    if (!guard.unrestricted) {
      const readable = new Set(guard.restriction('read')?.fields(entity) ?? []);
      const hidden = Object.keys(request.picks ?? {}).filter((key) => !readable.has(key));
      if (hidden.length > 0) throw new PermissionDeniedError(`You may not pick the value of ${hidden.join(', ')}`, hidden.map((key) => ({ path: `/picks/${key}`, code: 'permission.fieldHidden', message: 'is a field you may not read' })));
      guard.checkWrite(entity, 'update', Object.fromEntries(Object.entries(request.picks ?? {}).filter(([, from]) => from === 'loser').map(([key]) => [key, null])), undefined, '/picks');
    }
    const result = await this.database.db.transaction().execute((trx) => mergeRecords(trx, new RecordWriter(this.database, trx), model, entity, request, actor));
    this.notify(app, entity);
    return { ...result, record: withoutHidden(model, guard, entity, [result.record])[0]! };
  }

  /** Moves records to the recycle bin. */
  async delete(app: string, entity: string, ids: readonly number[], actor: Actor, expectedVersion?: number): Promise<void> {
    const model = await this.apps.model(app);
    await this.requireWithin(model, this.guard(model, entity, actor), entity, 'delete', ids, false);
    return this.written(app, entity, this.writer.delete(model, entity, ids, actor, expectedVersion));
  }

  async restore(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<void> {
    const model = await this.apps.model(app);
    await this.requireWithin(model, this.guard(model, entity, actor), entity, 'delete', ids, true);
    return this.written(app, entity, this.writer.restore(model, entity, ids, actor));
  }

  async purge(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<void> {
    const model = await this.apps.model(app);
    await this.requireWithin(model, this.guard(model, entity, actor), entity, 'delete', ids, true);
    return this.written(app, entity, this.writer.purge(model, entity, ids, actor));
  }

  /** A record's history, newest first, without the fields the reader may not see. */
  async history(app: string, entity: string, id: number, actor?: Actor): Promise<HistoryEntry[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    if (!guard.unrestricted) {
      guard.require(entity, 'read');
      await getRecord(this.database.db, model, entity, id, { fields: [], includeDeleted: true, restriction: guard.restriction('read') });
    }
    const history = await recordHistory(this.database.db, model, entity, id);
    if (history.length === 0) throw new RecordNotFoundError(entity, id);
    return guard.filterHistory(entity, history);
  }

  /**
   * Shares a record with a user or with a department's members, for reading or editing. The
   * record must lie in the actor's `share` scope; the user must exist and be active, the
   * department must exist (400 naming `/userId` or `/departmentId`).
   */
  async share(app: string, entity: string, id: number, share: { userId?: number | undefined; departmentId?: number | undefined; access: 'read' | 'edit' }, actor: Actor): Promise<void> {
    const model = await this.apps.model(app);
    model.entity(entity);
    if ((share.userId === undefined) === (share.departmentId === undefined)) {
      throw new PipewrightError('share.invalid', 'Share with exactly one user or one department', [{ path: '', code: 'share.invalid', message: 'needs userId or departmentId' }]);
    }
    await this.requireWithin(model, this.guard(model, entity, actor), entity, 'share', [id], false);
    await getRecord(this.database.db, model, entity, id, { fields: [] });
    await checkPeopleTarget(this.database.db, share, { userId: '/userId', departmentId: '/departmentId' });
    await this.database.db.transaction().execute(async (db) => {
      const table = sql.table(`${model.schema}._shares`);
      const who = share.userId !== undefined ? sql`user_id = ${share.userId}` : sql`department_id = ${share.departmentId}`;
      await sql`DELETE FROM ${table} WHERE entity = ${entity} AND record_id = ${id} AND ${who}`.execute(db);
      await sql`INSERT INTO ${table} (entity, record_id, user_id, department_id, access, created_by)
                VALUES (${entity}, ${id}, ${share.userId ?? null}, ${share.departmentId ?? null}, ${share.access}, ${actor.userId})`.execute(db);
      const detail = { userId: share.userId ?? null, departmentId: share.departmentId ?? null, access: share.access };
      await writeRecordEvents(db, [{ app: model.key, entity, recordId: id, kind: 'share', detail, actor: actor.userId }]);
    });
    this.notify(app, entity);
  }

  /** Stops sharing a record with a user or department. */
  async unshare(app: string, entity: string, id: number, share: { userId?: number | undefined; departmentId?: number | undefined }, actor: Actor): Promise<void> {
    const model = await this.apps.model(app);
    await this.requireWithin(model, this.guard(model, entity, actor), entity, 'share', [id], false);
    const who = share.userId !== undefined ? sql`user_id = ${share.userId}` : sql`department_id = ${share.departmentId ?? null}`;
    await sql`DELETE FROM ${sql.table(`${model.schema}._shares`)} WHERE entity = ${entity} AND record_id = ${id} AND ${who}`.execute(this.database.db);
    this.notify(app, entity);
  }

  /** Who a record is shared with. */
  async shares(app: string, entity: string, id: number, actor: Actor): Promise<{ userId: number | null; departmentId: number | null; access: string }[]> {
    const model = await this.apps.model(app);
    const guard = this.guard(model, entity, actor);
    guard.require(entity, 'read');
    await getRecord(this.database.db, model, entity, id, { fields: [], restriction: guard.restriction('read') });
    const { rows } = await sql<{ user_id: number | null; department_id: number | null; access: string }>`
      SELECT user_id, department_id, access FROM ${sql.table(`${model.schema}._shares`)} WHERE entity = ${entity} AND record_id = ${id} ORDER BY id`.execute(this.database.db);
    return rows.map((r) => ({ userId: r.user_id === null ? null : Number(r.user_id), departmentId: r.department_id === null ? null : Number(r.department_id), access: r.access }));
  }

  /**
   * Hands every live record one user owns to another, in one transaction (a leaving rep's
   * accounts, leads and deals), with a `transfer` entry in each record's history. The new owner
   * must be an active user (400 `/toUserId`). The actor needs, on every record, the update and
   * transfer scopes before and the transfer scope after the change (an admin, or the rep's
   * manager moving records within their department tree); otherwise nothing moves.
   */
  async transferOwnership(app: string, fromUserId: number, toUserId: number, actor: Actor, entities?: readonly string[]): Promise<Record<string, number>> {
    const model = await this.apps.model(app);
    const keys = entities ?? model.bundle.entities.map((e) => e.key);
    keys.forEach((entity) => model.entity(entity));
    if (actor.permissions) await checkPeopleTarget(this.database.db, { userId: toUserId }, { userId: '/toUserId', departmentId: '' });
    const moved: Record<string, number> = {};
    await this.database.db.transaction().execute(async (db) => {
      for (const entity of keys) {
        const guard = this.guard(model, entity, actor);
        const table = sql.table(`${model.schema}.${entity}`);
        if (!guard.unrestricted) {
          guard.require(entity, 'update');
          guard.require(entity, 'transfer');
          const update = guard.condition(entity, 'update', 't') ?? sql`TRUE`;
          const transfer = guard.condition(entity, 'transfer', 't') ?? sql`TRUE`;
          const { rows } = await sql<{ id: number }>`SELECT t.id FROM ${table} t WHERE t.owner_id = ${fromUserId} AND t.deleted_at IS NULL AND NOT ((${update}) AND (${transfer})) IS TRUE LIMIT 1`.execute(db);
          if (rows.length > 0) throw new PermissionDeniedError(`You may not transfer every ${entity} record of user ${fromUserId}`);
        }
        const { rows } = await sql<{ id: number }>`
          UPDATE ${table} SET owner_id = ${toUserId}, version = version + 1, updated_at = now()
           WHERE owner_id = ${fromUserId} AND deleted_at IS NULL RETURNING id`.execute(db);
        moved[entity] = rows.length;
        if (rows.length === 0) continue;
        const ids = rows.map((r) => Number(r.id));
        const previous = { owner_id: fromUserId };
        const events = ids.map((id) => ({ app: model.key, entity, recordId: id, kind: 'transfer' as const, changed: ['owner_id'], previous, actor: actor.userId }));
        await writeRecordEvents(db, events);
        await keepTimers(db, model, events);
        if (!guard.unrestricted && (await this.outside(db, model, guard, entity, 'transfer', ids, false)).length > 0) {
          throw new PermissionDeniedError(`You may not transfer ${entity} records to user ${toUserId}`, [{ path: '/toUserId', code: 'permission.transferDenied', message: 'the new owner is outside the records you may transfer' }]);
        }
        if (model.entity(entity).audit === false) continue;
        const changes = JSON.stringify({ owner_id: { from: fromUserId, to: toUserId } });
        await sql`INSERT INTO ${sql.table(`${model.schema}._audit`)} (entity, record_id, action, actor, changes)
                  SELECT ${entity}, id, 'transfer', ${actor.userId}, ${changes}::jsonb FROM unnest(${`{${ids.join(',')}}`}::bigint[]) AS id`.execute(db);
      }
    });
    keys.forEach((entity) => this.notify(app, entity));
    return moved;
  }

  /**
   * Records the actor cannot read read as not found (404); readable ones outside the action's
   * scope are refused (403).
   */
  /**
   * Refuses unless `actor` may take `action` (print, export, …) on record `id`: 404 when the record
   * is outside the read scope, 403 `permission.denied` when it is read but the action does not reach it.
   *
   * @example
   * await runtime.records.authorize('crm', 'opportunity', 12, 'print', actor);
   */
  async authorize(app: string, entity: string, id: number, action: PermissionAction, actor: Actor): Promise<void> {
    const model = await this.apps.model(app);
    model.entity(entity);
    await this.requireWithin(model, this.guard(model, entity, actor), entity, action, [id], false);
  }

  private async requireWithin(model: AppModel, guard: RecordGuard, entity: string, action: PermissionAction, ids: readonly number[], deleted: boolean): Promise<void> {
    if (guard.unrestricted) return;
    guard.require(entity, action);
    // One query answers both questions: which ids are visible, and which of those the action reaches.
    const allowed = guard.condition(entity, action, 't');
    const visible = guard.condition(entity, 'read', 't');
    const { rows } = await sql<{ id: number; allowed: boolean }>`
      SELECT t.id, ${allowed ? sql`(${allowed}) IS TRUE` : sql`TRUE`} AS allowed FROM ${sql.table(`${model.schema}.${entity}`)} t
       WHERE t.id IN (${sql.join([...ids])}) AND t.deleted_at IS ${deleted ? sql`NOT NULL` : sql`NULL`}${visible ? sql` AND ${visible}` : sql``}`.execute(this.database.db);
    const found = new Map(rows.map((r) => [Number(r.id), r.allowed]));
    const invisible = ids.find((id) => !found.has(id));
    if (invisible !== undefined) throw new RecordNotFoundError(entity, invisible);
    const refused = ids.find((id) => !found.get(id));
    if (refused !== undefined) throw new PermissionDeniedError(`You may not ${action} the ${entity} record ${refused}`);
  }

  /** The ids (of those given) that do not exist or lie outside the actor's scope for an action. */
  private async outside(db: Kysely<DynamicTables>, model: AppModel, guard: RecordGuard, entity: string, action: PermissionAction, ids: readonly number[], deleted: boolean): Promise<number[]> {
    if (ids.length === 0) return [];
    const condition = guard.condition(entity, action, 't');
    const { rows } = await sql<{ id: number }>`
      SELECT t.id FROM ${sql.table(`${model.schema}.${entity}`)} t
       WHERE t.id IN (${sql.join([...ids])}) AND t.deleted_at IS ${deleted ? sql`NOT NULL` : sql`NULL`}${condition ? sql` AND ${condition}` : sql``}`.execute(db);
    const found = new Set(rows.map((r) => Number(r.id)));
    return ids.filter((id) => !found.has(id));
  }
}

/** The actions a role grants per record (the others, such as create or export, are per entity). */
export const rowActions = ['update', 'delete', 'transfer', 'share', 'print'] as const satisfies readonly PermissionAction[];
export type RowAction = (typeof rowActions)[number];

/** Written records as the writer may read them back: without the fields hidden from them. */
function withoutHidden(model: AppModel, guard: RecordGuard, entity: string, records: RecordData[]): RecordData[] {
  const readable = guard.restriction('read')?.fields(entity);
  if (!readable) return records;
  const allowed = new Set(readable);
  const fieldKeys = new Set(model.entity(entity).fields.map((f) => f.key));
  return records.map((record) => Object.fromEntries(Object.entries(record).filter(([key]) => !fieldKeys.has(key) || allowed.has(key))));
}

/** The key fields' values of a draft, refusing a value that is not text (400 naming the field). */
function duplicateValues(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new RecordValidationError([{ path: '', code: 'record.notAnObject', message: 'must be an object of field values' }]);
  const values: Record<string, unknown> = {};
  const problems = [];
  for (const field of new Set(fields)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number') problems.push({ path: `/${field}`, code: 'value.type', message: 'must be text' });
    else values[field] = value;
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
  return values;
}

/** Whether an update body changes the record's owner. */
function ownerChange(body: unknown, before: RecordData | undefined): boolean {
  if (!body || typeof body !== 'object' || !Object.hasOwn(body, 'owner_id')) return false;
  const next = (body as Record<string, unknown>).owner_id;
  const current = before?.owner_id ?? null;
  return (next ?? null) !== current && !(typeof next === 'number' && Number(current) === next);
}
