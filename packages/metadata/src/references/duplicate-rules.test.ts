import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AppBundle } from '../generated/types.ts';
import { validateBundle } from '../bundle.ts';

const bundle = JSON.parse(readFileSync(new URL('../../fixtures/lead-opportunity.bundle.json', import.meta.url), 'utf8')) as AppBundle;

function withLeadRule(rule: object): AppBundle {
  const copy = structuredClone(bundle);
  const lead = copy.entities.find((e) => e.key === 'lead')!;
  lead.duplicateRules = [rule as NonNullable<typeof lead.duplicateRules>[number]];
  return copy;
}

describe('duplicate rules at publish', () => {
  it('accepts the sample app, whose lead rule checks company, mobile and e-mail against leads, contacts and accounts', () => {
    expect(validateBundle(bundle).ok).toBe(true);
  });

  it('names the bad path: an unknown key field, an unknown target entity, a mapped field that is not text', () => {
    const result = validateBundle(
      withLeadRule({
        key: 'bad',
        label: { 'zh-CN': '坏', en: 'Bad' },
        keys: [{ field: 'nope' }, { field: 'email', normalise: 'email' }],
        against: [{ entity: 'nothing' }, { entity: 'account', fields: { email: 'employees' } }],
      }),
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map((e) => [e.path, e.code]);
    const at = `/entities/${bundle.entities.findIndex((e) => e.key === 'lead')}/duplicateRules/0`;
    expect(errors).toEqual([
      [`${at}/keys/0/field`, 'reference.unknownField'],
      [`${at}/against/0/entity`, 'reference.unknownEntity'],
      [`${at}/against/1/fields/email`, 'duplicate.fieldType'],
    ]);
  });
});
