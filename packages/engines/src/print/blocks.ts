/**
 * The block form of a print template, as the print designer produces it, compiled to the
 * handlebars body the renderer fills. Every fixed text is escaped here (including `{` so that it
 * cannot become a handlebars expression); every value goes through a helper or `{{path}}`, so
 * handlebars escapes it.
 */
import type { PrintBlock, PrintFormat, PrintTableColumn } from '@pipewright/metadata';
import { escapeHtml } from './helpers/print-helper.ts';

/**
 * @example
 * blocksToTemplate([{ type: 'field', field: 'account.name', label: '客户' }])
 * // '<div class="pw-field"><span class="pw-label">客户</span><span class="pw-value">{{account.name}}</span></div>'
 */
export function blocksToTemplate(blocks: readonly PrintBlock[]): string {
  return blocks.map(blockHtml).join('\n');
}

function text(value: string): string {
  return escapeHtml(value).replace(/[{}\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function styleOf(style: string | undefined): string {
  return style ? ` style="${text(style)}"` : '';
}

/** The handlebars expression printing `path` in `format`. */
export function formatted(path: string, format: PrintFormat | undefined, currency?: string): string {
  switch (format ?? 'text') {
    case 'money':
      return currency ? `{{money ${path} "${currency}"}}` : `{{money ${path}}}`;
    case 'rmbUpper':
      return `{{rmbUpper ${path}}}`;
    case 'number':
      return `{{number ${path}}}`;
    case 'percent':
      return `{{percent ${path}}}`;
    case 'date':
      return `{{date ${path}}}`;
    case 'datetime':
      return `{{date ${path} "YYYY-MM-DD HH:mm"}}`;
    case 'text':
      return `{{${path}}}`;
  }
}

function blockHtml(block: PrintBlock): string {
  const html = blockBody(block);
  return block.type !== 'pageBreak' && block.when ? `{{#if ${block.when}}}${html}{{/if}}` : html;
}

function blockBody(block: PrintBlock): string {
  switch (block.type) {
    case 'text': {
      const tag = block.level ?? 'p';
      return `<${tag} class="pw-text"${styleOf(block.style)}>${text(block.text).replace(/\n/g, '<br>')}</${tag}>`;
    }
    case 'field':
      return `<div class="pw-field"${styleOf(block.style)}>${block.label ? `<span class="pw-label">${text(block.label)}</span>` : ''}<span class="pw-value">${formatted(block.field, block.format, block.currency)}</span></div>`;
    case 'image':
      return `<img class="pw-image"${styleOf(block.style)} src="${text(block.src)}" alt="${text(block.alt ?? '')}"${block.width ? ` width="${String(block.width)}mm" style="width:${String(block.width)}mm"` : ''}>`;
    case 'table':
      return tableHtml(block.items, block.columns, block.numbered ?? false, block.totalsLabel, block.style);
    case 'code': {
      const size = block.size ? ` ${String(block.size)}` : '';
      return `<div class="pw-code"${styleOf(block.style)}>{{${block.symbology === 'qrcode' ? 'qrcode' : 'barcode'} ${block.field}${size}}}</div>`;
    }
    case 'signature':
      return `<div class="pw-signatures"${styleOf(block.style)}>${block.parties
        .map((party) => `<div class="pw-signature"><div class="pw-sign-label">${text(party)}（签字）</div><div class="pw-sign-line"></div>${block.seal ? '<div class="pw-seal">盖章</div>' : ''}<div class="pw-sign-date">日期：</div></div>`)
        .join('')}</div>`;
    case 'pageBreak':
      return '<div class="pw-page-break"></div>';
    case 'section':
      return `<div class="pw-section${block.keepTogether ? ' pw-keep' : ''}"${styleOf(block.style)}>${blocksToTemplate(block.blocks)}</div>`;
  }
}

function tableHtml(items: string, columns: readonly PrintTableColumn[], numbered: boolean, totalsLabel: string | undefined, style: string | undefined): string {
  const align = (c: PrintTableColumn) => {
    const css = [c.align ? `text-align:${c.align}` : '', c.width ? `width:${c.width}` : ''].filter(Boolean).join(';');
    return css ? ` style="${css}"` : '';
  };
  const head = `${numbered ? '<th class="pw-no">#</th>' : ''}${columns.map((c) => `<th${align(c)}>${text(c.label)}</th>`).join('')}`;
  const row = `${numbered ? '<td class="pw-no">{{add @index 1}}</td>' : ''}${columns.map((c) => `<td${align(c)}>${formatted(c.field, c.format)}</td>`).join('')}`;
  const totals = columns.some((c) => c.total)
    ? `<tr class="pw-totals">${numbered ? '<td></td>' : ''}${columns
        .map((c, i) => `<td${align(c)}>${c.total ? formatted(`(sum ${items} "${c.field}")`, c.format === 'text' ? 'number' : c.format) : i === 0 ? text(totalsLabel ?? '合计') : ''}</td>`)
        .join('')}</tr>`
    : '';
  return `<table class="pw-table"${styleOf(style)}><thead><tr>${head}</tr></thead><tbody>{{#each ${items}}}<tr>${row}</tr>{{/each}}${totals}</tbody></table>`;
}
