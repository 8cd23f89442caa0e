import { PipewrightError } from '@pipewright/engines';

/** The app has no print template of that key for that entity (404). */
export class PrintTemplateNotFoundError extends PipewrightError {
  constructor(entity: string, template: string) {
    super('print.templateNotFound', `Entity "${entity}" has no print template "${template}"`);
    this.name = 'PrintTemplateNotFoundError';
  }
}

/** A render that did not finish within its time; its page was discarded (504). */
export class PrintTimeoutError extends PipewrightError {
  constructor(readonly timeoutMs: number) {
    super('print.timeout', `The document did not render within ${timeoutMs} ms; a template that lays out without end (huge tables, enormous elements) is stopped here`);
    this.name = 'PrintTimeoutError';
  }
}

/** The filled document is larger than the renderer accepts (413). */
export class PrintTooLargeError extends PipewrightError {
  constructor(bytes: number, limit: number) {
    super('print.tooLarge', `The filled document has ${bytes} bytes; at most ${limit} print`);
    this.name = 'PrintTooLargeError';
  }
}

/** Some of the records of a batch are outside the reader's print scope (403): each is named. */
export class PrintDeniedError extends PipewrightError {
  constructor(entity: string, readonly ids: readonly number[], positions: readonly number[]) {
    super(
      'print.denied',
      `You may not print the ${entity} record${ids.length === 1 ? '' : 's'} ${ids.join(', ')}; nothing was printed`,
      ids.map((id, i) => ({ path: `/ids/${positions[i]}`, code: 'permission.denied', message: `you may not print ${entity} ${id}` })),
    );
    this.name = 'PrintDeniedError';
  }
}

/** A batch with more records than print at once (422). */
export class PrintBatchTooLargeError extends PipewrightError {
  constructor(count: number, limit: number, path = '/ids') {
    super('print.tooMany', `At most ${limit} records print in one batch; ${count} were given. Print them in smaller batches`, [
      { path, code: 'print.tooMany', message: path === '/ids' ? `at most ${limit} ids; ${count} given` : `selects more than ${limit} records` },
    ]);
    this.name = 'PrintBatchTooLargeError';
  }
}

/** No print job of that id that the caller started (404): another user's job is not named. */
export class PrintJobNotFoundError extends PipewrightError {
  constructor(id: string) {
    super('print.jobNotFound', `There is no print job "${id}" of yours`);
    this.name = 'PrintJobNotFoundError';
  }
}

/** The job's file is asked for before the job completed (409). */
export class PrintJobNotReadyError extends PipewrightError {
  constructor(id: string, status: string) {
    super('print.jobNotReady', `Print job "${id}" is ${status}; its file is there once it is completed`);
    this.name = 'PrintJobNotReadyError';
  }
}
