import { describe, expect, it } from 'vitest';
import config from '../../../observablehq.config.ts';
import { openPage, screenshot } from './browser.ts';

// Every page of the menu and one territory page (Охотский, renamed in 2023), on the sample site: each with its charts,
// but «Изменения после выпуска», a page of tables.
const ROUTES = [
  ...config.pages.map((p) => ({ name: p.name, path: p.path.replace(/^\//, '') || '.' })),
  { name: 'Охотский', path: 'territory/okhotsky' },
];

describe('every page of the sample site', () => {
  it.each(ROUTES)(
    '$name ($path) loads with no error, no failed or outside request, says when data was loaded, and draws',
    async ({ path: route }) => {
      const opened = await openPage(route);
      try {
        const { page } = opened;
        await page.waitForSelector('#loaded-at');
        expect(await page.textContent('#loaded-at')).toMatch(
          /^Данные загружены: \d{1,2} [а-я]+ \d{4}, \d{2}:\d{2} \(Хабаровск\)$/,
        );
        if (route === 'changes') {
          // a table page; the sample has no release yet, and the page says how to make one
          expect(await page.textContent('main')).toContain(
            'Выпусков пока нет: сравнивать не с чем. Выпуск делается командой npm run release.',
          );
        } else expect(await page.locator('svg [aria-label] > *').count(), 'chart marks').toBeGreaterThan(0);
        await screenshot(page, route === '.' ? 'index' : route.replaceAll('/', '-'));
        expect(opened.errors).toEqual([]);
        expect(opened.failed).toEqual([]);
        expect(opened.outside).toEqual([]);
      } finally {
        await opened.close();
      }
    },
  );
});
