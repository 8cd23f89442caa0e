/**
 * The CSS every printed document starts from: the page box, CJK fonts, tables whose header row
 * repeats on every page and whose rows never split across pages, page breaks, and the styles of
 * the block form (signature and seal areas, codes). A template's own CSS comes after and wins.
 */
import type { PaperGeometry } from './page-setup.ts';

export function printDocumentCss(paper: PaperGeometry): string {
  const { top, right, bottom, left } = paper.margins;
  return `@page { size: ${paper.widthMm}mm ${paper.heightMm}mm; margin: ${top}mm ${right}mm ${bottom}mm ${left}mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "Noto Serif CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; line-height: 1.5; color: #000; }
table { border-collapse: collapse; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, img, svg { break-inside: avoid; page-break-inside: avoid; }
.pw-table { width: 100%; margin: 3mm 0; }
.pw-table th, .pw-table td { border: 0.3mm solid #666; padding: 1.2mm 2mm; vertical-align: top; }
.pw-table th { background: #f0f0f0; }
.pw-totals td { font-weight: bold; }
.pw-no { width: 8mm; text-align: center; }
.pw-field { margin: 1mm 0; }
.pw-label { display: inline-block; min-width: 22mm; color: #444; }
.pw-label::after { content: "："; }
.pw-page-break { break-after: page; page-break-after: always; }
.pw-keep { break-inside: avoid; }
.pw-signatures { display: flex; gap: 10mm; margin-top: 8mm; break-inside: avoid; }
.pw-signature { flex: 1; position: relative; min-height: 32mm; }
.pw-sign-line { border-bottom: 0.3mm solid #000; height: 12mm; margin-right: 30mm; }
.pw-seal { position: absolute; right: 0; top: 0; width: 28mm; height: 28mm; border: 0.3mm dashed #c00; border-radius: 50%; color: #c00; display: flex; align-items: center; justify-content: center; }
.pw-sign-date { margin-top: 3mm; }
.pw-code { margin: 2mm 0; }
`;
}
