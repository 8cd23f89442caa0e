/**
 * The CLI and the server as the real processes `pnpm pipewright …` and `pnpm start` run, on one
 * embedded (PGlite) data directory, whatever DATABASE_URL the test run has.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const adminPassword = 'cli test admin password';
let dataDir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pipewright-cli-'));
});
afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

const environment = () => ({
  ...process.env,
  DATABASE_URL: '',
  PIPEWRIGHT_DATA_DIR: dataDir,
  PIPEWRIGHT_ADMIN_PASSWORD: adminPassword,
  PIPEWRIGHT_SAMPLE_DATA: 'false',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
});

const script = (name: string) => new URL(`./${name}`, import.meta.url).pathname;

/** Runs `pnpm pipewright <args>` as its own process; resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script('cli.ts'), ...args], { env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Starts `pnpm start` as its own process; resolves once it listens, with its address. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script('main.ts')], { env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited with ${String(code)}: ${output}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

async function logIn(url: string, login: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  return response.status;
}

describe('the CLI beside the server on one PGlite directory', () => {
  it('says there is no database instead of creating an empty one', async () => {
    const result = await cli('user', 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`There is no database in ${join(dataDir, 'pglite')}`);
    expect(await readdir(dataDir)).toEqual([]);
  }, 120_000);

  it('refuses while the server runs, naming it, and loses nothing; works once the server stopped or died', async () => {
    const server = await startServer();
    const refused = await cli('user', 'create', '--login', 'li.na', '--name', '李娜', '--password', 'a long passphrase');
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain('Created user');
    expect(refused.stderr).toContain(`the server (pid ${String(server.child.pid)}) is using ${join(dataDir, 'pglite')}`);
    expect(await logIn(server.url, 'admin', adminPassword)).toBe(200);
    await stop(server.child, 'SIGTERM');

    const created = await cli('user', 'create', '--login', 'li.na', '--name', '李娜', '--password', 'a long passphrase');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created user \d+ "li.na"/);

    // The user is there for the next server, which then dies without closing.
    const next = await startServer();
    expect(await logIn(next.url, 'li.na', 'a long passphrase')).toBe(200);
    await stop(next.child, 'SIGKILL');
    const listed = await cli('user', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('li.na');
  }, 300_000);
});
