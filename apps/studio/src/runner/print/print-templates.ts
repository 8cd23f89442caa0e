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
  /** Batch print jobs: `POST { template, ids | filter, output }`. */
  jobs: (app: string, entity: string) => `/api/apps/${app}/records/${entity}/print-jobs`,
  job: (app: string, entity: string, id: string) => `/api/apps/${app}/records/${entity}/print-jobs/${id}`,
  jobFile: (app: string, entity: string, id: string) => `/api/apps/${app}/records/${entity}/print-jobs/${id}/file`,
  cancelJob: (app: string, entity: string, id: string) => `/api/apps/${app}/records/${entity}/print-jobs/${id}/cancel`,
};

/** At most this many records print in one job (the server's limit). */
export const printJobLimit = 1000;

/** A print job as the server answers it. */
export interface PrintJobView {
  id: string;
  template: string;
  output: 'pdf' | 'zip';
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  done: number;
  total: number;
  error?: { code: string; message: string };
  fileName?: string;
}
