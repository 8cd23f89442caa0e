/**
 * The runtime: an app's metadata interpreted on a database. One object per process, shared by
 * every request; it holds no per-user state.
 *
 * @example
 * const runtime = await openRuntime(await createDatabase(readDatabaseConfig(process.env)));
 * await runtime.apps.publish(bundle, { actor: 1 });
 * const lead = await runtime.records.create('crm', 'lead', { name: '星辰科技' }, { userId: 1 });
 */
import { PipewrightError, type FilterContext } from '@pipewright/engines';
import type { Filter } from '@pipewright/metadata';
import { joinTableOf } from './schema/layout.ts';
import { AppStore } from './apps/app-store.ts';
import type { Database } from './database/index.ts';
import { migratePlatform } from './platform/platform-schema.ts';
import { listRecords, type ListPage, type ListQuery } from './query/list-query.ts';
import { RecordNotFoundError } from './records/errors.ts';
import { getRecord, recordHistory, type GetOptions, type HistoryEntry } from './records/record-reader.ts';
import { RecordWriter, type Actor, type RecordData } from './records/record-writer.ts';

export class Records {
  private readonly writer: RecordWriter;

  constructor(private readonly database: Database, private readonly apps: AppStore) {
    this.writer = new RecordWriter(database);
  }

  async create(app: string, entity: string, body: unknown, actor: Actor): Promise<RecordData> {
    return this.writer.create(await this.apps.model(app), entity, body, actor);
  }

  /**
   * Creates records in one transaction, all or none. `returning: 'ids'` answers `{ id, version }`
   * per record instead of the whole records (cheaper for imports).
   */
  async createMany(app: string, entity: string, bodies: readonly unknown[], actor: Actor, options: { returning?: 'records' | 'ids' } = {}): Promise<RecordData[]> {
    return this.writer.createMany(await this.apps.model(app), entity, bodies, actor, undefined, options.returning ?? 'records');
  }

  async get(app: string, entity: string, id: number, options: GetOptions = {}): Promise<RecordData> {
    return getRecord(this.database.db, await this.apps.model(app), entity, id, options);
  }

  /** A page of records; `now` fixes the clock of relative dates (tests, scheduled reports). */
  async list(app: string, entity: string, query: ListQuery, actor: Actor, now?: Date): Promise<ListPage> {
    return listRecords(this.database.db, await this.apps.model(app), entity, query, filterContext(actor, now));
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
    await getRecord(this.database.db, model, entity, id, { fields: [] });
    const context = filterContext(actor, now);
    if (field.kind === 'oneToMany') {
      const back: Filter = { field: field.inverse!, op: 'eq', value: id };
      const filter: Filter = query.filter ? { and: [back, query.filter] } : back;
      return { entity: field.target, ...(await listRecords(this.database.db, model, field.target, { ...query, filter }, context)) };
    }
    const join = joinTableOf(source, field, model.bundle);
    const linkedTo = { table: join.table, sourceColumn: join.sourceColumn, targetColumn: join.targetColumn, sourceId: id };
    return { entity: field.target, ...(await listRecords(this.database.db, model, field.target, { ...query, linkedTo }, context)) };
  }

  async update(app: string, entity: string, id: number, body: unknown, actor: Actor, expectedVersion?: number): Promise<RecordData> {
    return this.writer.update(await this.apps.model(app), entity, id, body, actor, expectedVersion);
  }

  async updateMany(app: string, entity: string, items: readonly { id: number; body: unknown; expectedVersion?: number | undefined }[], actor: Actor): Promise<RecordData[]> {
    return this.writer.updateMany(await this.apps.model(app), entity, items, actor);
  }

  async delete(app: string, entity: string, ids: readonly number[], actor: Actor, expectedVersion?: number): Promise<void> {
    return this.writer.delete(await this.apps.model(app), entity, ids, actor, expectedVersion);
  }

  async restore(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<void> {
    return this.writer.restore(await this.apps.model(app), entity, ids, actor);
  }

  async purge(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<void> {
    return this.writer.purge(await this.apps.model(app), entity, ids, actor);
  }

  async history(app: string, entity: string, id: number): Promise<HistoryEntry[]> {
    const model = await this.apps.model(app);
    const history = await recordHistory(this.database.db, model, entity, id);
    if (history.length === 0) throw new RecordNotFoundError(entity, id);
    return history;
  }
}

export interface Runtime {
  readonly database: Database;
  readonly apps: AppStore;
  readonly records: Records;
  close(): Promise<void>;
}

/** Prepares the platform tables and returns the runtime over an open database. */
export async function openRuntime(database: Database): Promise<Runtime> {
  await migratePlatform(database);
  const apps = new AppStore(database);
  const stopWatching = await apps.watch();
  return {
    database,
    apps,
    records: new Records(database, apps),
    async close() {
      await stopWatching();
      await database.close();
    },
  };
}

/** The filter variables of an actor. */
export function filterContext(actor: Actor, now: Date = new Date()): FilterContext {
  return { now, userId: actor.userId, departmentId: actor.departmentId, timeZone: actor.timeZone };
}
