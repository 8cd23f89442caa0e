import { PipewrightError, RecordValidationError } from '@pipewright/engines';
import { MetadataValidationError } from '@pipewright/metadata';
import { AppNotFoundError, MigrationRefusedError, RecordInUseError, RecordNotFoundError, StaleRecordError } from '@pipewright/runtime';
import { describe, expect, it } from 'vitest';
import { noNulPattern } from '../route-params.ts';
import { errorToProblem } from './error-to-problem.ts';

describe('errorToProblem', () => {
  it.each([
    [new RecordValidationError([{ path: '/email', code: 'record.invalidValue', message: 'must be an e-mail address' }]), 400, 'record.invalid'],
    [new PipewrightError('filter.invalid', 'bad filter'), 400, 'filter.invalid'],
    [new PipewrightError('query.unknownField', 'no such field'), 400, 'query.unknownField'],
    [new MetadataValidationError([{ path: '/entities/0/key', code: 'schema.pattern', message: 'bad key' }]), 400, 'metadata.invalid'],
    [new RecordNotFoundError('lead', 7), 404, 'record.notFound'],
    [new AppNotFoundError('crm'), 404, 'app.notFound'],
    [new PipewrightError('entity.notFound', 'no entity'), 404, 'entity.notFound'],
    [new StaleRecordError('lead', 7, 1, 2), 409, 'record.stale'],
    [new RecordInUseError('account', 1, 'referenced'), 409, 'record.inUse'],
    [new PipewrightError('app.versionExists', 'exists'), 409, 'app.versionExists'],
    [new PipewrightError('app.versionNotNewer', 'older'), 409, 'app.versionNotNewer'],
    [new PipewrightError('request.forbiddenKey', 'prototype key', [{ path: '/parts/0/__proto__', code: 'request.forbiddenKey', message: 'forbidden' }]), 400, 'request.forbiddenKey'],
    [new PipewrightError('query.invalid', 'forged cursor', [{ path: '/cursor', code: 'query.invalid', message: 'is not a cursor' }]), 400, 'query.invalid'],
    [new RecordValidationError([{ path: '/create/1/mobile', code: 'record.duplicate', message: 'taken' }]), 400, 'record.invalid'],
  ])('maps %s to %i', (error, status, code) => {
    const { problem, internal } = errorToProblem(error);
    expect(problem).toMatchObject({ status, code, type: `urn:pipewright:problem:${code}` });
    expect(internal).toBe(false);
  });

  it('carries the problems with their JSON paths', () => {
    const { problem } = errorToProblem(new MetadataValidationError([{ path: '/entities/0/key', code: 'schema.pattern', message: 'bad key' }]));
    expect(problem.errors).toEqual([{ path: '/entities/0/key', code: 'schema.pattern', message: 'bad key' }]);
  });

  it('names a NUL character refused by a route schema in words, at its parameter', () => {
    const error = Object.assign(new Error('querystring/q must match pattern'), {
      validation: [{ instancePath: '/q', keyword: 'pattern', message: 'must match pattern "^[^\\u0000]*$"', params: { pattern: noNulPattern } }],
      validationContext: 'querystring',
    });
    const { problem } = errorToProblem(error);
    expect(problem).toMatchObject({ status: 400, code: 'request.invalid', errors: [{ path: '/q', code: 'schema.pattern', message: 'must not contain NUL characters (U+0000)' }] });
  });

  it('puts the plan of a refused migration in a `plan` member', () => {
    const report = { app: 'crm', toVersion: '1.1.0', needsConsent: true };
    const { problem } = errorToProblem(new MigrationRefusedError('migration.dataLoss', 'would destroy data', [{ path: '/steps/0', code: 'migration.dataLoss', message: 'drops score' }], report));
    expect(problem).toMatchObject({ status: 409, code: 'migration.dataLoss', plan: report, errors: [{ path: '/steps/0' }] });
  });

  it('hides everything else behind a generic 500', () => {
    const { problem, internal } = errorToProblem(new Error('password=hunter2 at /srv/app.ts:12'));
    expect(internal).toBe(true);
    expect(problem).toMatchObject({ status: 500, code: 'server.error' });
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|app\.ts/);
    expect(errorToProblem(new PipewrightError('brand.newCode', 'unmapped')).problem.status).toBe(500);
  });
});
