import { existsSync } from 'node:fs';

/**
 * Debian's headless Chromium (package `chromium-headless-shell`, built from the same source and version as
 * `chromium`): the same Blink and Skia without the desktop browser around them, as Playwright's own headless default.
 * A page of the site costs it about a third of the CPU of the full browser's headless mode (27 page loads with a
 * screenshot: 22 against 57 CPU-s), and drawing pages is most of the slides' time and of the browser tests'.
 */
export const CHROMIUM_PATH = '/usr/lib/chromium/chromium-headless-shell';

/** Nothing fetched or started in the background; no sandbox, which needs privileges a container or CI lacks. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Throws, in Russian, what to install when the browser is missing (Playwright's own message is English). */
export function requireChromium(file = CHROMIUM_PATH): string {
  if (!existsSync(file)) {
    throw new Error(
      `Не найден headless Chromium (${file}): установите пакет Debian chromium-headless-shell (apt-get install chromium-headless-shell).`,
    );
  }
  return file;
}
