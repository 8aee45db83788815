import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inject, onTestFinished } from 'vitest';
import { PROJECT_ROOT } from '../../../pipeline/config.ts';
import { KEEP_SCREENSHOTS, workerBrowser } from '../../helpers/browser.ts';
import { READY_PATH, type SampleSite } from './sample-site.setup.ts';

let built: Promise<SampleSite> | undefined;

/**
 * The sample site of sample-site.setup.ts, once it is built (the set-up builds it in the background while the tests
 * that need no site run). A failed sample or build fails the test with its reason.
 */
export function sampleSite(): Promise<SampleSite> {
  built ??= (async () => {
    const site = inject('sampleSite');
    const answer = await fetch(new URL(READY_PATH, site.url));
    if (!answer.ok) throw new Error(await answer.text());
    return site;
  })();
  return built;
}

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

/** How a page is known to be drawn: the network quiet for 500 ms, or (faster) an element that its code adds last. */
export interface OpenOptions {
  /** A selector that appears once the page has drawn, e.g. `.chart-embed[data-state]` on an embed page. */
  ready?: string;
}

const CONTEXT_OPTIONS = { viewport: { width: 1280, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };
let testContext: Promise<BrowserContext> | undefined;

/**
 * The context of the running test: the pages one test opens share it (and its HTTP cache, as a person's browser
 * would), and it is closed when the test ends. Outside a test (a `beforeAll`) a page gets a context of its own.
 */
async function contextForPage(): Promise<{ context: BrowserContext; own: boolean }> {
  const browser = workerBrowser();
  if (!testContext) {
    try {
      onTestFinished(async () => {
        const done = testContext;
        testContext = undefined;
        await (await done)?.close();
      });
    } catch {
      // not inside a test
      return { context: await (await browser).newContext(CONTEXT_OPTIONS), own: true };
    }
    testContext = browser.then((b) => b.newContext(CONTEXT_OPTIONS));
  }
  return { context: await testContext, own: false };
}

/**
 * Opens `route` (e.g. "lagging") of the sample site built by sample-site.setup.ts and waits until it is drawn.
 * @example const { page, errors } = await openPage("territories"); … await close();
 */
export async function openPage(
  route: string,
  viewport = { width: 1280, height: 900 },
  options: OpenOptions = {},
): Promise<OpenedPage> {
  const { url } = await sampleSite();
  const origin = new URL(url).origin;
  // one browser per worker, a fresh context (cookies, storage, downloads) per test
  const { context, own } = await contextForPage();
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  const failed: string[] = [];
  const outside: string[] = [];
  let bytes = 0;
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', async (r) => {
    if (r.status() >= 400) failed.push(`${r.url()}: HTTP ${r.status()}`);
    const length = Number(r.headers()['content-length']);
    bytes += Number.isFinite(length) ? length : (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  const href = new URL(route, url).href;
  if (options.ready) {
    await page.goto(href, { waitUntil: 'load' });
    await page.waitForSelector(options.ready);
  } else {
    await page.goto(href, { waitUntil: 'networkidle' });
  }
  return {
    page,
    errors,
    failed,
    outside,
    bytes: () => bytes,
    close: () => (own ? context.close() : page.close()),
  };
}

/**
 * Saves a full-page screenshot under test-results/pages/ for a person to look at, when asked (`npm run screenshots`,
 * see KEEP_SCREENSHOTS); returns its file, or null.
 */
export async function screenshot(page: Page, name: string): Promise<string | null> {
  if (!KEEP_SCREENSHOTS) return null;
  const file = path.join(PROJECT_ROOT, 'test-results', 'pages', `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A file of the snapshot the sample site was built from, to compare what a page shows with the marts. */
export async function sampleSnapshot<T = unknown>(name: string): Promise<T> {
  const { snapshotDir } = await sampleSite();
  return JSON.parse(await readFile(path.join(snapshotDir, `${name}.json`), 'utf-8')) as T;
}
