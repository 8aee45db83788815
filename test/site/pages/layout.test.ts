import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LAYOUT_SIZES, layoutProblems } from '../layout-checks.ts';
import { openPage, sampleSite, screenshot } from './browser.ts';

// Every page of the sample site, every embed and four territory pages (a city, the longest name, a district, Охотский
// renamed in 2023) in a phone's 360 × 800, a tablet's 768 × 1024, a projector's 1280 × 720 and a desktop's 1920 × 1080:
// no console error, no failed request and none to another host, the page never wider than the window, no two labels
// of a chart over each other, no mark of negative size (or of zero size for a value), no table header cut; a page of
// the menu or a territory says when its data was loaded and draws its charts («Изменения после выпуска», a page of
// tables, says how to make a release). Each page is opened once and the window resized, as a person turning a tablet
// would; with `npm run screenshots` the pages are kept at each width (test-results/pages/layout/). The sparse sites
// get the same checks in sparse-empty-site.test.ts and sparse-seed-site.test.ts.

const MENU = ['', 'territories', 'lagging', 'forms', 'org-types', 'registry', 'checklist', 'quality', 'changes'];
const TERRITORIES = [
  'territory/khabarovsk',
  'territory/verkhnebureinsky',
  'territory/komsomolsky',
  'territory/okhotsky',
];

async function embeds(): Promise<string[]> {
  const { distDir } = await sampleSite();
  return readdirSync(path.join(distDir, 'embed'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => `embed/${f.replace(/\.html$/, '')}`)
    .sort();
}

/** What a page of the menu or a territory must say and show, as problems: when its data was loaded, and its charts. */
async function pageProblems(route: string, page: Page): Promise<string[]> {
  const problems: string[] = [];
  const loadedAt = await page
    .locator('#loaded-at')
    .textContent({ timeout: 10_000 })
    .catch(() => null);
  if (!/^Данные загружены: \d{1,2} [а-я]+ \d{4}, \d{2}:\d{2} \(Хабаровск\)$/.test(loadedAt ?? ''))
    problems.push(`/${route}: #loaded-at «${loadedAt}»`);
  if (route === 'changes') {
    // a table page; the sample has no release yet, and the page says how to make one
    const text = await page.textContent('main');
    if (!text?.includes('Выпусков пока нет: сравнивать не с чем. Выпуск делается командой npm run release.'))
      problems.push(`/${route}: no word on making a release`);
  } else if ((await page.locator('svg [aria-label] > *').count()) === 0) problems.push(`/${route}: no chart marks`);
  return problems;
}

/**
 * Opens each route once and checks it at every width (and, for a page that is not an embed, what it says); screenshots
 * under layout/ when `keep` says so.
 */
async function check(routes: readonly string[], keep: boolean, ready?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    const [width, height] = LAYOUT_SIZES[0];
    const opened = await openPage(route, { width, height }, ready ? { ready } : {});
    try {
      if (!ready) problems.push(...(await pageProblems(route, opened.page)));
      for (const size of LAYOUT_SIZES) {
        const [width] = size;
        problems.push(...(await layoutProblems(opened.page, size)).map((p) => `/${route} ${p}`));
        if (keep) await screenshot(opened.page, `layout/${route.replace(/\//g, '-') || 'index'}-${width}`);
      }
      problems.push(...opened.errors.map((e) => `/${route}: console ${e}`));
      problems.push(...opened.failed.map((e) => `/${route}: failed ${e}`));
      problems.push(...opened.outside.map((e) => `/${route}: outside request ${e}`));
    } finally {
      await opened.close();
    }
  }
  return problems;
}

describe('the sample site at 360, 768, 1280 and 1920 px', () => {
  it('the nine pages of the menu', async () => {
    expect(await check(MENU, true)).toEqual([]);
  }, 240_000);

  it('every embed page, and a territory page of a city, of the longest name, of a district and of a renamed one', async () => {
    const pages = await embeds();
    expect(pages).toHaveLength(19);
    expect([...(await check(pages, false, '.chart-embed[data-state]')), ...(await check(TERRITORIES, true))]).toEqual(
      [],
    );
  }, 240_000);
});
