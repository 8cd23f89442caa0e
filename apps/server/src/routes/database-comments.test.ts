/**
 * The database a DBA or BI tool reads: tables and columns carry the labels of their entities and
 * fields as comments, kept current when a label changes on publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

describe('comments in the database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
  });
  afterAll(() => server.close());

  const comments = async () => {
    const { rows } = await server.runtime.database.executeSql(
      `SELECT c.relname AS table, a.attname AS column, d.description AS comment
         FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
        WHERE n.nspname = 'app_sales_test' AND d.classoid = 'pg_class'::regclass`,
    );
    return new Map(rows.map((r) => [`${String(r.table)}${r.column ? `.${String(r.column)}` : ''}`, String(r.comment)]));
  };

  it('describes tables and columns with their zh-CN and en labels', async () => {
    const found = await comments();
    expect(found.get('deal')).toBe('商机 / Deal');
    expect(found.get('deal.budget')).toBe('预算 / Budget');
    expect(found.get('deal.owner_id')).toMatch(/负责人.*owner/);
    expect(found.get('deal__lines')).toBe('商机 / Deal: 产品明细 / Line items');
    expect(found.get('deal__lines.qty')).toBe('数量 / Quantity');
    expect(found.get('lead.name')).toBe('姓名 / Name');
    expect(found.get('_audit')).toMatch(/history/);
  });

  it('keeps them current when a label changes', async () => {
    const next = testBundle();
    next.app.version = '1.1.0';
    const deal = next.entities.find((e) => e.key === 'deal')!;
    deal.label = { 'zh-CN': '销售机会', en: "Opportunity's deal" };
    deal.fields.find((f) => f.key === 'budget')!.label = { 'zh-CN': '预算金额', en: 'Budget amount' };
    const published = await server.inject({ method: 'POST', url: '/api/apps/sales_test/publish', payload: next });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().steps).toContainEqual(expect.objectContaining({ kind: 'comment', description: 'describe deal (2 comments)' }));
    const found = await comments();
    expect(found.get('deal')).toBe("销售机会 / Opportunity's deal");
    expect(found.get('deal.budget')).toBe('预算金额 / Budget amount');
    expect(found.get('deal.name')).toBe('名称 / Name');
  });
});
