import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, headless, nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Promise<Browser> | undefined;

/**
 * One browser per worker, open for the worker's life: the files of a worker share a module graph (vitest.config.ts),
 * so the browser tests of one worker share it, each test in a context of its own. Playwright closes it when the
 * worker's process exits.
 */
export function workerBrowser(): Promise<Browser> {
  browser ??= chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return browser;
}
