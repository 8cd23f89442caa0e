/**
 * Serves the studio's production build (`apps/studio/dist`, see decision 050): hashed files
 * under `/assets/` with a year-long immutable cache, the other files of the build revalidated
 * on every use, and the single page (`index.html`) for every client route, with the nonce of
 * its Content-Security-Policy written into it (decision 051). Unknown `/api/…` paths and
 * missing files stay 404 problems; a build that is missing answers 503 saying how to build it.
 *
 * @example
 * app.register(studioSite, { directory: '/srv/pipewright/apps/studio/dist' });
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newNonce } from './security-headers.ts';

export interface StudioSiteOptions {
  /** The directory of the build (holding `index.html` and `assets/`). */
  directory: string;
}

/** The placeholder the build writes where the nonce goes (vite.config.ts: `html.cspNonce`). */
export const noncePlaceholder = '__PIPEWRIGHT_CSP_NONCE__';

const hashedAssets = '/assets/';
const longCache = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

/** A client route: not the API, and no file name extension (`/app/x/list`, not `/logo.svg`). */
export function isClientRoute(path: string): boolean {
  if (path === '/api' || path.startsWith('/api/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

export async function studioSite(app: FastifyInstance, { directory }: StudioSiteOptions): Promise<void> {
  const indexFile = join(directory, 'index.html');
  const built = existsSync(indexFile);
  // Read again when a new build replaced it (the server need not restart after `pnpm build`).
  let cached: { mtimeMs: number; text: string } | undefined;
  const readPage = (): string | undefined => {
    try {
      const { mtimeMs } = statSync(indexFile);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: readFileSync(indexFile, 'utf8') };
      return cached.text;
    } catch {
      return undefined;
    }
  };

  if (built) {
    // Hashed files: any file under assets/, looked up per request, so a new build needs no restart.
    await app.register(fastifyStatic, {
      root: join(directory, 'assets'),
      prefix: hashedAssets,
      index: false,
      cacheControl: false,
      setHeaders: (response) => response.setHeader('cache-control', longCache),
      schemaHide: true,
    });
    // The other files of the build (favicon.svg): one route each; the page is sent by sendPage.
    await app.register(fastifyStatic, {
      root: directory,
      prefix: '/',
      wildcard: false,
      index: false,
      decorateReply: false,
      globIgnore: ['index.html', 'assets/**', '.vite/**'],
      cacheControl: false,
      setHeaders: (response) => response.setHeader('cache-control', revalidate),
      schemaHide: true,
    });
  }

  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (!isClientRoute(path)) return reply.callNotFound();
    const page = readPage();
    if (!page) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The studio is not built. Run `pnpm start` from the repository root (it builds it), or `pnpm --filter @pipewright/studio build`.\n');
    }
    const nonce = newNonce();
    reply.studioNonce = nonce;
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page.replaceAll(noncePlaceholder, nonce));
  };
  app.get('/', { schema: { hide: true } }, sendPage);
  app.get('/*', { schema: { hide: true } }, sendPage);
}
