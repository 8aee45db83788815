import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../pipeline/slides/chromium.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

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
  browser ??= chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return browser;
}
