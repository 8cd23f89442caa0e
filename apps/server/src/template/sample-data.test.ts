import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Field } from '@pipewright/metadata';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { loadSampleData } from './sample-data.ts';

describe('loadSampleData', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  it('creates targets first, turns sample ids into record ids, and closes reference cycles afterwards', async () => {
    const bundle = testBundle();
    const account = bundle.entities.find((e) => e.key === 'account')!;
    const parent: Field = { key: 'parent', label: { 'zh-CN': '上级', en: 'Parent' }, type: 'relation', kind: 'manyToOne', target: 'account', onDelete: 'setNull' };
    account.fields.push(parent);
    bundle.sampleData = {
      // Leads first on purpose: their account must still be created before them.
      lead: [{ id: 'l1', name: '王磊', account: 'a2' }],
      account: [
        { id: 'a1', name: '甲公司', parent: 'a2' },
        { id: 'a2', name: '乙公司', parent: 'a1' },
      ],
    };
    await server.runtime.apps.publish(bundle, { actor: 1 });

    expect(await loadSampleData(server.runtime, bundle, { userId: 1 })).toBe(3);

    const accounts = (await server.runtime.records.list('sales_test', 'account', { sort: [{ field: 'id' }] }, { userId: 1 })).items;
    const [a1, a2] = accounts;
    expect(a1).toMatchObject({ name: '甲公司', parent: a2!.id });
    expect(a2).toMatchObject({ name: '乙公司', parent: a1!.id });
    const [lead] = (await server.runtime.records.list('sales_test', 'lead', {}, { userId: 1 })).items;
    expect(lead).toMatchObject({ name: '王磊', account: a2!.id });
  });
});
