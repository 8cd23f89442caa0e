/** Whether the machine has fonts that draw Chinese (Debian's fonts-noto-cjk); without them 报价单 prints as boxes. */
import { execFileSync } from 'node:child_process';

export function cjkFontsInstalled(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 5000 }).trim() !== '';
  } catch {
    return false;
  }
}

export const cjkFontsWarning = 'No Chinese fonts found (fc-list :lang=zh): printed documents will show boxes for Chinese text. Install them with `apt-get install fonts-noto-cjk`.';
