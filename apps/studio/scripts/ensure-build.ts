/**
 * Builds the studio (`vite build` into dist/) when the build is missing or older than any of
 * its sources; otherwise does nothing. `pnpm start` runs it before the server (decision 050),
 * so a fresh clone or a `git pull` serves the current studio without a separate build step.
 *
 * @example
 * pnpm --filter @pipewright/studio ensure-build
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'index.html');
const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

/** The newest modification time under `path` (a file or a directory tree). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/** Why a build is needed, or undefined when dist/ is current. */
export function staleReason(): string | undefined {
  if (!existsSync(built)) return 'no build yet';
  const builtAt = statSync(built).mtimeMs;
  const changed = sources.find((source) => newest(join(root, source)) > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

const reason = staleReason();
if (reason) {
  console.log(`Building the studio (${reason}) …`);
  const result = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The studio build failed; see above.');
    process.exit(result.status ?? 1);
  }
  console.log('Studio built.');
}
