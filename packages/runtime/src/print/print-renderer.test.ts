/**
 * Real Chromium renders a quote, a contract and a delivery note; the PDFs are read back with
 * pdftotext (page count, 大写金额, every line item, header and footer on every page). Hostile
 * templates and data: nothing outside is fetched, markup in values prints as text, a render that
 * takes too long ends at its timeout and the pool keeps working, a dead browser is replaced.
 */
import { compilePrintTemplate, type PrintData } from '@pipewright/engines';
import type { PrintTemplate } from '@pipewright/metadata';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfPages } from './pdf-text.ts';
import { PrintTimeoutError } from './print-errors.ts';
import { PrintRenderer } from './print-renderer.ts';

/** pdftotext drops the spaces between Chinese and digits: compare without white space. */
const flat = (text: string | undefined) => (text ?? '').replace(/\s+/g, '');

const renderer = new PrintRenderer({ size: 2, maxUses: 4, timeoutMs: 30_000 });
afterAll(() => renderer.close());

const label = { 'zh-CN': '单据', en: 'Document' };
const base = { label, version: 1, engine: 'handlebars' as const };
const data = (record: Record<string, unknown>): PrintData => ({ record, app: { key: 'crm', name: '星辰销售' }, printedAt: new Date('2026-12-01T02:00:00Z') });
const products = Array.from({ length: 30 }, (_, i) => ({ product: { name: `产品${String(i + 1).padStart(2, '0')}号` }, quantity: i + 1, unit_price: 1000 + i, subtotal: (i + 1) * (1000 + i) }));
const total = products.reduce((sum, p) => sum + p.subtotal, 0);
const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#c00"/></svg>').toString('base64')}`;

const quote: PrintTemplate = {
  ...base,
  key: 'quote',
  entity: 'opportunity',
  template: `<h1 style="text-align:center">报价单</h1><p>客户：{{account.name}}</p>
<table class="pw-table"><thead><tr><th>#</th><th>产品</th><th>数量</th><th>单价</th><th>小计</th></tr></thead><tbody>
{{#each products}}<tr style="height:14mm"><td>{{add @index 1}}</td><td>{{product.name}}</td><td>{{number quantity}}</td><td>{{money unit_price}}</td><td>{{money subtotal}}</td></tr>{{/each}}
</tbody></table><p>合计：{{money (sum products "subtotal")}}（大写：{{rmbUpper (sum products "subtotal")}}）</p>`,
  header: '<div style="display:flex;justify-content:space-between"><img src="' + logo + '" style="height:8mm"><span>{{@app.name}} 报价单 {{opportunity_no}}</span></div>',
  footer: '<div style="text-align:center">第 {{@pageNumber}} 页 / 共 {{@totalPages}} 页</div>',
  page: { size: 'A4', margins: { top: 22, right: 15, bottom: 18, left: 15 } },
};

describe('printing to PDF in Chromium', () => {
  it('prints a quote over pages with its header, footer, line items and 大写金额', async () => {
    const filled = compilePrintTemplate(quote).fill(data({ opportunity_no: 'OPP-202612-0001', account: { name: '星辰科技有限公司' }, products }));
    const rendered = await renderer.render(filled);
    const { pages } = pdfPages(rendered.pdf, 'quote');
    expect(rendered.pages).toBe(pages.length);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => {
      expect(page).toContain('星辰销售 报价单 OPP-202612-0001');
      expect(flat(page)).toContain(`第${i + 1}页/共${pages.length}页`);
      expect(page).toMatch(/产品\s+数量\s+单价/); // the table header repeats on every page
    });
    const text = pages.join('\n');
    for (const p of products) expect(text).toContain(p.product.name);
    expect(total).toBe(1_000 * 465 + 8_990); // 473,990
    expect(text).toContain('¥473,990.00');
    expect(text).toContain('肆拾柒万叁仟玖佰玖拾元整');
    expect(rendered.blocked).toEqual([]);
  });

  it('prints a contract in blocks: a letterhead on page one, the running header after, signature and seal areas', async () => {
    const contract: PrintTemplate = {
      ...base,
      key: 'contract',
      entity: 'opportunity',
      blocks: [
        { type: 'text', text: '销售合同', level: 'h1', style: 'text-align:center' },
        { type: 'field', field: 'account.name', label: '甲方（买方）' },
        { type: 'field', field: 'final_amount', label: '合同金额', format: 'money' },
        { type: 'field', field: 'final_amount', label: '大写', format: 'rmbUpper' },
        { type: 'text', text: '第一条 乙方按本合同附件交付软件及服务。\n第二条 甲方在验收后 30 日内付清合同款。' },
        { type: 'pageBreak' },
        { type: 'table', items: 'products', numbered: true, columns: [{ field: 'product.name', label: '产品' }, { field: 'quantity', label: '数量', format: 'number', total: true }, { field: 'subtotal', label: '金额', format: 'money', align: 'right', total: true }] },
        { type: 'section', when: 'special_terms', blocks: [{ type: 'field', field: 'special_terms', label: '特别约定' }] },
        { type: 'signature', parties: ['甲方', '乙方'], seal: true },
      ],
      firstPageHeader: '<div style="text-align:center;font-size:12pt"><img src="' + logo + '" style="height:10mm;vertical-align:middle"> 星辰科技 · 合同专用 共 {{@totalPages}} 页</div>',
      header: '<div style="text-align:right">合同 {{opportunity_no}}（续）</div>',
      footer: '<div style="text-align:center">第 {{@pageNumber}} 页 / 共 {{@totalPages}} 页</div>',
    };
    const filled = compilePrintTemplate(contract).fill(data({ opportunity_no: 'HT-2026-0042', final_amount: 100001, account: { name: '蓝海贸易有限公司' }, products: products.slice(0, 5), special_terms: '' }));
    const { pages } = pdfPages((await renderer.render(filled)).pdf, 'contract');
    expect(pages.length).toBe(2);
    expect(flat(pages[0])).toContain('星辰科技·合同专用共2页');
    expect(pages[0]).not.toContain('（续）');
    expect(pages[1]).toContain('合同 HT-2026-0042（续）');
    expect(pages[1]).not.toContain('合同专用');
    expect(flat(pages[0])).toContain('第1页/共2页');
    expect(flat(pages[1])).toContain('第2页/共2页');
    expect(pages[0]).toContain('壹拾万零壹元整');
    expect(pages[1]).toMatch(/甲方（签字）[\s\S]*盖章/);
    expect(pages[1]).toContain('合计');
    expect(pages.join('')).not.toContain('特别约定');
  });

  it('prints a delivery note on A5 landscape with a barcode and a QR code', async () => {
    const note: PrintTemplate = {
      ...base,
      key: 'delivery_note',
      entity: 'opportunity',
      page: { size: 'A5', orientation: 'landscape', margins: { top: 12, right: 10, bottom: 12, left: 10 } },
      template: '<h2>出库单 {{order_no}}</h2>{{barcode order_no}}<table class="pw-table"><thead><tr><th>品名</th><th>数量</th></tr></thead><tbody>{{#each products}}<tr><td>{{product.name}}</td><td>{{quantity}}</td></tr>{{/each}}</tbody></table><p>收货人签字：________ {{qrcode order_no 18}}</p>',
      footer: '<div style="text-align:right">{{date @today "YYYY年M月D日"}} 第 {{@pageNumber}} 页 / 共 {{@totalPages}} 页</div>',
    };
    const rendered = await renderer.render(compilePrintTemplate(note).fill(data({ order_no: 'CK-20261201-07', products: products.slice(0, 3) })));
    const { pages } = pdfPages(rendered.pdf, 'delivery-note');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('出库单 CK-20261201-07');
    expect(flat(pages[0])).toContain('2026年12月1日第1页/共1页');
    for (const p of products.slice(0, 3)) expect(pages[0]).toContain(p.product.name);
    const { PDFDocument } = await import('pdf-lib');
    const { width, height } = (await PDFDocument.load(rendered.pdf)).getPage(0).getSize();
    expect(Math.round((width / 72) * 25.4)).toBe(210);
    expect(Math.round((height / 72) * 25.4)).toBe(148);
  });

  it('fetches nothing a template points at: no URL, no file', async () => {
    const hostile = compilePrintTemplate({
      ...base,
      key: 'hostile',
      entity: 'opportunity',
      template: `<p>开始</p><img src="http://127.0.0.1:9/track.png"><img src="file:///etc/hostname"><iframe src="file:///etc/passwd"></iframe><link rel="stylesheet" href="https://example.com/x.css"><object data="file:///etc/passwd"></object>
<div style="background:url(http://127.0.0.1:9/bg.png)">背景</div><style>@import url("file:///etc/passwd"); @font-face { font-family: x; src: url(http://127.0.0.1:9/f.woff); } p { font-family: x; }</style><script>document.write('SCRIPT RAN')</script><p>结束</p>`,
    }).fill(data({}));
    const rendered = await renderer.render(hostile);
    const text = pdfPages(rendered.pdf, 'hostile-template').pages.join('');
    expect(text).toContain('开始');
    expect(text).toContain('结束');
    expect(text).not.toContain('SCRIPT RAN');
    expect(text).not.toMatch(/root:x:0/);
  });

  it('prints markup in values as text', async () => {
    const filled = compilePrintTemplate({ ...base, key: 'q', entity: 'opportunity', template: '<p>客户：{{name}}</p><p>备注：{{note}}</p>' }).fill(
      data({ name: '<script>document.write("PWNED")</script>', note: '<img src=x onerror="document.write(\'PWNED\')"><b>粗</b>' }),
    );
    const text = pdfPages((await renderer.render(filled)).pdf, 'hostile-data').pages.join('');
    expect(text).toContain('客户：<script>document.write("PWNED")</script>');
    expect(text).toContain('<img src=x onerror="document.write(\'PWNED\')"><b>粗</b>');
  });

  it('ends a render that takes too long at its timeout, and the pool keeps printing', async () => {
    const rows = '<tr><td>行</td><td>很长的内容</td></tr>'.repeat(60_000);
    const huge = { ...compilePrintTemplate({ ...base, key: 'h', entity: 'opportunity', template: 'x' }).fill(data({})), html: `<!doctype html><html><body><table>${rows}</table></body></html>` };
    const started = Date.now();
    await expect(renderer.render(huge, { timeoutMs: 1500 })).rejects.toBeInstanceOf(PrintTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);
    const after = await Promise.all([1, 2, 3].map((n) => renderer.render(compilePrintTemplate({ ...base, key: 'ok', entity: 'opportunity', template: `<p>之后 ${n}</p>` }).fill(data({})))));
    after.forEach((r, i) => expect(pdfPages(r.pdf, `after-timeout-${i}`).pages[0]).toContain(`之后 ${i + 1}`));
  });

  it('recycles pages after their uses and replaces a browser that died', async () => {
    const simple = compilePrintTemplate({ ...base, key: 's', entity: 'opportunity', template: '<p>{{n}}</p>' });
    const opened = renderer.pool.pagesOpened;
    for (let n = 0; n < 6; n++) await renderer.render(simple.fill(data({ n })));
    expect(renderer.pool.pagesOpened).toBeGreaterThan(opened);
    const launches = renderer.pool.launches;
    (await renderer.pool.currentBrowser())!.process()!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = pdfPages((await renderer.render(simple.fill(data({ n: '重启之后' })))).pdf, 'after-crash').pages[0];
    expect(text).toContain('重启之后');
    expect(renderer.pool.launches).toBe(launches + 1);
  });
});
