import type { PrintTemplate } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { account, product, quote } from '../expression/sales.fixture.ts';
import { checkPrintTemplate } from './check.ts';

const entities = [quote, account, product];
const check = (template: string, extra: Partial<PrintTemplate> = {}) =>
  checkPrintTemplate({ key: 't', label: { 'zh-CN': 't', en: 't' }, version: 1, entity: 'quote', engine: 'handlebars', template, ...extra }, quote, entities, '/printTemplates/0');

describe('the publish check of print templates', () => {
  it('accepts fields, relations, line items, helpers and print variables', () => {
    expect(check('{{name}} {{account.name}} {{account.parent.name}} {{#with account}}{{name}}{{/with}} {{#each products}}{{add @index 1}} {{product.name}} {{money line_total}} {{../name}} {{@root.name}}{{/each}} {{money (sum products "line_total")}} {{rmbUpper total}} {{date @today "long"}} {{@app.name}} {{#if approved}}y{{else}}n{{/if}} {{id}} {{account.id}}', { footer: '{{@pageNumber}}/{{@totalPages}}' })).toEqual([]);
  });

  it('refuses a template that does not compile, with the line', () => {
    const [problem] = check('<p>\n{{#each products}}\n{{name}}');
    expect(problem).toMatchObject({ path: '/printTemplates/0/template', code: 'print.syntax' });
    expect(problem!.message).toMatch(/line 3|Expecting|each/);
  });

  it('names unknown fields and helpers where they are', () => {
    expect(check('{{amout}}\n  {{account.nme}} {{#each products}}{{prodct.name}}{{/each}} {{name.first}}', { header: '{{shout name}}' })).toEqual([
      { path: '/printTemplates/0/template', code: 'print.unknownField', message: 'line 1, column 3: quote has no field "amout"' },
      { path: '/printTemplates/0/template', code: 'print.unknownField', message: 'line 2, column 5: account has no field "nme"' },
      { path: '/printTemplates/0/template', code: 'print.unknownField', message: 'line 2, column 39: quote.products has no field "prodct"' },
      { path: '/printTemplates/0/template', code: 'print.unknownField', message: 'line 2, column 64: "name" is not a many-to-one relation, so "name.first" reaches nothing' },
      { path: '/printTemplates/0/header', code: 'print.unknownHelper', message: 'line 1, column 1: "shout" is not a print helper (money, rmbUpper, number, percent, date, sum, add, qrcode, barcode)' },
    ]);
  });

  it('refuses wrong argument counts, unescaped output, partials, lookups and unknown variables', () => {
    expect(check('{{money}} {{rmbUpper total 2}} {{{name}}} {{> footer}} {{lookup account "name"}} {{@secret}} {{#each products}}{{/each}}{{@index}}').map((p) => p.code)).toEqual([
      'print.helperArguments',
      'print.helperArguments',
      'print.unescaped',
      'print.unsupported',
      'print.unknownHelper',
      'print.unknownVariable',
      'print.unknownVariable',
    ]);
  });

  it('loops only over line items and never inside another loop', () => {
    expect(check('{{#each account}}{{/each}}{{#each products}}{{#each ../products}}{{/each}}{{/each}}{{#with name}}{{/with}}').map((p) => p.code)).toEqual(['print.notLineItems', 'print.nestedLoop', 'print.notRelation']);
  });

  it('refuses nesting without bound', () => {
    const deep = '{{#if name}}'.repeat(9) + 'x' + '{{/if}}'.repeat(9);
    expect(check(deep)).toEqual([expect.objectContaining({ code: 'print.tooDeep' })]);
    expect(check('{{#if name}}'.repeat(8) + 'x' + '{{/if}}'.repeat(8))).toEqual([]);
    const abyss = '{{#if name}}'.repeat(1500) + '{{/if}}'.repeat(1500);
    expect(check(abyss).map((p) => p.code)).toEqual([expect.stringMatching(/^print\.(tooDeep|syntax)$/)]);
    expect(check('{{money ' + '(add 1 '.repeat(12) + '1' + ')'.repeat(12) + '}}')).toEqual([expect.objectContaining({ code: 'print.tooDeep' })]);
  });

  it('refuses a template with neither a body nor blocks', () => {
    expect(check('')).toEqual([{ path: '/printTemplates/0/template', code: 'print.emptyTemplate', message: 'a print template needs a template or blocks' }]);
  });
});
