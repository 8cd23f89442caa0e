/**
 * The studio's build. `pnpm dev` serves it with hot reload on http://127.0.0.1:5173 and proxies
 * `/api` to the server (`PIPEWRIGHT_API`, default http://127.0.0.1:3000); `pnpm build` writes
 * `dist/`, which the server serves at `/` (decision 050). Every script and style tag of the page
 * carries the nonce placeholder the server replaces per answer (decision 051).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  html: { cspNonce: '__PIPEWRIGHT_CSP_NONCE__' },
  resolve: { alias: { 'resize-observer-polyfill': fileURLToPath(new URL('./src/app/native-resize-observer.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: process.env.PIPEWRIGHT_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
