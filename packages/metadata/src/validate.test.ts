/** How raw ajv errors become `{ path, code, message }`, shown on the filter language. */
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { describeSchemaErrors, validateDocument } from './validate.ts';

const operators =
  'must be one of "eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "contains", "notContains", "startsWith", "endsWith", "isEmpty", "isNotEmpty", "between", "within"';

const filterErrors = (filter: unknown) => validateDocument('filter', filter).errors;

describe('describeSchemaErrors on filters', () => {
  it('accepts a valid nested filter', () => {
    expect(
      validateDocument('filter', {
        and: [
          { field: 'owner_id', op: 'eq', value: { var: 'currentUser' } },
          { not: { field: 'stage', op: 'in', value: ['won', 'lost'] } },
          { field: 'expected_close_date', op: 'within', value: { last: 3, unit: 'month' } },
        ],
      }),
    ).toEqual({ ok: true, value: expect.any(Object), errors: [] });
  });

  it('reports a bad operator deep in a tree once, at its own path, without the if/then noise', () => {
    expect(filterErrors({ or: [{ field: 'stage', op: 'eq', value: 'won' }, { and: [{ field: 'stage', op: 'is' }] }] })).toEqual([
      { path: '/or/1/and/0/op', code: 'schema.enum', message: operators },
    ]);
  });

  it('names the missing member of a condition', () => {
    expect(filterErrors({ op: 'eq', value: 1 })).toEqual([{ path: '/field', code: 'schema.required', message: 'is required' }]);
  });

  it('explains a malformed field path in words', () => {
    expect(filterErrors({ field: 'Account.Industry', op: 'eq', value: 'it' })).toEqual([
      {
        path: '/field',
        code: 'schema.pattern',
        message: 'must be a field key or a dotted path through many-to-one relations, such as account.industry',
      },
    ]);
  });

  it('checks variables and relative periods inside the value', () => {
    expect(filterErrors({ field: 'owner_id', op: 'eq', value: { var: 'me' } })).toEqual([
      {
        path: '/value/var',
        code: 'schema.enum',
        message: 'must be one of "currentUser", "currentUserDepartment", "currentUserDepartmentTree", "currentUserTeam", "today", "now"',
      },
    ]);
    expect(filterErrors({ field: 'closed_on', op: 'within', value: { last: 0, unit: 'day' } })).toEqual([
      { path: '/value/last', code: 'schema.minimum', message: 'must be >= 1' },
    ]);
  });

  it('reports members a combinator does not have', () => {
    expect(filterErrors({ and: [], op: 'eq' })).toEqual([{ path: '/op', code: 'schema.unknownProperty', message: 'is not a known property here' }]);
  });
});

describe('describeSchemaErrors on raw ajv errors', () => {
  const error = (keyword: string, instancePath: string, schemaPath: string, params: Record<string, unknown> = {}, message?: string): ErrorObject =>
    ({ keyword, instancePath, schemaPath, params, message }) as ErrorObject;

  it('keeps the anyOf branch that got furthest into the value and drops the others', () => {
    const errors = [
      error('type', '/value', '#/anyOf/0/type', { type: 'string' }, 'must be string'),
      error('required', '/value', '#/anyOf/1/required', { missingProperty: 'unit' }),
      error('anyOf', '/value', '#/anyOf', {}, 'must match a schema in anyOf'),
    ];
    expect(describeSchemaErrors(errors)).toEqual([{ path: '/value/unit', code: 'schema.required', message: 'is required' }]);
  });

  it('drops if errors and repeats', () => {
    const enumError = error('enum', '/op', '#/$defs/operator/enum', { allowedValues: ['eq', 'ne'] });
    expect(describeSchemaErrors([error('if', '', '#/if', { failingKeyword: 'else' }), enumError, enumError])).toEqual([
      { path: '/op', code: 'schema.enum', message: 'must be one of "eq", "ne"' },
    ]);
  });

  it('still describes a discriminator error whose schema it cannot see', () => {
    expect(describeSchemaErrors([error('discriminator', '/nodes/0', '#/discriminator', { error: 'mapping', tag: 'type', tagValue: 'x' })])).toEqual([
      { path: '/nodes/0/type', code: 'schema.enum', message: 'is not a known "type" here' },
    ]);
  });
});
