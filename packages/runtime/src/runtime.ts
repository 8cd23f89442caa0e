/**
 * The runtime: an app's metadata interpreted on a database. One object per process, shared by
 * every request; it holds no per-user state.
 *
 * @example
 * const runtime = await openRuntime(await createDatabase(readDatabaseConfig(process.env)));
 * await runtime.apps.publish(bundle, { actor: 1 });
 * const lead = await runtime.records.create('crm', 'lead', { name: '星辰科技' }, { userId: 1 });
 */
import type { OrgDirectory } from '@pipewright/engines';
import { AppStore } from './apps/app-store.ts';
import type { Database } from './database/index.ts';
import { AccessPolicy } from './permissions/access-policy.ts';
import { migratePlatform } from './platform/platform-schema.ts';
import { Records } from './records/records.ts';
import { SavedViews } from './views/saved-views.ts';
import { Reports } from './reports/reports.ts';
import { Prints } from './print/prints.ts';
import type { PrintRendererOptions } from './print/print-renderer.ts';
export { filterContext } from './query/filter-context.ts';

export interface Runtime {
  readonly database: Database;
  readonly apps: AppStore;
  readonly records: Records;
  /** Reports and dashboards, with the viewer's permissions inside every query. */
  readonly reports: Reports;
  /** Compiled permissions; `useDirectory` connects the organisation, `invalidate` forgets compiled scopes. */
  readonly policy: AccessPolicy;
  /** Print templates filled with records and rendered to PDF on a pool of warm Chromium pages (launched at the first print). */
  readonly prints: Prints;
  /** Readers' saved views of an app's views (columns, sort, filter), personal or shared. */
  readonly savedViews: SavedViews;
  close(): Promise<void>;
}

/** Prepares the platform tables and returns the runtime over an open database. */
export interface RuntimeOptions {
  /**
   * Who belongs to which department, for department permission scopes. Without one, department
   * scopes match no records (they fail closed).
   */
  directory?: OrgDirectory;
  /** The print renderer's pool size, page recycling and render timeout. */
  print?: PrintRendererOptions;
}

const emptyDirectory: OrgDirectory = { usersInDepartments: () => [] };

export async function openRuntime(database: Database, options: RuntimeOptions = {}): Promise<Runtime> {
  await migratePlatform(database);
  const apps = new AppStore(database);
  const policy = new AccessPolicy(options.directory ?? emptyDirectory);
  const stopWatching = await apps.watch();
  const records = new Records(database, apps, policy);
  const reports = new Reports(database, apps, policy);
  records.onWrite.add((app, entity) => reports.written(app, entity));
  const prints = new Prints(apps, records, database.db, options.print);
  return {
    database,
    apps,
    records,
    reports,
    policy,
    prints,
    savedViews: new SavedViews(database),
    async close() {
      await prints.close();
      await stopWatching();
      await database.close();
    },
  };
}

