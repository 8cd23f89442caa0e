/**
 * Where the bytes of uploaded files live. A store is content-addressed: a file's key is the
 * SHA-256 of its bytes, so the same bytes uploaded twice are kept once, and a key names exactly
 * the bytes it was made from. The metadata (name, type, uploader, record) lives in the
 * `pipewright.files` table, never here (decision 044).
 *
 * @example
 * const store = new DiskFileStore('/var/lib/pipewright/files');
 * const { sha256, size } = await store.put(Readable.from([Buffer.from('hello')]), { maxBytes: 1024 });
 * store.read(sha256).pipe(process.stdout);
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PipewrightError } from '@pipewright/engines';

/** The bytes as stored: their digest (the key) and length. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

export interface FileStore {
  /**
   * Stores the bytes of `content` and answers their key. More than `maxBytes` bytes stop the
   * write with `FileTooLargeError`, and nothing is kept.
   */
  put(content: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /** The bytes under a key; the stream fails (ENOENT) when they are missing. */
  read(sha256: string): Readable;
  /** Whether bytes are kept under a key. */
  has(sha256: string): Promise<boolean>;
}

/** More bytes than the field (or the server) accepts (HTTP 413). */
export class FileTooLargeError extends PipewrightError {
  constructor(maxBytes: number, path = '/file') {
    super('file.tooLarge', `The file is larger than ${formatBytes(maxBytes)}`, [{ path, code: 'file.tooLarge', message: `is larger than ${formatBytes(maxBytes)}` }]);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const digestPattern = /^[0-9a-f]{64}$/;

/**
 * Files in a directory: `ab/cd/abcd…` by digest. A write goes to `tmp/` first, is flushed to
 * disk, and is renamed into place only when complete, so a reader never sees half a file and a
 * crash leaves at most a stray temporary file.
 */
export class DiskFileStore implements FileStore {
  constructor(readonly directory: string) {}

  private pathOf(sha256: string): string {
    if (!digestPattern.test(sha256)) throw new Error(`Not a SHA-256 digest: ${sha256}`);
    return join(this.directory, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Readable, { maxBytes }: { maxBytes: number }): Promise<StoredBlob> {
    const temporary = join(this.directory, 'tmp');
    await mkdir(temporary, { recursive: true });
    const partial = join(temporary, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, counted, createWriteStream(partial, { flags: 'wx', flush: true }));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      await mkdir(join(target, '..'), { recursive: true });
      // Same digest, same bytes: a file already there is this one.
      if (await this.has(sha256)) await rm(partial, { force: true });
      else await rename(partial, target);
      return { sha256, size };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  read(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }
}
