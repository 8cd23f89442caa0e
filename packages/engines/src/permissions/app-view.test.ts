import { Catalog, type AppBundle, type Role } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { compileAccess } from './access.ts';
import { appAccess, visibleBundle } from './app-view.ts';
import { bundle as base, context, role, user } from './permissions.fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const app: AppBundle = {
  ...base,
  forms: [
    {
      key: 'deal_form',
      label: l('Deal'),
      version: 1,
      entity: 'opportunity',
      sections: [
        { key: 'main', label: l('Main'), items: [{ field: 'name' }, { field: 'margin' }] },
        { key: 'money', label: l('Money'), items: [{ field: 'margin' }] },
      ],
    },
    { key: 'account_form', label: l('Account'), version: 1, entity: 'account', sections: [{ key: 'main', label: l('Main'), items: [{ field: 'name' }] }] },
  ],
  views: [
    { key: 'deals', label: l('Deals'), version: 1, entity: 'opportunity', type: 'table', columns: [{ field: 'name' }, { field: 'margin' }, { field: 'account.credit_limit' }], sort: [{ field: 'margin' }, { field: 'name' }] },
    { key: 'fat_deals', label: l('Fat deals'), version: 1, entity: 'opportunity', type: 'table', filter: { field: 'margin', op: 'gt', value: 0.3 }, columns: [{ field: 'name' }] },
  ],
  reports: [
    { key: 'by_stage', label: l('By stage'), version: 1, entity: 'opportunity', dimensions: [{ key: 'stage', field: 'stage' }], measures: [{ key: 'n', label: l('Deals'), aggregate: 'count' }] },
    { key: 'margins', label: l('Margins'), version: 1, entity: 'opportunity', dimensions: [{ key: 'stage', field: 'stage' }], measures: [{ key: 'm', label: l('Margin'), aggregate: 'avg', field: 'margin' }] },
  ],
  dashboards: [
    {
      key: 'home',
      label: l('Home'),
      version: 1,
      widgets: [
        { key: 'a', report: 'by_stage', layout: { x: 0, y: 0, w: 6, h: 4 } },
        { key: 'b', report: 'margins', layout: { x: 6, y: 0, w: 6, h: 4 } },
      ],
    },
  ],
  navigation: {
    key: 'menu',
    label: l('Menu'),
    version: 1,
    items: [
      { key: 'home', label: l('Home'), target: { type: 'dashboard', dashboard: 'home' } },
      {
        key: 'sales',
        label: l('Sales'),
        children: [
          { key: 'deals', label: l('Deals'), target: { type: 'view', view: 'deals' } },
          { key: 'fat', label: l('Fat deals'), target: { type: 'view', view: 'fat_deals' } },
          { key: 'new_account', label: l('New account'), target: { type: 'form', form: 'account_form' } },
        ],
      },
      { key: 'admin', label: l('Admin'), roles: ['director'], target: { type: 'url', url: 'https://example.com' } },
    ],
  },
  sampleData: { opportunity: [{ name: 'secret deal', margin: 0.5 }] },
};
const catalog = new Catalog(app);

const rep: Role = {
  key: 'rep',
  label: l('Rep'),
  version: 1,
  permissions: [
    { entity: 'opportunity', actions: { read: 'own', update: 'own', runReport: 'own' }, fields: { margin: 'hidden' } },
    { entity: 'account', actions: { read: 'all' }, fields: { credit_limit: 'hidden' } },
  ],
};
const accessFor = (roles: Role[], ...keys: string[]) => appAccess(catalog, (entity, action) => compileAccess(roles, catalog, user(20, ...keys), entity, action, context));

describe('visibleBundle', () => {
  const access = accessFor([rep, role('director', 'opportunity', { read: 'all' })], 'rep');
  const seen = visibleBundle(app, access, ['rep']);

  it('lists actions and readable fields per readable entity', () => {
    expect(access.opportunity!.actions).toMatchObject({ read: true, update: true, create: false, runReport: true, transfer: false, share: false });
    expect(access.opportunity!.fields).not.toHaveProperty('margin');
    expect(access.opportunity!.fields.weighted).toBeUndefined(); // amount * margin
    expect(access.account!.fields).toEqual({ name: 'readOnly', industry: 'readOnly' });
  });

  it('keeps readable fields, drops form items, columns and sorts on hidden ones, and views that need them', () => {
    expect(seen.entities.find((e) => e.key === 'opportunity')!.fields.map((f) => f.key)).not.toContain('margin');
    expect(seen.forms!.find((f) => f.key === 'deal_form')!.sections).toEqual([{ key: 'main', label: l('Main'), items: [{ field: 'name' }] }]);
    expect(seen.views!.map((v) => v.key)).toEqual(['deals']);
    expect(seen.views![0]!.columns).toEqual([{ field: 'name' }]);
    expect(seen.views![0]!.sort).toEqual([{ field: 'name' }]);
  });

  it('keeps reports whose every field is readable, and dashboards of those', () => {
    expect(seen.reports!.map((r) => r.key)).toEqual(['by_stage']);
    expect(seen.dashboards![0]!.widgets.map((w) => w.report)).toEqual(['by_stage']);
  });

  it('keeps menu entries that lead to something the reader can open, without role lists', () => {
    expect(seen.navigation!.items).toEqual([
      { key: 'home', label: l('Home'), target: { type: 'dashboard', dashboard: 'home' } },
      { key: 'sales', label: l('Sales'), children: [{ key: 'deals', label: l('Deals'), target: { type: 'view', view: 'deals' } }] },
    ]);
  });

  it('never carries roles, sample data, workflows or rules', () => {
    expect(seen).not.toHaveProperty('sampleData');
    expect(seen).not.toHaveProperty('roles');
    expect(seen).not.toHaveProperty('workflows');
    expect(seen).not.toHaveProperty('rules');
  });

  it('leaves out entities the reader cannot read, and everything on them', () => {
    const only = accessFor([role('viewer', 'account', { read: 'all' })], 'viewer');
    const bundle = visibleBundle(app, only, ['viewer']);
    expect(bundle.entities.map((e) => e.key)).toEqual(['account']);
    expect(bundle.views).toEqual([]);
    expect(bundle.reports).toEqual([]);
    expect(bundle.navigation!.items).toEqual([]);
  });
});
