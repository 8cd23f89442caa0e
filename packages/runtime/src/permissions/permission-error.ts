import { PipewrightError, type Problem } from '@pipewright/engines';

/** The actor may not do this (HTTP 403). Records outside the read scope raise not-found instead. */
export class PermissionDeniedError extends PipewrightError {
  constructor(message: string, problems: Problem[] = []) {
    super('permission.denied', message, problems);
  }
}
