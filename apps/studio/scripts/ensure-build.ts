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
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** Builds dist/ when it is stale; true when it built. Throws when the build fails. */
export function ensureStudioBuild(log: (line: string) => void = console.log): boolean {
  const reason = staleReason();
  if (!reason) return false;
  log(`Building the studio (${reason}) …`);
  // NODE_ENV decides React's and antd's build: under a test runner it is `test`, which would
  // ship their development code.
  const result = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`The studio build failed (exit ${String(result.status)}); see above.`);
  log('Studio built.');
  return true;
}

export const studioDist = join(root, 'dist');

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureStudioBuild();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
