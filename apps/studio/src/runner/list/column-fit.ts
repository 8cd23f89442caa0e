/**
 * Column widths that fit the table's box: when the columns' own widths (the view's, else the
 * field type's) add up to more than the box, every column gives up the same share of its width,
 * none below `minimum` (or its own width when smaller). Only when the minimums do not fit does
 * the table scroll sideways.
 *
 * @example
 * fitColumns([200, 300, 150], 520) // [160, 240, 120]
 * fitColumns([200, 300], 800)      // [200, 300]: they fit as they are
 */
export function fitColumns(widths: readonly number[], available: number, minimum = 96): number[] {
  const total = widths.reduce((sum, w) => sum + w, 0);
  if (total <= available || available <= 0) return [...widths];
  const floors = widths.map((w) => Math.min(w, minimum));
  const spare = widths.reduce((sum, w, i) => sum + (w - floors[i]!), 0);
  const room = Math.max(0, available - floors.reduce((sum, f) => sum + f, 0));
  const share = spare === 0 ? 0 : Math.min(1, room / spare);
  return widths.map((w, i) => Math.floor(floors[i]! + (w - floors[i]!) * share));
}
