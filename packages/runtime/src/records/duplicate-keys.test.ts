import { duplicateKey, legalSuffixes, type DuplicateNormalisation } from '@pipewright/engines';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import type { Runtime } from '../runtime.ts';
import { openTestRuntime } from '../testing/runtime-fixture.ts';
import { salesApp } from '../automation/automation.fixture.ts';

/** The keys duplicate rules compare: the engine's and the database's must be these. */
const expected: [DuplicateNormalisation, string, string | null][] = [
  ['companyName', '上海星辰科技有限公司', '上海星辰科技'],
  ['companyName', '上海星辰科技股份有限公司', '上海星辰科技'],
  ['companyName', '上海星辰科技有限责任公司', '上海星辰科技'],
  ['companyName', '星辰集团有限公司', '星辰'],
  ['companyName', '星辰（上海）集团', '星辰上海'],
  ['companyName', 'ＡＣＭＥ　Ｔｒａｄｉｎｇ Co., Ltd.', 'acmetrading'],
  ['companyName', 'Acme Trading Inc.', 'acmetrading'],
  ['companyName', 'ACME TRADING LLC', 'acmetrading'],
  ['companyName', 'Acme-Trading, Limited', 'acmetrading'],
  ['companyName', '有限公司', '有限'], // never stripped to nothing,
  ['companyName', '   ', null],
  ['phone', '+86 138-0013-8000', '13800138000'],
  ['phone', '0086 13800138000', '13800138000'],
  ['phone', '(021) 6888 8888', '02168888888'],
  ['phone', '１３８００１３８０００', '13800138000'],
  ['phone', 'ext. only', null],
  ['email', ' Li.Lei@Example.COM ', 'li.lei@example.com'],
  ['email', 'ＬＩ@example.com', 'li@example.com'],
  ['text', '  Hello   ＷＯＲＬＤ ', 'hello world'],
];

let runtime: Runtime;
beforeAll(async () => {
  runtime = await openTestRuntime(salesApp);
}, 120_000);
afterAll(() => runtime?.close());

async function sqlKey(kind: DuplicateNormalisation, value: string): Promise<string | null> {
  const { rows } = await sql<{ key: string | null }>`SELECT pipewright.duplicate_key(${kind}::text, ${value}::text) AS key`.execute(runtime.database.db);
  return rows[0]!.key;
}

describe(`duplicate keys (${testDatabaseKind()})`, () => {
  it.each(expected)('%s key of %j is %j in the engine and in SQL', async (kind, value, key) => {
    expect(duplicateKey(kind, value)).toBe(key);
    expect(await sqlKey(kind, value)).toBe(key);
  });

  it('drops every legal-form suffix of the engine in SQL too (the function keeps up with the list)', async () => {
    for (const suffix of legalSuffixes) {
      expect(await sqlKey('companyName', `星辰${suffix}`), suffix).toBe(duplicateKey('companyName', `星辰${suffix}`));
    }
  });
});
