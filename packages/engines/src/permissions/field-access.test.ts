import { describe, expect, it } from 'vitest';
import { compileAccess } from './access.ts';
import { compileFieldAccess, readableFields, writableFields } from './field-access.ts';
import { catalog, context, role, user } from './permissions.fixture.ts';
import type { Role } from '@pipewright/metadata';

const fields = (roles: Role[]) => compileFieldAccess(roles, catalog, user(20, ...roles.map((r) => r.key)), 'opportunity');

describe('compileFieldAccess', () => {
  it('hides every field of an entity the user cannot read', () => {
    expect(Object.values(fields([]))).toEqual(Array(8).fill('hidden'));
    expect(new Set(Object.values(fields([role('intake', 'opportunity', { create: 'own' })])))).toEqual(new Set(['hidden']));
  });

  it('makes unnamed fields editable where the role updates, read-only where it only reads', () => {
    expect(fields([role('rep', 'opportunity', { read: 'own', update: 'own' })])).toMatchObject({ name: 'editable', amount: 'editable' });
    expect(fields([role('viewer', 'opportunity', { read: 'all' })])).toMatchObject({ name: 'readOnly', amount: 'readOnly' });
  });

  it('caps a read-only role at read-only even where it names a field editable', () => {
    expect(fields([role('viewer', 'opportunity', { read: 'all' }, { amount: 'editable' })]).amount).toBe('readOnly');
  });

  it('keeps computed fields read-only', () => {
    expect(fields([role('rep', 'opportunity', { read: 'own', update: 'own' }, { weighted: 'editable' })]).weighted).toBe('readOnly');
  });

  it('lets the most permissive role win, field by field', () => {
    const rep = role('rep', 'opportunity', { read: 'own', update: 'own' }, { margin: 'hidden', amount: 'readOnly' });
    const analyst = role('analyst', 'opportunity', { read: 'all' }, { amount: 'hidden' });
    expect(fields([rep, analyst])).toMatchObject({ name: 'editable', margin: 'readOnly', amount: 'readOnly', stage: 'editable' });
    expect(fields([rep])).toMatchObject({ margin: 'hidden', amount: 'readOnly' });
  });

  it('is part of every compiled access, with helpers listing readable and writable keys', () => {
    const rep = role('rep', 'opportunity', { read: 'own', update: 'own' }, { margin: 'hidden', amount: 'readOnly' });
    const access = compileAccess([rep], catalog, user(20, 'rep'), 'opportunity', 'read', context);
    expect(readableFields(access)).toEqual(['name', 'stage', 'amount', 'close_date', 'team', 'account', 'weighted']);
    expect(writableFields(access)).toEqual(['name', 'stage', 'close_date', 'team', 'account']);
  });
});
