import { PipewrightError } from '@pipewright/engines';

/** The record does not exist, is in the recycle bin, or is outside the reader's scope (HTTP 404). */
export class RecordNotFoundError extends PipewrightError {
  /** `at`: where the id was given in a bulk body (`/3`), so the problem names the item. */
  constructor(entity: string, id: unknown, at?: string) {
    super('record.notFound', `No ${entity} record with id ${String(id)}`, at === undefined ? [] : [{ path: `${at}/id`, code: 'record.notFound', message: `no ${entity} record with id ${String(id)}` }]);
  }
}

/** The record changed since the client read it (HTTP 409). */
export class StaleRecordError extends PipewrightError {
  constructor(entity: string, id: unknown, expected: number, actual: number, at = '') {
    super('record.stale', `The ${entity} record ${String(id)} is at version ${actual}, not ${expected}: it was changed by someone else; reload and try again`, [
      { path: `${at}/version`, code: 'record.stale', message: `is ${actual} now` },
    ]);
  }
}

/** Purging or deleting is blocked by records that still point at this one (HTTP 409). */
export class RecordInUseError extends PipewrightError {
  constructor(entity: string, id: unknown, detail: string) {
    super('record.inUse', `The ${entity} record ${String(id)} is still referenced: ${detail}`);
  }
}

/**
 * The record is in approval: a running workflow instance holds it, and only the workflow's own
 * steps (and automation reacting to them) may change it until the instance ends (HTTP 409).
 */
export class RecordInApprovalError extends PipewrightError {
  constructor(entity: string, id: unknown, workflow: string, field: string | null = null) {
    const message = `The ${entity} record ${String(id)} is in approval (workflow "${workflow}"): ${field ? `its field "${field}" is locked` : 'it is locked'} until the approval ends or is returned`;
    super('record.inApproval', message, field ? [{ path: `/${field}`, code: 'record.inApproval', message: `locked while in approval (workflow "${workflow}")` }] : []);
  }
}
