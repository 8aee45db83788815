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

/**
 * Screenshots are for a person to look at and check nothing, so `npm test` takes none: a full page costs Chromium
 * about a third of a CPU-second, seventy of them a minute of a worker. `npm run screenshots` (SCREENSHOTS=1) runs the
 * browser tests that take them.
 */
export const KEEP_SCREENSHOTS = process.env.SCREENSHOTS === '1';

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
