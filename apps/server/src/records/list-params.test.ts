import { describe, expect, it } from 'vitest';
import { toListQuery } from './list-params.ts';

describe('toListQuery', () => {
  it('reads a comma sort with - for descending, and relation paths', () => {
    expect(toListQuery({ sort: '-amount, name,+account.name' }).sort).toEqual([
      { field: 'amount', direction: 'desc' },
      { field: 'name', direction: 'asc' },
      { field: 'account.name', direction: 'asc' },
    ]);
  });

  it('reads a JSON sort and refuses unknown members', () => {
    expect(toListQuery({ sort: '[{"field":"amount","direction":"desc","nulls":"last"}]' }).sort).toEqual([{ field: 'amount', direction: 'desc', nulls: 'last' }]);
    expect(() => toListQuery({ sort: '[{"field":"amount","how":"desc"}]' })).toThrow(expect.objectContaining({ code: 'query.invalid', problems: [expect.objectContaining({ path: '/sort/0/how' })] }));
  });

  it('refuses sort and field lists that are not keys', () => {
    expect(() => toListQuery({ sort: 'name DESC' })).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path: '/sort/0' })] }));
    expect(() => toListQuery({ fields: 'name,"id"' })).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ path: '/fields/1' })] }));
  });

  it('parses the filter JSON and refuses what is not a JSON object', () => {
    expect(toListQuery({ filter: '{"field":"stage","op":"eq","value":"won"}' }).filter).toEqual({ field: 'stage', op: 'eq', value: 'won' });
    expect(() => toListQuery({ filter: '[1]' })).toThrow(expect.objectContaining({ code: 'query.invalid' }));
    expect(() => toListQuery({ filter: '{' })).toThrow(expect.objectContaining({ code: 'query.invalid' }));
  });

  it('takes q as search, and refuses both with different words', () => {
    expect(toListQuery({ q: '星辰' }).search).toBe('星辰');
    expect(() => toListQuery({ q: 'a', search: 'b' })).toThrow(expect.objectContaining({ code: 'query.invalid' }));
  });
});
