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
