/**
 * The subject: who a request acts as, with everything a permission check needs about them,
 * computed once and cached by the {@link Directory} (frozen: every request shares it).
 *
 * @example
 * const subject = await directory.subject(7);
 * subject.departmentTree;          // [3, 8, 9]
 * subject.rolesByApp.crm;          // ['sales_manager']
 * rolesIn(subject, 'crm');         // ['sales_manager'] (an API key: only its role)
 */
export interface Subject {
  userId: number;
  login: string;
  name: string;
  /** Platform administrator: every app, every record, the admin endpoints. Never true for an API key. */
  isAdmin: boolean;
  active: boolean;
  /** The user's own department; undefined for users outside the org chart. */
  departmentId: number | undefined;
  /** The own department and every department below it; empty without a department. */
  departmentTree: readonly number[];
  /** The user's managers, nearest first (see OrgChart). */
  managerChain: readonly number[];
  teamIds: readonly number[];
  /** App key → keys of the roles the user holds in that app. */
  rolesByApp: Readonly<Record<string, readonly string[]>>;
  /** Set when the request came with an API key: the subject holds that key's one role only. */
  apiKey?: ApiKeyGrant | undefined;
}

export interface ApiKeyGrant {
  id: number;
  name: string;
  app: string;
  role: string;
}

/** The role keys the subject holds in `app` (none for an app it has no role in). */
export function rolesIn(subject: Subject, app: string): readonly string[] {
  return subject.rolesByApp[app] ?? [];
}

/**
 * The subject an API key acts as: its creator's identity and organisation, but only the key's one
 * role in the key's one app, and never administrator.
 */
export function restrictToApiKey(subject: Subject, grant: ApiKeyGrant): Subject {
  return freezeSubject({ ...subject, isAdmin: false, rolesByApp: { [grant.app]: [grant.role] }, apiKey: { ...grant } });
}

/** Freezes a subject and its arrays, so a request cannot change what the next one sees. */
export function freezeSubject(subject: Subject): Subject {
  Object.freeze(subject.departmentTree);
  Object.freeze(subject.managerChain);
  Object.freeze(subject.teamIds);
  for (const roles of Object.values(subject.rolesByApp)) Object.freeze(roles);
  Object.freeze(subject.rolesByApp);
  if (subject.apiKey) Object.freeze(subject.apiKey);
  return Object.freeze(subject);
}
