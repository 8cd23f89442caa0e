import { describe, expect, it } from 'vitest';
import { compileNotificationTemplate, NotificationTemplateError } from './notification-template.ts';

describe('notification templates', () => {
  it('fills a zh-CN template over a record, with print text helpers, and leaves absent fields empty', () => {
    const template = compileNotificationTemplate('{{name}} 金额 {{money amount}}，负责人备注：{{secret_note}}。{{#if account}}客户 {{account.name}}{{/if}}');
    expect(template.fill({ name: '星辰科技', amount: '120000', account: { id: 3, name: '华东集团' } })).toBe('星辰科技 金额 ¥120,000.00，负责人备注：。客户 华东集团');
    expect(template.fields().sort()).toEqual(['account', 'amount', 'name', 'secret_note']);
  });

  it('does not HTML-escape values, and escapes values only (not the template) when asked', () => {
    const template = compileNotificationTemplate('**{{name}}**');
    expect(template.fill({ name: '<b>A&B</b>' })).toBe('**<b>A&B</b>**');
    expect(template.fill({ name: '*x*' }, { escapeValue: (t) => t.replace(/\*/g, '\\*') })).toBe('**\\*x\\***');
  });

  it('refuses a template that does not parse, or calls an unknown helper, at its path', () => {
    expect(() => compileNotificationTemplate('{{#if name}}', '/subject')).toThrow(NotificationTemplateError);
    try {
      compileNotificationTemplate('{{#if name}}', '/subject');
    } catch (error) {
      expect((error as NotificationTemplateError).problems[0]?.path).toBe('/subject');
    }
    expect(() => compileNotificationTemplate('{{qrcode name}}').fill({ name: 'x' })).toThrow(NotificationTemplateError);
  });

  it('reads no prototype properties', () => {
    expect(compileNotificationTemplate('{{constructor.name}}{{name.length}}').fill({ name: 'abc' })).toBe('3');
  });
});
