/** `{{barcode order_no}}`: a Code 128 barcode of a value with its text below, drawn here as inline SVG. */
import { toSVG } from 'bwip-js';
import { numberOf, type PrintHelper } from './print-helper.ts';

/** The Code 128 barcode of `text` as an SVG element `heightMm` high. */
export function barcodeSvg(text: string, heightMm: number): string {
  const svg = toSVG({ bcid: 'code128', text, height: heightMm, includetext: true, textxalign: 'center' });
  return svg.replace('<svg ', `<svg class="pw-barcode" height="${String(Math.round(heightMm * 1.3))}mm" `);
}

export const barcodeHelper: PrintHelper = {
  name: 'barcode',
  description: 'A Code 128 barcode of a value, drawn locally as SVG: {{barcode opportunity_no}}; {{barcode sku 15}} is 15 mm high (default 10)',
  arity: [1, 2],
  run([value, height], _context, markup) {
    if (value === undefined || value === null || value === '') return '';
    const mm = numberOf(height);
    // Code 128 encodes ASCII; other characters cannot be scanned, so they are left out.
    const text = String(value).replace(/[^\x20-\x7e]/g, '').slice(0, 80);
    return text === '' ? '' : markup(barcodeSvg(text, mm !== undefined && mm >= 5 && mm <= 100 ? mm : 10));
  },
};
