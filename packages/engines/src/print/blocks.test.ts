import type { PrintTemplate } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { account, product, quote } from '../expression/sales.fixture.ts';
import { blocksToTemplate } from './blocks.ts';
import { checkPrintTemplate } from './check.ts';
import { compilePrintTemplate } from './fill.ts';

const entities = [quote, account, product];
const template: PrintTemplate = {
  key: 'quote_blocks',
  label: { 'zh-CN': '报价单', en: 'Quote' },
  version: 1,
  entity: 'quote',
  engine: 'handlebars',
  blocks: [
    { type: 'text', text: '报价单 {{not a field}} <b>', level: 'h1' },
    { type: 'field', field: 'account.name', label: '客户' },
    {
      type: 'table',
      items: 'products',
      numbered: true,
      columns: [
        { field: 'product.name', label: '产品' },
        { field: 'quantity', label: '数量', format: 'number', align: 'right', total: true },
        { field: 'line_total', label: '小计', format: 'money', align: 'right', total: true },
      ],
    },
    { type: 'field', field: 'total', label: '大写', format: 'rmbUpper' },
    { type: 'section', when: 'approved', blocks: [{ type: 'text', text: '已审批' }] },
    { type: 'code', field: 'name', symbology: 'qrcode', size: 20 },
    { type: 'signature', parties: ['甲方', '乙方'], seal: true },
    { type: 'pageBreak' },
  ],
};

describe('the block form', () => {
  it('compiles to a handlebars body that passes the publish check', () => {
    expect(checkPrintTemplate(template, quote, entities)).toEqual([]);
  });

  it('fills like a hand-written template, fixed text escaped', () => {
    const { html } = compilePrintTemplate(template).fill({
      record: { account: { name: '客户甲' }, total: 300.5, approved: false, name: 'Q-1', products: [{ product: { name: '软件' }, quantity: 2, line_total: 100 }, { product: { name: '服务' }, quantity: 1, line_total: 200.5 }] },
      app: { key: 'crm', name: 'CRM' },
      printedAt: new Date(),
    });
    expect(html).toContain('<h1 class="pw-text">报价单 &#123;&#123;not a field&#125;&#125; &#60;b&#62;</h1>');
    expect(html).toContain('<td class="pw-no">1</td><td>软件</td><td style="text-align:right">2</td><td style="text-align:right">¥100.00</td>');
    expect(html).toContain('<tr class="pw-totals"><td></td><td>合计</td><td style="text-align:right">3</td><td style="text-align:right">¥300.50</td></tr>');
    expect(html).toContain('叁佰元伍角');
    expect(html).not.toContain('已审批');
    expect(html).toContain('甲方（签字）');
    expect(html).toContain('class="pw-seal"');
    expect(html).toContain('<svg class="pw-qrcode"');
  });

  it('refuses blocks naming fields that do not exist, at the block', () => {
    const bad: PrintTemplate = { ...template, blocks: [{ type: 'table', items: 'name', columns: [{ field: 'x', label: 'x' }] }, { type: 'table', items: 'products', columns: [{ field: 'product.nam', label: 'x' }] }, { type: 'field', field: 'acount.name' }] };
    expect(checkPrintTemplate(bad, quote, entities)).toEqual([
      { path: '/blocks/0/items', code: 'print.notLineItems', message: '"name" is not a line items field of quote' },
      { path: '/blocks/1/columns/0/field', code: 'print.unknownField', message: 'product has no field "nam"' },
      { path: '/blocks/2/field', code: 'print.unknownField', message: 'quote has no field "acount"' },
    ]);
  });

  it('emits the same body for the same blocks', () => {
    expect(blocksToTemplate(template.blocks!)).toBe(blocksToTemplate(structuredClone(template.blocks!)));
  });
});
