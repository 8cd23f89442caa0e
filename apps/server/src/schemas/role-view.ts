/**
 * One caller's view of an app, built once per request from the runtime's compiled permissions:
 * what they may do with each entity and which fields they may read and write. The per-role
 * OpenAPI document, the per-role TypeScript declarations and the role-filtered app endpoint are
 * all derived from it, so the three never disagree with each other or with the records API.
 *
 * @example
 * const view = roleView(runtime, model, request.actor);
 * view.access.lead?.actions.create; // true
 * openApiDocument(model.bundle, view.api);
 */
import { type AppAccess } from '@pipewright/engines';
import { AppNotFoundError, RecordGuard, type Actor, type AppModel, type Runtime } from '@pipewright/runtime';
import type { RequestActor } from '../identity.ts';
import type { ApiView } from './openapi-document.ts';

export interface RoleView {
  /** A platform administrator (or trusted caller): sees and may do everything. */
  unrestricted: boolean;
  /** The role keys the caller holds in the app. */
  roleKeys: readonly string[];
  /** Entities the caller may read: their actions and readable fields (the app endpoint's `access`). */
  access: AppAccess;
  /** The same view as the API descriptions need it; undefined for the unrestricted (describe all). */
  api: ApiView | undefined;
}

export function roleView(runtime: Runtime, model: AppModel, actor: Actor): RoleView {
  const guard = new RecordGuard(runtime.policy, model, actor.permissions);
  const access = guard.appAccess();
  const unrestricted = guard.unrestricted;
  const fieldsOf = (entity: string) => access[entity]?.fields ?? {};
  const api: ApiView | undefined = unrestricted
    ? undefined
    : {
        allows: (entity, action) => guard.access(entity, action)?.allowed ?? true,
        readable: (entity) => new Set(Object.keys(fieldsOf(entity))),
        writable: (entity) => new Set(Object.entries(fieldsOf(entity)).filter(([, level]) => level === 'editable').map(([key]) => key)),
      };
  return { unrestricted, roleKeys: actor.permissions?.subject.roleKeys ?? [], access, api };
}

/** Administrators open every app; others the apps they hold a role in (an API key: its one app). */
export function mayOpen(actor: RequestActor, appKey: string): boolean {
  return actor.subject.isAdmin || (actor.subject.rolesByApp[appKey]?.length ?? 0) > 0;
}

/** Answers 404 for an app the caller holds no role in: its existence is not revealed. */
export function requireOpen(actor: RequestActor, appKey: string): void {
  if (!mayOpen(actor, appKey)) throw new AppNotFoundError(appKey);
}
