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
import { Automation, type AutomationOptions } from './automation/automation.ts';
import { dryRunRuleset, type DryRunInput, type DryRunResult } from './automation/dry-run.ts';
import type { Actor } from './records/record-writer.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskFileStore, type FileStore } from './files/file-store.ts';
import { Files } from './files/files.ts';
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
  /** Uploaded files: bytes in the file store, rows in `pipewright.files`, read with the record's permissions (decisions 044, 048). */
  readonly files: Files;
  /**
   * Starts automation in this process: the outbox dispatcher and the rules worker (a server
   * calls it once; tests and tools that want rules to run do too). Stopped by `close`.
   */
  startAutomation(options?: AutomationOptions): Promise<Automation>;
  /** The running automation, once started. */
  readonly automation: Automation | undefined;
  /** Which rules of a ruleset would match a record and what they would do; writes nothing (decision 062). */
  dryRun(app: string, ruleset: string, input: DryRunInput, actor: Actor): Promise<DryRunResult>;
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
  /** Where uploaded files' bytes are kept; unset: a directory under the system's temporary directory (tests, tools). */
  files?: FileStore | undefined;
  /** The largest upload when a field sets no `maxFileSizeMb` (20 MB). */
  maxFileBytes?: number | undefined;
}

const emptyDirectory: OrgDirectory = { usersInDepartments: () => [] };

export async function openRuntime(
  database: Database,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  await migratePlatform(database);
  const apps = new AppStore(database);
  const policy = new AccessPolicy(options.directory ?? emptyDirectory);
  const stopWatching = await apps.watch();
  const records = new Records(database, apps, policy);
  const reports = new Reports(database, apps, policy);
  records.onWrite.add((app, entity) => reports.written(app, entity));
  const prints = new Prints(apps, records, database.db, options.print);
  let automation: Automation | undefined;
  return {
    database,
    apps,
    records,
    reports,
    policy,
    prints,
    savedViews: new SavedViews(database),
    files: new Files(database, apps, records, options.files ?? new DiskFileStore(join(tmpdir(), 'pipewright-files')), { maxBytes: options.maxFileBytes }),
    get automation() {
      return automation;
    },
    dryRun: (app, ruleset, input, actor) =>
      dryRunRuleset({ database, apps, records }, app, ruleset, input, actor),
    async startAutomation(automationOptions) {
      if (automation) return automation;
      automation = await Automation.start(database, apps, automationOptions);
      const started = automation;
      records.onWrite.add(() => started.kick());
      return automation;
    },
    async close() {
      await automation?.stop();
      await prints.close();
      await stopWatching();
      await database.close();
    },
  };
}
