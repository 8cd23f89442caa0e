import { describe, expect, it } from 'vitest';
import { asCommonNoun, fillPlaceholders } from './placeholders.ts';

describe('fillPlaceholders', () => {
  it('puts values in as they are, and leaves unknown placeholders', () => {
    expect(fillPlaceholders('{count} records of {who}', { count: 3 })).toBe('3 records of {who}');
  });

  it('writes an entity label in sentence case inside a sentence (New lead, not New Lead)', () => {
    expect(fillPlaceholders('New {entity:lower}', { entity: 'Lead' })).toBe('New lead');
    expect(fillPlaceholders('Search {entity:lower}', { entity: 'Opportunities' })).toBe('Search opportunities');
    expect(fillPlaceholders('New {entity:lower}', { entity: 'Sales order' })).toBe('New sales order');
  });
});

describe('asCommonNoun', () => {
  it('keeps acronyms, inner capitals, single letters and text without letter case', () => {
    for (const label of ['VIP', 'VIP accounts', 'ERP order', 'iPhone', 'McKinsey report', 'A', '线索', '']) expect(asCommonNoun(label)).toBe(label);
  });
});
