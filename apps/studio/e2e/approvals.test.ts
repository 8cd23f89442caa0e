/**
 * Approvals in the runner, in Chromium against the real server on PGlite with the template's
 * quote approval and sample organisation (李娜 of the east team, whose manager is 王伟; a discount
 * over 15 % goes to the owner's manager): 李娜 raises a deal's discount and submits it from the
 * record page, which then says the record is locked (the API refuses a write with 409
 * record.inApproval); 王伟 finds the task by the header's count and in the inbox (tabs with
 * counts, empty states explained, no serious axe violation), approves with a comment in the
 * approval dialog; the inbox, the count and the done box refresh, and a second tab approving late
 * is told it is too late (409 instance.ended); 李娜 reads the timeline (submitted, waiting for
 * 王伟, approved with the comment and how long it took, ended approved; in English too, labels
 * from the API included) and may edit again. A
 * second deal is returned on a phone (the submitter as return target) and resubmitted by 李娜.
 * A third deal: 李娜 urges (催办, once an hour), 王伟 transfers it (转交) to 孙丽, 李娜 withdraws it
 * (撤回); a fourth: 王伟 adds 何军 as a signer after him (加签).
 * Screenshots at 1440 and 390 px: approvals-locked, -inbox, -dialog, -timeline, -submitter and -add-signer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { sampleApp, startStudio, type Studio } from './harness.ts';

let studio: Studio;

/** A user of the sample organisation, with a password set by the administrator. */
async function samplePerson(login: string): Promise<{ id: number; password: string }> {
  const found = await studio.adminApi<{ items: { id: number; login: string }[] }>('GET', `/api/users?q=${encodeURIComponent(login)}`);
  const user = found.body.items.find((u) => u.login === login);
  if (!user) throw new Error(`the sample organisation has no ${login}`);
  const password = `${login} password 123`;
  const set = await studio.adminApi('POST', `/api/users/${user.id}/password`, { password });
  expect(set.status).toBe(204);
  return { id: user.id, password };
}
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

/** Opens the record page's Approvals tab (by its key, whatever the language) once it is drawn. */
async function openApprovalsTab(page: Page): Promise<void> {
  await page.waitForSelector('.pw-record-page [role=tab][id$="-tab-approvals"]', { timeout: 60_000 });
  await page.locator('.pw-record-page [role=tab][id$="-tab-approvals"]').click();
}

beforeAll(async () => {
  studio = await startStudio();
  // The sample organisation: 李娜 is in the east team, which 王伟 manages; reps have no password
  // until an administrator sets one.
  rep = await samplePerson('li.na');
  manager = await samplePerson('wang.wei');
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
    await studio.login(page, 'li.na', rep.password);
    await open(page, `/records/opportunity/${dealId}`, '#field-discount');
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
  }, 120_000);

  it('shows the manager the task by the header’s count and in the inbox, with no serious accessibility violation', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'wang.wei', manager.password);
    await page.waitForFunction(() => document.querySelector('[data-testid=task-badge-count]')?.textContent === '1', { timeout: 60_000 });
    // After login the shell goes on to the app's first view: click once it is there.
    await page.waitForSelector('[data-testid=record-count]', { timeout: 60_000 });
    await page.waitForNetworkIdle();
    await page.click('[data-testid=task-badge]');
    await page.waitForFunction(() => location.pathname.endsWith('/tasks'));
    await page.waitForSelector('[data-testid=task-table]');
    expect(await textOf(page, '[data-testid=count-pending]')).toBe('1');
    const rows = await page.$$eval('[data-testid=task-table] .ant-table-row', (r) => r.map((row) => (row as HTMLElement).innerText));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(dealName);
    expect(rows[0]).toContain('李娜');
    expect(await studio.axe(page)).toEqual([]);
    await studio.screenshots(page, 'approvals-inbox', (p) => p.waitForSelector('[data-testid=task-table], [data-testid=task-cards]'));
    // The other boxes say why they are empty.
    await clickTab(page, '抄送我的');
    await page.waitForSelector('[data-testid=inbox-empty]');
    expect(await textOf(page, '[data-testid=inbox-empty]')).toContain('还没有抄送给你的审批');
    expect(await studio.axe(page)).toEqual([]);
  }, 120_000);

  it('lets the manager approve from the inbox’s dialog; the inbox, the count and the done box follow; a second tab’s late approval is told it is too late', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'wang.wei', manager.password);
    // A second tab with the same task's dialog open, acted on after the first tab approved.
    const late = await studio.newPage();
    await studio.login(late, 'wang.wei', manager.password);
    await open(late, '/tasks', '[data-testid=open-task]');
    await late.locator('[data-testid=open-task]').click();
    await late.waitForSelector('.pw-approval-dialog [data-action=approve]');
    await open(page, '/tasks', '[data-testid=open-task]');
    await page.locator('[data-testid=open-task]').click();
    await page.waitForSelector('.pw-approval-dialog [data-action=approve]');
    const actions = await page.$$eval('.pw-approval-dialog [data-action]', (b) => b.map((button) => button.getAttribute('data-action')));
    expect(actions).toContain('approve');
    expect(actions).toContain('reject');
    const dialog = await textOf(page, '.pw-approval-dialog');
    expect(dialog).toContain(dealName);
    expect(dialog).toContain('李娜');
    // The history in the dialog names who holds the task.
    await page.waitForFunction(() => document.querySelector('.pw-approval-dialog .pw-approval-timeline')?.textContent?.includes('王伟'), { timeout: 30_000 });
    await page.type('#approval-comment', '折扣合理，同意');
    await studio.screenshots(page, 'approvals-dialog');
    expect(await studio.axe(page)).toEqual([]);
    await page.locator('.pw-approval-dialog [data-action=approve]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes('已同意')));
    await page.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });
    expect(await textOf(page, '[data-testid=inbox-empty]')).toContain('没有等你审批的事项');
    await page.waitForFunction(() => document.querySelector('[data-testid=count-pending]')?.textContent === '0');
    await page.waitForFunction(() => !document.querySelector('[data-testid=task-badge-count]'));
    // 409 task.done, said in words; the dialog closes and the stale tab's list empties too.
    await late.locator('.pw-approval-dialog [data-action=approve]').click();
    // The single approver's approval ended the instance: 409 instance.ended (task.done were it still running).
    await late.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => /这项任务已经处理过或已取消|这个审批流程已经结束/.test(n.textContent ?? '')), { timeout: 30_000 });
    await late.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });
    expect(await late.$('.pw-approval-dialog [data-action=approve]')).toBeNull();
    await clickTab(page, '已处理');
    await page.waitForSelector('[data-testid=task-table]');
    const done = await textOf(page, '[data-testid=task-table]');
    expect(done).toContain(dealName);
    expect(done).toContain('已同意');
  }, 120_000);

  it('shows the rep the timeline of the approval, in Chinese and in English, and the record writable again', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'li.na', rep.password);
    await open(page, `/records/opportunity/${dealId}`, '[data-testid=save-record]');
    expect(await page.$('[data-testid=approval-locked]')).toBeNull();
    await openApprovalsTab(page);
    await page.waitForSelector('[data-testid=approval-history] .pw-approval-instance[data-status=approved]', { timeout: 30_000 });
    const timeline = await textOf(page, '[data-testid=approval-history]');
    expect(timeline).toContain('已通过');
    expect(timeline).toContain('李娜 提交了审批');
    expect(timeline).toMatch(/等待 王伟 处理/);
    expect(timeline).toMatch(/".+"：王伟 已同意/);
    expect(timeline).toContain('折扣合理，同意');
    expect(timeline).toMatch(/用时 \d+ (秒|分钟)/);
    expect(timeline).toContain('流程结束：已通过');
    await studio.screenshots(page, 'approvals-timeline');
    // In English: the runner's words and the workflow's labels, which the API resolves in the locale the runner asks for.
    await page.evaluate(() => localStorage.setItem('pipewright.locale', 'en'));
    await page.reload();
    await openApprovalsTab(page);
    await page.waitForSelector('[data-testid=approval-history] .pw-approval-instance[data-status=approved]', { timeout: 30_000 });
    const english = await textOf(page, '[data-testid=approval-history]');
    expect(english).toContain('Quote approval');
    expect(english).toContain('李娜 submitted for approval');
    expect(english).toMatch(/“Manager approval”: 王伟 — Approved/);
    expect(english).toContain('Ended: Approved');
  }, 120_000);

  it('lets the manager return a deal to the rep, who sees why and resubmits it into the manager’s inbox again', async () => {
    const deal = await studio.adminApi<{ id: number }>('GET', `/api/apps/${app}/records/opportunity/${dealId}`);
    const copy = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, { name: `${dealName}（二期）`, account: (deal.body as unknown as { account: number | { id: number } }).account, stage: 'needs_analysis', expected_close_date: `${new Date().getFullYear() + 1}-06-30`, discount: 25, owner_id: rep.id });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    const repPage = await studio.newPage();
    await studio.login(repPage, 'li.na', rep.password);
    await open(repPage, `/records/opportunity/${copy.body.id}`, '[data-testid=submit-approval]');
    await repPage.locator('[data-testid=submit-approval]').click();
    await repPage.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });

    const page = await studio.newPage('phone');
    await studio.login(page, 'wang.wei', manager.password);
    await open(page, '/tasks', '[data-testid=task-cards] [data-testid=open-task]');
    await page.locator('[data-testid=open-task]').click();
    await page.waitForSelector('.pw-approval-dialog [data-action=return]');
    // The return target picker offers the submitter first, already chosen.
    expect(await textOf(page, '.pw-approval-dialog .ant-select-selection-item')).toBe('提交人');
    await page.type('#approval-comment', '请补充客户的采购计划');
    await page.locator('.pw-approval-dialog [data-action=return]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes('已退回')));
    await page.waitForSelector('[data-testid=inbox-empty]', { timeout: 30_000 });

    await repPage.reload();
    await repPage.waitForSelector('[data-testid=open-approval]', { timeout: 30_000 });
    expect(await repPage.$('[data-testid=approval-locked]')).toBeNull();
    expect(await textOf(repPage, '[data-testid=open-approval]')).toContain('重新提交');
    await openApprovalsTab(repPage);
    await repPage.waitForFunction(() => document.querySelector('[data-testid=approval-history]')?.textContent?.includes('请补充客户的采购计划'), { timeout: 30_000 });
    expect(await textOf(repPage, '[data-testid=approval-history] .pw-approval-instance')).toContain('已退回');
    await repPage.locator('[data-testid=open-approval]').click();
    await repPage.waitForSelector('.pw-approval-dialog [data-action=resubmit]');
    await repPage.type('#approval-comment', '已补充采购计划');
    await repPage.locator('.pw-approval-dialog [data-action=resubmit]').click();
    await repPage.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });

    await page.reload();
    await page.waitForSelector('[data-testid=task-cards] [data-testid=open-task]', { timeout: 30_000 });
    expect(await textOf(page, '[data-testid=task-cards]')).toContain('（二期）');
  }, 120_000);

  async function newDeal(name: string, discount: number): Promise<number> {
    const accounts = await studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/account?pageSize=1`);
    const created = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, { name, account: accounts.body.items[0]!.id, stage: 'needs_analysis', expected_close_date: `${new Date().getFullYear() + 1}-09-30`, discount, owner_id: rep.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }

  const toast = (page: Page, text: string) => page.waitForFunction((t) => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes(t)), { timeout: 30_000 }, text);

  /** Picks a person in the dialog's user picker by typing their name. */
  async function pickPerson(page: Page, name: string): Promise<void> {
    await page.click('#approval-user');
    await page.type('#approval-user', name);
    const option = await page.waitForSelector(`::-p-xpath(//div[contains(@class,"ant-select-item-option")][contains(., "${name}")])`, { timeout: 30_000 });
    await option!.click();
  }

  it('lets the rep urge once an hour, the manager transfer the task to a colleague, and the rep withdraw the submission', async () => {
    const id = await newDeal(`${dealName}（三期）`, 25);
    const repPage = await studio.newPage();
    await studio.login(repPage, 'li.na', rep.password);
    await open(repPage, `/records/opportunity/${id}`, '[data-testid=submit-approval]');
    await repPage.locator('[data-testid=submit-approval]').click();
    await repPage.waitForSelector('[data-testid=urge-approval]', { timeout: 30_000 });
    await studio.screenshots(repPage, 'approvals-submitter');
    await repPage.locator('[data-testid=urge-approval]').click();
    await toast(repPage, '已提醒当前审批人');
    await repPage.locator('[data-testid=urge-approval]').click();
    await toast(repPage, '一小时内已经催办过');

    const page = await studio.newPage();
    await studio.login(page, 'wang.wei', manager.password);
    await open(page, '/tasks', '[data-testid=open-task]');
    await page.locator('[data-testid=open-task]').click();
    await page.waitForSelector('.pw-approval-dialog [data-action=transfer]');
    await pickPerson(page, '孙丽');
    await page.type('#approval-comment', '本周出差，请孙丽代批');
    await page.locator('.pw-approval-dialog [data-action=transfer]').click();
    await toast(page, '已转交');
    // The earlier deal still waits for him; this one has left his inbox.
    await page.waitForFunction(() => !document.querySelector('[data-testid=task-table]')?.textContent?.includes('（三期）'), { timeout: 30_000 });

    await repPage.reload();
    await openApprovalsTab(repPage);
    await repPage.waitForFunction(() => document.querySelector('[data-testid=approval-history]')?.textContent?.includes('转交给 孙丽'), { timeout: 30_000 });
    expect(await textOf(repPage, '[data-testid=approval-history]')).toContain('李娜 催办了审批人');
    await repPage.locator('[data-testid=withdraw-approval]').click();
    await repPage.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await toast(repPage, '已撤回');
    await repPage.waitForFunction(() => !document.querySelector('[data-testid=approval-locked]'), { timeout: 30_000 });
    await repPage.waitForFunction(() => document.querySelector('[data-testid=approval-history]')?.textContent?.includes('李娜 撤回了提交'), { timeout: 30_000 });
  }, 180_000);

  it('lets the manager add a signer after him; the deal waits for the signer', async () => {
    const id = await newDeal(`${dealName}（四期）`, 22);
    const repPage = await studio.newPage();
    await studio.login(repPage, 'li.na', rep.password);
    await open(repPage, `/records/opportunity/${id}`, '[data-testid=submit-approval]');
    await repPage.locator('[data-testid=submit-approval]').click();
    await repPage.waitForSelector('[data-testid=approval-locked]', { timeout: 30_000 });

    const page = await studio.newPage();
    await studio.login(page, 'wang.wei', manager.password);
    await open(page, '/tasks', '[data-testid=open-task]');
    await page.locator('[data-testid=open-task]').click();
    await page.waitForSelector('.pw-approval-dialog [data-action=addSigner]');
    await pickPerson(page, '何军');
    await page.locator('::-p-xpath(//label[contains(@class,"ant-radio-wrapper")][contains(., "后加签")])').click();
    await page.type('#approval-comment', '金额较大，请何军复核');
    await studio.screenshots(page, 'approvals-add-signer');
    await page.locator('.pw-approval-dialog [data-action=addSigner]').click();
    await toast(page, '已加签');

    const workflows = await studio.adminApi<{ instances: { status: string; openTasks: { nodeLabel: string }[]; timeline: { action: string | null; target?: { name: string }; position?: string }[] }[] }>('GET', `/api/apps/${app}/records/opportunity/${id}/workflows`);
    const instance = workflows.body.instances[0]!;
    expect(instance.status).toBe('running');
    expect(instance.timeline.find((e) => e.action === 'addSigner')).toMatchObject({ target: { name: '何军' }, position: 'after' });
  }, 180_000);
});
