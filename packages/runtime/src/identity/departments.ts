/**
 * Department writes behind the Directory: create, change (rename, move, manager, position) and
 * delete when empty. Moves that would put a department below itself are refused. Each function
 * runs inside the Directory's change transaction, which holds the organisation lock, so two
 * concurrent moves cannot build a cycle between them.
 */
import { sql, type Transaction } from 'kysely';
import type { AppBundle, Field } from '@pipewright/metadata';
import { postgresErrorCode } from '../database/index.ts';
import { appSchemaName } from '../schema/layout.ts';
import { IdentityError, invalidReference, notFound } from './errors.ts';
import type { IdentityTables } from './identity-tables.ts';
import { wouldCycle, type DepartmentRow } from './org-chart.ts';

type Trx = Transaction<IdentityTables>;

export type Department = DepartmentRow;

export interface NewDepartment {
  name: string;
  code?: string | null | undefined;
  parentId?: number | null | undefined;
  managerId?: number | null | undefined;
  position?: number | undefined;
}

/** The fields to change; `parentId: null` makes it a top-level department. */
export type DepartmentChanges = Partial<NewDepartment>;

function checkName(name: string | undefined): void {
  if (name !== undefined && (name.trim() === '' || name.length > 200)) {
    throw new IdentityError('department.invalid', 'A department name must have 1 to 200 characters', [{ path: '/name', code: 'department.invalid', message: 'must have 1 to 200 characters' }]);
  }
}

async function checkReferences(trx: Trx, id: number | undefined, input: DepartmentChanges): Promise<void> {
  if (input.parentId !== undefined && input.parentId !== null) {
    const parents = await trx.selectFrom('pipewright.departments').select(['id', 'parent_id']).execute();
    const parentOf = new Map(parents.map((p) => [p.id, p.parent_id]));
    if (!parentOf.has(input.parentId)) throw invalidReference('/parentId', `No department ${input.parentId}`);
    if (id !== undefined && wouldCycle(id, input.parentId, (d) => parentOf.get(d))) {
      throw new IdentityError('department.cycle', `Department ${input.parentId} is ${input.parentId === id ? 'the department itself' : `below department ${id}`}: it cannot be its parent`, [
        { path: '/parentId', code: 'department.cycle', message: 'is the department itself or below it' },
      ]);
    }
  }
  if (input.managerId !== undefined && input.managerId !== null) {
    const manager = await trx.selectFrom('pipewright.users').select('id').where('id', '=', input.managerId).executeTakeFirst();
    if (!manager) throw invalidReference('/managerId', `No user ${input.managerId}`);
  }
}

export async function insertDepartment(trx: Trx, input: NewDepartment): Promise<number> {
  checkName(input.name);
  await checkReferences(trx, undefined, input);
  const row = await trx
    .insertInto('pipewright.departments')
    .values({
      name: input.name.trim(),
      code: input.code ?? null,
      parent_id: input.parentId ?? null,
      manager_id: input.managerId ?? null,
      ...(input.position !== undefined ? { position: input.position } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function changeDepartment(trx: Trx, id: number, changes: DepartmentChanges): Promise<void> {
  const current = await trx.selectFrom('pipewright.departments').select('id').where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('department', id);
  checkName(changes.name);
  await checkReferences(trx, id, changes);
  await trx
    .updateTable('pipewright.departments')
    .set({
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.code !== undefined ? { code: changes.code } : {}),
      ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
      ...(changes.managerId !== undefined ? { manager_id: changes.managerId } : {}),
      ...(changes.position !== undefined ? { position: changes.position } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes a department without sub-departments and users (inactive users count: reassign them
 * first) that no record names. Single department fields refuse the delete by their foreign key;
 * multi-department fields (arrays, no key) are looked through in the installed `apps`.
 */
export async function removeDepartment(trx: Trx, id: number, apps: readonly AppBundle[] = []): Promise<void> {
  const current = await trx.selectFrom('pipewright.departments').select('id').where('id', '=', id).executeTakeFirst();
  if (!current) throw notFound('department', id);
  const child = await trx.selectFrom('pipewright.departments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
  const member = await trx.selectFrom('pipewright.users').select('id').where('department_id', '=', id).limit(1).executeTakeFirst();
  if (child || member) {
    throw new IdentityError('department.notEmpty', `Department ${id} still has ${child ? 'sub-departments' : 'users'}: move them first`);
  }
  const inUse = () => new IdentityError('department.notEmpty', `Department ${id} is still named by records: change those records first`);
  for (const { schema, table, column } of departmentLists(apps)) {
    const { rows } = await sql`SELECT 1 FROM ${sql.table(`${schema}.${table}`)} WHERE ${sql.ref(column)} @> ARRAY[${id}]::bigint[] LIMIT 1`.execute(trx);
    if (rows.length > 0) throw inUse();
  }
  try {
    await trx.deleteFrom('pipewright.departments').where('id', '=', id).execute();
  } catch (error) {
    if (postgresErrorCode(error) === '23503') throw inUse();
    throw error;
  }
}

/** The multi-department columns of the installed apps: entity tables and line items. */
function departmentLists(apps: readonly AppBundle[]): { schema: string; table: string; column: string }[] {
  const lists = (fields: readonly Field[]) => fields.filter((f) => f.type === 'department' && f.multiple).map((f) => f.key);
  return apps.flatMap((bundle) =>
    bundle.entities.flatMap((entity) => [
      ...lists(entity.fields).map((column) => ({ schema: appSchemaName(bundle.app.key), table: entity.key, column })),
      ...entity.fields.flatMap((f) => (f.type === 'lineItems' ? lists(f.fields).map((column) => ({ schema: appSchemaName(bundle.app.key), table: `${entity.key}__${f.key}`, column })) : [])),
    ]),
  );
}
