/**
 * The studio's build. `pnpm dev` serves it with hot reload on http://127.0.0.1:5173 and proxies
 * `/api` to the server (`PIPEWRIGHT_API`, default http://127.0.0.1:3000); `pnpm build` writes
 * `dist/`, which the server serves at `/` (decision 050). Every script and style tag of the page
 * carries the nonce placeholder the server replaces per answer (decision 051).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// React Router's package points every import at its development build, which keeps its
// development warnings in the bundle; a build takes its production build (decision 053).
const reactRouterProduction = join(dirname(createRequire(import.meta.url).resolve('react-router/package.json')), 'dist/production/index.mjs');

export default defineConfig(({ command }) => ({
  plugins: [react()],
  html: { cspNonce: '__PIPEWRIGHT_CSP_NONCE__' },
  resolve: {
    alias: [
      { find: 'resize-observer-polyfill', replacement: fileURLToPath(new URL('./src/app/native-resize-observer.ts', import.meta.url)) },
      ...(command === 'build' ? [{ find: /^react-router$/, replacement: reactRouterProduction }] : []),
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    // Every browser the target allows preloads modules itself.
    modulePreload: { polyfill: false },
    // Lazily loaded routes and widgets share many small modules (an icon, a hook); as chunks of a
    // few hundred bytes each they cost a request and their own gzip framing. Chunks below 4 KB
    // without side effects are merged into one loaded under similar conditions (decisions 053, 054).
    rollupOptions: { output: { experimentalMinChunkSize: 4096 } },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: process.env.PIPEWRIGHT_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
}));
