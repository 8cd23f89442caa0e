/** `{{qrcode opportunity_no}}`, `{{qrcode url 30}}`: a QR code of a value drawn here as inline SVG (no network, no image request). */
import QRCode from 'qrcode';
import { numberOf, type PrintHelper } from './print-helper.ts';

/** The QR code of `text` as an SVG element `sizeMm` wide. */
export function qrSvg(text: string, sizeMm: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let path = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) if (modules.get(x, y)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
  }
  const box = n + 8;
  return `<svg class="pw-qrcode" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" width="${sizeMm}mm" height="${sizeMm}mm" shape-rendering="crispEdges"><rect width="${box}" height="${box}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

export const qrcodeHelper: PrintHelper = {
  name: 'qrcode',
  description: 'A QR code of a value, drawn locally as SVG: {{qrcode opportunity_no}}; {{qrcode opportunity_no 30}} is 30 mm wide (default 25)',
  arity: [1, 2],
  run([value, size], _context, markup) {
    if (value === undefined || value === null || value === '') return '';
    const mm = numberOf(size);
    return markup(qrSvg(String(value).slice(0, 1000), mm !== undefined && mm >= 5 && mm <= 200 ? mm : 25));
  },
};
