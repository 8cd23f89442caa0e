/** Test support: the text of each page of a PDF, by poppler's pdftotext (Debian's poppler-utils). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The PDF's pages as text; the file is kept under the temp directory for a look with pdftoppm. */
export function pdfPages(pdf: Uint8Array, name: string): { pages: string[]; file: string } {
  const dir = join(tmpdir(), 'pipewright-print');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return { pages, file };
}
