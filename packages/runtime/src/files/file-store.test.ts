/**
 * The disk file store: bytes kept once under their SHA-256, read back whole; an upload past its
 * limit is stopped and leaves nothing behind (no file, no temporary file).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { DiskFileStore, FileTooLargeError } from './file-store.ts';
import { safeFileName } from './file-types.ts';

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('DiskFileStore', () => {
  it('keeps bytes under their digest, once, and reads them back', async () => {
    const store = new DiskFileStore(await mkdtemp(join(tmpdir(), 'pw-store-')));
    const bytes = Buffer.from('报价单 quote v1');
    const first = await store.put(Readable.from([bytes]), { maxBytes: 1024 });
    const again = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { maxBytes: 1024 });
    expect(first).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    expect(again).toEqual(first);
    expect(await text(store.read(first.sha256))).toBe('报价单 quote v1');
    expect(await filesUnder(store.directory)).toEqual([first.sha256]);
  });

  it('stops an upload past its limit and keeps nothing', async () => {
    const store = new DiskFileStore(await mkdtemp(join(tmpdir(), 'pw-store-')));
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(100, 1));
    await expect(store.put(Readable.from(chunks), { maxBytes: 1000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await filesUnder(store.directory)).toEqual([]);
  });

  it('refuses a key that is not a digest (no path out of the directory)', async () => {
    const store = new DiskFileStore(await mkdtemp(join(tmpdir(), 'pw-store-')));
    expect(() => store.read('../../etc/passwd')).toThrow(/Not a SHA-256/);
    expect(await store.has('../x')).toBe(false);
  });
});

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\a\\报价单.pdf', '报价单.pdf'],
    ['a\u0000b.txt', 'ab.txt'],
    ['..', 'file'],
    ['', 'file'],
    [' 合同 (最终).docx ', '合同 (最终).docx'],
  ])('%j → %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });
});
