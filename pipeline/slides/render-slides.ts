import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildSite } from '../site/build-site.ts';
import { serveSite } from '../site/serve.ts';
import { CHROMIUM_ARGS, requireChromium } from './chromium.ts';
import { slug } from './slide-names.ts';

export { CHROMIUM_PATH } from './chromium.ts';
export { slug };

/** The slides' browser: headless, nothing in the background, nothing from another host. */
export const SLIDE_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  // The slides are the site's own: nothing may come from elsewhere. Every address but this machine's (which Chromium
  // never sends through a proxy) goes to a proxy port nobody listens on, and fails in the browser's network service.
  // (Playwright's request interception did the same at a round trip to node for each of a slide's 80 requests.)
  '--proxy-server=http://127.0.0.1:1',
];

export interface RenderSlidesOptions {
  /** The marts snapshot: what the slides show and which indicators, forms and territories there are. */
  snapshotDir: string;
  /** A site already built from that snapshot; without it one is built into a temporary folder (1–2 minutes). */
  distDir?: string;
  year: number;
  /** Only this territory's page among the territory slides: its id, name or short name. */
  territory?: string;
  /** The slides go to `<outDir>/<year>/`. */
  outDir: string;
  /** PNG pixel density: 2 gives 3840×2160. */
  scale?: number;
  /** Only the planned slides this keeps (the analytical note renders its few); default every slide of the set. */
  only?: (slide: PlannedSlide) => boolean;
}

/** One slide: where it goes and which embed page draws it. */
export interface PlannedSlide {
  /** Path under outDir without extension: `2024/01_обзор_01_Обучающиеся-ОО-в-наставничестве`. */
  name: string;
  /** Embed page and its parameters, relative to the site root: `embed/trend?indicator=…&year=2024`. */
  embed: string;
}

export interface RenderedSlide extends PlannedSlide {
  title: string;
  png: string;
  svg: string;
}

interface Named {
  name: string;
  short_name: string;
}

const two = (n: number) => String(n).padStart(2, '0');

function readJson<T>(snapshotDir: string, name: string): T {
  return JSON.parse(readFileSync(path.join(snapshotDir, `${name}.json`), 'utf-8')) as T;
}

/**
 * The standard seminar set for a year, in the order of a talk: the overview (every indicator, then each
 * indicator's trend), territories, lagging territories (each by indicator), forms of mentoring, then each
 * territory's page. Names sort in that order and say what is on the slide. A slide with nothing to show for the
 * data (no value and no count; no territory with a value to lag) is left out of the set.
 */
export function planSlides(snapshotDir: string, year: number, territory?: string): PlannedSlide[] {
  const meta = readJson<{ years: number[] }>(snapshotDir, 'meta');
  if (!meta.years.includes(year)) throw new Error(`Нет данных за ${year} год: в снимке годы ${meta.years.join(', ')}.`);
  const indicators = readJson<Array<Named & { indicator_id: string }>>(snapshotDir, 'ref_indicators');
  const territories = readJson<Array<Named & { territory_id: string; sort_order: number }>>(
    snapshotDir,
    'ref_territories',
  ).toSorted((a, b) => a.sort_order - b.sort_order);
  type Value = {
    level: string;
    indicator_id: string;
    year: number;
    territory_id: string | null;
    form_id: string | null;
    value_pct: number | null;
    numerator_reported: number | null;
  };
  const values = readJson<Value[]>(snapshotDir, 'mart_indicator_values');
  const formIndicators = new Set(
    values.filter((v) => v.level === 'form' && v.form_id != null).map((v) => v.indicator_id),
  );
  // A slide is planned only where it has something to say: on a collection without totals, an indicator's count
  // stands in for its share (the embed draws it), and a lagging list or a territory's panels need values.
  const ratio = new Set(
    readJson<Array<{ indicator_id: string; method: string }>>(snapshotDir, 'ref_indicators')
      .filter((i) => i.method === 'ratio')
      .map((i) => i.indicator_id),
  );
  const shown = (v: Value) => v.value_pct != null || (ratio.has(v.indicator_id) && v.numerator_reported != null);
  const has = (test: (v: Value) => boolean) => values.some(test);
  const hasTrend = (id: string) => has((v) => v.level === 'region' && v.indicator_id === id && shown(v));
  const hasTerritories = (id: string) =>
    has((v) => v.level === 'territory' && v.indicator_id === id && v.year === year && shown(v));
  const hasLagging = (id: string) =>
    has((v) => v.level === 'territory' && v.indicator_id === id && v.year === year && v.value_pct != null);
  const hasTerritory = (id: string) =>
    has((v) => v.level === 'territory' && v.territory_id === id && v.value_pct != null);
  const hasForms = readJson<Array<{ year: number; mentees: number }>>(snapshotDir, 'mart_forms').some(
    (r) => r.year === year && r.mentees > 0,
  );
  const chosen =
    territory == null
      ? territories
      : territories.filter((t) =>
          [t.territory_id, t.name, t.short_name].some((n) => n.toLowerCase() === territory.trim().toLowerCase()),
        );
  if (chosen.length === 0)
    throw new Error(
      `Нет такого муниципалитета: «${territory}». Есть: ${territories.map((t) => t.short_name).join(', ')}.`,
    );

  const dir = String(year);
  const slides: PlannedSlide[] = [{ name: `${dir}/01_обзор_00_все-показатели`, embed: `embed/progress?year=${year}` }];
  // numbered by the indicator's place in the reference, so a name means the same indicator whatever is left out
  const byIndicator = (section: string, kind: string, keep: (id: string) => boolean) =>
    indicators.flatMap((i, n) =>
      keep(i.indicator_id)
        ? [
            {
              name: `${dir}/${section}_${two(n + 1)}_${slug(i.short_name)}`,
              embed: `embed/${kind}?indicator=${encodeURIComponent(i.indicator_id)}&year=${year}`,
            },
          ]
        : [],
    );
  slides.push(
    ...byIndicator('01_обзор', 'trend', hasTrend),
    ...byIndicator('02_муниципалитеты', 'territories', hasTerritories),
    ...byIndicator('03_отстающие', 'lagging', hasLagging),
  );
  if (hasForms) slides.push({ name: `${dir}/04_формы_00_доли-форм`, embed: `embed/forms?year=${year}` });
  indicators
    .filter((i) => formIndicators.has(i.indicator_id))
    .forEach((i, n) =>
      slides.push({
        name: `${dir}/04_формы_${two(n + 1)}_вклад_${slug(i.short_name)}`,
        embed: `embed/forms-contribution?indicator=${encodeURIComponent(i.indicator_id)}`,
      }),
    );
  chosen
    .filter((t) => hasTerritory(t.territory_id))
    .forEach((t) => {
      const n = territories.indexOf(t) + 1;
      slides.push({
        name: `${dir}/05_муниципалитет_${two(n)}_${slug(t.short_name)}`,
        embed: `embed/territory?territory=${encodeURIComponent(t.territory_id)}`,
      });
    });
  return slides;
}

/**
 * Renders the seminar set to PNG (at `scale`, 3840×2160 by default) and SVG files with headless Chromium: each
 * slide is its embed page of the built site (served on 127.0.0.1), whose framed SVG is saved as it is and
 * photographed at 1920×1080 for the PNG. Writes `<outDir>/<year>/slides.json` listing file, title and embed page.
 * @example await renderSlides({ snapshotDir: "data/snapshot", year: 2024, outDir: "data/slides" })
 */
export async function renderSlides(options: RenderSlidesOptions): Promise<RenderedSlide[]> {
  const planned = planSlides(options.snapshotDir, options.year, options.territory).filter(
    (s) => options.only?.(s) ?? true,
  );
  const scale = options.scale ?? 2;
  const executablePath = requireChromium(); // before a build of a minute or two, not after
  let temp: string | undefined;
  let distDir = options.distDir;
  if (!distDir) {
    temp = await mkdtemp(path.join(os.tmpdir(), 'slides-site-'));
    distDir = (
      await buildSite({
        snapshotDir: options.snapshotDir,
        distDir: path.join(temp, 'dist'),
        quiet: true,
        // read once by the browser on this machine, then removed
        releaseSites: false,
        precompress: false,
      })
    ).distDir;
  }
  const site = await serveSite({ distDir, host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath, headless: true, args: SLIDE_CHROMIUM_ARGS });
  const rendered: RenderedSlide[] = [];
  try {
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: scale,
      locale: 'ru-RU',
    });
    const page = await context.newPage();
    const photo = await context.newPage();
    await mkdir(path.join(options.outDir, String(options.year)), { recursive: true });
    for (const slide of planned) {
      await page.goto(new URL(slide.embed, site.url).href, { waitUntil: 'load' });
      const box = page.locator('.chart-embed[data-state]');
      await box.waitFor({ timeout: 60_000 });
      if ((await box.getAttribute('data-state')) !== 'ready') {
        throw new Error(`Слайд ${slide.name} (${slide.embed}) не нарисован: ${await box.textContent()}`);
      }
      // XML, not HTML, serialisation: a non-breaking space must stay a character, not become &nbsp;
      const svg = await box.evaluate((el) =>
        new XMLSerializer().serializeToString(el.querySelector('svg.chart-frame')!),
      );
      const title = (await box.getAttribute('data-title')) ?? '';
      const file = path.join(options.outDir, slide.name);
      await writeFile(`${file}.svg`, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
      // the SVG alone on a blank page: exactly the file, with its embedded font, at the frame's size
      await photo.setContent(`<!doctype html><html><body style="margin:0;background:white">${svg}</body></html>`);
      await photo.evaluate(() => document.fonts.ready.then(() => undefined));
      await photo.screenshot({ path: `${file}.png`, clip: { x: 0, y: 0, width: 1920, height: 1080 } });
      rendered.push({ ...slide, title, png: `${slide.name}.png`, svg: `${slide.name}.svg` });
    }
    await writeFile(
      path.join(options.outDir, String(options.year), 'slides.json'),
      `${JSON.stringify(
        rendered.map(({ png, svg, title, embed }) => ({ png, svg, title, embed })),
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    await site.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }
  return rendered;
}
