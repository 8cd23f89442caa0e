/**
 * The fixture bundles validate cleanly, and every bundle of the invalid corpus
 * (`fixtures/invalid/*.json`: a base fixture plus a JSON patch) yields exactly its expected errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateBundle } from './bundle.ts';
import type { MetadataError } from './errors.ts';

const fixtures = new URL('../fixtures/', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const bundleFiles = readdirSync(fixtures).filter((f) => f.endsWith('.bundle.json')).sort();
const invalidFiles = readdirSync(new URL('invalid/', fixtures)).filter((f) => f.endsWith('.json')).sort();

interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

interface InvalidCase {
  description: string;
  base: string;
  patch: PatchOperation[];
  errors: MetadataError[];
}

/**
 * Applies RFC 6902 `add`, `replace` and `remove` operations to a copy of `document`. A path that
 * does not exist (except the new member of `add`) throws, so a patch cannot silently go stale
 * when a fixture changes.
 */
export function applyPatch<T>(document: T, operations: readonly PatchOperation[]): T {
  const result = structuredClone(document);
  for (const { op, path, value } of operations) {
    const segments = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop();
    if (last === undefined) throw new Error(`cannot ${op} the whole document`);
    let parent: unknown = result;
    for (const segment of segments) {
      parent = (parent as Record<string, unknown> | undefined)?.[segment];
      if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`${path}: "${segment}" does not exist`);
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      const bound = op === 'add' ? parent.length : parent.length - 1;
      if (!Number.isInteger(index) || index < 0 || index > bound) throw new Error(`${path}: no index ${last}`);
      if (op === 'add') parent.splice(index, 0, structuredClone(value));
      else if (op === 'replace') parent[index] = structuredClone(value);
      else parent.splice(index, 1);
    } else {
      const object = parent as Record<string, unknown>;
      if (op !== 'add' && !(last in object)) throw new Error(`${path}: "${last}" does not exist`);
      if (op === 'remove') delete object[last];
      else object[last] = structuredClone(value);
    }
  }
  return result;
}

const byPath = (a: MetadataError, b: MetadataError) =>
  a.path.localeCompare(b.path) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

describe('fixture bundles', () => {
  it('includes the lead and opportunity app and two apps of other domains', () => {
    expect(bundleFiles).toEqual(['field-visits.bundle.json', 'lead-opportunity.bundle.json', 'service-desk.bundle.json']);
  });

  it.each(bundleFiles)('%s validates without errors', (file) => {
    const result = validateBundle(readJson(new URL(file, fixtures)));
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('invalid bundles', () => {
  it('cover at least 25 cases', () => {
    expect(invalidFiles.length).toBeGreaterThanOrEqual(25);
  });

  it.each(invalidFiles)('%s yields exactly its expected errors', (file) => {
    const invalid = readJson(new URL(`invalid/${file}`, fixtures)) as InvalidCase;
    expect(invalid.description).toBeTruthy();
    expect(invalid.errors.length).toBeGreaterThan(0);
    const document = applyPatch(readJson(new URL(invalid.base, fixtures)), invalid.patch);
    const result = validateBundle(document);
    expect(result.ok).toBe(false);
    expect([...result.errors].sort(byPath)).toEqual([...invalid.errors].sort(byPath));
  });
});

describe('applyPatch', () => {
  it('adds, replaces and removes members and array items without touching the input', () => {
    const input = { list: [1, 2, 3], object: { 'a/b': 1, keep: true } };
    const output = applyPatch(input, [
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'remove', path: '/list/2' },
      { op: 'replace', path: '/object/a~1b', value: 2 },
      { op: 'add', path: '/object/new', value: 'x' },
      { op: 'remove', path: '/object/keep' },
    ]);
    expect(output).toEqual({ list: [0, 1, 3, 4], object: { 'a/b': 2, new: 'x' } });
    expect(input).toEqual({ list: [1, 2, 3], object: { 'a/b': 1, keep: true } });
  });

  it('refuses paths that do not exist', () => {
    expect(() => applyPatch({ list: [1] }, [{ op: 'replace', path: '/list/1', value: 2 }])).toThrow(/no index 1/);
    expect(() => applyPatch({ a: {} }, [{ op: 'remove', path: '/a/b' }])).toThrow(/does not exist/);
    expect(() => applyPatch({ a: {} }, [{ op: 'add', path: '/x/y', value: 1 }])).toThrow(/does not exist/);
  });
});
