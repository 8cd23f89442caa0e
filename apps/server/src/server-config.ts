/**
 * The server's settings from the environment, with safe defaults. The database settings are the
 * runtime's (`DATABASE_URL`, `PIPEWRIGHT_DATA_DIR`, `PIPEWRIGHT_DATABASE_POOL_SIZE`). An unset
 * `PIPEWRIGHT_DATA_DIR` means `./data` of the directory the command was started from (pnpm's
 * `INIT_CWD`), so `pnpm start` at the repository root keeps its data in the root's `data/`.
 *
 * | variable                   | default   | meaning                                                   |
 * | -------------------------- | --------- | --------------------------------------------------------- |
 * | `PORT`                     | `3000`    | TCP port                                                  |
 * | `HOST`                     | `127.0.0.1` | interface to listen on; set `0.0.0.0` in containers once authentication is enforced |
 * | `LOG_LEVEL`                | `info`    | pino level: fatal, error, warn, info, debug, trace, silent |
 * | `PIPEWRIGHT_SAMPLE_DATA`   | `true`    | load the template's sample records on first start         |
 *
 * @example
 * const config = readServerConfig(process.env);
 */
import { join } from 'node:path';
import { readDatabaseConfig, type DatabaseConfig } from '@pipewright/runtime';

export interface ServerConfig {
  port: number;
  /** PGlite files (and later uploads) live here. */
  dataDir: string;
  host: string;
  logLevel: string;
  sampleData: boolean;
  database: DatabaseConfig;
}

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
  return {
    port,
    dataDir,
    host: env.HOST || '127.0.0.1',
    logLevel,
    sampleData: sample === 'true' || sample === '1',
    database: readDatabaseConfig({ ...env, PIPEWRIGHT_DATA_DIR: dataDir }),
  };
}
