/**
 * Which Chromium prints: `PUPPETEER_EXECUTABLE_PATH`, then Debian's `/usr/bin/chromium`, then
 * the browser puppeteer downloaded (absent when installed with `PUPPETEER_SKIP_DOWNLOAD=1`).
 */
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer';

export function browserExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['PUPPETEER_EXECUTABLE_PATH'];
  if (configured) return configured;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return puppeteer.executablePath();
}

/** Flags for a headless printing browser on a shared server. */
export const browserArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage', '--disable-extensions', '--mute-audio'];
