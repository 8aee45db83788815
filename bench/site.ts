import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import config from '../observablehq.config.ts';
import { buildSite, clearLibraryBundles } from '../pipeline/site/build-site.ts';
import { serveSite } from '../pipeline/site/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../pipeline/slides/chromium.ts';
import { publishSample } from '../pipeline/sample/publish-sample.ts';

/**
 * The site on the sample, as a user meets it: build time; per page the bytes transferred and the time to the
 * first chart in headless Chromium with an empty cache; the time for a filter change to redraw a chart.
 * Targets (issue 6): build < 60 s, each page < 500 KB, first chart < 1.5 s, redraw < 100 ms.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'nm-bench-site-'));
// A chart is drawn when Plot has put a mark (a group with aria-label) with something in it.
// «Изменения после выпуска» is a page of tables: it has no chart to wait for.
const TABLE_PAGES = new Set(['changes']);
const CHART_MARK = 'svg [aria-label] > *';

try {
  const { snapshotDir } = await publishSample(work);
  const distDir = path.join(work, 'dist');
  // A new installation bundles the pages' libraries once (Framework keeps the bundles); every later build, as after
  // each nightly run, makes only the pages and the loaders' data.
  await clearLibraryBundles();
  const first = await buildSite({ snapshotDir, distDir, quiet: true });
  const { durationMs } = await buildSite({ snapshotDir, distDir, quiet: true });
  console.log(
    `build: ${(durationMs / 1000).toFixed(1)} s (target < 60 s); the first build of an installation, bundling the libraries too: ${(first.durationMs / 1000).toFixed(1)} s`,
  );

  const site = await serveSite({ distDir, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const routes = [
    ...config.pages.map((p) => ({ name: p.name, path: p.path.replace(/^\//, '') })),
    { name: 'Муниципалитет (Охотский)', path: 'territory/okhotsky' },
  ];
  console.log('page | KB transferred | first chart, ms');
  let worstKb = 0;
  let worstMs = 0;
  for (const route of routes) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    const page = await context.newPage();
    // the moment the first chart mark appears, measured in the page from navigation start
    await page.addInitScript((selector: string) => {
      const w = window as unknown as { firstChartMs?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector(selector)) {
          w.firstChartMs = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, CHART_MARK);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
    await page.goto(new URL(route.path, site.url).href, { waitUntil: 'networkidle' });
    worstKb = Math.max(worstKb, bytes / 1024);
    if (TABLE_PAGES.has(route.path)) {
      console.log(`${route.name} | ${(bytes / 1024).toFixed(0)} | — (a page of tables)`);
      await context.close();
      continue;
    }
    const drawn = await page.waitForSelector(CHART_MARK, { state: 'attached', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    const ms = drawn
      ? await page.evaluate(() => (window as unknown as { firstChartMs?: number }).firstChartMs ?? Number.NaN)
      : Number.NaN;
    worstMs = Math.max(worstMs, drawn ? ms : Number.POSITIVE_INFINITY);
    console.log(`${route.name} | ${(bytes / 1024).toFixed(0)} | ${drawn ? ms.toFixed(0) : 'no chart in 10 s'}`);
    await context.close();
  }
  console.log(
    `largest page ${worstKb.toFixed(0)} KB (target < 500 KB); slowest first chart ${worstMs.toFixed(0)} ms (target < 1,500 ms)`,
  );

  // Redraw: choose another year on «Обзор» and time until the territory bars change, five times.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(site.url, { waitUntil: 'networkidle' });
  await page.waitForSelector('#bars svg');
  const times: number[] = [];
  const years = await page.getByLabel('Год').evaluate((s: HTMLSelectElement) => [...s.options].map((o) => o.value));
  for (const year of years) {
    times.push(
      await page.getByLabel('Год').evaluate(
        (select: HTMLSelectElement, value: string) =>
          new Promise<number>((resolve) => {
            const bars = document.querySelector('#bars')!;
            const t0 = performance.now();
            new MutationObserver((_, observer) => {
              if (bars.querySelector('svg')) {
                observer.disconnect();
                // the frame after the change is painted
                requestAnimationFrame(() => resolve(performance.now() - t0));
              }
            }).observe(bars, { childList: true, subtree: true });
            select.value = value;
            select.dispatchEvent(new Event('input', { bubbles: true }));
          }),
        year,
      ),
    );
  }
  await context.close();
  times.sort((a, b) => a - b);
  console.log(
    `redraw after a year change («Обзор»): median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, worst ${times.at(-1)!.toFixed(0)} ms over ${times.length} changes (target < 100 ms)`,
  );
  await browser.close();
  await site.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
