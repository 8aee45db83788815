import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import { PROJECT_ROOT } from '../../../pipeline/config.ts';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Promise<Browser> | undefined;
afterAll(async () => {
  await (await browser)?.close();
  browser = undefined;
});

/** A page of the sample site in headless Chromium, with everything that went wrong on the way. */
export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests that failed or answered ≥ 400. */
  failed: string[];
  /** Every URL requested that is not on the site's own origin (data: URLs aside). */
  outside: string[];
  /** Bytes of the responses received (their bodies). */
  bytes(): number;
  close(): Promise<void>;
}

/**
 * Opens `route` (e.g. "lagging") of the sample site built by sample-site.setup.ts and waits for the network to settle.
 * @example const { page, errors } = await openPage("territories"); … await close();
 */
export async function openPage(route: string, viewport = { width: 1280, height: 900 }): Promise<OpenedPage> {
  const { url } = inject('sampleSite');
  const origin = new URL(url).origin;
  // one browser per test file's process, a fresh context (cookies, storage, downloads) per page
  browser ??= chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context: BrowserContext = await (
    await browser
  ).newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  const outside: string[] = [];
  let bytes = 0;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  context.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  context.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  context.on('response', async (r) => {
    if (r.status() >= 400) failed.push(`${r.url()}: HTTP ${r.status()}`);
    const length = Number(r.headers()['content-length']);
    bytes += Number.isFinite(length) ? length : (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(new URL(route, url).href, { waitUntil: 'networkidle' });
  return {
    page,
    errors,
    failed,
    outside,
    bytes: () => bytes,
    close: () => context.close(),
  };
}

/** Saves a full-page screenshot under test-results/pages/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(PROJECT_ROOT, 'test-results', 'pages', `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A file of the snapshot the sample site was built from, to compare what a page shows with the marts. */
export async function sampleSnapshot<T = unknown>(name: string): Promise<T> {
  const { snapshotDir } = inject('sampleSite');
  return JSON.parse(await readFile(path.join(snapshotDir, `${name}.json`), 'utf-8')) as T;
}
