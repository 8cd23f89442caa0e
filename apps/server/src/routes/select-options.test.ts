/**
 * Select options in the database and in migrations: values outside the options are refused by a
 * CHECK constraint, and removing an option that records hold is a plan step with the count of
 * those records that needs consent (409 naming the option without it).
 */
import type { AppBundle, Field } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

type Select = Extract<Field, { type: 'singleSelect' | 'multiSelect' }>;

describe('select options in migrations', () => {
  let server: TestServer;
  const dealIndex = 3;

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
  });
  afterAll(() => server.close());

  const next = (version: string, change: (bundle: AppBundle) => void): AppBundle => {
    const bundle = testBundle();
    bundle.app.version = version;
    change(bundle);
    return bundle;
  };
  const field = (bundle: AppBundle, key: string) => bundle.entities[dealIndex]!.fields.find((f) => f.key === key) as Select;
  const removeLostAndFair = (b: AppBundle) => {
    const stage = field(b, 'stage');
    stage.options = stage.options.filter((o) => o.value !== 'lost');
    const channels = field(b, 'channels');
    channels.options = channels.options.filter((o) => o.value !== 'fair');
    channels.options.push({ value: 'referral', label: { 'zh-CN': '转介绍', en: 'Referral' } });
  };

  it('holds select columns to their options in the database', async () => {
    const column = await server.runtime.database.executeSql(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'app_sales_test' AND t.relname = 'deal' AND c.contype = 'c' ORDER BY c.conname`,
    );
    expect(column.rows.map((r) => r.def)).toEqual([expect.stringMatching(/channels.*web.*fair/), expect.stringMatching(/stage.*initial.*won.*lost/)]);
    await expect(server.runtime.database.executeSql(`INSERT INTO app_sales_test.deal (name, stage) VALUES ('x', 'bogus')`)).rejects.toThrow(/check constraint/);
  });

  it('asks consent to remove options records hold, with their count, and clears them with it', async () => {
    const url = '/api/apps/sales_test/records/deal';
    for (const payload of [{ name: '甲', stage: 'lost', channels: ['web', 'fair'] }, { name: '乙', stage: 'lost' }, { name: '丙', stage: 'won', channels: ['fair'] }]) {
      const created = await server.inject({ method: 'POST', url, payload });
      expect(created.statusCode, created.body).toBe(201);
    }
    const bundle = next('1.1.0', removeLostAndFair);
    const stageAt = `/entities/${dealIndex}/fields/${bundle.entities[dealIndex]!.fields.findIndex((f) => f.key === 'stage')}/options`;

    const plan = await server.inject({ method: 'POST', url: '/api/apps/sales_test/plan', payload: bundle });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().needsConsent).toBe(true);
    const findings = (plan.json().steps as { kind: string; findings: { message: string; path?: string }[] }[]).filter((s) => s.kind === 'clearOption').flatMap((s) => s.findings);
    expect(findings).toEqual([
      { outcome: 'loss', message: '2 records of deal hold option "lost" of stage, which would be cleared', path: stageAt },
      expect.objectContaining({ outcome: 'loss', message: '2 records of deal hold option "fair" of channels, which would be cleared' }),
    ]);

    const refused = await server.inject({ method: 'POST', url: '/api/apps/sales_test/publish', payload: bundle });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'migration.dataLoss' });
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ path: stageAt, message: expect.stringContaining('"lost"') }));

    const accepted = await server.inject({ method: 'POST', url: '/api/apps/sales_test/publish?allowDataLoss=true', payload: bundle });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const rows = (await server.inject({ method: 'GET', url: `${url}?sort=name` })).json().items as { name: string; stage: string | null; channels: string[] | null }[];
    expect(rows.map((r) => [r.name, r.stage, r.channels])).toEqual(expect.arrayContaining([['甲', null, ['web']], ['乙', null, null], ['丙', 'won', []]]));
    const referral = await server.inject({ method: 'POST', url, payload: { name: '丁', channels: ['referral'] } });
    expect(referral.statusCode, referral.body).toBe(201);
    await expect(server.runtime.database.executeSql(`UPDATE app_sales_test.deal SET stage = 'lost'`)).rejects.toThrow(/check constraint/);
  });

  it('adds an option, then removes it again without consent while no record holds it', async () => {
    const withArchived = next('1.2.0', (b) => {
      removeLostAndFair(b);
      field(b, 'stage').options.push({ value: 'archived', label: { 'zh-CN': '归档', en: 'Archived' } });
    });
    const added = await server.inject({ method: 'POST', url: '/api/apps/sales_test/publish', payload: withArchived });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().steps).toContainEqual(expect.objectContaining({ kind: 'addOptionCheck', description: 'hold deal.stage to its 3 options' }));
    const removed = await server.inject({ method: 'POST', url: '/api/apps/sales_test/publish', payload: next('1.3.0', removeLostAndFair) });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().needsConsent).toBe(false);
  });
});
