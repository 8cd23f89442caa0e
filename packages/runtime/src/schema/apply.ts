/**
 * Runs a migration plan inside one transaction: each step's data checks right before the step,
 * then its SQL. A step that cannot run, or that would destroy data without consent, rolls the whole
 * migration back, so schema and metadata stay exactly as they were. A dry run always rolls back
 * and reports what each step would do to the data.
 */
import { PipewrightError } from '@pipewright/engines';
import { sql, type Transaction } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import { indexStatement, type MigrationPlan, type MigrationStep } from './plan.ts';

export interface StepReport {
  description: string;
  kind: MigrationStep['kind'];
  destructive: boolean;
  /**
   * `loss`: this step would destroy data here; `refuse`: it cannot run on this data; `empty`:
   * records lack a value the step would require, so it is left out (with consent).
   */
  findings: { outcome: 'loss' | 'refuse' | 'empty'; message: string; path?: string }[];
  /** The step was left out: the data does not allow it yet (a NOT NULL over empty values). */
  skipped?: boolean;
  /** Whether the index is built after the commit, concurrently. */
  deferred?: boolean;
}

export interface ApplyOptions {
  allowDataLoss: boolean;
  /** Build indexes on existing tables after the commit, without blocking writers (PostgreSQL). */
  concurrentIndexes: boolean;
  /** Whether the database has pg_trgm for search indexes. */
  trigram: boolean;
}

export interface ApplyResult {
  steps: StepReport[];
  refused: boolean;
  needsConsent: boolean;
  /** Index statements to run after the commit (CONCURRENTLY). */
  deferredIndexes: string[];
}

/**
 * Applies `plan` within `trx`. Returns the report; the caller commits only when
 * `!refused && !needsConsent` (or rolls back for a dry run).
 */
export async function runPlan(trx: Transaction<DynamicTables>, plan: MigrationPlan, options: ApplyOptions): Promise<ApplyResult> {
  const created = new Set(plan.steps.filter((s) => s.kind === 'createTable').map((s) => s.table));
  const result: ApplyResult = { steps: [], refused: false, needsConsent: false, deferredIndexes: [] };
  for (const [index, step] of plan.steps.entries()) {
    const report: StepReport = { description: step.description, kind: step.kind, destructive: step.destructive, findings: [] };
    result.steps.push(report);
    try {
      await runStep(trx, plan, step, report, result, options, created);
    } catch (error) {
      throw new MigrationStepError(index, step.description, error);
    }
    if (result.refused) break; // later steps may depend on this one
  }
  return result;
}

/** A statement of a migration failed; the transaction is rolled back and nothing changed. */
export class MigrationStepError extends PipewrightError {
  constructor(readonly step: number, description: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('migration.failed', `Migration step "${description}" failed: ${reason}; nothing was changed`, [
      { path: `/steps/${step}`, code: 'migration.failed', message: `${description}: ${reason}` },
    ]);
    this.cause = cause;
  }
}

async function runStep(
  trx: Transaction<DynamicTables>,
  plan: MigrationPlan,
  step: MigrationStep,
  report: StepReport,
  result: ApplyResult,
  options: ApplyOptions,
  created: Set<string | undefined>,
): Promise<void> {
  for (const check of step.checks) {
    const found = await sql.raw(check.sql).execute(trx);
    if (found.rows.length > 0) {
      const count = (found.rows[0] as { n?: unknown }).n;
      const message = count === undefined ? check.message : check.message.replace('{count}', String(count));
      report.findings.push({ outcome: check.outcome, message, ...(check.path === undefined ? {} : { path: check.path }) });
      if (check.outcome === 'refuse') result.refused = true;
      else if (!options.allowDataLoss) result.needsConsent = true;
    }
  }
  if (result.refused) return;
  if (report.findings.some((f) => f.outcome === 'empty')) {
    report.skipped = true;
    return;
  }
  if (step.index) {
    const deferred = options.concurrentIndexes && !created.has(step.index.table);
    const statement = indexStatement(plan.schema, step, { concurrently: deferred, trigram: options.trigram });
    if (!statement) return;
    if (deferred) {
      report.deferred = true;
      result.deferredIndexes.push(statement);
    } else {
      await sql.raw(statement).execute(trx);
    }
    return;
  }
  for (const statement of step.sql) await sql.raw(statement).execute(trx);
}
