/**
 * JSON Schemas of the identity routes: users, subjects, departments, teams, API keys. Response
 * schemas double as a filter: nothing outside them (a password hash, a secret) can be serialised.
 */
import { idSchema } from '@pipewright/engines';
import { noNulPattern } from '../route-params.ts';

/** A database id in the URL: a positive integer. */
export const idParamsSchema = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'A positive integer' } },
} as const;

export interface IdParams {
  id: string;
}

const nullableId = { ...idSchema, type: ['integer', 'null'] } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;
const name = { type: 'string', minLength: 1, maxLength: 200, pattern: noNulPattern } as const;
const code = { type: ['string', 'null'], minLength: 1, maxLength: 64, pattern: noNulPattern } as const;
const password = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const roleKey = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' } as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'login', 'name', 'email', 'phone', 'locale', 'active', 'isAdmin', 'departmentId', 'managerId', 'hasPassword', 'passwordChangedAt', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    login: { type: 'string' },
    name: { type: 'string' },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    locale: { type: 'string' },
    active: { type: 'boolean' },
    isAdmin: { type: 'boolean' },
    departmentId: nullableId,
    managerId: nullableId,
    hasPassword: { type: 'boolean' },
    passwordChangedAt: nullableTimestamp,
    createdAt: timestamp,
    updatedAt: timestamp,
    rolesByApp: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    teamIds: { type: 'array', items: { type: 'integer' } },
    generatedPassword: { type: 'string', description: 'Only in the answer to a create without password: shown this once' },
  },
} as const;

/** Fields an administrator sets on a user (create and PATCH). */
const userFields = {
  login: { type: 'string', minLength: 1, maxLength: 64, pattern: noNulPattern },
  name,
  email: { type: ['string', 'null'], format: 'email', maxLength: 320 },
  phone: { type: ['string', 'null'], maxLength: 64, pattern: noNulPattern },
  locale: { type: 'string', enum: ['zh-CN', 'en'] },
  active: { type: 'boolean' },
  isAdmin: { type: 'boolean' },
  departmentId: nullableId,
  managerId: nullableId,
} as const;

export const newUserSchema = {
  type: 'object',
  required: ['login', 'name'],
  additionalProperties: false,
  properties: { ...userFields, password: { ...password, description: 'Omitted: a password is generated and answered once as generatedPassword' } },
} as const;

export const userChangesSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: userFields } as const;

export const userListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    active: { type: 'boolean' },
    departmentId: idSchema,
    q: { type: 'string', maxLength: 200, pattern: noNulPattern, description: 'Part of the login, name or e-mail' },
    limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
    offset: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 },
  },
} as const;

export const setPasswordSchema = { type: 'object', required: ['password'], additionalProperties: false, properties: { password } } as const;

export const rolesBodySchema = {
  type: 'object',
  required: ['roles'],
  additionalProperties: false,
  properties: { roles: { type: 'array', maxItems: 200, items: roleKey, description: 'Every role the user holds in the app; [] takes them all away' } },
} as const;

export const subjectSchema = {
  type: 'object',
  required: ['userId', 'login', 'name', 'isAdmin', 'departmentId', 'departmentTree', 'managerChain', 'teamIds', 'rolesByApp'],
  properties: {
    userId: { type: 'integer' },
    login: { type: 'string' },
    name: { type: 'string' },
    isAdmin: { type: 'boolean' },
    departmentId: nullableId,
    departmentTree: { type: 'array', items: { type: 'integer' } },
    managerChain: { type: 'array', items: { type: 'integer' } },
    teamIds: { type: 'array', items: { type: 'integer' } },
    rolesByApp: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    apiKey: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, app: { type: 'string' }, role: { type: 'string' } } },
  },
} as const;

export const departmentFields = {
  name,
  code,
  parentId: nullableId,
  managerId: nullableId,
  position: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000 },
} as const;

export const newDepartmentSchema = { type: 'object', required: ['name'], additionalProperties: false, properties: departmentFields } as const;
export const departmentChangesSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: departmentFields } as const;

const departmentProperties = {
  id: { type: 'integer' },
  name: { type: 'string' },
  code: { type: ['string', 'null'] },
  parentId: nullableId,
  managerId: nullableId,
  position: { type: 'integer' },
} as const;

export const departmentSchema = { type: 'object', required: ['id', 'name', 'code', 'parentId', 'managerId', 'position'], properties: departmentProperties } as const;

/** A department with its sub-departments, recursively (registered once with `app.addSchema`). */
export const departmentNodeSchema = {
  $id: 'DepartmentNode',
  type: 'object',
  required: ['id', 'name', 'code', 'parentId', 'managerId', 'position', 'children'],
  properties: { ...departmentProperties, children: { type: 'array', items: { $ref: 'DepartmentNode#' } } },
} as const;

export const departmentNodeRef = { $ref: 'DepartmentNode#' } as const;

const teamFields = { name, code, memberIds: { type: 'array', maxItems: 10_000, items: idSchema } } as const;
export const newTeamSchema = { type: 'object', required: ['name'], additionalProperties: false, properties: teamFields } as const;
export const teamChangesSchema = { type: 'object', additionalProperties: false, minProperties: 1, properties: teamFields } as const;
export const teamSchema = {
  type: 'object',
  required: ['id', 'name', 'code', 'memberIds'],
  properties: { id: { type: 'integer' }, name: { type: 'string' }, code: { type: ['string', 'null'] }, memberIds: { type: 'array', items: { type: 'integer' } } },
} as const;

export const newApiKeySchema = {
  type: 'object',
  required: ['name', 'app', 'role'],
  additionalProperties: false,
  properties: {
    name,
    app: roleKey,
    role: roleKey,
    expiresAt: { type: 'string', format: 'date-time', description: 'When the key stops working; omitted: never' },
  },
} as const;

export const apiKeySchema = {
  type: 'object',
  required: ['id', 'name', 'prefix', 'app', 'role', 'createdBy', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    app: { type: 'string' },
    role: { type: 'string' },
    createdBy: { type: 'integer' },
    createdAt: timestamp,
    expiresAt: nullableTimestamp,
    lastUsedAt: nullableTimestamp,
    revokedAt: nullableTimestamp,
    secret: { type: 'string', description: 'Only in the answer to the create: the whole key, shown this once' },
  },
} as const;
