import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, testDatabaseKind } from '../database/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { admin, nextVersion, openTestRuntime } from '../testing/runtime-fixture.ts';
import { salesBundle } from '../testing/sales-bundle.ts';

const open: Runtime[] = [];
afterEach(async () => {
  for (const runtime of open.splice(0).reverse()) await runtime.close();
});

const withNote = nextVersion(salesBundle, '1.1.0', (b) => {
  b.entities.find((e) => e.key === 'tag')!.fields.push({ key: 'note', label: { 'zh-CN': '说明', en: 'Note' }, type: 'text' });
});

describe('app model cache', () => {
  it('serves a published version at once in the publishing process', async () => {
    const runtime = await openTestRuntime();
    open.push(runtime);
    await runtime.records.create('sales', 'tag', { name: 'before' }, admin);
    await runtime.apps.publish(withNote, { actor: 1 });
    expect((await runtime.records.create('sales', 'tag', { name: 'after', note: 'n' }, admin)).note).toBe('n');
  });

  it.runIf(testDatabaseKind() === 'postgres')('is invalidated in other server instances by a publish', async () => {
    const first = await openTestRuntime();
    open.push(first);
    const second = await openRuntime(await createDatabase({ databaseUrl: first.database.location }));
    open.push(second);
    await second.records.create('sales', 'tag', { name: 'cached' }, admin); // second caches version 1.0.0
    await first.apps.publish(withNote, { actor: 1 });
    let created: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 50 && !created; attempt++) {
      created = await second.records.create('sales', 'tag', { name: `after-${attempt}`, note: 'n' }, admin).catch(() => undefined);
      if (!created) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(created?.note).toBe('n');
  });
});
