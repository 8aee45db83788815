import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { chromium } from 'playwright-core';
import {
  CHROMIUM_PATH,
  planSlides,
  type RenderedSlide,
  renderSlides,
  SLIDE_CHROMIUM_ARGS,
  slug,
} from '../../../pipeline/slides/render-slides.ts';
import { PROJECT_ROOT } from '../../../pipeline/config.ts';
import { makeRelease, releaseFolders } from '../../../pipeline/release/release.ts';
import { KEEP_SCREENSHOTS } from '../../helpers/browser.ts';
import { openPage, sampleSite, sampleSnapshot } from './browser.ts';

// `npm run slides`: the standard seminar set of the sample, rendered by headless Chromium from the built site.
let outDir: string;
let rendered: RenderedSlide[];
let indicators: RefIndicator[];
let territories: RefTerritory[];

beforeAll(async () => {
  const { snapshotDir, distDir } = await sampleSite();
  indicators = await sampleSnapshot('ref_indicators');
  territories = await sampleSnapshot('ref_territories');
  outDir = await mkdtemp(path.join(os.tmpdir(), 'slides-'));
  // the set at 1× (what is checked is which slides, their titles and their drawing); one slide at the CLI's 2× below
  rendered = await renderSlides({ snapshotDir, distDir, year: 2024, territory: 'Комсомольский', outDir, scale: 1 });
}, 600_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Dark pixels in the band of the slide's title (CSS 70–700 × 60–115 px), at the PNG's `scale`. */
function titleInk(png: PNG, scale: number): number {
  let ink = 0;
  for (let y = 60 * scale; y < 115 * scale; y++)
    for (let x = 70 * scale; x < 700 * scale; x++) if (png.data[(y * png.width + x) * 4]! < 80) ink++;
  return ink;
}

describe('npm run slides -- --year 2024 --territory Комсомольский', () => {
  it('writes the seminar set in talk order, named so a person finds a slide', async () => {
    const files = (await readdir(path.join(outDir, '2024'))).sort();
    const names = indicators.map((i, n) => `${String(n + 1).padStart(2, '0')}_${slug(i.short_name)}`);
    const komsomolsky =
      territories.toSorted((a, b) => a.sort_order - b.sort_order).findIndex((t) => t.short_name === 'Комсомольский') +
      1;
    const expected = [
      '01_обзор_00_все-показатели',
      ...names.map((n) => `01_обзор_${n}`),
      ...names.map((n) => `02_муниципалитеты_${n}`),
      ...names.map((n) => `03_отстающие_${n}`),
      '04_формы_00_доли-форм',
      ...rendered.filter((s) => s.name.includes('04_формы_') && s.name.includes('вклад')).map((s) => s.name.slice(5)),
      `05_муниципалитет_${String(komsomolsky).padStart(2, '0')}_Комсомольский`,
    ];
    expect(expected).toContain('01_обзор_01_Обучающиеся-ОО-в-наставничестве');
    expect(files).toEqual([...expected.flatMap((n) => [`${n}.png`, `${n}.svg`]), 'slides.json'].sort());
    // the form indicators' contributions: one slide each, as the site's forms page offers them
    expect(rendered.filter((s) => s.name.includes('вклад')).length).toBeGreaterThan(0);
    expect(rendered.map((s) => s.name)).toEqual(
      planSlides((await sampleSite()).snapshotDir, 2024, 'Комсомольский').map((s) => s.name),
    );
  });

  it('every PNG is 1920×1080 at 1× with the title drawn; every SVG is the 1920×1080 frame with its title and the font', async () => {
    for (const slide of rendered) {
      const png = PNG.sync.read(await readFile(path.join(outDir, slide.png)));
      expect([png.width, png.height], slide.png).toEqual([1920, 1080]);
      expect(titleInk(png, 1), `${slide.png}: title drawn`).toBeGreaterThan(750);
      const svg = await readFile(path.join(outDir, slide.svg), 'utf-8');
      expect(
        svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
        slide.svg,
      ).toBe(true);
      expect(svg).toContain('width="1920" height="1080"');
      expect(svg).toContain(
        `<title>${slide.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>`,
      );
      expect(svg.match(/src:url\(data:font\/woff2;base64,/g)).toHaveLength(4);
      expect(svg).not.toContain('&nbsp;');
    }
    // one slide of each section beside the page screenshots, for a person to look at (npm run screenshots)
    const looks = path.join(PROJECT_ROOT, 'test-results', 'pages', 'slides');
    if (KEEP_SCREENSHOTS) await mkdir(looks, { recursive: true });
    for (const slide of rendered.filter(
      (s) => KEEP_SCREENSHOTS && (/_(00|01)_/.test(s.name) || s.name.includes('05_')),
    )) {
      await copyFile(path.join(outDir, slide.png), path.join(looks, path.basename(slide.png)));
    }
  }, 300_000);

  it('every text of every slide is at least 24 px on the 1920×1080 frame (18 pt, read from the back of a hall)', async () => {
    const opened = await openPage('embed/forms?year=2024', undefined, { ready: '.chart-embed[data-state]' });
    try {
      const smallest: Array<[string, number, string]> = [];
      for (const slide of rendered) {
        await opened.page.setContent(await readFile(path.join(outDir, slide.svg), 'utf-8'));
        // a text's size as drawn: its font size times the scale of every group and nested SVG around it
        const [px, text] = await opened.page.evaluate(() => {
          const root = document.querySelector('svg')!;
          const rootScale = Math.hypot(root.getScreenCTM()!.a, root.getScreenCTM()!.b);
          let min: [number, string] = [Infinity, ''];
          for (const t of root.querySelectorAll('text')) {
            const content = (t.textContent ?? '').trim();
            const ctm = t.getScreenCTM();
            if (!content || !ctm || t.getClientRects().length === 0) continue;
            const size = (parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b)) / rootScale;
            if (size < min[0]) min = [size, content];
          }
          return min;
        });
        // rounded down for the message, so that 23,985 px is not shown as 24
        smallest.push([slide.name, Math.floor(px * 100) / 100, text]);
      }
      expect(smallest.length).toBe(rendered.length);
      expect(smallest.filter(([, px]) => px < 24)).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);

  it('at the default 2× a slide is 3840×2160 with the same title drawn at twice the size', async () => {
    const { snapshotDir, distDir } = await sampleSite();
    const big = await mkdtemp(path.join(os.tmpdir(), 'slides-2x-'));
    try {
      const [slide] = await renderSlides({
        snapshotDir,
        distDir,
        year: 2024,
        outDir: big,
        only: (s) => s.name.endsWith('01_обзор_00_все-показатели'),
      });
      const png = PNG.sync.read(await readFile(path.join(big, slide!.png)));
      expect([png.width, png.height]).toEqual([3840, 2160]);
      const small = PNG.sync.read(await readFile(path.join(outDir, slide!.png)));
      // four device pixels for each CSS pixel of ink, give or take the anti-aliasing of the glyphs' edges
      expect(titleInk(png, 2) / titleInk(small, 1)).toBeCloseTo(4, 0);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });

  it('from a release (npm run slides -- --release ID): the same bytes as the slides of the day it was made', async () => {
    const { snapshotDir } = await sampleSite();
    const releases = await mkdtemp(path.join(os.tmpdir(), 'slides-releases-'));
    const again = await mkdtemp(path.join(os.tmpdir(), 'slides-release-'));
    try {
      const { id } = await makeRelease({
        snapshotDir,
        releasesDir: releases,
        referenceDir: path.join(PROJECT_ROOT, 'data', 'reference'),
        year: 2024,
        label: 'Семинар',
        timeZone: 'Asia/Vladivostok',
      });
      // as the command does: the release checked, its own site built from its snapshot
      const frozen = await releaseFolders(releases, id);
      const name = `03_отстающие_01_${slug(indicators[0]!.short_name)}`;
      const [slide] = await renderSlides({
        snapshotDir: frozen.snapshotDir,
        year: 2024,
        outDir: again,
        scale: 1,
        only: (s) => s.name.endsWith(name),
      });
      const day = rendered.find((s) => s.name.endsWith(name))!;
      for (const file of [slide!.png, slide!.svg]) {
        expect(file).toBe(file === slide!.png ? day.png : day.svg);
        expect((await readFile(path.join(again, file))).equals(await readFile(path.join(outDir, file))), file).toBe(
          true,
        );
      }
    } finally {
      await rm(again, { recursive: true, force: true });
      await rm(releases, { recursive: true, force: true });
    }
  }, 300_000);

  it('lists the slides with their titles in slides.json; the titles say what each slide is', async () => {
    const list = JSON.parse(await readFile(path.join(outDir, '2024', 'slides.json'), 'utf-8')) as Array<{
      png: string;
      title: string;
      embed: string;
    }>;
    expect(list.map((s) => s.png)).toEqual(rendered.map((s) => s.png));
    const title = (name: string) => list.find((s) => s.png === `2024/${name}.png`)?.title;
    expect(title('01_обзор_00_все-показатели')).toBe(
      'Показатели наставничества в 2024 году: путь от базового значения к цели',
    );
    expect(title(`01_обзор_01_${slug(indicators[0]!.short_name)}`)).toBe(indicators[0]!.name);
    expect(title(`02_муниципалитеты_01_${slug(indicators[0]!.short_name)}`)).toBe(indicators[0]!.name);
    expect(title(`03_отстающие_01_${slug(indicators[0]!.short_name)}`)).toMatch(
      /^Муниципалитеты ниже траектории в 2024 году: \d+$/,
    );
    expect(list.at(-1)!.embed).toBe('embed/territory?territory=komsomolsky');
  });

  it("the slides' browser reaches the site on this machine and nothing on another host", async () => {
    const { url } = await sampleSite();
    // another host name for the same server: reached only if the browser let a request for another host through
    const elsewhere = new URL(url);
    elsewhere.hostname = 'elsewhere.test';
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...SLIDE_CHROMIUM_ARGS, '--host-resolver-rules=MAP elsewhere.test 127.0.0.1'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(new URL('embed/progress?year=2024', url).href, { waitUntil: 'load' });
      const outcomes = await page.evaluate(
        (targets) =>
          Promise.all(
            targets.map((target) =>
              fetch(target, { mode: 'no-cors' }).then(
                (r) => r.type,
                (e: Error) => e.name,
              ),
            ),
          ),
        [url, elsewhere.href],
      );
      expect(outcomes).toEqual(['basic', 'TypeError']);
    } finally {
      await browser.close();
    }
  });

  it('refuses a year or a territory the snapshot does not have, naming what there is', async () => {
    const { snapshotDir } = await sampleSite();
    expect(() => planSlides(snapshotDir, 1999)).toThrow(
      'Нет данных за 1999 год: в снимке годы 2020, 2021, 2022, 2023, 2024.',
    );
    expect(() => planSlides(snapshotDir, 2024, 'Атлантида')).toThrow(
      /^Нет такого муниципалитета: «Атлантида»\. Есть: г\. Хабаровск, /,
    );
  });
});
