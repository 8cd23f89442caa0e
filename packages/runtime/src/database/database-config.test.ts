import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDatabaseConfig } from './database-config.ts';

describe('readDatabaseConfig', () => {
  it('chooses PGlite under ./data when nothing is set', () => {
    expect(readDatabaseConfig({})).toEqual({
      databaseUrl: undefined,
      dataDir: join('data', 'pglite'),
      poolSize: undefined,
      preparedStatements: undefined,
    });
  });

  it('chooses PostgreSQL when DATABASE_URL is set, and treats an empty one as unset', () => {
    expect(readDatabaseConfig({ DATABASE_URL: 'postgres://app@db:5432/crm' }).databaseUrl).toBe(
      'postgres://app@db:5432/crm',
    );
    expect(readDatabaseConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('keeps PGlite files in the pglite folder of PIPEWRIGHT_DATA_DIR', () => {
    expect(readDatabaseConfig({ PIPEWRIGHT_DATA_DIR: '/var/lib/pipewright' }).dataDir).toBe(
      '/var/lib/pipewright/pglite',
    );
  });

  it('reads the pool size and refuses one that is not a positive integer', () => {
    expect(readDatabaseConfig({ PIPEWRIGHT_DATABASE_POOL_SIZE: '25' }).poolSize).toBe(25);
    expect(() => readDatabaseConfig({ PIPEWRIGHT_DATABASE_POOL_SIZE: 'lots' })).toThrow(
      /positive integer/,
    );
    expect(() => readDatabaseConfig({ PIPEWRIGHT_DATABASE_POOL_SIZE: '0' })).toThrow(
      /positive integer/,
    );
  });

  it('turns prepared statements off on request and refuses other values', () => {
    expect(readDatabaseConfig({ PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS: 'off' }).preparedStatements).toBe(false);
    expect(readDatabaseConfig({ PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS: 'on' }).preparedStatements).toBeUndefined();
    expect(() => readDatabaseConfig({ PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS: 'yes' })).toThrow(/"on" or "off"/);
  });
});
