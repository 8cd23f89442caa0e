import { PipewrightError, type Problem } from '@pipewright/engines';

/** The app does not exist (HTTP 404). */
export class AppNotFoundError extends PipewrightError {
  constructor(app: string) {
    super('app.notFound', `App "${app}" is not installed`);
  }
}

/** Publishing a version that exists already, or is not newer than the installed one (HTTP 409). */
export class AppVersionError extends PipewrightError {
  constructor(code: 'app.versionExists' | 'app.versionNotNewer' | 'app.alreadyInstalled' | 'app.keyMismatch', message: string) {
    super(code, message);
  }
}

/**
 * A migration that cannot run (some values do not convert) or that would destroy data without
 * `allowDataLoss`. Nothing was changed. `problems` lists each step's reason; `plan` is the reviewed plan.
 */
export class MigrationRefusedError extends PipewrightError {
  constructor(code: 'migration.refused' | 'migration.dataLoss' | 'migration.requiredEmpty', message: string, problems: Problem[], readonly report: unknown) {
    super(code, message, problems);
  }
}
