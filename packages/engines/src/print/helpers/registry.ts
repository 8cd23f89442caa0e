/**
 * Every print helper, by name. A template may call these and the handlebars built-ins `if`,
 * `unless`, `each`, `with` and `lookup`, nothing else (the publish check refuses other names).
 * Adding a helper means adding one module here.
 */
import { addHelper } from './add.ts';
import { barcodeHelper } from './barcode.ts';
import { dateHelper } from './date.ts';
import { moneyHelper } from './money.ts';
import { numberHelper } from './number.ts';
import { percentHelper } from './percent.ts';
import type { PrintHelper } from './print-helper.ts';
import { qrcodeHelper } from './qrcode.ts';
import { rmbUpperHelper } from './rmb-upper.ts';
import { sumHelper } from './sum.ts';

export const printHelpers: ReadonlyMap<string, PrintHelper> = new Map(
  [moneyHelper, rmbUpperHelper, numberHelper, percentHelper, dateHelper, sumHelper, addHelper, qrcodeHelper, barcodeHelper].map((h) => [h.name, h]),
);

/** The handlebars built-ins a template may use: blocks over the record's own data, no partials, no `log`. */
export const builtInBlocks: ReadonlySet<string> = new Set(['if', 'unless', 'each', 'with', 'lookup']);
