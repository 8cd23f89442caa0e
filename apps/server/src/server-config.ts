/**
 * The server's settings from the environment, with safe defaults. The database settings are the
 * runtime's (`DATABASE_URL`, `PIPEWRIGHT_DATA_DIR`, `PIPEWRIGHT_DATABASE_POOL_SIZE`). An unset
 * `PIPEWRIGHT_DATA_DIR` means `./data` of the directory the command was started from (pnpm's
 * `INIT_CWD`), so `pnpm start` at the repository root keeps its data in the root's `data/`.
 *
 * | variable                   | default   | meaning                                                   |
 * | -------------------------- | --------- | --------------------------------------------------------- |
 * | `PORT`                     | `3000`    | TCP port                                                  |
 * | `HOST`                     | `127.0.0.1` | interface to listen on; `0.0.0.0` in containers          |
 * | `LOG_LEVEL`                | `info`    | pino level: fatal, error, warn, info, debug, trace, silent |
 * | `PIPEWRIGHT_SAMPLE_DATA`   | `true`    | load the template's sample records on first start         |
 * | `PIPEWRIGHT_ADMIN_PASSWORD` | unset    | password of the first `admin`; unset: generated, printed once |
 * | `PIPEWRIGHT_SECURE_COOKIES` | `false`  | `true`: session cookie always `Secure` (else only on HTTPS requests) |
 * | `PIPEWRIGHT_TRUST_PROXY`   | `false`   | `true`, or the proxies' addresses (`10.0.0.0/8, loopback`): trust `X-Forwarded-*` |
 * | `PIPEWRIGHT_STUDIO_DIR`    | `apps/studio/dist` | the studio's production build served at `/` (decision 050) |
 * | `PIPEWRIGHT_SMTP_URL`      | unset     | SMTP server for notification e-mail (`smtps://user:password@host:465`); unset: no e-mail |
 * | `PIPEWRIGHT_SMTP_FROM`     | the SMTP user | From address of notification e-mail (`销售管理 <crm@example.com>`) |
 * | `PIPEWRIGHT_PUBLIC_URL`    | unset     | the address users open (`https://crm.example.com`), for record links in e-mail and robot messages |
 * | `PIPEWRIGHT_FILES_DIR`     | `<PIPEWRIGHT_DATA_DIR>/files` | uploaded files' bytes, by SHA-256 (decision 044); shared by every instance |
 * | `PIPEWRIGHT_MAX_FILE_MB`   | `20`      | largest upload when a field sets no `maxFileSizeMb` |
 * | `PIPEWRIGHT_WEBHOOK_ALLOW` | unset     | private addresses webhooks and robots may reach anyway (`10.0.0.0/8, 127.0.0.1:9000, erp.internal:8443`; decision 086) |
 *
 * @example
 * const config = readServerConfig(process.env);
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatabaseConfig, type DatabaseConfig } from '@pipewright/runtime';

export interface ServerConfig {
  port: number;
  /** PGlite files (and uploads, unless `filesDir` is elsewhere) live here. */
  dataDir: string;
  /** Uploaded files' bytes. */
  filesDir: string;
  /** Largest upload when a field sets none, in bytes. */
  maxFileBytes: number;
  host: string;
  logLevel: string;
  sampleData: boolean;
  database: DatabaseConfig;
  /** The first administrator's password; unset: generated and printed once. */
  adminPassword: string | undefined;
  secureCookies: boolean;
  trustProxy: boolean | string;
  /** The studio's production build, served at `/`. */
  studioDirectory: string;
}

/** Where `pnpm --filter @pipewright/studio build` writes the studio: apps/studio/dist. */
export const defaultStudioDirectory = fileURLToPath(new URL('../../studio/dist', import.meta.url));

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the configuration; throws an Error naming the bad variable. */
export function readServerConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), not ${JSON.stringify(env.PORT)}`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!logLevels.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${logLevels.join(', ')}, not ${JSON.stringify(env.LOG_LEVEL)}`);
  const sample = (env.PIPEWRIGHT_SAMPLE_DATA || 'true').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(sample)) throw new Error(`PIPEWRIGHT_SAMPLE_DATA must be true or false, not ${JSON.stringify(env.PIPEWRIGHT_SAMPLE_DATA)}`);
  const dataDir = env.PIPEWRIGHT_DATA_DIR || join(env.INIT_CWD || '.', 'data');
  const secure = (env.PIPEWRIGHT_SECURE_COOKIES || 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(secure)) throw new Error(`PIPEWRIGHT_SECURE_COOKIES must be true or false, not ${JSON.stringify(env.PIPEWRIGHT_SECURE_COOKIES)}`);
  const proxy = (env.PIPEWRIGHT_TRUST_PROXY || 'false').trim();
  const maxFileMb = env.PIPEWRIGHT_MAX_FILE_MB ? Number(env.PIPEWRIGHT_MAX_FILE_MB) : 20;
  if (!Number.isFinite(maxFileMb) || maxFileMb <= 0 || maxFileMb > 2048) throw new Error(`PIPEWRIGHT_MAX_FILE_MB must be a number of megabytes (up to 2048), not ${JSON.stringify(env.PIPEWRIGHT_MAX_FILE_MB)}`);
  return {
    port,
    dataDir,
    filesDir: env.PIPEWRIGHT_FILES_DIR ? resolve(env.INIT_CWD || '.', env.PIPEWRIGHT_FILES_DIR) : join(dataDir, 'files'),
    maxFileBytes: Math.floor(maxFileMb * 1024 * 1024),
    host: env.HOST || '127.0.0.1',
    logLevel,
    sampleData: sample === 'true' || sample === '1',
    adminPassword: env.PIPEWRIGHT_ADMIN_PASSWORD || undefined,
    secureCookies: secure === 'true' || secure === '1',
    trustProxy: /^(true|1)$/i.test(proxy) ? true : /^(false|0)$/i.test(proxy) ? false : proxy,
    database: readDatabaseConfig({ ...env, PIPEWRIGHT_DATA_DIR: dataDir }),
    studioDirectory: env.PIPEWRIGHT_STUDIO_DIR ? resolve(env.INIT_CWD || '.', env.PIPEWRIGHT_STUDIO_DIR) : defaultStudioDirectory,
  };
}
