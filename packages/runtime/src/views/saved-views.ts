/**
 * Saved views: a reader's columns, sort and filter of one of an app's views, under a name, kept
 * for them alone or shared with everyone who may open the view. The caller (the HTTP route)
 * checks that the view exists for the reader and that its filter and sort would run; this module
 * stores, lists and changes them, and enforces who may change one: its owner, or an
 * administrator.
 *
 * @example
 * const saved = await runtime.savedViews.create({ app: 'crm', viewKey: 'lead_all', name: '本周官网线索', shared: false, settings }, actorId);
 * await runtime.savedViews.list('crm', 'lead_all', actorId); // mine and the shared ones, mine first
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import { PipewrightError } from '@pipewright/engines';
import type { Database } from '../database/index.ts';

/** What a saved view holds of a list: plain data the runner reads back as is. */
export interface SavedViewSettings {
  columns?: string[];
  sort?: { field: string; direction?: 'asc' | 'desc'; nulls?: 'first' | 'last' }[];
  filter?: unknown;
}

export interface SavedView {
  id: number;
  app: string;
  viewKey: string;
  name: string;
  ownerId: number;
  shared: boolean;
  settings: SavedViewSettings;
  createdAt: string;
  updatedAt: string;
}

export interface NewSavedView {
  app: string;
  viewKey: string;
  name: string;
  shared: boolean;
  settings: SavedViewSettings;
}

export type SavedViewChanges = Partial<Pick<NewSavedView, 'name' | 'shared' | 'settings'>>;

interface SavedViewsTable {
  id: Generated<number>;
  app: string;
  view_key: string;
  name: string;
  owner_id: number;
  shared: ColumnType<boolean, boolean | undefined, boolean>;
  settings: ColumnType<SavedViewSettings, string, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

type Db = Kysely<{ 'pipewright.saved_views': SavedViewsTable }>;

/** 404 `savedView.notFound`: no such saved view, or one the caller may not see. */
export class SavedViewNotFoundError extends PipewrightError {
  constructor(id: number) {
    super('savedView.notFound', `There is no saved view ${id}`);
  }
}

/** 403 `savedView.notOwner`: only its owner (or an administrator) changes a saved view. */
export class SavedViewNotOwnerError extends PipewrightError {
  constructor(id: number) {
    super('savedView.notOwner', `Saved view ${id} belongs to someone else; only they or an administrator may change it`);
  }
}

function toSavedView(row: { id: number; app: string; view_key: string; name: string; owner_id: number; shared: boolean; settings: SavedViewSettings; created_at: Date; updated_at: Date }): SavedView {
  return {
    id: Number(row.id),
    app: row.app,
    viewKey: row.view_key,
    name: row.name,
    ownerId: Number(row.owner_id),
    shared: row.shared,
    settings: typeof row.settings === 'string' ? (JSON.parse(row.settings) as SavedViewSettings) : row.settings,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export class SavedViews {
  private readonly db: Db;

  constructor(database: Database) {
    this.db = database.db as unknown as Db;
  }

  /** The reader's saved views of one view and the shared ones, theirs first, each group by name. */
  async list(app: string, viewKey: string, userId: number): Promise<SavedView[]> {
    const rows = await this.db
      .selectFrom('pipewright.saved_views')
      .selectAll()
      .where('app', '=', app)
      .where('view_key', '=', viewKey)
      .where((eb) => eb.or([eb('owner_id', '=', userId), eb('shared', '=', true)]))
      .orderBy('name')
      .orderBy('id')
      .execute();
    const views = rows.map(toSavedView);
    return [...views.filter((v) => v.ownerId === userId), ...views.filter((v) => v.ownerId !== userId)];
  }

  /** One saved view the reader may see (theirs or shared). */
  async get(id: number, userId: number, isAdmin = false): Promise<SavedView> {
    const row = await this.db.selectFrom('pipewright.saved_views').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (!row.shared && Number(row.owner_id) !== userId && !isAdmin)) throw new SavedViewNotFoundError(id);
    return toSavedView(row);
  }

  async create(input: NewSavedView, ownerId: number): Promise<SavedView> {
    const row = await this.db
      .insertInto('pipewright.saved_views')
      .values({ app: input.app, view_key: input.viewKey, name: input.name.trim(), owner_id: ownerId, shared: input.shared, settings: JSON.stringify(input.settings) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSavedView(row);
  }

  async update(id: number, changes: SavedViewChanges, userId: number, isAdmin = false): Promise<SavedView> {
    const current = await this.get(id, userId, isAdmin);
    if (current.ownerId !== userId && !isAdmin) throw new SavedViewNotOwnerError(id);
    const row = await this.db
      .updateTable('pipewright.saved_views')
      .set({
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.shared !== undefined ? { shared: changes.shared } : {}),
        ...(changes.settings !== undefined ? { settings: JSON.stringify(changes.settings) } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSavedView(row);
  }

  async delete(id: number, userId: number, isAdmin = false): Promise<void> {
    const current = await this.get(id, userId, isAdmin);
    if (current.ownerId !== userId && !isAdmin) throw new SavedViewNotOwnerError(id);
    await this.db.deleteFrom('pipewright.saved_views').where('id', '=', id).execute();
  }
}
