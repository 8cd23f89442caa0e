/**
 * Approvals in the runner, in Chromium against the real server on PGlite with the sample app's
 * discount approval (discount above 15 % → the owner's department manager): a rep raises a
 * deal's discount and submits it for approval from the record page, which then says the record
 * is locked (and the API refuses a write with 409 record.inApproval); the manager finds the task
 * by the header's count, in the inbox (tabs with counts, empty states explained, no serious axe
 * violation), opens the approval dialog, approves with a comment; the inbox and the count
 * refresh, and a second tab approving late is told the task is done (409 instance.ended / task.done); the rep sees the instance's timeline (submitted, waiting for the manager, approved
 * with the comment and how long it took, ended approved) and the record writable again; a
 * returned deal (return target picker, on a phone) comes back to the rep, who resubmits it.
 * Screenshots at 1440 and 390 px: approvals-locked, approvals-inbox, approvals-dialog, approvals-timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { sampleApp, startStudio, type Studio } from './harness.ts';

let studio: Studio;
let rep: { id: number; password: string };
let manager: { id: number; password: string };
let dealId: number;
const dealName = '审批测试商机：华东数据中心扩容';

const app = sampleApp;
const path = (p: string) => `${studio.url}/apps/${app}${p}`;

async function open(page: Page, p: string, ready: string): Promise<void> {
  await page.goto(path(p));
  await page.waitForSelector(ready, { timeout: 60_000 });
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());
}

/** Clicks the tab whose label starts with `label` once it stands still. */
async function clickTab(page: Page, label: string): Promise<void> {
  await page.locator(`::-p-xpath(//div[contains(@class,"ant-tabs-tab")][starts-with(normalize-space(.), "${label}")])`).click();
}

beforeAll(async () => {
  studio = await startStudio();
  manager = await studio.createUser('mgr.zhou', '周经理', ['sales_manager']);
  rep = await studio.createUser('rep.li', '李明', ['sales_rep']);
  // The rep's department is the manager's: the approval goes to its manager, and the manager's
  // role reads the department's deals.
  const department = await studio.adminApi<{ id: number }>('POST', '/api/departments', { name: '审批测试组', managerId: manager.id });
  expect(department.status).toBe(201);
  for (const user of [manager, rep]) expect((await studio.adminApi('PATCH', `/api/users/${user.id}`, { departmentId: department.body.id })).status).toBe(200);
  // TEMPORARY-SAMPLE-WORKFLOW: until the sample ships its discount approval.
  const current = await studio.adminApi<{ bundle: Record<string, unknown> & { app: { version: string }; workflows?: unknown[] } }>('GET', `/api/apps/${app}`);
  const bundle = current.body.bundle;
  const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  let y = 0;
  const n = (id: string, type: string, rest: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: (y += 100) }, ...rest });
  const set = (id: string, status: string) => n(id, 'updateRecord', { config: { assignments: [{ field: 'approval_status', value: `'${status}'` }] } });
  bundle.workflows = [...(bundle.workflows ?? []), {
    key: 'quote_discount_approval', label: l('报价折扣审批', 'Quote discount approval'), version: 1, entity: 'opportunity',
    trigger: { on: 'manual', condition: 'discount > 15' },
    nodes: [n('start', 'trigger', { label: l('提交审批', 'Submit') }), set('pending', 'pending'), n('manager', 'approval', { label: l('经理审批', 'Manager approval'), config: { mode: 'single', assignees: [{ type: 'manager', of: 'initiator', level: 1 }] } }), set('approved', 'approved'), set('rejected', 'rejected'), n('approved_end', 'end', { config: { outcome: 'approved' } }), n('rejected_end', 'end', { config: { outcome: 'rejected' } })],
    edges: [['start', 'pending'], ['pending', 'manager'], ['manager', 'approved', 'approved'], ['manager', 'rejected', 'rejected'], ['approved', 'approved_end'], ['rejected', 'rejected_end']].map(([source, target, sourceHandle], i) => ({ id: `e${i}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) })),
  }];
  bundle.app = { ...bundle.app, version: '1.0.1' };
  const published = await studio.adminApi('POST', `/api/apps/${app}/publish`, bundle);
  if (published.status >= 300) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  const accounts = await studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/account?pageSize=1`);
  const products = await studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/product?pageSize=1`);
  const deal = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, {
    name: dealName,
    account: accounts.body.items[0]!.id,
    stage: 'needs_analysis',
    expected_close_date: `${new Date().getFullYear() + 1}-03-28`,
    products: [{ product: products.body.items[0]!.id, quantity: 10, unit_price: 12000 }],
    discount: 5,
    owner_id: rep.id,
  });
  expect(deal.status, JSON.stringify(deal.body)).toBe(201);
  dealId = deal.body.id;
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('a discount approval from submission to the timeline', () => {
  it('lets the rep submit a deal whose discount passes 15 % and then locks it', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'rep.li', rep.password);
    await open(page, `/records/opportunity/${dealId}`, '#field-discount');
    // 5 % needs no approval: nothing to submit yet.
    expect(await page.$('[data-testid=submit-approval]')).toBeNull();
    await page.click('#field-discount', { clickCount: 3 });
    await page.type('#field-discount', '20');
    await page.click('[data-testid=save-record]');
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes('已保存')));
    const submit = await page.waitForSelector('[data-testid=submit-approval]', { timeout: 30_000 });
    expect(await submit!.evaluate((b) => (b as HTMLElement).innerText)).toContain('提交审批');
    await submit!.click();
    await page.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });
    expect(await textOf(page, '[data-testid=approval-locked]')).toContain('审批中，记录已锁定');
    // Read-only while in approval: no save button, the discount shown rather than edited, nothing left to submit.
    await page.waitForFunction(() => !document.querySelector('[data-testid=save-record]') && !document.querySelector('[data-testid=submit-approval]'));
    expect(await page.$('input#field-discount')).toBeNull();
    await studio.screenshots(page, 'approvals-locked');
    const write = await studio.adminApi<{ code: string }>('PATCH', `/api/apps/${app}/records/opportunity/${dealId}`, { next_step: '改一下' });
    expect(write.status).toBe(409);
    expect(write.body.code).toBe('record.inApproval');
  });

  it('shows the manager the task by the header’s count and in the inbox, with no serious accessibility violation', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'mgr.zhou', manager.password);
    await page.waitForFunction(() => document.querySelector('[data-testid=task-badge-count]')?.textContent === '1', { timeout: 60_000 });
    await page.click('[data-testid=task-badge]');
    await page.waitForSelector('[data-testid=task-table]');
    expect(await textOf(page, '[data-testid=count-pending]')).toBe('1');
    const rows = await page.$$eval('[data-testid=task-table] .ant-table-row', (r) => r.map((row) => (row as HTMLElement).innerText));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(dealName);
    expect(rows[0]).toContain('李明');
    expect(await studio.axe(page)).toEqual([]);
    await studio.screenshots(page, 'approvals-inbox', (p) => p.waitForSelector('[data-testid=task-table], [data-testid=task-cards]'));
    // The other boxes say why they are empty.
    await clickTab(page, '抄送我的');
    await page.waitForSelector('[data-testid=inbox-empty]');
    expect(await textOf(page, '[data-testid=inbox-empty]')).toContain('还没有抄送给你的审批');
    expect(await studio.axe(page)).toEqual([]);
  });

  it('lets the manager approve from the inbox’s dialog; the inbox, the count and the done box follow; a second tab’s late approval is told it is too late', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'mgr.zhou', manager.password);
    // A second tab with the same task's dialog open, acted on after the first tab approved.
    const late = await studio.newPage();
    await studio.login(late, 'mgr.zhou', manager.password);
    await open(late, '/tasks', '[data-testid=open-task]');
    await late.click('[data-testid=open-task]');
    await late.waitForSelector('.pw-approval-dialog [data-action=approve]');
    await open(page, '/tasks', '[data-testid=open-task]');
    await page.click('[data-testid=open-task]');
    await page.waitForSelector('.pw-approval-dialog [data-action=approve]');
    const actions = await page.$$eval('.pw-approval-dialog [data-action]', (b) => b.map((button) => button.getAttribute('data-action')));
    expect(actions).toContain('approve');
    expect(actions).toContain('reject');
    const dialog = await textOf(page, '.pw-approval-dialog');
    expect(dialog).toContain(dealName);
    expect(dialog).toContain('李明');
    // The history in the dialog names who holds the task.
    await page.waitForFunction(() => document.querySelector('.pw-approval-dialog .pw-approval-timeline')?.textContent?.includes('周经理'), { timeout: 30_000 });
    await page.type('#approval-comment', '折扣合理，同意');
    await studio.screenshots(page, 'approvals-dialog');
    expect(await studio.axe(page)).toEqual([]);
    await page.click('.pw-approval-dialog [data-action=approve]');
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes('已同意')));
    await page.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });
    expect(await textOf(page, '[data-testid=inbox-empty]')).toContain('没有等你审批的事项');
    await page.waitForFunction(() => document.querySelector('[data-testid=count-pending]')?.textContent === '0');
    await page.waitForFunction(() => !document.querySelector('[data-testid=task-badge-count]'));
    // 409 task.done, said in words; the dialog closes and the stale tab's list empties too.
    await late.click('.pw-approval-dialog [data-action=approve]');
    // The single approver's approval ended the instance: 409 instance.ended (task.done were it still running).
    await late.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => /这项任务已经处理过或已取消|这个审批流程已经结束/.test(n.textContent ?? '')), { timeout: 30_000 });
    await late.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });
    expect(await late.$('.pw-approval-dialog [data-action=approve]')).toBeNull();
    await clickTab(page, '已处理');
    await page.waitForSelector('[data-testid=task-table]');
    const done = await textOf(page, '[data-testid=task-table]');
    expect(done).toContain(dealName);
    expect(done).toContain('已同意');
  });

  it('shows the rep the timeline of the approval and the record writable again', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'rep.li', rep.password);
    await open(page, `/records/opportunity/${dealId}`, '[data-testid=save-record]');
    expect(await page.$('[data-testid=approval-locked]')).toBeNull();
    await clickTab(page, '审批记录');
    await page.waitForSelector('[data-testid=approval-history] .pw-approval-instance[data-status=approved]', { timeout: 30_000 });
    const timeline = await textOf(page, '[data-testid=approval-history]');
    expect(timeline).toContain('已通过');
    expect(timeline).toContain('李明 提交了审批');
    expect(timeline).toMatch(/等待 周经理 处理/);
    expect(timeline).toMatch(/".+"：周经理 同意/);
    expect(timeline).toContain('折扣合理，同意');
    expect(timeline).toMatch(/用时 \d+ (秒|分钟)/);
    expect(timeline).toContain('流程结束：已通过');
    await studio.screenshots(page, 'approvals-timeline');
  });

  it('lets the manager return a deal to the rep, who sees why and resubmits it into the manager’s inbox again', async () => {
    const deal = await studio.adminApi<{ id: number }>('GET', `/api/apps/${app}/records/opportunity/${dealId}`);
    const copy = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, { name: `${dealName}（二期）`, account: (deal.body as unknown as { account: number | { id: number } }).account, stage: 'needs_analysis', expected_close_date: `${new Date().getFullYear() + 1}-06-30`, discount: 25, owner_id: rep.id });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    const repPage = await studio.newPage();
    await studio.login(repPage, 'rep.li', rep.password);
    await open(repPage, `/records/opportunity/${copy.body.id}`, '[data-testid=submit-approval]');
    await repPage.click('[data-testid=submit-approval]');
    await repPage.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });

    const page = await studio.newPage('phone');
    await studio.login(page, 'mgr.zhou', manager.password);
    await open(page, '/tasks', '[data-testid=task-cards] [data-testid=open-task]');
    await page.click('[data-testid=open-task]');
    await page.waitForSelector('.pw-approval-dialog [data-action=return]');
    // The return target picker offers the submitter first, already chosen.
    expect(await textOf(page, '.pw-approval-dialog .ant-select-selection-item')).toBe('提交人');
    await page.type('#approval-comment', '请补充客户的采购计划');
    await page.click('.pw-approval-dialog [data-action=return]');
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes('已退回')));
    await page.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });

    await repPage.reload();
    await repPage.waitForSelector('[data-testid=open-approval]', { timeout: 30_000 });
    expect(await repPage.$('[data-testid=approval-locked]')).toBeNull();
    expect(await textOf(repPage, '[data-testid=open-approval]')).toContain('重新提交');
    await clickTab(repPage, '审批记录');
    await repPage.waitForFunction(() => document.querySelector('[data-testid=approval-history]')?.textContent?.includes('请补充客户的采购计划'), { timeout: 30_000 });
    expect(await textOf(repPage, '[data-testid=approval-history] .pw-approval-instance')).toContain('已退回');
    await repPage.click('[data-testid=open-approval]');
    await repPage.waitForSelector('.pw-approval-dialog [data-action=resubmit]');
    await repPage.type('#approval-comment', '已补充采购计划');
    await repPage.click('.pw-approval-dialog [data-action=resubmit]');
    await repPage.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });

    await page.reload();
    await page.waitForSelector('[data-testid=task-cards] [data-testid=open-task]', { timeout: 30_000 });
    expect(await textOf(page, '[data-testid=task-cards]')).toContain('（二期）');
  });
});
