import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import { RecordWriter } from '../records/record-writer.ts';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { RuleRejectedError } from './validation-rules.ts';

const salesApp = JSON.parse(readFileSync(fileURLToPath(new URL('../../../metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as AppBundle;
const app = salesApp.app.key;

let runtime: Runtime;
beforeAll(async () => {
  runtime = await openTestRuntime(salesApp);
  await addPeople(runtime, { users: [1, 2, 3] });
}, 120_000);
afterAll(() => runtime?.close());

interface EventRow {
  kind: string;
  record_id: number;
  changed: string[] | null;
  previous: Record<string, unknown> | null;
  detail: Record<string, unknown> | null;
  actor: number;
}

async function events(recordId: number): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`SELECT kind, record_id, changed, previous, detail, actor FROM pipewright.record_events WHERE app = ${app} AND entity = 'lead' AND record_id = ${recordId} ORDER BY id`.execute(runtime.database.db);
  return rows.map((r) => ({ ...r, record_id: Number(r.record_id), actor: Number(r.actor) }));
}

const lead = (company: string, extra: Record<string, unknown> = {}) => ({ name: '王磊', company, source: 'exhibition', ...extra });

describe(`record events in the write transaction (${testDatabaseKind()})`, () => {
  it('create, update (changed fields and previous values), delete, restore, transfer and share each write one event', async () => {
    const created = await runtime.records.create(app, 'lead', lead('杭州青禾零售有限公司'), admin);
    const id = created.id as number;
    await runtime.records.update(app, 'lead', id, { status: 'contacted', intent: 4 }, admin);
    await runtime.records.delete(app, 'lead', [id], admin);
    await runtime.records.restore(app, 'lead', [id], admin);
    await runtime.records.transferOwnership(app, 1, 2, admin, ['lead']);
    await runtime.records.share(app, 'lead', id, { userId: 3, access: 'read' }, admin);
    const written = await events(id);
    expect(written.map((e) => e.kind)).toEqual(['create', 'update', 'delete', 'restore', 'transfer', 'share']);
    expect(written[1]!.changed!.sort()).toEqual(['intent', 'status']);
    expect(written[1]!.previous).toMatchObject({ status: 'new', intent: null, company: '杭州青禾零售有限公司' });
    expect(written[4]).toMatchObject({ changed: ['owner_id'], previous: { owner_id: 1 } });
    expect(written[5]!.detail).toEqual({ userId: 3, departmentId: null, access: 'read' });
    expect(written.every((e) => e.actor === 1)).toBe(true);
  });

  it('a plain create (no counters, lines or validation rules) writes its row and its event in one statement', async () => {
    const product = await runtime.records.create(app, 'product', { sku: 'EVT-1', name: '事件测试', list_price: 100 }, admin);
    const { rows } = await sql<{ kind: string; actor: number; depth: number }>`SELECT kind, actor, depth FROM pipewright.record_events WHERE app = ${app} AND entity = 'product' AND record_id = ${product.id as number}`.execute(runtime.database.db);
    expect(rows.map((r) => ({ kind: r.kind, actor: Number(r.actor), depth: Number(r.depth) }))).toEqual([{ kind: 'create', actor: 1, depth: 0 }]);
    expect(product).toMatchObject({ sku: 'EVT-1', name: '事件测试', version: 1 });
  });

  it("joins the caller's transaction: a rolled-back write leaves neither the record nor its event", async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipewright.record_events`.execute(runtime.database.db);
    const model = await runtime.apps.model(app);
    const refused = new Error('the caller changed its mind');
    await expect(
      runtime.database.db.transaction().execute(async (trx) => {
        const writer = new RecordWriter(runtime.database, trx);
        const created = await writer.create(model, 'lead', lead('成都蓝图教育科技有限公司'), admin);
        await writer.update(model, 'lead', created.id as number, { status: 'contacted' }, admin);
        throw refused;
      }),
    ).rejects.toBe(refused);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipewright.record_events`.execute(runtime.database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`${model.schema}.lead`)} WHERE company = '成都蓝图教育科技有限公司'`.execute(runtime.database.db);
    expect(rows[0]!.n).toBe(0);
    // The same writer, committed, leaves both.
    const kept = await runtime.database.db.transaction().execute((trx) => new RecordWriter(runtime.database, trx).create(model, 'lead', lead('成都蓝图教育科技有限公司'), admin));
    expect((await events(kept.id as number)).map((e) => e.kind)).toEqual(['create']);
  });

  it('a validation rule rejects in the write transaction with its message: nothing written, no event', async () => {
    const created = await runtime.records.create(app, 'lead', lead('深圳安和医疗器械有限公司'), admin);
    const id = created.id as number;
    const attempt = runtime.records.update(app, 'lead', id, { status: 'disqualified' }, admin);
    await expect(attempt).rejects.toBeInstanceOf(RuleRejectedError);
    await expect(attempt).rejects.toMatchObject({ code: 'rule.rejected', problems: [{ path: '', code: 'rule.rejected', message: '标记为无效前请在需求描述中写明原因。' }], rules: ['lead_checks/disqualify_needs_reason'] });
    expect((await runtime.records.get(app, 'lead', id)).status).toBe('new');
    expect((await events(id)).map((e) => e.kind)).toEqual(['create']);
    // With a reason, the same change passes.
    await runtime.records.update(app, 'lead', id, { status: 'disqualified', description: '预算不足' }, admin);
    // On create too, and in a bulk create the item is named and none of the batch is written.
    const bulk = runtime.records.createMany(app, 'lead', [lead('北京甲有限公司'), lead('北京乙有限公司', { status: 'disqualified' })], admin);
    await expect(bulk).rejects.toMatchObject({ code: 'rule.rejected', problems: [{ path: '/1' }] });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`${(await runtime.apps.model(app)).schema}.lead`)} WHERE company LIKE '北京%'`.execute(runtime.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('a validation rule sees the previous values: a converted lead cannot go back, and may stay converted', async () => {
    const created = await runtime.records.create(app, 'lead', lead('上海星海智能制造有限公司'), admin);
    const id = created.id as number;
    // From new to contacted passes (the previous status is not converted).
    await runtime.records.update(app, 'lead', id, { status: 'converted' }, admin);
    await expect(runtime.records.update(app, 'lead', id, { status: 'contacted' }, admin)).rejects.toMatchObject({
      code: 'rule.rejected',
      rules: ['lead_checks/converted_stays_converted'],
    });
    expect((await runtime.records.get(app, 'lead', id)).status).toBe('converted');
    await runtime.records.update(app, 'lead', id, { intent: 5 }, admin);
    expect((await runtime.records.get(app, 'lead', id)).intent).toBe(5);
  });
});
