/**
 * What kind of file an upload is, and whether a field accepts it. The type a client declares is
 * checked against the first bytes wherever they can tell (PNG, JPEG, GIF, WebP, PDF): a script
 * renamed to `photo.png` is refused, not stored as an image. Image fields take raster images
 * only (an SVG can carry script); a signature is a PNG or JPEG; an attachment field with
 * `accept` takes the MIME types (`application/pdf`, `image/*`) or extensions (`.docx`) listed.
 *
 * @example
 * sniffType(Buffer.from('%PDF-1.7')); // 'application/pdf'
 * acceptedBy({ type: 'image', key: 'photo', label: 'p' }, 'image/svg+xml', 'logo.svg'); // false
 */
import type { Field } from '@pipewright/metadata';

export type FileField = Extract<Field, { type: 'attachment' | 'image' | 'signature' }>;

export const fileFieldTypes: ReadonlySet<string> = new Set(['attachment', 'image', 'signature']);

export function isFileField(field: Field): field is FileField {
  return fileFieldTypes.has(field.type);
}

/** Raster image types a browser shows in an `<img>` and that run no script. */
export const rasterImageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const signatures: readonly { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** Bytes needed to recognise a type. */
export const sniffLength = 12;

/** The type the first bytes prove, or undefined when they prove none of the known ones. */
export function sniffType(head: Buffer): string | undefined {
  return signatures.find((s) => s.test(head))?.type;
}

/** Whether the bytes can tell this type apart (so a declared type of this kind must match them). */
export function isSniffable(type: string): boolean {
  return signatures.some((s) => s.type === type);
}

const mimePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** A client's Content-Type as stored: `type/subtype` in lower case without parameters, else `application/octet-stream`. */
export function normaliseType(declared: string | undefined): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return mimePattern.test(type) ? type : 'application/octet-stream';
}

/** Whether a field takes a file of this type and name. */
export function acceptedBy(field: FileField, type: string, name: string): boolean {
  if (field.type === 'image') return rasterImageTypes.has(type);
  if (field.type === 'signature') return type === 'image/png' || type === 'image/jpeg';
  const accept = field.accept ?? [];
  if (accept.length === 0) return true;
  const lowerName = name.toLowerCase();
  return accept.some((entry) => {
    const rule = entry.trim().toLowerCase();
    if (rule.startsWith('.')) return lowerName.endsWith(rule);
    if (rule.endsWith('/*')) return type.startsWith(rule.slice(0, -1));
    return type === rule;
  });
}

/**
 * A file name safe to store and to send back: the last path segment only (no `/`, `\`, `..`),
 * no control characters (NUL included) and no lone surrogates, at most 255 characters.
 */
export function safeFileName(name: string | undefined): string {
  const segment = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = segment.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '').trim();
  const bare = cleaned.replace(/^\.+$/, '');
  const limited = Array.from(bare).slice(0, 255).join('');
  return limited === '' ? 'file' : limited;
}
