/**
 * Printing a record with one of its entity's print templates: the template compiled once per
 * app version, filled with the record as the reader reads it (`readPrintRecord`), and rendered
 * to PDF on the warm page pool, or returned as the HTML preview.
 *
 * Select options print as their labels and people and departments as their names
 * (`print-values.ts`). A batch prints up to `batchLimit` records into one PDF, each checked for
 * the print action first: one refused record refuses the batch, naming every refused id.
 *
 * @example
 * const { pdf, fileName } = await runtime.prints.pdf('crm', 'opportunity', 12, 'opportunity_quote', actor);
 * const batch = await runtime.prints.batch('crm', 'opportunity', [12, 13], 'opportunity_quote', actor);
 */
import { compilePrintTemplate, evaluate, parseExpression, PipewrightError, type CompiledPrintTemplate, type FilledPrint } from '@pipewright/engines';
import type { PrintTemplate } from '@pipewright/metadata';
import type { Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import { PDFDocument } from 'pdf-lib';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Actor } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import { RecordNotFoundError } from '../records/errors.ts';
import { PrintBatchTooLargeError, PrintDeniedError, PrintTemplateNotFoundError } from './print-errors.ts';
import { readPrintRecord } from './print-record.ts';
import { printableRecord, printNames } from './print-values.ts';
import { PrintRenderer, type PrintRendererOptions, type RenderedPdf } from './print-renderer.ts';

export interface PrintedDocument extends RenderedPdf {
  fileName: string;
}

/** How many records one batch print may hold: it renders while the request waits. */
export const batchLimit = 50;

export class Prints {
  readonly renderer: PrintRenderer;
  private readonly compiled = new WeakMap<PrintTemplate, CompiledPrintTemplate>();

  constructor(
    private readonly apps: AppStore,
    private readonly records: Records,
    private readonly db: Kysely<DynamicTables>,
    options: PrintRendererOptions = {},
  ) {
    this.renderer = new PrintRenderer(options);
  }

  /** The templates of an entity, for a Print menu. */
  async templates(app: string, entity: string): Promise<PrintTemplate[]> {
    const model = await this.apps.model(app);
    model.entity(entity);
    return (model.bundle.printTemplates ?? []).filter((t) => t.entity === entity);
  }

  /** The filled HTML document (the preview), read with `actor`'s permissions; needs the print action on the record. */
  async html(app: string, entity: string, id: number, templateKey: string, actor: Actor, now = new Date()): Promise<FilledPrint & { fileName: string }> {
    const model = await this.apps.model(app);
    const template = templateOf(model, entity, templateKey);
    // Printing needs the role's print action on the record as well as reading it.
    await this.records.authorize(app, entity, id, 'print', actor);
    const read = await readPrintRecord(this.records, model, entity, id, actor);
    const fieldsOf = (key: string) => model.entity(key).fields;
    const fields = model.entity(entity).fields;
    const record = printableRecord(fields, read, await printNames(this.db, fields, read, fieldsOf), fieldsOf);
    let compiled = this.compiled.get(template);
    if (!compiled) {
      compiled = compilePrintTemplate(template);
      this.compiled.set(template, compiled);
    }
    const filled = compiled.fill({ record, app: { key: model.key, name: model.bundle.app.name['zh-CN'] }, printedAt: now }, actor.timeZone ? { timeZone: actor.timeZone } : {});
    return { ...filled, fileName: fileNameOf(template, record, id) };
  }

  /** The PDF of the record printed with the template. */
  async pdf(app: string, entity: string, id: number, templateKey: string, actor: Actor, now = new Date()): Promise<PrintedDocument> {
    const filled = await this.html(app, entity, id, templateKey, actor, now);
    return { ...(await this.renderer.render(filled)), fileName: filled.fileName };
  }

  /**
   * Several records printed with one template as one PDF, in the order given. Every id is checked
   * for the print action before anything renders.
   */
  async batch(app: string, entity: string, ids: readonly number[], templateKey: string, actor: Actor, now = new Date()): Promise<PrintedDocument> {
    const model = await this.apps.model(app);
    const template = templateOf(model, entity, templateKey);
    if (ids.length === 0) throw new PipewrightError('request.invalid', 'No record to print', [{ path: '/ids', code: 'request.invalid', message: 'must name at least one record' }]);
    if (ids.length > batchLimit) throw new PrintBatchTooLargeError(ids.length, batchLimit);
    const unique = [...new Set(ids)];
    await this.requirePrintable(app, entity, ids, actor);
    const merged = await PDFDocument.create();
    let pages = 0;
    // Two at a time: the pool renders in parallel without one batch taking every page.
    const rendered: Uint8Array[] = new Array<Uint8Array>(unique.length);
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const index = next++;
        rendered[index] = (await this.pdf(app, entity, unique[index]!, templateKey, actor, now)).pdf;
      }
    };
    await Promise.all([worker(), worker()]);
    for (const pdf of rendered) {
      const document = await PDFDocument.load(pdf);
      const copied = await merged.copyPages(document, document.getPageIndices());
      for (const page of copied) merged.addPage(page);
      pages += copied.length;
    }
    return { pdf: await merged.save(), pages, blocked: [], fileName: `${template.key}-${unique.length}.pdf` };
  }

  /**
   * Checks the print action on every record: one refused record (or one the reader cannot see)
   * refuses them all with `PrintDeniedError` naming each, at its position in `ids`.
   */
  async requirePrintable(app: string, entity: string, ids: readonly number[], actor: Actor): Promise<void> {
    const refused: number[] = [];
    for (const id of new Set(ids)) {
      try {
        await this.records.authorize(app, entity, id, 'print', actor);
      } catch (error) {
        if (!(error instanceof RecordNotFoundError || error instanceof PermissionDeniedError)) throw error;
        refused.push(id);
      }
    }
    if (refused.length > 0) throw new PrintDeniedError(entity, refused, refused.map((id) => ids.indexOf(id)));
  }

  async close(): Promise<void> {
    await this.renderer.close();
  }
}

function templateOf(model: AppModel, entity: string, key: string): PrintTemplate {
  model.entity(entity);
  const template = (model.bundle.printTemplates ?? []).find((t) => t.key === key && t.entity === entity);
  if (!template) throw new PrintTemplateNotFoundError(entity, key);
  return template;
}

/** The template's `fileName` expression over the record, else `<template>-<id>`, always ending in .pdf. */
function fileNameOf(template: PrintTemplate, record: Record<string, unknown>, id: number): string {
  let name = `${template.key}-${id}`;
  if (template.fileName) {
    try {
      const value = evaluate(parseExpression(template.fileName), { record, now: new Date() });
      if (typeof value === 'string' && value.trim() !== '') name = value;
    } catch {
      // A file name that does not evaluate falls back to the template key.
    }
  }
  const safe = [...name].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');
  return `${safe.slice(0, 150)}.pdf`;
}
