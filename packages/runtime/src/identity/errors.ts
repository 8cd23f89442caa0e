/**
 * Errors of users, sessions, API keys and the organisation. Each has a stable code; the server
 * maps codes to HTTP statuses (see apps/server/src/auth/identity-problems.ts).
 *
 * | code                            | when                                                                 |
 * | ------------------------------- | -------------------------------------------------------------------- |
 * | `auth.invalidCredentials`       | wrong login or password, unknown or inactive user (never says which) |
 * | `auth.rateLimited`              | too many failed logins from this address; `retryAfterSeconds` says when to try again |
 * | `password.tooWeak`              | the new password breaks the policy                                   |
 * | `password.wrong`                | the old password given to a password change is wrong                 |
 * | `user.notFound`, `department.notFound`, `team.notFound`, `apiKey.notFound` | no such id |
 * | `user.loginTaken`, `department.codeTaken`, `team.codeTaken` | unique value already used                |
 * | `department.cycle`, `user.managerCycle` | the change would put something below itself                  |
 * | `department.notEmpty`           | a department with sub-departments, users or records naming it cannot be deleted |
 * | `user.lastAdmin`                | the change would leave no active administrator                       |
 * | `identity.invalidReference`     | an id in the input names nothing (department, manager, member)       |
 * | `role.unknown`                  | a role key the app does not define                                   |
 */
import { PipewrightError, type Problem } from '@pipewright/engines';

export class IdentityError extends PipewrightError {
  constructor(code: string, message: string, problems: readonly Problem[] = []) {
    super(code, message, problems);
    this.name = 'IdentityError';
  }
}

/** Wrong login, wrong password, unknown or inactive user: one error, so none can be told apart. */
export class InvalidCredentialsError extends IdentityError {
  constructor() {
    super('auth.invalidCredentials', 'The login or the password is wrong');
    this.name = 'InvalidCredentialsError';
  }
}

/**
 * Too many failed logins for this login from this address, or from this address at all: try again
 * in `retryAfterSeconds`. Says nothing about the account (an unknown login gets it alike).
 */
export class LoginThrottledError extends IdentityError {
  constructor(readonly retryAfterSeconds: number) {
    super('auth.rateLimited', `Too many failed logins: try again in ${retryAfterSeconds} s`);
    this.name = 'LoginThrottledError';
  }
}

/** `what` with `id` does not exist: `user.notFound` and its siblings. */
export function notFound(what: 'user' | 'department' | 'team' | 'apiKey', id: number | string): IdentityError {
  const names = { user: 'user', department: 'department', team: 'team', apiKey: 'API key' };
  return new IdentityError(`${what}.notFound`, `No ${names[what]} ${String(id)}`);
}

/** An id in the input that names nothing, reported at its JSON pointer. */
export function invalidReference(path: string, message: string): IdentityError {
  return new IdentityError('identity.invalidReference', message, [{ path, code: 'identity.invalidReference', message }]);
}
