import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildSite } from '../../pipeline/site/build-site.ts';
import { serveSite } from '../../pipeline/site/serve.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { makeRelease } from '../../pipeline/release/release.ts';
import { workerBrowser } from '../helpers/browser.ts';
import { pipelineConfigIn, REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { LAYOUT_SIZES, layoutProblems } from './layout-checks.ts';

// The site as real collections make it (sparse-empty-site.test.ts, sparse-seed-site.test.ts): the pipeline over an
// inbox, the site built from its snapshot and served on 127.0.0.1, every page and embed opened in Chromium.

const BROKEN = /\b(null|undefined|NaN|Infinity|No results|Loading)\b|-Infinity|\bк -1\b/;
export interface Site {
  url: string;
  routes: string[];
  /** The releases whose sites the build put at /releases/<id>/. */
  releases: string[];
  releasesDir: string;
  close: () => Promise<void>;
}

/** The territories named by the files of a snapshot (its ops_files). */
function territoriesWithFiles(snapshotDir: string): string[] {
  const files = JSON.parse(readFileSync(path.join(snapshotDir, 'ops_files.json'), 'utf8')) as {
    territory_ids: string[] | null;
  }[];
  return files.flatMap((f) => f.territory_ids ?? []);
}

/**
 * The pipeline over `fill`'s inbox, the site built from its snapshot and served on 127.0.0.1. With `later`, the
 * snapshot is first released (npm run release) for 2022, then `later` adds files and the pipeline runs again.
 */
export async function siteOf(
  fill: (inbox: string) => Promise<void>,
  later?: (inbox: string) => Promise<void>,
): Promise<Site> {
  const dir = tempDir('sparse-site-');
  const config = pipelineConfigIn(dir);
  const releasesDir = path.join(dir, 'releases');
  await fill(config.INBOX_DIR);
  const run = await runPipeline(config);
  expect(run.status).not.toBe('failed');
  if (later) {
    await makeRelease({
      snapshotDir: config.SNAPSHOT_DIR,
      releasesDir,
      referenceDir: config.REFERENCE_DIR,
      year: 2022,
      label: 'Справка в министерство',
      timeZone: REGION_TIME_ZONE,
      now: new Date('2023-01-31T02:00:00Z'),
    });
    await later(config.INBOX_DIR);
    expect((await runPipeline(config)).status).not.toBe('failed');
  }
  const distDir = path.join(dir, 'dist');
  // served uncompressed: the compressed copies are the sample site's and the fixture's to test
  const { releases } = await buildSite({
    snapshotDir: config.SNAPSHOT_DIR,
    distDir,
    releasesDir,
    quiet: true,
    precompress: false,
  });
  // every page the build wrote: the menu, each embed, and the territory pages that differ: each territory that sent a
  // file, and one that did not (the other 15 draw the same empty state from the same code)
  const withFiles = new Set(territoriesWithFiles(config.SNAPSHOT_DIR));
  const all = (readdirSync(distDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.html') && !f.startsWith('_') && !f.startsWith('releases'))
    .map((f) => `/${f.replace(/index\.html$/, '').replace(/\.html$/, '')}`)
    .sort();
  const territory = (route: string) => /^\/territory\/(.+)$/.exec(route)?.[1];
  const firstWithout = all.find((r) => territory(r) !== undefined && !withFiles.has(territory(r)!));
  const routes = all.filter((r) => territory(r) === undefined || withFiles.has(territory(r)!) || r === firstWithout);
  const server = await serveSite({ distDir, host: '127.0.0.1', port: 0 });
  return { url: server.url, routes, releases, releasesDir, close: server.close };
}

/** A table's rows as «cell | cell | …», for comparing what a page shows with figures worked out by hand. */
export const rowsOf = (page: Page, selector: string) =>
  page
    .locator(`${selector} tbody tr`)
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()).join(' | ')),
    );
export const NBSP = '\u00a0';

export const newContext = async () =>
  (await workerBrowser()).newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });

/**
 * Opens a route (in `shared`, the test's context, or in a new one), runs `check` on it once it is drawn, and says
 * what went wrong on the way. An embed is drawn when its box has a data-state; another page when the network is quiet.
 */
export async function visit<T>(
  site: Site,
  route: string,
  check: (page: Page, text: () => Promise<string>) => Promise<T>,
  shared?: BrowserContext,
): Promise<{ result: T; problems: string[] }> {
  const context = shared ?? (await newContext());
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(site.url).origin;
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`error: ${e.message}`));
  page.on(
    'request',
    (r) =>
      void (![origin, 'data:', 'blob:'].some((p) => r.url().startsWith(p)) && problems.push(`outside: ${r.url()}`)),
  );
  try {
    const href = new URL(route, site.url).href;
    if (route.startsWith('/embed/')) {
      await page.goto(href, { waitUntil: 'load' });
      await page.waitForSelector('.chart-embed[data-state]');
    } else {
      await page.goto(href, { waitUntil: 'networkidle' });
    }
    return { result: await check(page, () => page.evaluate(() => document.body.innerText)), problems };
  } finally {
    await (shared ? page.close() : context.close());
  }
}

/**
 * Opens every page and embed of `site`, four at a time in one context (its cache shared, as a person's browser would):
 * most of a visit to a page of the menu is waiting for the network to settle. Returns what is wrong, by route: a
 * console error, an outside request, broken text at 1280 px, a layout problem in any of the windows (layout-checks.ts).
 */
export async function everyPageProblems(site: Site): Promise<string[]> {
  const context = await newContext();
  const queue = [...site.routes];
  const found = new Map<string, string[]>();
  const visitNext = async (): Promise<void> => {
    for (let route = queue.shift(); route !== undefined; route = queue.shift()) {
      const {
        result: [text, layout],
        problems,
      } = await visit(
        site,
        route,
        // the text as drawn at 1280 px, then the layout in each window (layout-checks.ts)
        async (page, text) => {
          const drawn = await text();
          const found: string[] = [];
          for (const size of LAYOUT_SIZES) found.push(...(await layoutProblems(page, size)));
          return [drawn, found] as const;
        },
        context,
      );
      const broken = text.match(BROKEN);
      const bad = [...problems, ...layout].map((p) => `${route}: ${p}`);
      if (broken)
        bad.push(`${route}: «${text.slice(Math.max(0, broken.index! - 40), broken.index! + 30).replace(/\s+/g, ' ')}»`);
      found.set(route, bad);
    }
  };
  await Promise.all(Array.from({ length: 4 }, visitNext)).finally(() => context.close());
  expect(found.size).toBe(site.routes.length);
  return site.routes.flatMap((route) => found.get(route)!);
}
