import { describe, expect, it } from 'vitest';
import { readServerConfig } from './server-config.ts';

describe('readServerConfig', () => {
  it('defaults to port 3000 on all interfaces, PGlite in ./data of the starting directory', () => {
    const config = readServerConfig({ INIT_CWD: '/repo' });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info', sampleData: true, dataDir: '/repo/data' });
    expect(config.database).toMatchObject({ databaseUrl: undefined, dataDir: '/repo/data/pglite' });
  });

  it('reads PORT, HOST, DATABASE_URL and PIPEWRIGHT_DATA_DIR', () => {
    const config = readServerConfig({ PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'postgres://db/x', PIPEWRIGHT_DATA_DIR: '/var/pw', PIPEWRIGHT_SAMPLE_DATA: 'false' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/var/pw', sampleData: false, database: { databaseUrl: 'postgres://db/x' } });
  });

  it('refuses a bad port or log level, naming the variable', () => {
    expect(() => readServerConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readServerConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('reads the admin password, secure cookies and trusted proxies', () => {
    expect(readServerConfig({})).toMatchObject({ adminPassword: undefined, secureCookies: false, trustProxy: false });
    const config = readServerConfig({ PIPEWRIGHT_ADMIN_PASSWORD: 'first admin password', PIPEWRIGHT_SECURE_COOKIES: 'true', PIPEWRIGHT_TRUST_PROXY: '10.0.0.0/8, loopback' });
    expect(config).toMatchObject({ adminPassword: 'first admin password', secureCookies: true, trustProxy: '10.0.0.0/8, loopback' });
    expect(readServerConfig({ PIPEWRIGHT_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => readServerConfig({ PIPEWRIGHT_SECURE_COOKIES: 'yes please' })).toThrow(/PIPEWRIGHT_SECURE_COOKIES/);
  });
});
