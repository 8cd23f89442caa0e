import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDirectory } from './data-directory-lock.ts';
import { createDatabase } from './database.ts';

const fixture = new URL('./data-directory-holder.fixture.ts', import.meta.url).pathname;
let parent: string;
let dataDir: string;
/** A data directory made once (initdb takes seconds), copied for each test that needs a database. */
let template: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  template = join(await mkdtemp(join(tmpdir(), 'pipewright-lock-template-')), 'pglite');
  await (await createDatabase({ dataDir: template, holder: 'the test', create: true })).close();
});
afterAll(() => rm(dirname(template), { recursive: true, force: true }));
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'pipewright-lock-'));
  dataDir = join(parent, 'pglite');
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(parent, { recursive: true, force: true });
});

/** Gives the test its own copy of an initialised data directory. */
const withDatabase = () => cp(template, dataDir, { recursive: true });

/** Starts another process holding `dataDir` as `holder`; resolves once its database is open. */
async function holdInAnotherProcess(holder: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, holder], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited with ${String(code)} before it was ready`)));
  });
  return child;
}

// Each test starts Node processes and PGlite instances: seconds apiece on a busy machine.
describe('one process per PGlite data directory', { timeout: 180_000 }, () => {
  it('refuses a second process while the first has the directory open, naming the holder', async () => {
    await withDatabase();
    const server = await holdInAnotherProcess('the server');
    const error = await createDatabase({ dataDir, holder: 'the CLI' }).then(
      async (database) => {
        await database.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'database.inUse', holder: { pid: server.pid, holder: 'the server' } });
    expect((error as Error).message).toContain(`the server (pid ${String(server.pid)}) is using ${dataDir}`);
    // Once the holder stops, the directory opens.
    server.kill('SIGTERM');
    await once(server, 'exit');
    const database = await createDatabase({ dataDir, holder: 'the CLI' });
    await database.close();
  });

  it('takes over the lock of a process that died without closing', async () => {
    await withDatabase();
    const crashed = await holdInAnotherProcess('the server');
    crashed.kill('SIGKILL');
    await once(crashed, 'exit');
    const database = await createDatabase({ dataDir, holder: 'the CLI' });
    try {
      expect((await database.executeSql('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('refuses a second opening in the same process too, and frees the directory on close', async () => {
    await withDatabase();
    const first = await createDatabase({ dataDir, holder: 'the server' });
    await expect(createDatabase({ dataDir, holder: 'the CLI' })).rejects.toMatchObject({ code: 'database.inUse', holder: { pid: process.pid } });
    await first.close();
    const second = await createDatabase({ dataDir, holder: 'the CLI' });
    await second.close();
  });

  it('says there is no database instead of creating an empty one, unless asked to create it', async () => {
    await expect(createDatabase({ dataDir, holder: 'the CLI' })).rejects.toMatchObject({ code: 'database.notFound' });
    await expect(createDatabase({ dataDir, holder: 'the CLI' })).rejects.toThrow(`There is no database in ${dataDir}`);
    expect(await readdir(parent)).not.toContain('pglite');
    const created = await createDatabase({ dataDir, holder: 'the server', create: true });
    await created.close();
    expect(await readdir(dataDir)).toContain('PG_VERSION');
  });
});

describe('the pid fallback (where the operating system lock has no build)', () => {
  it('refuses while the holder lives, here or in another process, and takes over from a dead one', async () => {
    const lock = await lockDataDirectory(dataDir, 'the server', { mechanism: 'pid' });
    await expect(lockDataDirectory(dataDir, 'the CLI', { mechanism: 'pid' })).rejects.toMatchObject({ code: 'database.inUse', holder: { holder: 'the server', pid: process.pid } });
    await lock.release();

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(sleeper);
    const lockFile = `${dataDir}.lock`;
    await writeFile(lockFile, JSON.stringify({ holder: 'the server', pid: sleeper.pid, host: hostname(), since: new Date().toISOString() }));
    await expect(lockDataDirectory(dataDir, 'the CLI', { mechanism: 'pid' })).rejects.toThrow(`the server (pid ${String(sleeper.pid)}) is using ${dataDir}`);
    sleeper.kill('SIGKILL');
    await once(sleeper, 'exit');
    const taken = await lockDataDirectory(dataDir, 'the CLI', { mechanism: 'pid' });
    await taken.release();
  });
});
