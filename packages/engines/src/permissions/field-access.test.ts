import { describe, expect, it } from 'vitest';
import { compileAccess } from './access.ts';
import { compileFieldAccess, readableFields, writableFields } from './field-access.ts';
import { catalog, context, role, user } from './permissions.fixture.ts';
import { Catalog, type AppBundle, type Role } from '@pipewright/metadata';

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
    // `weighted` (amount * margin) reads the hidden margin, so it is hidden too.
    expect(readableFields(access)).toEqual(['name', 'stage', 'amount', 'close_date', 'team', 'account']);
    expect(writableFields(access)).toEqual(['name', 'stage', 'close_date', 'team', 'account']);
  });
});

const l = (en: string) => ({ 'zh-CN': en, en });
const quoteApp: AppBundle = {
  formatVersion: 1,
  app: { key: 'quotes', name: l('Quotes'), version: '1.0.0' },
  entities: [
    {
      key: 'product',
      label: l('Product'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'cost', label: l('Cost'), type: 'currency' },
      ],
    },
    {
      key: 'quote',
      label: l('Quote'),
      version: 1,
      fields: [
        { key: 'price', label: l('Price'), type: 'currency' },
        { key: 'cost', label: l('Cost'), type: 'currency' },
        { key: 'product', label: l('Product'), type: 'relation', kind: 'manyToOne', target: 'product' },
        { key: 'source', label: l('Source'), type: 'text', readOnly: true },
        { key: 'profit', label: l('Profit'), type: 'formula', expression: 'price - cost', resultType: 'currency' },
        { key: 'margin', label: l('Margin'), type: 'formula', expression: 'profit / price', resultType: 'number' },
        { key: 'list_cost', label: l('List cost'), type: 'formula', expression: 'product.cost * 2', resultType: 'currency' },
        { key: 'doubled', label: l('Doubled'), type: 'formula', expression: 'price * 2', resultType: 'currency' },
      ],
    },
  ],
};
const quoteCatalog = new Catalog(quoteApp);
const quoteRole = (fields: Record<string, 'hidden' | 'readOnly' | 'editable'>, product: Role['permissions'][number] | undefined, extra: Partial<Role['permissions'][number]> = {}): Role => ({
  key: 'seller',
  label: l('Seller'),
  version: 1,
  permissions: [{ entity: 'quote', actions: { read: 'own', update: 'own' }, fields, ...extra }, ...(product ? [product] : [])],
});
const quoteFields = (r: Role, isAdmin = false) => compileFieldAccess([r], quoteCatalog, { userId: 1, departmentTree: [], roleKeys: ['seller'], isAdmin }, 'quote');

describe('formulas inherit the access of what they read', () => {
  it('hides a formula over a hidden field, and formulas over that formula', () => {
    const access = quoteFields(quoteRole({ cost: 'hidden' }, { entity: 'product', actions: { read: 'all' } }));
    expect(access).toMatchObject({ price: 'editable', cost: 'hidden', profit: 'hidden', margin: 'hidden', doubled: 'readOnly', list_cost: 'readOnly' });
  });

  it('hides a formula reading through a relation into a hidden field or an unreadable entity', () => {
    expect(quoteFields(quoteRole({}, { entity: 'product', actions: { read: 'all' }, fields: { cost: 'hidden' } })).list_cost).toBe('hidden');
    expect(quoteFields(quoteRole({}, undefined)).list_cost).toBe('hidden');
    expect(quoteFields(quoteRole({ product: 'hidden' }, { entity: 'product', actions: { read: 'all' } })).list_cost).toBe('hidden');
  });

  it('shows a formula the role names explicitly, whatever it reads', () => {
    const access = quoteFields(quoteRole({ cost: 'hidden', margin: 'readOnly' }, undefined));
    expect(access).toMatchObject({ cost: 'hidden', profit: 'hidden', margin: 'readOnly' });
  });

  it('leaves administrators every formula', () => {
    expect(quoteFields(quoteRole({ cost: 'hidden' }, undefined), true)).toMatchObject({ cost: 'editable', profit: 'readOnly', list_cost: 'readOnly' });
  });
});

describe('field defaults and read-only fields', () => {
  it('gives unlisted fields the default level, listed ones their own', () => {
    const access = quoteFields(quoteRole({ price: 'editable' }, undefined, { defaultFieldAccess: 'readOnly' }));
    expect(access).toMatchObject({ price: 'editable', cost: 'readOnly', product: 'readOnly', doubled: 'readOnly' });
    const hidden = quoteFields(quoteRole({ price: 'readOnly' }, undefined, { defaultFieldAccess: 'hidden' }));
    expect(readableFields({ fields: hidden })).toEqual(['price']); // doubled is unlisted, so hidden too
  });

  it('keeps a field marked read-only in the entity read-only for every role, not for admins', () => {
    expect(quoteFields(quoteRole({ source: 'editable' }, undefined)).source).toBe('readOnly');
    expect(quoteFields(quoteRole({}, undefined), true).source).toBe('editable');
  });
});
