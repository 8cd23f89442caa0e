/**
 * Unique fields through HTTP: a value longer than a B-tree index entry can hold (about 2.7 KB) is
 * stored and compared like any other, never a 500; a collision in a bulk update names the item.
 */
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** Text that does not compress (PostgreSQL compresses index entries before their size is checked). */
function incompressible(length: number, seed: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789指纹登记文件摘要'): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}

const registry: AppBundle = {
  formatVersion: 1,
  app: { key: 'registry', name: l('登记', 'Registry'), version: '1.0.0' },
  entities: [
    {
      key: 'document',
      label: l('文件', 'Document'),
      version: 1,
      fields: [
        { key: 'title', label: l('标题', 'Title'), type: 'text' },
        { key: 'fingerprint', label: l('指纹', 'Fingerprint'), type: 'text', unique: true, maxLength: 10000 },
        { key: 'abstract', label: l('摘要', 'Abstract'), type: 'longText', unique: true },
        { key: 'email', label: l('邮箱', 'E-mail'), type: 'email', unique: true },
      ],
    },
  ],
};

describe('unique values', () => {
  let server: TestServer;
  const url = '/api/apps/registry/records/document';

  beforeAll(async () => {
    server = await openTestServer({ bundle: registry });
  });
  afterAll(() => server.close());

  it('stores and compares a unique text of 10,000 characters (30 KB in UTF-8)', async () => {
    const long = incompressible(9999, 1) + 'A';
    const first = await server.inject({ method: 'POST', url, payload: { fingerprint: long } });
    expect(first.statusCode, first.body).toBe(201);
    const again = await server.inject({ method: 'POST', url, payload: { fingerprint: long.toLowerCase().slice(0, -1) + 'a' } });
    expect(again.statusCode, again.body).toBe(400);
    expect(again.json().errors).toEqual([expect.objectContaining({ path: '/fingerprint', code: 'record.duplicate' })]);
    const other = await server.inject({ method: 'POST', url, payload: { fingerprint: long.slice(0, -1) + 'B' } });
    expect(other.statusCode, other.body).toBe(201);
  });

  it('stores a unique long text of 20,000 characters, and names the bulk item that repeats it', async () => {
    const long = incompressible(20000, 2);
    expect((await server.inject({ method: 'POST', url, payload: { abstract: long } })).statusCode).toBe(201);
    const bulk = await server.inject({ method: 'POST', url: `${url}/bulk`, payload: { create: [{ abstract: 'short' }, { abstract: long }] } });
    expect(bulk.statusCode, bulk.body).toBe(400);
    expect(bulk.json().errors).toEqual([expect.objectContaining({ path: '/create/1/abstract', code: 'record.duplicate' })]);
  });

  it('names the item of a bulk update whose unique value is taken', async () => {
    const ids: number[] = [];
    for (const email of ['a@example.cn', 'b@example.cn', 'c@example.cn']) {
      ids.push((await server.inject({ method: 'POST', url, payload: { email } })).json().id as number);
    }
    const bulk = await server.inject({
      method: 'POST',
      url: `${url}/bulk`,
      payload: { update: [{ id: ids[0], values: { title: '甲' } }, { id: ids[1], values: { title: '乙' } }, { id: ids[2], values: { email: 'A@example.cn' } }] },
    });
    expect(bulk.statusCode, bulk.body).toBe(400);
    expect(bulk.json().errors).toEqual([expect.objectContaining({ path: '/update/2/values/email', code: 'record.duplicate' })]);
  });
});
