import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { get } from 'node:http';
import os from 'node:os';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/config.ts';
import { buildSite, clearLoaderCache } from '../../pipeline/site/build-site.ts';
import { serveSite, type ServedSite } from '../../pipeline/site/serve.ts';
import { LAGGING_COLOR } from '../../src/components/territory-bars.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, KEEP_SCREENSHOTS } from '../helpers/browser.ts';
import { FIXTURE_EXPECTED, FIXTURE_TERRITORIES, writeFixtureSnapshot } from './fixture-snapshot.ts';

const SCREENSHOT = path.join(PROJECT_ROOT, 'test-results', 'overview.png');

describe('«Обзор» page, built from a fixture snapshot and served offline', () => {
  let workDir: string;
  let distDir: string;
  let site: ServedSite;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'site-test-'));
    const snapshotDir = await writeFixtureSnapshot(path.join(workDir, 'snapshot'));
    distDir = path.join(workDir, 'dist');
    // buildSite refuses every fetch in the build and its loaders, so a successful build made no network request.
    const { durationMs } = await buildSite({ snapshotDir, distDir, quiet: true });
    console.log(`site built in ${(durationMs / 1000).toFixed(1)} s`);
    site = await serveSite({ distDir, host: '127.0.0.1', port: 0 });
    context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    context.on('request', (request) => requestedUrls.push(request.url()));
    context.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
    context.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
    });
    await page.goto(site.url, { waitUntil: 'networkidle' });
    await page.waitForSelector('#bars g[aria-label="bar"] rect');
  });

  afterAll(async () => {
    await context?.close();
    await site?.close();
    await clearLoaderCache(); // leave no fixture data in Framework's cache
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('loads without console errors, failed requests or requests to other hosts', () => {
    const origin = new URL(site.url).origin;
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requestedUrls.length).toBeGreaterThan(5);
    expect(requestedUrls.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
  });

  it('ships no reference to a CDN, npm: specifiers or Google Fonts', async () => {
    const offenders: string[] = [];
    for (const file of await readdir(distDir, { recursive: true })) {
      if (!/\.(html|js|css|json)$/.test(file)) continue;
      const text = await readFile(path.join(distDir, file), 'utf-8');
      const hit = /npm:|googleapis|gstatic|jsdelivr|unpkg|esm\.sh/.exec(text);
      if (hit) offenders.push(`${file}: ${hit[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it("serves the build's brotli and gzip copies to browsers that accept them, and the plain file to others", async () => {
    const script = (await readdir(distDir, { recursive: true })).find((f) => f.endsWith('.js') && f.includes('plot'))!;
    const original = await readFile(path.join(distDir, script));
    const url = new URL(script.split(path.sep).join('/'), site.url).href;
    for (const [accept, encoding, decode] of [
      ['br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      // node's fetch would decode on its own; http.get hands over the bytes as sent
      const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) =>
          get(url, { headers: { 'Accept-Encoding': accept } }, (res) => {
            const chunks: Buffer[] = [];
            res
              .on('data', (c: Buffer) => chunks.push(c))
              .on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject),
      );
      expect(headers['content-encoding']).toBe(encoding);
      expect(body.length).toBeLessThan(original.length / 2);
      expect(decode(body).equals(original)).toBe(true);
    }
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    expect(Buffer.from(await plain.arrayBuffer()).equals(original)).toBe(true);
  });

  it('says when the data was loaded, in Khabarovsk time, and that it is synthetic', async () => {
    expect(await page.textContent('#loaded-at')).toBe(
      `Данные загружены: ${FIXTURE_EXPECTED.generatedAtText} (Хабаровск)`,
    );
    expect(await page.isVisible('#synthetic-notice')).toBe(true);
  });

  it("shows the region's value, change and lagging count for the latest year", async () => {
    expect(await page.textContent('#kpi-value')).toBe(FIXTURE_EXPECTED.regionOo2024);
    expect(await page.textContent('#kpi-change')).toBe(FIXTURE_EXPECTED.changeOo2024);
    expect(await page.textContent('#kpi-lagging')).toBe(String(FIXTURE_EXPECTED.laggingOo2024.length));
  });

  it('draws the trend: value and trajectory lines, a dot per year, the target', async () => {
    expect(await page.locator('#trend g[aria-label="line"] path').count()).toBe(2);
    expect(await page.locator('#trend g[aria-label="dot"] circle').count()).toBe(5);
    expect(await page.locator('#trend svg').last().textContent()).toContain(FIXTURE_EXPECTED.regionOo2024);
    expect(await page.locator('#trend svg').last().textContent()).toContain('цель 2024');
  });

  it('draws one bar per territory, lagging ones in their own colour', async () => {
    const bars = page.locator('#bars g[aria-label="bar"] rect');
    expect(await bars.count()).toBe(FIXTURE_TERRITORIES.length);
    const fills = await bars.evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')?.toUpperCase()));
    expect(fills.filter((f) => f === LAGGING_COLOR)).toHaveLength(FIXTURE_EXPECTED.laggingOo2024.length);
    const text = await page.locator('#bars').textContent();
    for (const t of FIXTURE_TERRITORIES) expect(text).toContain(t.short_name);
    expect(text).toContain('ниже траектории');
    expect(text).toContain('траектория 2024: 70,0\u00a0%');
  });

  it('redraws the bars when another year is chosen', async () => {
    if (KEEP_SCREENSHOTS) {
      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    const widths = () =>
      page.locator('#bars g[aria-label="bar"] rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('width')));
    const before = await widths();
    await page.getByLabel('Год').selectOption({ label: '2022' });
    await expect.poll(() => page.textContent('#kpi-value')).toBe(FIXTURE_EXPECTED.regionOo2022);
    expect(await page.locator('#bars').textContent()).toContain('траектория 2022: 40,0\u00a0%');
    expect(await page.locator('#bars g[aria-label="bar"] rect').count()).toBe(FIXTURE_TERRITORIES.length);
    expect(await widths()).not.toEqual(before);
    expect(consoleErrors).toEqual([]);
  });
});
