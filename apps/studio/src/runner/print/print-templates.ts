/** The print templates a reader may use on an entity, and the addresses that print with them. */
import type { PrintTemplate } from '@pipewright/metadata';
import type { AppModel } from '../app/app-model.ts';

/** The entity's templates, when the reader's role has the print action on it (else none). */
export function printTemplatesOf(app: AppModel, entity: string): PrintTemplate[] {
  if (!app.can(entity, 'print')) return [];
  return (app.bundle.printTemplates ?? []).filter((t) => t.entity === entity);
}

export const printPaths = {
  /** One record as a PDF (the server checks the print action on it). */
  record: (app: string, entity: string, id: number, template: string) => `/api/apps/${app}/records/${entity}/${id}/print/${template}`,
  /** Several records as one PDF: `POST { ids }`. */
  batch: (app: string, entity: string, template: string) => `/api/apps/${app}/records/${entity}/print/${template}`,
};

/** At most this many records print in one batch (the server's limit). */
export const batchPrintLimit = 50;
