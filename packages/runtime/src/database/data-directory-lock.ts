/**
 * One process at a time per PGlite data directory. PGlite is PostgreSQL in this process's memory,
 * writing its files as it goes; two processes on one directory each believe they own it, and the
 * one that closes last overwrites the other's writes (a user "created" by the CLI while the server
 * runs is silently lost). So whoever opens a directory first takes an exclusive lock on
 * `<dataDir>.lock` (`./data/pglite.lock`) and writes who it is into it; everyone else is refused
 * with a `DataDirectoryInUseError` naming that holder.
 *
 * The lock is the operating system's (`fcntl` open-file-description locks on Linux, `flock` on
 * macOS, `LockFileEx` on Windows, through `fs-native-extensions`): it ends when the holder closes
 * the database or dies in any way, so a crash leaves no stale lock behind. Where that addon has no
 * build, the file's pid is checked instead (a live process of that pid on this host holds it).
 *
 * @example
 * const lock = await lockDataDirectory('./data/pglite', 'the server');
 * try { … } finally { await lock.release(); }
 */
import { createRequire } from 'node:module';
import { open, readFile, realpath, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PipewrightError } from '@pipewright/engines';

/** Who has a data directory open, as its lock file says. */
export interface DataDirectoryHolder {
  /** What the holder called itself: `the server`, `the CLI`, … */
  holder: string;
  pid: number;
  host: string;
  /** When it opened the directory (ISO 8601). */
  since: string;
}

/** Another process (or this one, a second time) has the PGlite data directory open. */
export class DataDirectoryInUseError extends PipewrightError {
  constructor(readonly dataDir: string, readonly holder: DataDirectoryHolder | undefined) {
    const who = holder ? `${holder.holder} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`})` : 'another process';
    super(
      'database.inUse',
      `${who} is using ${dataDir}; stop it, or do this through the server's HTTP API while it runs. ` +
        'One process at a time may open an embedded (PGlite) database; use PostgreSQL (DATABASE_URL) to share one between processes.',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/** A held lock: `release()` gives it back (closing the database does). */
export interface DataDirectoryLock {
  readonly path: string;
  release(): Promise<void>;
}

interface NativeLocks {
  tryLock(fd: number, offset?: number, length?: number): boolean;
  unlock(fd: number, offset?: number, length?: number): void;
}

let native: NativeLocks | null | undefined;

/** The operating system's file locks, or null where `fs-native-extensions` has no build. */
function nativeLocks(): NativeLocks | null {
  if (native === undefined) {
    try {
      native = createRequire(import.meta.url)('fs-native-extensions') as NativeLocks;
    } catch {
      native = null;
    }
  }
  return native;
}

/** Lock paths this process holds (the pid fallback must refuse a second opening here too). */
const heldHere = new Set<string>();

/**
 * Takes the data directory's lock for `holder` (a phrase for messages: `the server`), or throws
 * `DataDirectoryInUseError` naming whoever has it. `mechanism: 'pid'` uses the fallback even
 * where the operating system's locks are available (tests).
 */
export async function lockDataDirectory(dataDir: string, holder: string, options: { mechanism?: 'os' | 'pid' } = {}): Promise<DataDirectoryLock> {
  const path = await lockPathOf(dataDir);
  const me: DataDirectoryHolder = { holder, pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const handle = await open(path, 'a+');
  try {
    const locks = options.mechanism === 'pid' ? null : nativeLocks();
    if (locks) {
      // macOS locks only whole files; elsewhere lock one byte far past the text, so that readers
      // (Windows locks are mandatory) can still read who holds it.
      const range = process.platform === 'darwin' ? ([0, 0] as const) : ([2 ** 31, 1] as const);
      if (!locks.tryLock(handle.fd, ...range)) throw new DataDirectoryInUseError(dataDir, await readHolder(path));
      await describe(handle, me);
      return {
        path,
        release: async () => {
          await handle.truncate(0);
          locks.unlock(handle.fd, ...range);
          await handle.close();
        },
      };
    }
    const current = await readHolder(path);
    if (heldHere.has(path) || (current && isAlive(current))) throw new DataDirectoryInUseError(dataDir, current);
    heldHere.add(path);
    await describe(handle, me);
    return {
      path,
      release: async () => {
        heldHere.delete(path);
        await handle.truncate(0);
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** `<dataDir>.lock`, beside the directory (PGlite wants the directory itself to itself). */
async function lockPathOf(dataDir: string): Promise<string> {
  const absolute = resolve(dataDir);
  const parent = await realpath(dirname(absolute)).catch(() => dirname(absolute));
  return join(parent, `${basename(absolute)}.lock`);
}

async function describe(handle: FileHandle, holder: DataDirectoryHolder): Promise<void> {
  await handle.truncate(0);
  await handle.write(`${JSON.stringify(holder)}\n`);
  await handle.sync();
}

async function readHolder(path: string): Promise<DataDirectoryHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<DataDirectoryHolder>;
    if (typeof value.holder === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return { holder: value.holder, pid: value.pid, host: value.host, since: value.since };
    }
  } catch {
    // Empty (released, or being written) or not ours: nobody we can name.
  }
  return undefined;
}

/** Whether the holder's process still runs; one on another host is taken to (it cannot be checked). */
function isAlive(holder: DataDirectoryHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return false; // not held here (checked first): left by an earlier run with our pid
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
