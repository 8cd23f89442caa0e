import type { PrintTemplate } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { compilePrintTemplate } from './fill.ts';

const base: PrintTemplate = { key: 'quote_print', label: { 'zh-CN': '报价单', en: 'Quote' }, version: 1, entity: 'quote', engine: 'handlebars', template: '' };
const fill = (template: string, record: Record<string, unknown>, extra: Partial<PrintTemplate> = {}) =>
  compilePrintTemplate({ ...base, template, ...extra }).fill({ record, app: { key: 'crm', name: '销售管理' }, printedAt: new Date('2026-12-01T16:30:00Z') });
const bodyOf = (html: string) => /<body>([\s\S]*)<\/body>/.exec(html)![1];

describe('filling a print template', () => {
  it('prints money, 大写金额, numbers, percentages and dates with the helpers', () => {
    const { html } = fill('{{money total}}|{{money total "USD"}}|{{rmbUpper total}}|{{number qty}}|{{number rate 2}}|{{percent discount}}|{{date close_date "YYYY年M月D日"}}|{{date @today}}|{{@app.name}}', {
      total: '12345.67', qty: 1200, rate: 3.5, discount: 12.5, close_date: '2026-03-09',
    });
    expect(bodyOf(html)).toBe('¥12,345.67|$12,345.67|壹万贰仟叁佰肆拾伍元陆角柒分|1,200|3.50|12.5%|2026年3月9日|2026-12-02|销售管理');
  });

  it('reads related records and sums line items exactly', () => {
    const { html } = fill('{{account.name}}:{{#each products}}[{{add @index 1}} {{product.name}} {{money line_total}}]{{/each}}={{money (sum products "line_total")}}', {
      account: { id: 3, name: '华为技术有限公司' },
      products: [{ product: { name: 'CRM 标准版' }, line_total: 0.1 }, { product: { name: '实施服务' }, line_total: 0.2 }],
    });
    expect(bodyOf(html)).toBe('华为技术有限公司:[1 CRM 标准版 ¥0.10][2 实施服务 ¥0.20]=¥0.30');
  });

  it('prints hostile data as text', () => {
    const { html } = fill('<p>{{name}}</p><p>{{account.name}}</p>', { name: '<script>alert(1)</script>', account: { name: '<img src=x onerror="alert(1)">' } });
    expect(bodyOf(html)).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt;</p>');
  });

  it('prints a missing or hidden field as nothing', () => {
    expect(bodyOf(fill('[{{amount}}][{{account.name}}][{{rmbUpper amount}}][{{money amount}}]', {}).html)).toBe('[][][][]');
  });

  it('does not reach prototype properties of the data', () => {
    expect(bodyOf(fill('[{{constructor}}][{{name.constructor}}][{{__proto__}}]', { name: 'x' }).html)).toBe('[][][]');
  });

  it('draws QR codes and barcodes as inline SVG, without any URL', () => {
    const body = bodyOf(fill('{{qrcode no}}{{barcode no}}', { no: 'OPP-202612-0001' }).html)!;
    expect(body).toMatch(/^<svg class="pw-qrcode"[^>]*>.*<\/svg><svg class="pw-barcode"/);
    expect(body.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|file:|src=|href/);
  });

  it('fills the header and footer with page-number placeholders and sets up the paper', () => {
    const filled = fill('x', {}, { header: '{{@app.name}}', footer: '第 {{@pageNumber}} 页 / 共 {{@totalPages}} 页', page: { size: 'A5', orientation: 'landscape' } });
    expect(filled.header).toBe('销售管理');
    expect(filled.footer).toBe('第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页');
    expect(filled.paper).toMatchObject({ widthMm: 210, heightMm: 148 });
    expect(filled.html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('keeps a template\'s CSS inside its style element', () => {
    expect(fill('x', {}, { css: 'p{}</style><script>alert(1)</script>' }).html).not.toContain('</style><script>');
  });

  it('refuses a template that does not compile, at its part', () => {
    expect(() => fill('{{#if name}}open', {})).toThrow(expect.objectContaining({ code: 'print.invalidTemplate', problems: [expect.objectContaining({ path: '/template', code: 'print.syntax' })] }));
  });
});
