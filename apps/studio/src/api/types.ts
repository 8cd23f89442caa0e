/**
 * Shapes of the platform API's answers the studio reads (apps/server's route schemas). App
 * metadata shapes come from @pipewright/metadata's generated types, imported as types only.
 */
import type { AppBundle, Label } from '@pipewright/metadata';

export type Locale = 'zh-CN' | 'en';

export interface User {
  id: number;
  login: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  active: boolean;
  isAdmin: boolean;
  departmentId: number | null;
  managerId: number | null;
  hasPassword: boolean;
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
  rolesByApp?: Record<string, string[]>;
  teamIds?: number[];
  generatedPassword?: string;
}

export interface Subject {
  userId: number;
  login: string;
  name: string;
  isAdmin: boolean;
  departmentId: number | null;
  rolesByApp: Record<string, string[]>;
}

/** `GET /api/auth/me`. */
export interface Me {
  user: Subject;
  credential: string;
  csrfToken?: string;
  expiresAt?: string;
}

/** `POST /api/auth/login`. */
export interface LoginAnswer {
  user: Subject;
  csrfToken: string;
  expiresAt: string;
}

/** An item of `GET /api/apps`. */
export interface InstalledApp {
  key: string;
  version: string;
  name: Label;
  installedAt: string;
  updatedAt: string;
}

export type EntityAction =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'export'
  | 'import'
  | 'print'
  | 'runReport'
  | 'transfer'
  | 'share';

/** What the caller may do with one entity: its actions, and the level of each readable field. */
export interface EntityAccess {
  actions: Record<EntityAction, boolean>;
  fields: Record<string, 'editable' | 'readOnly'>;
}

/** `GET /api/apps/:app`: the bundle as the caller may see it, and `access` per readable entity. */
export interface AppAnswer {
  key: string;
  version: string;
  bundle: AppBundle;
  access: Record<string, EntityAccess>;
  [member: string]: unknown;
}

export interface Department {
  id: number;
  name: string;
  code: string | null;
  parentId: number | null;
  managerId: number | null;
  position: number;
  children: Department[];
}

export interface Team {
  id: number;
  name: string;
  code: string | null;
  memberIds: number[];
  [member: string]: unknown;
}

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  app: string;
  role: string;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  secret?: string;
  [member: string]: unknown;
}

export interface AppVersion {
  version: string;
  publishedAt: string;
  [member: string]: unknown;
}

/** `GET /api/apps/:app/records/:entity`. */
export interface RecordList {
  items: Record<string, unknown>[];
  nextCursor?: string;
  total?: number;
  totalKind?: string;
}
