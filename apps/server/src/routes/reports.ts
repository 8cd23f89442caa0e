/**
 * Reports and dashboards of an installed app, each answered with the caller's permissions inside
 * the one SQL statement behind it.
 *
 * | route                                             | does                                                  |
 * | ------------------------------------------------- | ----------------------------------------------------- |
 * | `POST /api/apps/:app/reports/:report/run`         | `{ parameters }` → `{ columns, rows, totals }`        |
 * | `POST /api/apps/:app/reports/preview`             | runs an unpublished definition (the report builder)   |
 * | `POST /api/apps/:app/reports/:report/drill`       | the records behind a cell, as a records page          |
 * | `POST /api/apps/:app/reports/:report/export`      | every row as CSV or XLSX, streamed                    |
 * | `GET  /api/apps/:app/dashboards`                  | the dashboards, with the caller's default             |
 * | `GET  /api/apps/:app/dashboards/:dashboard`       | every widget's data, run in parallel (`?filters=`)    |
 *
 * @example
 * await app.register(reportRoutes, { runtime });
 */
import type { FastifyInstance } from 'fastify';
import { PipewrightError } from '@pipewright/engines';
import type { Runtime } from '@pipewright/runtime';
import { appParamsSchema, keyPattern, serializedAsIs, type AppParams } from '../route-params.ts';
import { streamExport, type ExportFormat } from '../reports/export-stream.ts';

export interface ReportRoutesOptions {
  runtime: Runtime;
}

const key = { type: 'string', pattern: keyPattern } as const;
const reportParamsSchema = { type: 'object', required: ['app', 'report'], additionalProperties: false, properties: { app: key, report: key } } as const;
const dashboardParamsSchema = { type: 'object', required: ['app', 'dashboard'], additionalProperties: false, properties: { app: key, dashboard: key } } as const;
const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
const tags = ['reports'];

const parameters = { type: 'object', maxProperties: 20, propertyNames: { pattern: keyPattern }, description: "Values of the report's parameters by key (a period, a date, a number, a user or department id, …)" } as const;
const runBody = { type: 'object', additionalProperties: false, properties: { parameters } } as const;
const previewBody = { type: 'object', required: ['definition'], additionalProperties: false, properties: { definition: { type: 'object', description: 'A report definition (report.schema.json)' }, parameters } } as const;
const drillBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    parameters,
    cell: { type: 'object', maxProperties: 50, propertyNames: { pattern: keyPattern }, description: 'Values of the dimensions that identify the cell (as the run answered them); an absent dimension is not narrowed' },
    others: { type: 'boolean', description: 'The row gathering the values outside the top N' },
    pageSize: { type: 'integer', minimum: 1, maximum: 500 },
    cursor: { type: 'string', maxLength: 4096 },
    fields: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 200, pattern: '^[a-z][a-z0-9_.]{0,200}$' } },
  },
} as const;
const exportBody = { type: 'object', required: ['format'], additionalProperties: false, properties: { parameters, format: { type: 'string', enum: ['csv', 'xlsx'] }, locale: { type: 'string', enum: ['zh-CN', 'en'], description: 'The language of headings and option labels; people and departments are named either way (default zh-CN)' } } } as const;

const column = {
  type: 'object',
  required: ['key', 'kind', 'type'],
  properties: { key: { type: 'string' }, kind: { type: 'string', enum: ['dimension', 'measure'] }, type: { type: 'string' }, label: {}, options: { type: 'array', items: { type: 'object' } } },
} as const;
const row = { type: 'object', additionalProperties: true, description: 'Dimension and measure values by key; `others: true` on the row gathering the values outside a top N' } as const;
export const resultAnswer = {
  type: 'object',
  required: ['report', 'columns', 'rows', 'totals', 'truncated', 'parameters'],
  properties: {
    report: { type: 'string' },
    columns: { type: 'array', items: column },
    rows: { type: 'array', items: row },
    totals: { ...row, description: 'The measures over every row the caller may see' },
    rowTotals: { type: 'array', items: row, description: 'Pivot: subtotals per row' },
    columnTotals: { type: 'array', items: row, description: 'Pivot: subtotals per column' },
    truncated: { type: 'boolean', description: "The report's limit cut rows" },
    parameters: { type: 'object', additionalProperties: true },
  },
} as const;
const drillAnswer = {
  type: 'object',
  required: ['entity', 'items'],
  properties: { entity: { type: 'string' }, items: { type: 'array', items: { type: 'object', additionalProperties: true } }, nextCursor: { type: 'string' }, total: { type: 'integer' }, totalKind: { type: 'string' } },
} as const;
const dashboardAnswer = {
  type: 'object',
  required: ['dashboard', 'widgets'],
  properties: {
    dashboard: { type: 'object', additionalProperties: true, description: 'The dashboard definition (dashboard.schema.json)' },
    widgets: {
      type: 'array',
      items: { type: 'object', required: ['key', 'report'], properties: { key: { type: 'string' }, report: { type: 'string' }, result: resultAnswer, error: { type: 'object', additionalProperties: true, description: 'Why this widget has no data (e.g. permission.denied)' } } },
    },
  },
} as const;
const dashboardsAnswer = {
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: { type: 'object', required: ['key', 'label', 'default'], properties: { key: { type: 'string' }, label: {}, default: { type: 'boolean', description: "The caller's default dashboard (by role)" } } } } },
} as const;

export async function reportRoutes(app: FastifyInstance, { runtime }: ReportRoutesOptions): Promise<void> {
  const reports = runtime.reports;
  type ReportRequest = { Params: AppParams & { report: string } };

  app.post<ReportRequest & { Body: { parameters?: Record<string, unknown> } }>(
    '/api/apps/:app/reports/:report/run',
    { ...serializedAsIs, schema: { operationId: 'runReport', summary: 'Run a report: one SQL statement with your permissions inside it', tags, params: reportParamsSchema, querystring: noQuery, body: runBody, response: { 200: resultAnswer } } },
    async (request) => reports.run(request.params.app, request.params.report, { parameters: request.body.parameters }, request.actor),
  );

  app.post<{ Params: AppParams; Body: { definition: unknown; parameters?: Record<string, unknown> } }>(
    '/api/apps/:app/reports/preview',
    { ...serializedAsIs, schema: { operationId: 'previewReport', summary: 'Run a report definition that is not published (errors name /definition/…)', tags, params: appParamsSchema, querystring: noQuery, body: previewBody, response: { 200: resultAnswer } } },
    async (request) => reports.preview(request.params.app, request.body.definition, { parameters: request.body.parameters }, request.actor),
  );

  app.post<ReportRequest & { Body: { parameters?: Record<string, unknown>; cell?: Record<string, unknown>; others?: boolean; pageSize?: number; cursor?: string; fields?: string[] } }>(
    '/api/apps/:app/reports/:report/drill',
    { ...serializedAsIs, schema: { operationId: 'drillReport', summary: 'The records behind one cell of a report, through the same permissions as lists', tags, params: reportParamsSchema, querystring: noQuery, body: drillBody, response: { 200: drillAnswer } } },
    async (request) => reports.drill(request.params.app, request.params.report, request.body, request.actor),
  );

  app.post<ReportRequest & { Body: { parameters?: Record<string, unknown>; format: ExportFormat; locale?: 'zh-CN' | 'en' } }>(
    '/api/apps/:app/reports/:report/export',
    {
      schema: {
        operationId: 'exportReport',
        summary: 'Every row of a report as CSV or XLSX, streamed (no row cap)',
        tags,
        params: reportParamsSchema,
        querystring: noQuery,
        body: exportBody,
        response: { 200: { type: 'string', format: 'binary', description: 'text/csv or an XLSX workbook' } },
      },
    },
    async (request, reply) => streamExport(reports, request.params.app, request.params.report, request.body, request.actor, reply),
  );

  app.get<{ Params: AppParams }>(
    '/api/apps/:app/dashboards',
    { schema: { operationId: 'listDashboards', summary: 'The dashboards of an app, marking the default for your roles', tags, params: appParamsSchema, querystring: noQuery, response: { 200: dashboardsAnswer } } },
    async (request) => {
      const model = await runtime.apps.model(request.params.app);
      const roles = new Set(request.actor.permissions?.subject.roleKeys ?? []);
      const dashboards = model.bundle.dashboards ?? [];
      const admin = Boolean(request.actor.permissions?.subject.isAdmin);
      const chosen = dashboards.find((d) => d.roles?.some((r) => roles.has(r))) ?? (admin ? dashboards.find((d) => d.roles?.includes('admin')) : undefined) ?? dashboards[0];
      return { items: dashboards.map((d) => ({ key: d.key, label: d.label, default: d === chosen })) };
    },
  );

  app.get<{ Params: AppParams & { dashboard: string }; Querystring: { filters?: string } }>(
    '/api/apps/:app/dashboards/:dashboard',
    {
      ...serializedAsIs,
      schema: {
        operationId: 'getDashboard',
        summary: "A dashboard with every widget's data, the widgets run in parallel",
        tags,
        params: dashboardParamsSchema,
        querystring: { type: 'object', additionalProperties: false, properties: { filters: { type: 'string', maxLength: 10_000, description: 'JSON object of global filter values by key, e.g. {"period":{"period":"thisMonth"},"team":11}' } } },
        response: { 200: dashboardAnswer },
      },
    },
    async (request) => reports.dashboard(request.params.app, request.params.dashboard, { filters: parseFilters(request.query.filters) }, request.actor),
  );
}

function parseFilters(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new PipewrightError('request.invalid', 'filters must be a JSON object', [{ path: '/filters', code: 'request.invalid', message: 'must be a JSON object of filter values by key' }]);
  }
  return value as Record<string, unknown>;
}
