/**
 * Printing a record with one of its entity's print templates: the template compiled once per
 * app version, filled with the record as the reader reads it (`readPrintRecord`), and rendered
 * to PDF on the warm page pool, or returned as the HTML preview.
 *
 * @example
 * const { pdf, fileName } = await runtime.prints.pdf('crm', 'opportunity', 12, 'opportunity_quote', actor);
 */
import { compilePrintTemplate, evaluate, parseExpression, type CompiledPrintTemplate, type FilledPrint } from '@pipewright/engines';
import type { PrintTemplate } from '@pipewright/metadata';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Actor } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import { PrintTemplateNotFoundError } from './print-errors.ts';
import { readPrintRecord } from './print-record.ts';
import { PrintRenderer, type PrintRendererOptions, type RenderedPdf } from './print-renderer.ts';

export interface PrintedDocument extends RenderedPdf {
  fileName: string;
}

export class Prints {
  readonly renderer: PrintRenderer;
  private readonly compiled = new WeakMap<PrintTemplate, CompiledPrintTemplate>();

  constructor(
    private readonly apps: AppStore,
    private readonly records: Records,
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
    const record = await readPrintRecord(this.records, model, entity, id, actor);
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
