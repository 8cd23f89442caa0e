import { fieldCapabilities } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { fieldTypes } from './registry.ts';

describe('the field types', () => {
  // The studio's lists offer sorting by the metadata's `indexed` capability, without loading
  // these field types (decision 053): the two must agree for every type.
  it('sort exactly the types whose capabilities say a B-tree can order them', () => {
    const sortable = Object.fromEntries(Object.values(fieldTypes).map((t) => [t.type, t.sortable]));
    const indexed = Object.fromEntries(Object.entries(fieldCapabilities).map(([type, c]) => [type, c.indexed]));
    expect(sortable).toEqual(indexed);
    expect(Object.values(sortable)).toContain(false);
  });
});
