/**
 * Installing and publishing apps. Every published version is kept, immutable, with the plan that
 * brought it in; the installed version is the newest. Publishing runs the whole migration and the
 * metadata change in one transaction.
 *
 * @example
 * const apps = new AppStore(database);
 * const preview = await apps.plan(nextBundle);                 // what would happen, rolled back
 * await apps.publish(nextBundle, { actor: adminId, allowDataLoss: false });
 * const model = await apps.model('crm');
 */
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import type { Database } from '../database/index.ts';
import { postgresErrorCode } from '../database/index.ts';
import { runPlan, type ApplyResult, type StepReport } from '../schema/apply.ts';
import { readCatalog } from '../schema/catalog.ts';
import { planMigration, type MigrationPlan } from '../schema/plan.ts';
import { AppModel } from './app-model.ts';
import { AppNotFoundError, AppVersionError, MigrationRefusedError } from './errors.ts';
import { publishableBundle } from './publishable.ts';
import { compareVersions } from './semver.ts';

export interface PublishOptions {
  actor?: number | undefined;
  allowDataLoss?: boolean | undefined;
}

export interface PlanPreview {
  app: string;
  fromVersion: string | null;
  toVersion: string;
  steps: StepReport[];
  /** Some step cannot run on the data present (see its findings). */
  refused: boolean;
  /** Some step would destroy data: publishing needs `allowDataLoss`. */
  needsConsent: boolean;
  /** Problems after the commit that did not undo it (an index that could not be built concurrently). */
  warnings: string[];
}

export interface InstalledApp {
  key: string;
  version: string;
  name: AppBundle['app']['name'];
  installedAt: string;
  updatedAt: string;
}

/** NOTIFY channel announcing a published app version; the payload is the app key. */
export const publishedChannel = 'pipewright_app_published';

class Rollback extends Error {
  constructor(readonly result: ApplyResult) {
    super('rollback');
  }
}

export class AppStore {
  private readonly models = new Map<string, AppModel>();
  private trigram: boolean | undefined;

  constructor(readonly database: Database) {}

  /** Installed apps with their current versions. */
  async list(): Promise<InstalledApp[]> {
    const { rows } = await this.database.executeSql(
      `SELECT a.key, a.current_version, v.bundle->'app'->'name' AS name, a.installed_at, a.updated_at
         FROM pipewright.apps a JOIN pipewright.app_versions v ON v.app = a.key AND v.version = a.current_version
        ORDER BY a.key`,
    );
    return rows.map((r) => ({
      key: String(r.key),
      version: String(r.current_version),
      name: r.name as InstalledApp['name'],
      installedAt: new Date(r.installed_at as Date).toISOString(),
      updatedAt: new Date(r.updated_at as Date).toISOString(),
    }));
  }

  /** The installed bundle of an app, or undefined. */
  async installedBundle(appKey: string): Promise<AppBundle | undefined> {
    const { rows } = await this.database.executeSql(
      `SELECT v.bundle FROM pipewright.apps a JOIN pipewright.app_versions v ON v.app = a.key AND v.version = a.current_version WHERE a.key = $1`,
      [appKey],
    );
    return rows[0]?.bundle as AppBundle | undefined;
  }

  /** The installed bundle of every app. */
  async installedBundles(): Promise<AppBundle[]> {
    const { rows } = await this.database.executeSql(
      `SELECT v.bundle FROM pipewright.apps a JOIN pipewright.app_versions v ON v.app = a.key AND v.version = a.current_version ORDER BY a.key`,
    );
    return rows.map((r) => r.bundle as AppBundle);
  }

  /** Every published version of an app, newest first. */
  async versions(appKey: string): Promise<{ version: string; publishedAt: string; publishedBy: number | null }[]> {
    const { rows } = await this.database.executeSql(
      `SELECT version, published_at, published_by FROM pipewright.app_versions WHERE app = $1`,
      [appKey],
    );
    return rows
      .map((r) => ({ version: String(r.version), publishedAt: new Date(r.published_at as Date).toISOString(), publishedBy: (r.published_by as number | null) ?? null }))
      .sort((a, b) => compareVersions(b.version, a.version));
  }

  /** The prepared model of the installed version (cached until the next publish). */
  async model(appKey: string): Promise<AppModel> {
    const cached = this.models.get(appKey);
    if (cached) return cached;
    const bundle = await this.installedBundle(appKey);
    if (!bundle) throw new AppNotFoundError(appKey);
    const model = new AppModel(bundle);
    this.models.set(appKey, model);
    return model;
  }

  /** Forgets a cached model (another instance published a new version). */
  invalidate(appKey: string): void {
    this.models.delete(appKey);
  }

  /**
   * Keeps the cache right across server instances: every publish notifies
   * `pipewright_app_published`, and each instance drops its model of that app.
   */
  async watch(): Promise<() => Promise<void>> {
    return this.database.listen(publishedChannel, (app) => {
      if (app === null) this.models.clear();
      else this.invalidate(app);
    });
  }

  /** The migration plan from the installed version to `document`, tried on the data and rolled back. */
  async plan(document: unknown): Promise<PlanPreview> {
    const bundle = publishableBundle(document);
    const installed = await this.installedBundle(bundle.app.key);
    const { plan, result } = await this.tryPlan(installed ?? null, bundle, { allowDataLoss: false, dryRun: true });
    return preview(plan, result);
  }

  /**
   * Validates and publishes a bundle: installs it when the app is new, otherwise migrates from
   * the installed version. Throws `MigrationRefusedError` (nothing changed) when a step cannot run
   * or would destroy data without `allowDataLoss`.
   */
  async publish(document: unknown, options: PublishOptions = {}): Promise<PlanPreview> {
    const bundle = publishableBundle(document);
    const installed = await this.installedBundle(bundle.app.key);
    if (installed) {
      const order = compareVersions(bundle.app.version, installed.app.version);
      if (order === 0) throw new AppVersionError('app.versionExists', `Version ${bundle.app.version} of "${bundle.app.key}" is already published; published versions are immutable, raise the version`);
      if (order < 0) throw new AppVersionError('app.versionNotNewer', `Version ${bundle.app.version} is older than the installed ${installed.app.version}`);
    }
    const { plan, result } = await this.tryPlan(installed ?? null, bundle, { allowDataLoss: Boolean(options.allowDataLoss), dryRun: false, actor: options.actor });
    this.invalidate(bundle.app.key);
    const report = preview(plan, result);
    for (const statement of result.deferredIndexes) {
      const warning = await this.buildIndexConcurrently(statement);
      if (warning) report.warnings.push(warning);
    }
    return report;
  }

  /**
   * Plans the move from `installed` to `bundle` against the live catalog of the app's schema
   * (read under the app's publish lock) and runs it; rolls back for a dry run, a refusal or a
   * missing consent.
   */
  private async tryPlan(
    installed: AppBundle | null,
    bundle: AppBundle,
    run: { allowDataLoss: boolean; dryRun: boolean; actor?: number | undefined },
  ): Promise<{ plan: MigrationPlan; result: ApplyResult }> {
    const trigram = await this.hasTrigram();
    let plan = planMigration(installed, bundle);
    try {
      const result = await this.database.db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(7254002, hashtext(${plan.app}))`.execute(trx);
        if (installed) plan = planMigration(installed, bundle, await readCatalog(trx, plan.schema));
        if (trigram) await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(trx);
        const result = await runPlan(trx, plan, {
          allowDataLoss: run.allowDataLoss,
          concurrentIndexes: this.database.kind === 'postgres',
          trigram,
        });
        if (run.dryRun || result.refused || result.needsConsent) throw new Rollback(result);
        if (plan.fromVersion === null) {
          await sql`INSERT INTO pipewright.apps (key, current_version) VALUES (${plan.app}, ${plan.toVersion})`.execute(trx);
        } else {
          await sql`UPDATE pipewright.apps SET current_version = ${plan.toVersion}, updated_at = now() WHERE key = ${plan.app}`.execute(trx);
        }
        await sql`SELECT pg_notify(${publishedChannel}, ${plan.app})`.execute(trx); // delivered at commit
        await sql`INSERT INTO pipewright.app_versions (app, version, bundle, plan, published_by)
                  VALUES (${plan.app}, ${plan.toVersion}, ${JSON.stringify(bundle)}::jsonb, ${JSON.stringify(result.steps)}::jsonb, ${run.actor ?? null})`.execute(trx);
        return result;
      });
      return { plan, result };
    } catch (error) {
      if (error instanceof Rollback) {
        if (run.dryRun) return { plan, result: error.result };
        throw refusal(plan, error.result);
      }
      if (postgresErrorCode(error) === '23505') {
        throw new AppVersionError('app.versionExists', `Version ${plan.toVersion} of "${plan.app}" is already published`);
      }
      throw error;
    }
  }

  /**
   * Builds an index without blocking writers. A failed concurrent build leaves an invalid index
   * behind; it is dropped and reported, and the next publish tries again.
   */
  private async buildIndexConcurrently(statement: string): Promise<string | undefined> {
    try {
      await this.database.executeSql(statement);
      return undefined;
    } catch (error) {
      const name = /INDEX CONCURRENTLY IF NOT EXISTS ("[^"]+") ON ("[^"]+")\./.exec(statement);
      if (name) await this.database.executeSql(`DROP INDEX CONCURRENTLY IF EXISTS ${name[2]}.${name[1]}`).catch(() => undefined);
      return `index not built: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private async hasTrigram(): Promise<boolean> {
    if (this.trigram === undefined) {
      const { rows } = await this.database.executeSql(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
      this.trigram = rows.length > 0;
    }
    return this.trigram;
  }
}

function preview(plan: MigrationPlan, result: ApplyResult): PlanPreview {
  return {
    app: plan.app,
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    steps: result.steps,
    refused: result.refused,
    needsConsent: result.needsConsent,
    warnings: [],
  };
}

function refusal(plan: MigrationPlan, result: ApplyResult): MigrationRefusedError {
  const codes = { refuse: 'migration.refused', loss: 'migration.dataLoss', empty: 'migration.requiredEmpty' } as const;
  const problems = result.steps.flatMap((s, i) =>
    s.findings
      .filter((f) => f.outcome === 'refuse' || result.needsConsent)
      .map((f) => ({ path: f.path ?? `/steps/${i}`, code: codes[f.outcome], message: `${s.description}: ${f.message}` })),
  );
  const report = preview(plan, result);
  if (result.refused) return new MigrationRefusedError('migration.refused', `The migration to ${plan.toVersion} cannot run on the current data; nothing was changed`, problems, report);
  if (problems.some((p) => p.code === 'migration.dataLoss')) {
    return new MigrationRefusedError('migration.dataLoss', `The migration to ${plan.toVersion} would destroy data; publish again with allowDataLoss to accept; nothing was changed`, problems, report);
  }
  return new MigrationRefusedError('migration.requiredEmpty', `Records have no value in fields the migration to ${plan.toVersion} makes required; publish again with allowDataLoss to keep those columns nullable until the records are filled; nothing was changed`, problems, report);
}
