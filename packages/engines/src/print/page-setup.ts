/** The paper of a print template: its size in millimetres (orientation applied) and its margins. */
import type { PageSetup, PrintTemplate } from '@pipewright/metadata';

export interface PaperGeometry {
  widthMm: number;
  heightMm: number;
  margins: { top: number; right: number; bottom: number; left: number };
}

const sizes: Record<Exclude<NonNullable<PageSetup['size']>, 'custom'>, [number, number]> = {
  A3: [297, 420],
  A4: [210, 297],
  A5: [148, 210],
  B5: [176, 250],
  Letter: [215.9, 279.4],
  Legal: [215.9, 355.6],
};

/** Default margins leave room for a running header and footer. */
export const defaultMargins = { top: 20, right: 15, bottom: 20, left: 15 };

/**
 * @example
 * paperOf({ ...template, page: { size: 'A5', orientation: 'landscape' } }) // { widthMm: 210, heightMm: 148, margins: … }
 */
export function paperOf(template: Pick<PrintTemplate, 'page'>): PaperGeometry {
  const page = template.page ?? {};
  const size = page.size ?? 'A4';
  const [w, h] = size === 'custom' ? [page.width ?? 210, page.height ?? 297] : sizes[size];
  const landscape = page.orientation === 'landscape';
  return { widthMm: landscape ? h : w, heightMm: landscape ? w : h, margins: page.margins ?? defaultMargins };
}
