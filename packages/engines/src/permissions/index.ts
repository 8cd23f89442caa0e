/**
 * The permission compiler: roles + catalog + subject → what the subject may do with each entity
 * and action, as a bound filter (rows) and a field map (columns). See README.md.
 */
export { compileAccess, fieldAccessOf } from './access.ts';
export type { EntityAccess } from './access.ts';
export { compileScope, grantedScope, permissionActions, shareLevelFor } from './scope.ts';
export type { CompiledScope, GrantingScope, ShareLevel } from './scope.ts';
export { compileFieldAccess, narrowerAccess, readableFields, widerAccess, writableFields } from './field-access.ts';
export type { FieldAccess, FieldAccessMap } from './field-access.ts';
export { directoryFromAssignments, heldPermissions } from './subject.ts';
export type { AccessContext, HeldPermission, OrgDirectory, Subject } from './subject.ts';
export { scopeWithShares, sharesAt } from './shares.ts';
export { checkFilterFields } from './query-check.ts';
export type { FieldUse, RelatedAccess } from './query-check.ts';
export { checkWrite } from './write-check.ts';
export { defaultRoleEntityGroups, defaultRoleKeys, defaultRoles } from './default-roles.ts';
export { appAccess, pathReadable, visibleBundle } from './app-view.ts';
export type { AppAccess, EntityView, VisibleFieldAccess } from './app-view.ts';
