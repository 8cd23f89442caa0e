/**
 * Streams a report's rows as CSV or XLSX. Rows come from the runtime in batches read through a
 * database cursor, and each batch is written before the next is fetched (waiting for the socket
 * to drain), so a result of any size exports without a row cap and without being held in memory.
 * A refusal (403, 400) happens before the first byte and answers as problem+json.
 *
 * Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) are written with a
 * leading apostrophe in CSV, so an exported value never executes.
 */
import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import type { ReportColumn } from '@pipewright/engines';
import { exportHeading, type Actor, type ExportLocale, type Reports, type ResultRow } from '@pipewright/runtime';

export type ExportFormat = 'csv' | 'xlsx';

export async function streamExport(reports: Reports, app: string, report: string, body: { parameters?: Record<string, unknown> | undefined; format: ExportFormat; locale?: ExportLocale | undefined }, actor: Actor, reply: FastifyReply): Promise<FastifyReply> {
  const stream = new PassThrough();
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const done = reports.export(app, report, { parameters: body.parameters, locale: body.locale }, actor, async (columns, batches) => {
    started();
    const headings = columns.map((c) => exportHeading(c, body.locale ?? 'zh-CN'));
    if (body.format === 'csv') await writeCsv(stream, columns, headings, batches);
    else await writeXlsx(stream, columns, headings, batches);
  });
  // Refusals reject before any row is written: they become problem responses.
  await Promise.race([ready, done]);
  done.catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  const type = body.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return reply.header('content-type', type).header('content-disposition', `attachment; filename="${report}.${body.format}"`).send(stream);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function writeCsv(stream: PassThrough, columns: ReportColumn[], headings: string[], batches: AsyncIterable<ResultRow[]>): Promise<void> {
  // A byte order mark, so spreadsheet programs read the Chinese labels as UTF-8.
  await write(stream, `\uFEFF${headings.map(cellText).join(',')}\r\n`);
  for await (const rows of batches) {
    await write(stream, rows.map((row) => `${columns.map((c) => cellText(row[c.key])).join(',')}\r\n`).join(''));
  }
  stream.end();
}

async function writeXlsx(stream: PassThrough, columns: ReportColumn[], headings: string[], batches: AsyncIterable<ResultRow[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Report');
  sheet.addRow(headings).commit();
  for await (const rows of batches) {
    for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(row[c.key]))).commit();
    // Let the compressed output reach the socket before the next batch is fetched.
    if (stream.writableNeedDrain) await once(stream, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

function xlsxValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
