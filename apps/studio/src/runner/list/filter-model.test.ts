import { describe, expect, it } from 'vitest';
import type { Filter } from '@pipewright/metadata';
import { bothFilters, conditionCount, fromFilter, toFilter, type FilterGroup } from './filter-model.ts';

describe('the filter builder model', () => {
  it('writes one group as and / or of its complete conditions, skipping unfinished rows', () => {
    const group: FilterGroup = {
      kind: 'group',
      join: 'or',
      items: [
        { kind: 'condition', field: 'stage', op: 'in', value: ['proposal', 'negotiation'] },
        { kind: 'condition', field: 'amount', op: 'gt', value: 1000 },
        { kind: 'condition', field: 'name', op: 'contains', value: '' },
        { kind: 'condition', field: 'email', op: 'isEmpty', value: 'ignored' },
      ],
    };
    expect(toFilter(group)).toEqual({ or: [
      { field: 'stage', op: 'in', value: ['proposal', 'negotiation'] },
      { field: 'amount', op: 'gt', value: 1000 },
      { field: 'email', op: 'isEmpty' },
    ] });
    expect(conditionCount(group)).toBe(3);
    expect(toFilter({ kind: 'group', join: 'and', items: [] })).toBeUndefined();
  });

  it('reads back every filter unchanged, keeping what it cannot show as rows', () => {
    const filters: Filter[] = [
      { field: 'stage', op: 'eq', value: 'won' },
      { and: [{ field: 'owner_id', op: 'eq', value: { var: 'currentUser' } }, { field: 'status', op: 'notIn', value: ['converted'] }] },
      { or: [{ field: 'a', op: 'eq', value: 1 }, { and: [{ field: 'b', op: 'gt', value: 2 }, { field: 'c', op: 'lt', value: 3 }] }] },
      { not: { field: 'stage', op: 'in', value: ['won', 'lost'] } },
      { and: [{ not: { field: 'x', op: 'isEmpty' } }, { or: [{ field: 'y', op: 'eq', value: 1 }, { and: [{ field: 'z', op: 'eq', value: 2 }, { field: 'w', op: 'eq', value: 3 }] }] }] },
      { and: [{ field: 'only', op: 'eq', value: 1 }] },
      { field: 'close_date', op: 'within', value: { period: 'thisQuarter' } },
    ];
    for (const filter of filters) expect(toFilter(fromFilter(filter))).toEqual(filter);
    expect(fromFilter(filters[2]).items[1]).toMatchObject({ kind: 'group', join: 'and' });
    expect(fromFilter(filters[3]).items[0]).toMatchObject({ kind: 'kept' });
  });

  it('joins the view filter and the reader filter so both hold', () => {
    const a: Filter = { field: 'a', op: 'eq', value: 1 };
    const b: Filter = { field: 'b', op: 'eq', value: 2 };
    expect(bothFilters(a, b)).toEqual({ and: [a, b] });
    expect(bothFilters(undefined, b)).toBe(b);
    expect(bothFilters(a, undefined)).toBe(a);
  });
});
