/**
 * Compiled permissions, cached per (app version, user, role set, entity, action): a scoped read
 * costs no extra round trip and no recompilation. The cache is dropped whenever the organisation
 * changes (users, departments, roles), in every server instance.
 */
import type { PermissionAction } from '@pipewright/metadata';
import { compileAccess, dateIn, defaultTimeZone, type EntityAccess, type OrgDirectory, type Subject } from '@pipewright/engines';
import type { AppModel } from '../apps/app-model.ts';

export interface Permissions {
  /** Who the actor is. Platform admins pass every check. */
  subject: Subject & { isAdmin?: boolean | undefined };
}

export class AccessPolicy {
  private readonly cache = new Map<string, EntityAccess>();

  constructor(private directory: OrgDirectory) {}

  /** Replaces the organisation directory (and forgets everything compiled from the old one). */
  useDirectory(directory: OrgDirectory): void {
    this.directory = directory;
    this.cache.clear();
  }

  /** Forgets compiled permissions: call when users, departments or role grants change. */
  invalidate(): void {
    this.cache.clear();
  }

  access(model: AppModel, subject: Subject, entityKey: string, action: PermissionAction, now: Date = new Date(), timeZone = defaultTimeZone): EntityAccess {
    const key = `${model.key}@${model.version}|${subject.userId}|${subject.isAdmin ? 'admin' : [...subject.roleKeys].sort().join(',')}|${entityKey}|${action}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Only scopes that read the clock (`today`, `within …`) are cached per calendar day.
    const day = dateIn(now, timeZone);
    const daily = this.cache.get(`${key}|${day}`);
    if (daily) return daily;
    const access = compileAccess(model.bundle.roles ?? [], model.catalog, subject, entityKey, action, { now, timeZone, directory: this.directory });
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(access.timeDependent ? `${key}|${day}` : key, access);
    return access;
  }
}
