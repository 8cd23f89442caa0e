/**
 * A freshly initialised PGlite data directory, made once and cloned for every test database.
 *
 * `initdb` takes several seconds in WASM; loading a data-directory tarball takes well under one.
 * The tarball is made once per machine and PGlite version and kept, gzipped, in
 * `packages/runtime/node_modules/.cache/pipewright/` (or `$PIPEWRIGHT_TEST_CACHE_DIR`; or the OS
 * temporary directory when `node_modules` cannot be written), and read once per process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

/** Raise when what goes into the template changes, so that old cached tarballs are not used. */
const templateFormat = 1;

let template: Promise<Blob> | undefined;

/**
 * The tarball of an empty, initialised PGlite data directory, for `PGlite.create({ loadDataDir })`.
 * Made on the first call on this machine, then read from the cache.
 *
 * ```ts
 * const pglite = await PGlite.create({ loadDataDir: await pgliteTemplate() })
 * ```
 */
export function pgliteTemplate(): Promise<Blob> {
  template ??= loadOrMakeTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  });
  return template;
}

async function loadOrMakeTemplate(): Promise<Blob> {
  const file = join(
    await cacheDirectory(),
    `pglite-${pgliteVersion()}-template-${templateFormat}.tar.gz`,
  );
  const cached = await readCachedTemplate(file);
  if (cached) return cached;
  const tarball = await makeTemplate();
  await writeCachedTemplate(file, tarball);
  return new Blob([tarball]);
}

/** Runs `initdb` in memory and returns the data directory as an uncompressed tarball. */
async function makeTemplate(): Promise<Uint8Array> {
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('none');
    return new Uint8Array(await dump.arrayBuffer());
  } finally {
    await pglite.close();
  }
}

async function readCachedTemplate(file: string): Promise<Blob | undefined> {
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return new Blob([await promisify(gunzip)(compressed)]);
  } catch {
    // A damaged cache file is rebuilt, not trusted.
    await rm(file, { force: true });
    return undefined;
  }
}

async function writeCachedTemplate(file: string, tarball: Uint8Array): Promise<void> {
  // Written aside and renamed, so that a parallel test process never reads half a file.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  await writeFile(partial, await promisify(gzip)(tarball));
  await rename(partial, file);
}

async function cacheDirectory(): Promise<string> {
  const configured = process.env.PIPEWRIGHT_TEST_CACHE_DIR;
  const candidates = configured
    ? [configured]
    : [
        fileURLToPath(new URL('../../node_modules/.cache/pipewright/', import.meta.url)),
        join(tmpdir(), 'pipewright-cache'),
      ];
  for (const directory of candidates) {
    try {
      await mkdir(directory, { recursive: true });
      return directory;
    } catch (err) {
      if (directory === candidates.at(-1)) throw err;
    }
  }
  throw new Error('unreachable: no cache directory candidate');
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string')
    throw new Error('Cannot read the version of @electric-sql/pglite');
  return manifest.version;
}
