/**
 * The runner's app model over a role's answer: a relation to an entity the role may not read is
 * shown as a value but never expanded, since the server refuses a whole read that expands it
 * (a finance clerk's opportunity page failed on `primary_contact`, contacts being hidden to finance).
 */
import { readFileSync } from 'node:fs';
import type { AppBundle } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import type { AppAnswer, EntityAccess } from '../../api/types.ts';
import { appModel } from './app-model.ts';

const bundle = JSON.parse(readFileSync(new URL('../../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url), 'utf8')) as AppBundle;

function readable(entity: string): EntityAccess {
  const fields = Object.fromEntries(bundle.entities.find((e) => e.key === entity)!.fields.map((f) => [f.key, 'readOnly' as const]));
  return { actions: { read: true, create: false, update: false, delete: false, transfer: false, share: false } as EntityAccess['actions'], fields };
}

// Opportunities and accounts readable; contacts not at all.
const answer: AppAnswer = { key: bundle.app.key, version: '1.0.0', bundle, access: { opportunity: readable('opportunity'), account: readable('account') } };
const model = appModel(answer);

describe('expandable relations', () => {
  it('expands a many-to-one relation to a readable entity, and none to an entity the role cannot read', () => {
    expect(model.field('opportunity', 'primary_contact')).toBeDefined();
    expect(model.expandable('opportunity', 'account')).toBe(true);
    expect(model.expandable('opportunity', 'primary_contact')).toBe(false);
    // Not a many-to-one relation, or not a field at all.
    expect(model.expandable('opportunity', 'contacts')).toBe(false);
    expect(model.expandable('opportunity', 'name')).toBe(false);
    expect(model.expandable('opportunity', 'nope')).toBe(false);
  });

  it('finds no field at a path through an entity the role cannot read', () => {
    expect(model.fieldAtPath('opportunity', 'account.name')?.field.key).toBe('name');
    expect(model.fieldAtPath('opportunity', 'account.created_at')?.field.key).toBe('created_at');
    expect(model.fieldAtPath('opportunity', 'primary_contact.name')).toBeUndefined();
    expect(model.fieldAtPath('opportunity', 'primary_contact.created_at')).toBeUndefined();
  });
});
