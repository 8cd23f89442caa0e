/**
 * Reports and dashboards of installed apps, always as the viewer may see them: a run is one SQL
 * statement with the viewer's scope inside it (see report-query.ts), a drill-down lists the
 * records behind a cell through the list path, a dashboard runs its widgets in parallel, an export
 * streams every row through a cursor. Results are cached per compiled statement and dropped when
 * an entity they read is written.
 *
 * @example
 * const result = await runtime.reports.run('crm', 'rep_leaderboard', { parameters: { period: { period: 'thisQuarter' } } }, actor);
 * result.rows[0]; // { owner: 7, won_amount: 1250000, … }
 */
import { isCalendarDate, PipewrightError, planReport, type ReportColumn, type ReportPlan } from '@pipewright/engines';
import { validateDocument, type Dashboard, type Report } from '@pipewright/metadata';
import { sql } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Database } from '../database/index.ts';
import type { AccessPolicy } from '../permissions/access-policy.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import { filterContext } from '../query/filter-context.ts';
import { listRecords, type ListPage, type ListQuery } from '../query/list-query.ts';
import type { Actor } from '../records/record-writer.ts';
import { namedBatches, type ExportLocale } from './export-names.ts';
import { ReportCache } from './report-cache.ts';
import { compileCellCondition, compileReportQuery, maxReportRows, type CellValue, type CompiledReport } from './report-query.ts';
import { reportPermissions } from './report-scope.ts';

export type ResultRow = Record<string, unknown>;

export interface ReportResult {
  report: string;
  columns: ReportColumn[];
  /** One row per group, dimensions and measures by key; the row gathering the values outside a top N has `others: true`. */
  rows: ResultRow[];
  /** The measures over all rows the viewer may see (computed by PostgreSQL, not summed here). */
  totals: ResultRow;
  /** Pivot layouts: subtotals per row (row dimensions) and per column (column dimensions). */
  rowTotals?: ResultRow[];
  columnTotals?: ResultRow[];
  /** The report's limit cut the rows. */
  truncated: boolean;
  parameters: Record<string, unknown>;
}

export interface RunInput {
  parameters?: Record<string, unknown> | undefined;
}

export interface ExportInput extends RunInput {
  /** The language of option labels in the rows (people and departments are named either way). */
  locale?: ExportLocale | undefined;
}

export interface DrillInput extends RunInput, Pick<ListQuery, 'pageSize' | 'cursor' | 'fields' | 'sort'> {
  /** The cell: values of (some of) the report's dimensions. */
  cell?: Record<string, unknown> | undefined;
  /** The row gathered outside the top N. */
  others?: boolean | undefined;
}

export interface DashboardWidgetData {
  key: string;
  report: string;
  result?: ReportResult;
  /** Why this widget has no data (its report refused), as the API would answer it alone. */
  error?: { code: string; message: string; problems: readonly { path: string; code: string; message: string }[] };
}

export class ReportTooLargeError extends PipewrightError {
  constructor(rows: number) {
    super('report.tooManyRows', `The report has more than ${rows.toLocaleString('en')} rows: filter it, group it more coarsely, give it a limit or a top N, or export it`, [
      { path: '/dimensions', code: 'report.tooManyRows', message: `more than ${rows} groups` },
    ]);
  }
}

export class Reports {
  readonly cache = new ReportCache<ReportResult>();

  constructor(
    private readonly database: Database,
    private readonly apps: AppStore,
    private readonly policy: AccessPolicy,
  ) {}

  /** Runs a report of the app by key. */
  async run(app: string, reportKey: string, input: RunInput, actor: Actor, now = new Date()): Promise<ReportResult> {
    const model = await this.apps.model(app);
    return this.runDefinition(model, findReport(model, reportKey), input, actor, now, `/reports/${reportKey}`);
  }

  /** Runs a definition that is not part of the app (the report builder's preview), checked as a published one would be. */
  async preview(app: string, definition: unknown, input: RunInput, actor: Actor, now = new Date()): Promise<ReportResult> {
    const model = await this.apps.model(app);
    return this.runDefinition(model, checkedDefinition(definition), input, actor, now, '/definition');
  }

  private async runDefinition(model: AppModel, report: Report, input: RunInput, actor: Actor, now: Date, at: string): Promise<ReportResult> {
    const { plan, permissions } = this.prepare(model, report, input, actor, now, at === '/definition' ? at : '');
    const compiled = compileReportQuery(plan, permissions.scope);
    const statement = compiled.query.compile(this.database.db);
    const key = `${model.key}@${model.version}\u0000${statement.sql}\u0000${JSON.stringify(statement.parameters)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { rows } = await compiled.query.execute(this.database.db);
    const result = decodeResult(plan, compiled, rows);
    this.cache.set(key, result, entitiesRead(model, plan));
    return result;
  }

  private prepare(model: AppModel, report: Report, input: RunInput, actor: Actor, now: Date, at: string) {
    const guard = new RecordGuard(this.policy, model, actor.permissions, now, actor.timeZone).for(report.entity);
    if (!model.catalog.entity(report.entity)) throw new PipewrightError('report.invalid', `Invalid report: entity "${report.entity}" does not exist`, [{ path: `${at}/entity`, code: 'report.unknownEntity', message: `entity "${report.entity}" does not exist` }]);
    const permissions = reportPermissions(model, guard, report);
    // Buckets, periods and days are counted in the app's time zone, the same for every viewer.
    const context = { ...filterContext(actor, now), timeZone: model.bundle.app.timeZone ?? actor.timeZone };
    const plan = planReport(model.catalog, report, { parameters: input.parameters, context, access: permissions.access, at });
    return { plan, permissions };
  }

  /**
   * The records behind one cell of a report: the report's rows (same scope, filter and
   * parameters) whose dimensions hold the cell's values, as a page of the records list.
   */
  async drill(app: string, reportKey: string, input: DrillInput, actor: Actor, now = new Date()): Promise<ListPage & { entity: string }> {
    const model = await this.apps.model(app);
    return this.drillInto(model, findReport(model, reportKey), input, actor, now, '');
  }

  /** The drill-down of an unpublished definition (the report builder's preview). */
  async drillDefinition(app: string, definition: unknown, input: DrillInput, actor: Actor, now = new Date()): Promise<ListPage & { entity: string }> {
    const model = await this.apps.model(app);
    return this.drillInto(model, checkedDefinition(definition), input, actor, now, '/definition');
  }

  private async drillInto(model: AppModel, report: Report, input: DrillInput, actor: Actor, now: Date, at: string): Promise<ListPage & { entity: string }> {
    const { plan, permissions } = this.prepare(model, report, input, actor, now, at);
    const cell = checkCell(plan, input.cell ?? {}, Boolean(input.others));
    const narrow = compileCellCondition(plan, permissions.scope, cell, Boolean(input.others));
    const guard = new RecordGuard(this.policy, model, actor.permissions, now, actor.timeZone).for(report.entity);
    guard.checkQuery(report.entity, { fields: input.fields, sort: input.sort });
    const page = await listRecords(this.database.db, model, report.entity, { pageSize: input.pageSize, cursor: input.cursor, fields: input.fields, sort: input.sort, count: 'exact', restriction: permissions.restriction(narrow) }, filterContext(actor, now));
    return { entity: report.entity, ...page };
  }

  /** Every widget's data in one call, the widgets' queries running in parallel. */
  async dashboard(app: string, dashboardKey: string, input: { filters?: Record<string, unknown> | undefined }, actor: Actor, now = new Date()): Promise<{ dashboard: Dashboard; widgets: DashboardWidgetData[] }> {
    const model = await this.apps.model(app);
    const dashboard = (model.bundle.dashboards ?? []).find((d) => d.key === dashboardKey);
    if (!dashboard) throw new PipewrightError('dashboard.notFound', `App "${model.key}" has no dashboard "${dashboardKey}"`);
    const filters = input.filters ?? {};
    const declared = new Set((dashboard.filters ?? []).map((f) => f.key));
    const unknown = Object.keys(filters).filter((k) => !declared.has(k));
    if (unknown.length > 0) throw new PipewrightError('report.invalid', `Dashboard "${dashboardKey}" has no filter "${unknown[0]}"`, unknown.map((k) => ({ path: `/filters/${k}`, code: 'report.unknownParameter', message: `the dashboard has no filter "${k}"` })));
    const widgets = await Promise.all(
      dashboard.widgets.map(async (widget): Promise<DashboardWidgetData> => {
        const report = findReport(model, widget.report);
        const parameters: Record<string, unknown> = { ...(widget.parameters ?? {}) };
        for (const f of dashboard.filters ?? []) {
          const value = Object.hasOwn(filters, f.key) ? filters[f.key] : f.default;
          if (value !== undefined && value !== null && report.parameters?.some((p) => p.key === f.key)) parameters[f.key] = value;
        }
        try {
          return { key: widget.key, report: report.key, result: await this.runDefinition(model, report, { parameters }, actor, now, '') };
        } catch (error) {
          if (!(error instanceof PipewrightError)) throw error;
          // A filter value of the wrong type is the caller's mistake: refuse the whole request, naming the filter.
          if (error.code === 'report.invalid' && error.problems.some((p) => p.code === 'report.parameterType' || p.code === 'report.parameterMissing')) {
            throw new PipewrightError('report.invalid', error.message, error.problems.map((p) => ({ ...p, path: p.path.replace(/^\/parameters\//, '/filters/') })));
          }
          return { key: widget.key, report: report.key, error: { code: error.code, message: error.message, problems: error.problems } };
        }
      }),
    );
    return { dashboard, widgets };
  }

  /**
   * Every row of a report's result, in batches, read through a cursor so that no result is held
   * whole in memory and no row cap applies. The caller consumes the batches (CSV, XLSX).
   */
  /**
   * Every row of a report, in batches read through a cursor, with people, departments and options
   * named as a reader outside Pipewright reads them (export-names.ts).
   */
  async export(app: string, reportKey: string, input: ExportInput, actor: Actor, consume: (columns: ReportColumn[], batches: AsyncIterable<ResultRow[]>) => Promise<void>, now = new Date()): Promise<void> {
    const model = await this.apps.model(app);
    const { plan, permissions } = this.prepare(model, findReport(model, reportKey), input, actor, now, '');
    const compiled = compileReportQuery(plan, permissions.scope, { unlimited: true });
    await this.database.db.transaction().execute(async (trx) => {
      await sql`DECLARE report_export NO SCROLL CURSOR FOR ${compiled.query}`.execute(trx);
      const batches = async function* (): AsyncIterable<ResultRow[]> {
        for (;;) {
          const { rows } = await sql<Record<string, unknown>>`FETCH 1000 FROM report_export`.execute(trx);
          if (rows.length === 0) return;
          yield rows.filter((row) => Number(row._set) === compiled.sets.detail).map((row) => decodeRow(plan, row));
        }
      };
      await consume(plan.columns, namedBatches(trx, plan.columns, batches(), input.locale ?? 'zh-CN'));
    });
  }

  /** Forget cached results that read this entity (after a committed write). */
  written(app: string, entity: string): void {
    this.cache.invalidate(app, entity);
  }
}

/** A definition from a client, checked against report.schema.json (paths under `/definition`). */
function checkedDefinition(definition: unknown): Report {
  const checked = validateDocument<Report>('report', definition);
  if (!checked.ok) throw new PipewrightError('report.invalid', 'Invalid report definition', checked.errors.map((e) => ({ ...e, path: `/definition${e.path}` })));
  return checked.value;
}

function findReport(model: AppModel, key: string): Report {
  const report = (model.bundle.reports ?? []).find((r) => r.key === key);
  if (!report) throw new PipewrightError('report.notFound', `App "${model.key}" has no report "${key}"`);
  return report;
}

/** Every entity whose rows a plan reads, as `app.entity` tags for the cache. */
function entitiesRead(model: AppModel, plan: ReportPlan): string[] {
  const entities = new Set<string>([plan.entity]);
  for (const j of plan.joins) if (j.kind !== 'lineItems') entities.add(j.entity);
  const paths = [...plan.dimensions.map((d) => d.column), ...plan.measures.flatMap((m) => (m.kind === 'aggregate' && m.value ? (m.value.kind === 'days' ? [m.value.from, m.value.to] : [m.value.column]) : []))];
  for (const c of paths) if (c.scope !== 'history') for (const hop of c.path.via) entities.add(hop.target);
  // Filters through relations, and role scopes through them, read related entities too.
  for (const field of model.bundle.entities.flatMap((e) => (e.key === plan.entity ? e.fields : []))) if (field.type === 'relation' && field.kind === 'manyToOne') entities.add(field.target);
  if (plan.target) entities.add(plan.target.entity);
  return [...entities].map((e) => `${model.key}.${e}`);
}

function decodeResult(plan: ReportPlan, compiled: CompiledReport, rows: Record<string, unknown>[]): ReportResult {
  const detail = rows.filter((r) => Number(r._set) === compiled.sets.detail);
  const cut = detail.length >= compiled.rowLimit;
  if (cut && plan.limit === undefined && !plan.top) throw new ReportTooLargeError(maxReportRows);
  const pick = (set: number | undefined) => (set === undefined ? undefined : rows.filter((r) => Number(r._set) === set && set !== compiled.sets.detail).map((r) => decodeRow(plan, r, set)));
  const total = plan.dimensions.length === 0 ? detail[0] : rows.find((r) => Number(r._set) === compiled.sets.total);
  const result: ReportResult = {
    report: plan.key,
    columns: plan.columns,
    rows: (plan.dimensions.length === 0 ? detail : detail.slice(0, compiled.rowLimit - 1)).map((r) => decodeRow(plan, r)),
    totals: total ? measuresOf(plan, total) : {},
    truncated: cut,
    parameters: plan.parameters,
  };
  if (plan.pivot) {
    result.rowTotals = pick(compiled.sets.rowTotals) ?? [];
    result.columnTotals = pick(compiled.sets.columnTotals) ?? [];
  }
  return result;
}

function decodeRow(plan: ReportPlan, row: Record<string, unknown>, set = 0): ResultRow {
  const out: ResultRow = {};
  plan.dimensions.forEach((d, i) => {
    // In a subtotal, the dimensions it does not group by are absent.
    if (set & (1 << (plan.dimensions.length - 1 - i))) return;
    out[d.key] = decodeValue(row[`_d${i}`], d.type);
  });
  Object.assign(out, measuresOf(plan, row));
  if (row._others === true) out.others = true;
  return out;
}

function measuresOf(plan: ReportPlan, row: Record<string, unknown>): ResultRow {
  const out: ResultRow = {};
  for (const m of plan.measures) out[m.key] = decodeValue(row[m.key], m.type);
  return out;
}

function decodeValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if ((type === 'number' || type === 'integer') && typeof value === 'string') return Number(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** Checks the cell values against their dimensions' types (400 naming `/cell/<key>`). */
function checkCell(plan: ReportPlan, cell: Record<string, unknown>, others: boolean): Record<string, CellValue> {
  const problems: { path: string; code: string; message: string }[] = [];
  const out: Record<string, CellValue> = {};
  for (const [key, value] of Object.entries(cell)) {
    const d = plan.dimensions.find((x) => x.key === key);
    const path = `/cell/${key}`;
    if (!d) {
      problems.push({ path, code: 'report.unknownColumn', message: `the report has no dimension "${key}"` });
      continue;
    }
    if (value === null) {
      out[key] = null;
      continue;
    }
    const ok =
      d.type === 'date' ? typeof value === 'string' && isCalendarDate(value)
      : d.type === 'number' ? typeof value === 'number' && Number.isFinite(value)
      : ['integer', 'user', 'department', 'record'].includes(d.type) ? typeof value === 'number' && Number.isSafeInteger(value)
      : d.type === 'boolean' ? typeof value === 'boolean'
      : d.type === 'datetime' ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
      : typeof value === 'string' && value.length <= 10_000 && !value.includes('\u0000');
    if (!ok) problems.push({ path, code: 'report.cellType', message: `must be a ${d.type} value of dimension "${key}"` });
    else out[key] = value as CellValue;
  }
  if (others && !plan.top?.others) problems.push({ path: '/others', code: 'report.cellType', message: 'the report has no "others" row' });
  if (problems.length > 0) throw new PipewrightError('report.invalid', `Invalid cell: ${problems[0]!.path} ${problems[0]!.message}`, problems);
  return out;
}
