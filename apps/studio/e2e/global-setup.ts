/**
 * Runs once before the browser test files (vitest project `browser`): builds the studio when
 * dist/ is stale, so no test file builds it while another file's server serves it.
 */
import { ensureStudioBuild } from '../scripts/ensure-build.ts';

export default function setup(): void {
  ensureStudioBuild();
}
