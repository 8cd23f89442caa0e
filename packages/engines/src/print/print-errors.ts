import { PipewrightError, type Problem } from '../errors.ts';

/** A print template that cannot be filled (it does not compile); `problems` locate it. */
export class PrintTemplateError extends PipewrightError {
  constructor(message: string, problems: readonly Problem[]) {
    super('print.invalidTemplate', message, problems);
    this.name = 'PrintTemplateError';
  }
}
