import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { formatDateTime, formatNumber, formatPct } from '../../../pipeline/contract/format.ts';
import type {
  IndicatorValue,
  RefIndicator,
  RefTerritory,
  SnapshotFile,
  SnapshotMeta,
} from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// Chart images for slides: every chart's PNG 2×/3×, SVG and embed link, and the embed pages, on the sample site.
let values: IndicatorValue[];
let indicators: RefIndicator[];
let territories: RefTerritory[];
let meta: SnapshotMeta;
let forms: Array<{ form_id: string; name: string }>;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  indicators = await sampleSnapshot('ref_indicators');
  territories = await sampleSnapshot('ref_territories');
  meta = await sampleSnapshot('meta');
  forms = await sampleSnapshot('ref_forms');
});

const region = (indicator: string, year: number) =>
  values.find((v) => v.level === 'region' && v.indicator_id === indicator && v.year === year)!;
/** The frame starts its headings with a capital: «город Хабаровск» → «Город Хабаровск». */
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const indicator = (id: string) => indicators.find((i) => i.indicator_id === id)!;
const SOURCE = () =>
  `Источник: мониторинг целевой модели наставничества, ${meta.region.name} (синтетические данные) · данные на ${formatDateTime(meta.generated_at, meta.region.time_zone).replace(/,.*$/, '')}`;

interface Download {
  name: string;
  bytes: Buffer;
}

async function download(page: Page, button: Locator): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

interface SvgFacts {
  parseError: string | null;
  width: string | null;
  height: string | null;
  title: string;
  subtitle: string;
  source: string;
  /** Every text of the drawing (SVG text elements, in document order). */
  texts: string[];
  barCount: number;
  cellCount: number;
}

/** Parses an SVG document as XML in the browser (any XML error is reported) and reads what it says. */
function svgFacts(page: Page, svg: string): Promise<SvgFacts> {
  return page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const root = doc.documentElement;
    const all = (selector: string) => [...doc.querySelectorAll(selector)].map((t) => t.textContent ?? '');
    return {
      parseError: error ? error.textContent : null,
      width: root.getAttribute('width'),
      height: root.getAttribute('height'),
      title: all('text.frame-title').join(' '),
      subtitle: all('text.frame-subtitle').join(' '),
      source: all('text.frame-source').join(' '),
      texts: all('text'),
      barCount: doc.querySelectorAll('g[aria-label="bar"] rect').length,
      cellCount: doc.querySelectorAll('g[aria-label="cell"] rect').length,
    };
  }, svg);
}

/** Pixels of one colour (±12 per channel) in a decoded PNG, optionally in a band of rows. */
function countColour(
  png: PNG,
  [r, g, b]: readonly [number, number, number],
  rows: readonly [number, number] = [0, png.height],
): number {
  let n = 0;
  for (let y = rows[0]; y < rows[1]; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if (
        Math.abs(png.data[i]! - r) <= 12 &&
        Math.abs(png.data[i + 1]! - g) <= 12 &&
        Math.abs(png.data[i + 2]! - b) <= 12
      )
        n++;
    }
  }
  return n;
}
/** An embed page sets data-state on its box once the chart is drawn or refused. */
const EMBED_DRAWN = { ready: '.chart-embed[data-state]' };
const FACT_BLUE = [0x00, 0x72, 0xb2] as const;
const TITLE_INK = [0x1b, 0x1e, 0x23] as const;

describe('chart images on «Обзор»', () => {
  let opened: OpenedPage;
  beforeAll(async () => {
    opened = await openPage('.');
    await opened.page.waitForSelector('#trend .chart-export button');
  });
  afterAll(async () => {
    await opened?.close();
  });
  const toolbar = (card: string) => opened.page.locator(`${card} .chart-export`);

  it('puts the buttons under every chart and keeps the font, the frame and the slide code out of the first load', async () => {
    const { page } = opened;
    expect(await page.locator('.chart-export').count()).toBe(3);
    for (const card of ['#progress', '#trend', '#bars']) {
      expect(await toolbar(card).locator('button').allTextContents()).toEqual([
        'PNG 2×',
        'PNG 3×',
        'SVG',
        'Ссылка для встраивания',
      ]);
    }
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.filter((u) => /chart-font|chart-frame|slide-charts|detail-slides/.test(u))).toEqual([]);
    expect(opened.bytes()).toBeLessThan(500_000);
  });

  it('downloads the trend as a standalone 1920×1080 SVG with title, unit, values, source, date and PT Sans inside', async () => {
    const { page } = opened;
    const i = indicator('oo_students_share');
    const svg = await download(page, toolbar('#trend').getByRole('button', { name: 'SVG' }));
    expect(svg.name).toBe(`Обзор — ${i.short_name} — по годам.svg`);
    const text = svg.bytes.toString('utf-8');
    const facts = await svgFacts(page, text);
    expect(facts.parseError).toBeNull();
    expect([facts.width, facts.height]).toEqual(['1920', '1080']);
    expect(facts.title).toBe(i.name);
    expect(facts.subtitle).toBe(
      `Значение по краю по годам, %: базовое ${formatPct(i.baseline_pct)} в 2020 году, цель ${formatPct(i.target_pct)} к 2024 году`,
    );
    expect(facts.source).toBe(SOURCE());
    for (const year of meta.years) expect(facts.texts).toContain(formatPct(region(i.indicator_id, year).value_pct));
    expect(facts.texts).toEqual(
      expect.arrayContaining(['значение по краю', 'траектория (от базового значения к цели)', '2020', '2024']),
    );
    // the font travels inside: regular and bold, Latin and Cyrillic
    expect(text.match(/@font-face\{font-family:"PT Sans"/g)).toHaveLength(4);
    expect(text.match(/src:url\(data:font\/woff2;base64,/g)).toHaveLength(4);
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(text).not.toContain('var(--');
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.filter((u) => u.includes('chart-font'))).toHaveLength(1);
    // «Обзор» draws its charts from their slide specs (overview-slides): the export loads only the frame
    expect(loaded.filter((u) => u.includes('chart-frame'))).toHaveLength(1);
    expect(loaded.filter((u) => u.includes('slide-charts'))).toHaveLength(0);
  });

  it("downloads PNGs of 3840×2160 and 5760×3240 with the title's text and the chart drawn", async () => {
    const { page } = opened;
    const two = await download(page, toolbar('#trend').getByRole('button', { name: 'PNG 2×' }));
    expect(two.name).toBe(`Обзор — ${indicator('oo_students_share').short_name} — по годам (2x).png`);
    const png = PNG.sync.read(two.bytes);
    expect([png.width, png.height]).toEqual([3840, 2160]);
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // white frame, not transparent
    // the title's first line (y 60–115 at 1×) has dark ink: the embedded font was drawn, not left out
    expect(countColour(png, TITLE_INK, [120, 230])).toBeGreaterThan(5000);
    expect(countColour(png, FACT_BLUE)).toBeGreaterThan(20_000);
    const three = PNG.sync.read(
      (await download(page, toolbar('#trend').getByRole('button', { name: 'PNG 3×' }))).bytes,
    );
    expect([three.width, three.height]).toEqual([5760, 3240]);
    await screenshot(page, 'chart-export-overview');
  });

  it('copies the embed link of the chart as it is set on the page, and follows the year chosen', async () => {
    const { page } = opened;
    const origin = new URL(page.url()).origin;
    await toolbar('#trend').getByRole('button', { name: 'Ссылка для встраивания' }).click();
    await expect
      .poll(() => toolbar('#trend').locator('.chart-export-link').inputValue())
      .toBe(`${origin}/embed/trend?indicator=oo_students_share&year=2024`);
    expect(await toolbar('#trend').locator('.chart-export-status').textContent()).toMatch(
      /^(ссылка скопирована|скопируйте ссылку из поля)$/,
    );
    await page.getByLabel('Год').selectOption({ label: '2022' });
    await toolbar('#bars').getByRole('button', { name: 'Ссылка для встраивания' }).click();
    await expect
      .poll(() => toolbar('#bars').locator('.chart-export-link').inputValue())
      .toBe(`${origin}/embed/territories?indicator=oo_students_share&year=2022`);
    const bars = await svgFacts(
      page,
      (await download(page, toolbar('#bars').getByRole('button', { name: 'SVG' }))).bytes.toString('utf-8'),
    );
    const reported2022 = values.filter(
      (v) =>
        v.level === 'territory' && v.indicator_id === 'oo_students_share' && v.year === 2022 && v.value_pct != null,
    );
    expect(bars.barCount).toBe(reported2022.length);
    expect(bars.subtitle).toBe('Муниципалитеты в 2022 году, %; пунктир — траектория 2022 года');
    expect(opened.errors).toEqual([]);
    // the downloads are blob: URLs of the page itself; nothing else may leave the site
    expect(opened.outside.filter((u) => !u.startsWith(`blob:${origin}/`))).toEqual([]);
    expect(opened.outside.length).toBeGreaterThan(0);
  });
});

describe('every chart of the site has the buttons, and its SVG is that chart', () => {
  // [route, charts on the page, the card whose SVG is checked, its expected title from the page itself]; the pages
  // with embed links are checked the same way below, where their SVGs are downloaded anyway
  const cases: Array<[string, number, string, (page: Page) => Promise<string>]> = [
    [
      'territories',
      1,
      '#territories-map',
      async (page) => (await page.locator('#territories-summary strong').first().textContent())!,
    ],
    [
      'lagging',
      1,
      '#lagging-territories-card',
      async (page) =>
        `Муниципалитеты ниже траектории в 2024 году: ${await page.textContent('#lagging-territory-count')}`,
    ],
  ];
  for (const [route, charts, card, expectedTitle] of cases) {
    it(`/${route}: ${charts} chart(s); the SVG of ${card} is titled as the page says`, async () => {
      const opened = await openPage(route);
      try {
        const { page } = opened;
        await page.waitForSelector(`${card} .chart-export button`);
        expect(await page.locator('.chart-export').count()).toBe(charts);
        const svg = await download(page, page.locator(`${card} .chart-export`).getByRole('button', { name: 'SVG' }));
        expect(svg.name).toMatch(/\.svg$/);
        const facts = await svgFacts(page, svg.bytes.toString('utf-8'));
        expect(facts.parseError).toBeNull();
        expect([facts.width, facts.height]).toEqual(['1920', '1080']);
        expect(facts.title).toBe(capital((await expectedTitle(page)).trim()));
        expect(facts.source).toBe(SOURCE());
        expect(facts.texts.length).toBeGreaterThan(10);
        expect(opened.errors).toEqual([]);
        expect(opened.outside.filter((u) => !u.startsWith(`blob:${new URL(page.url()).origin}/`))).toEqual([]);
      } finally {
        await opened.close();
      }
    }, 120_000);
  }
});

describe('embed pages', () => {
  async function embed(route: string, viewport = { width: 1600, height: 900 }) {
    const opened = await openPage(route, viewport, EMBED_DRAWN);
    const state = await opened.page.getAttribute('.chart-embed', 'data-state');
    const svg =
      state === 'ready'
        ? await opened.page.evaluate(() =>
            new XMLSerializer().serializeToString(document.querySelector('svg.chart-frame')!),
          )
        : null;
    return { opened, state, svg, facts: svg == null ? null : await svgFacts(opened.page, svg) };
  }

  it('draw the indicator and year of the URL alone, at 16:9 filling the window', async () => {
    const a = await embed('embed/trend?indicator=oo_students_share&year=2024');
    const b = await embed('embed/trend?indicator=young_teachers_share&year=2022');
    try {
      expect(a.facts!.title).toBe(indicator('oo_students_share').name);
      expect(b.facts!.title).toBe(indicator('young_teachers_share').name);
      for (const year of meta.years) {
        expect(a.facts!.texts).toContain(formatPct(region('oo_students_share', year).value_pct));
        expect(b.facts!.texts).toContain(formatPct(region('young_teachers_share', year).value_pct));
      }
      const box = await a.opened.page.locator('svg.chart-frame').boundingBox();
      expect(box).toEqual({ x: 0, y: 0, width: 1600, height: 900 });
      expect(await a.opened.page.locator('#observablehq-sidebar').count()).toBe(0);
      await screenshot(a.opened.page, 'embed-trend');
      for (const { opened } of [a, b]) {
        expect(opened.errors).toEqual([]);
        expect(opened.outside).toEqual([]);
        expect(opened.bytes()).toBeLessThan(500_000);
      }
    } finally {
      await a.opened.close();
      await b.opened.close();
    }
  });

  it('territories: one bar per territory with a value in the year of the URL', async () => {
    for (const year of [2024, 2022]) {
      const { opened, facts } = await embed(`embed/territories?indicator=oo_students_share&year=${year}`);
      try {
        const reported = values.filter(
          (v) =>
            v.level === 'territory' && v.indicator_id === 'oo_students_share' && v.year === year && v.value_pct != null,
        );
        expect(facts!.barCount).toBe(reported.length);
        for (const v of reported) expect(facts!.texts).toContain(formatPct(v.value_pct));
        expect(facts!.subtitle).toContain(`в ${year} году`);
      } finally {
        await opened.close();
      }
    }
  });

  it('territory, with and without an indicator; forms by form, territory and type', async () => {
    const t = territories.find((d) => d.territory_id === 'komsomolsk')!;
    const whole = await embed('embed/territory?territory=komsomolsk');
    const one = await embed('embed/territory?territory=komsomolsk&indicator=do_students_share');
    const form = forms[1]!;
    const slice = await embed(`embed/forms?form=${form.form_id}&territory=khabarovsk&type=OO&year=2024`);
    const shares = await embed('embed/forms?year=2023&type=SPO');
    try {
      expect(whole.facts!.title).toBe(capital(`${t.name}: показатели наставничества по годам`));
      expect(one.facts!.title).toBe(capital(`${t.name}: ${indicator('do_students_share').name}`));
      // one panel instead of one per indicator: its panel title is the only indicator named
      // a panel title may take two lines: the words are read together
      const wholeText = whole.facts!.texts.join(' ');
      const oneText = one.facts!.texts.join(' ');
      for (const i of indicators) expect(wholeText).toContain(i.short_name);
      expect(indicators.filter((i) => oneText.includes(i.short_name)).map((i) => i.indicator_id)).toEqual([
        'do_students_share',
      ]);
      expect(slice.facts!.title).toBe(`Форма «${form.name}»: доля среди наставляемых по годам`);
      expect(slice.facts!.subtitle).toBe('ОО, г. Хабаровск; %');
      expect(shares.facts!.title).toBe('Доля каждой формы наставничества среди наставляемых в 2023 году');
      expect(shares.facts!.subtitle).toBe('СПО, весь край; %');
    } finally {
      for (const e of [whole, one, slice, shares]) await e.opened.close();
    }
  });

  it("the heat-map's legend keeps its colour ramp, light at 0 and dark blue at 100", async () => {
    const e = await embed('embed/checklist-heatmap?year=2024');
    try {
      expect(e.state).toBe('ready');
      const ramp = e.opened.page.locator('svg.chart-frame image').first();
      expect((await ramp.boundingBox())!.width).toBeGreaterThan(100);
      // the ramp is an image inside the frame: drawn only if the page reads its link
      const png = PNG.sync.read(await ramp.screenshot());
      const at = (fraction: number) => {
        const i = (Math.floor(png.height / 2) * png.width + Math.floor(png.width * fraction)) * 4;
        return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!] as const;
      };
      const [r, g, b] = at(0.97);
      expect(r + g + b).toBeLessThan(300);
      expect(b).toBeGreaterThan(r + 40);
      expect(at(0.03).reduce((sum, v) => sum + v, 0)).toBeGreaterThan(600);
      expect(e.opened.errors).toEqual([]);
    } finally {
      await e.opened.close();
    }
  });

  it('say which parameter names nothing instead of drawing another chart', async () => {
    const bad = await embed('embed/trend?indicator=no_such_indicator');
    const year = await embed('embed/lagging?year=1999');
    try {
      expect(bad.state).toBe('error');
      expect(await bad.opened.page.textContent('.chart-embed')).toBe(
        'Нет такого значения параметра «показатель»: no_such_indicator',
      );
      expect(await year.opened.page.textContent('.chart-embed')).toBe(
        `Нет данных за 1999 год: есть ${meta.years.join(', ')}`,
      );
    } finally {
      await bad.opened.close();
      await year.opened.close();
    }
  });
});

describe("every chart's embed link opens a page that draws that chart", () => {
  // [route, the embed link of each chart on the page as it opens, in page order, the first chart's title as the page
  // itself states it]
  const cases: Array<[string, string[], (page: Page) => Promise<string>]> = [
    [
      'org-types',
      [
        'embed/org-types?indicator=young_teachers_share&year=2024',
        'embed/org-types-territories?indicator=young_teachers_share&year=2024',
      ],
      async (page) => (await page.locator('#org-types-trend h2').textContent())!,
    ],
    [
      'registry',
      ['embed/registry?year=2024', 'embed/registry-gap?year=2024&threshold=50'],
      async () => 'Реестр наставников по годам',
    ],
    [
      'checklist',
      ['embed/checklist?year=2024', 'embed/checklist-heatmap?year=2024', 'embed/checklist-database?year=2024'],
      async () => 'Чек-лист внедрения целевой модели в 2024 году',
    ],
    [
      'quality',
      ['embed/quality-files', 'embed/quality-coverage'],
      async (page) => (await page.locator('#quality-files h2').textContent())!,
    ],
    [
      'forms',
      [
        'embed/forms-contribution?indicator=oo_students_share',
        'embed/forms?year=2024',
        'embed/forms-dynamics?year=2024',
      ],
      async (page) => (await page.locator('#forms-contribution h2').textContent())!,
    ],
    [
      'territory/khabarovsk',
      ['embed/territory?territory=khabarovsk', 'embed/territory-coverage?territory=khabarovsk'],
      async () =>
        `${territories.find((t) => t.territory_id === 'khabarovsk')!.name}: показатели наставничества по годам`,
    ],
  ];
  for (const [route, links, firstTitle] of cases) {
    it(`/${route}: ${links.length} links, each embed page draws the chart the SVG button downloads, titled as the page says`, async () => {
      const opened = await openPage(route);
      try {
        const { page } = opened;
        const origin = new URL(page.url()).origin;
        await page.waitForSelector('.chart-export button');
        const bars = page.locator('.chart-export');
        expect(await bars.count()).toBe(links.length);
        for (const [n, link] of links.entries()) {
          const bar = bars.nth(n);
          await bar.getByRole('button', { name: 'Ссылка для встраивания' }).click();
          await expect.poll(() => bar.locator('.chart-export-link').inputValue()).toBe(`${origin}/${link}`);
          const svg = await download(page, bar.getByRole('button', { name: 'SVG' }));
          expect(svg.name).toMatch(/\.svg$/);
          const downloaded = await svgFacts(page, svg.bytes.toString('utf-8'));
          expect(downloaded.parseError).toBeNull();
          expect([downloaded.width, downloaded.height]).toEqual(['1920', '1080']);
          expect(downloaded.source).toBe(SOURCE());
          if (n === 0) expect(downloaded.title).toBe(capital((await firstTitle(page)).trim()));
          const embedded = await openPage(link, { width: 1600, height: 900 }, EMBED_DRAWN);
          try {
            expect(await embedded.page.getAttribute('.chart-embed', 'data-state'), link).toBe('ready');
            const svg = await embedded.page.evaluate(() =>
              new XMLSerializer().serializeToString(document.querySelector('svg.chart-frame')!),
            );
            const facts = await svgFacts(embedded.page, svg);
            // the same chart: title, unit, every word drawn and every bar and cell
            expect(facts, link).toEqual(downloaded);
            expect(facts.texts.length).toBeGreaterThan(10);
            expect(await embedded.page.locator('svg.chart-frame').boundingBox()).toEqual({
              x: 0,
              y: 0,
              width: 1600,
              height: 900,
            });
            expect(await embedded.page.locator('#observablehq-sidebar').count()).toBe(0);
            expect(embedded.errors).toEqual([]);
            expect(embedded.failed).toEqual([]);
            expect(embedded.outside).toEqual([]);
            expect(embedded.bytes()).toBeLessThan(500_000);
          } finally {
            await embedded.close();
          }
        }
        expect(opened.errors).toEqual([]);
        expect(opened.outside.filter((u) => !u.startsWith(`blob:${origin}/`))).toEqual([]);
      } finally {
        await opened.close();
      }
    }, 240_000);
  }

  it("follow the page's filters: the types ticked, the measure by year", async () => {
    const types = await openPage('org-types');
    const forms = await openPage('forms');
    try {
      const origin = new URL(types.page.url()).origin;
      await types.page.waitForSelector('#org-types-trend .chart-export button');
      await types.page.locator('#org-types-types').getByLabel('ОО', { exact: true }).uncheck();
      const trend = types.page.locator('#org-types-trend .chart-export');
      await trend.getByRole('button', { name: 'Ссылка для встраивания' }).click();
      await expect
        .poll(() => trend.locator('.chart-export-link').inputValue())
        .toBe(`${origin}/embed/org-types?indicator=young_teachers_share&year=2024&type=SPO%2CDO`);
      await forms.page.waitForSelector('#forms-dynamics .chart-export button');
      await forms.page.locator('#forms-measure').getByLabel('наставляемые, чел.').check();
      await forms.page.locator('#forms-type select').selectOption({ label: 'ОО' });
      const dynamics = forms.page.locator('#forms-dynamics .chart-export');
      await dynamics.getByRole('button', { name: 'Ссылка для встраивания' }).click();
      await expect
        .poll(() => dynamics.locator('.chart-export-link').inputValue())
        .toBe(`${origin}/embed/forms-dynamics?measure=mentees&year=2024&type=OO`);
      expect(types.errors).toEqual([]);
      expect(forms.errors).toEqual([]);
    } finally {
      await types.close();
      await forms.close();
    }
  }, 120_000);
});

describe('embed pages of the other charts: URL parameters change what is drawn', () => {
  async function embed(route: string) {
    const opened = await openPage(route, { width: 1600, height: 900 }, EMBED_DRAWN);
    try {
      const state = await opened.page.getAttribute('.chart-embed', 'data-state');
      if (state !== 'ready') return { state, message: await opened.page.textContent('.chart-embed'), facts: null };
      const svg = await opened.page.evaluate(() =>
        new XMLSerializer().serializeToString(document.querySelector('svg.chart-frame')!),
      );
      const facts = await svgFacts(opened.page, svg);
      expect(opened.errors).toEqual([]);
      expect(opened.outside).toEqual([]);
      return { state, message: null, facts };
    } finally {
      await opened.close();
    }
  }
  const drawn = async (route: string) => {
    const e = await embed(route);
    expect(e.state, `${route}: ${e.message}`).toBe('ready');
    return e.facts!;
  };
  const shortName = (id: string) => territories.find((t) => t.territory_id === id)!.short_name;

  it("org types: the types of the URL, and the year's territory × type bars", async () => {
    const byType = values.filter((v) => v.level === 'org_type' && v.indicator_id === 'young_teachers_share');
    const last = (type: string) => formatPct(byType.find((v) => v.org_type_id === type && v.year === 2024)!.value_pct);
    const all = await drawn('embed/org-types?indicator=young_teachers_share&year=2024');
    const some = await drawn('embed/org-types?indicator=young_teachers_share&year=2024&type=SPO,DO');
    expect(all.title).toBe(indicator('young_teachers_share').name);
    expect(all.subtitle).toBe('По типам организаций и по годам, %');
    // each line is named with its last value
    expect(all.texts).toEqual(expect.arrayContaining([`ОО ${last('OO')}`, `СПО ${last('SPO')}`, `ДО ${last('DO')}`]));
    expect(some.texts).toEqual(expect.arrayContaining([`СПО ${last('SPO')}`, `ДО ${last('DO')}`]));
    expect(some.texts.filter((t) => t.startsWith('ОО'))).toEqual([]);

    for (const [year, type] of [
      [2024, 'OO,SPO,DO'],
      [2023, 'DO'],
    ] as const) {
      const facts = await drawn(`embed/org-types-territories?indicator=young_teachers_share&year=${year}&type=${type}`);
      const cells = values.filter(
        (v) =>
          v.level === 'territory_org_type' &&
          v.indicator_id === 'young_teachers_share' &&
          v.year === year &&
          type.split(',').includes(v.org_type_id!) &&
          v.value_pct != null,
      );
      expect(facts.subtitle).toBe(`Муниципалитеты × типы организаций в ${year} году, %`);
      expect(facts.barCount).toBe(cells.length);
      for (const c of cells)
        expect(facts.texts).toContain(c.is_lagging ? `${formatPct(c.value_pct)} ▼` : formatPct(c.value_pct));
    }
  }, 120_000);

  it("registry: the year's figures written on the trend, and the threshold of the URL", async () => {
    const registry = await sampleSnapshot<SnapshotFile<'mart_registry'>>('mart_registry');
    const sum = (year: number, key: 'mentors_registered' | 'mentors_with_programme' | 'mentors_trained') =>
      registry.filter((r) => r.year === year).reduce((s, r) => s + r[key], 0);
    for (const year of [2022, 2024]) {
      const facts = await drawn(`embed/registry?year=${year}`);
      expect(facts.title).toBe('Реестр наставников по годам');
      expect(facts.texts).toEqual(
        expect.arrayContaining(
          [sum(year, 'mentors_registered'), sum(year, 'mentors_with_programme'), sum(year, 'mentors_trained')].map(
            (n) => formatNumber(n),
          ),
        ),
      );
    }
    const gap = await drawn('embed/registry-gap?year=2023&threshold=80');
    const rows = registry.filter(
      (r) => r.year === 2023 && r.territory_id != null && r.registry_to_reported_pct != null,
    );
    expect(gap.title).toBe('Реестр и отчёты организаций в 2023 году');
    expect(gap.subtitle).toBe('Наставников с программой в реестре на 100 программ из форм, %; порог 80\u00a0%');
    expect(gap.texts).toEqual(
      expect.arrayContaining(['в реестре меньше 80\u00a0% программ по отчётам', 'порог 80\u00a0%']),
    );
    expect(gap.barCount).toBe(rows.length);
    for (const r of rows)
      expect(gap.texts).toContain(
        `${formatPct(r.registry_to_reported_pct)} · ${formatNumber(r.mentors_with_programme)} из ${formatNumber(r.programmes_reported)}`,
      );
    expect((await drawn('embed/registry-gap?year=2023&threshold=20')).texts).toContain('порог 20\u00a0%');
  }, 120_000);

  it('checklist: the year and type of the URL in all three charts', async () => {
    const checklist = await sampleSnapshot<SnapshotFile<'mart_checklist'>>('mart_checklist');
    const criteria =
      await sampleSnapshot<Array<{ criterion_id: string; short_name: string; sort_order: number }>>(
        'ref_checklist_criteria',
      );
    const rowsOf = (year: number, type: string | null) =>
      checklist.filter((r) => r.year === year && (type == null || r.org_type_id === type));
    const shareLabel = (rows: typeof checklist, unit: string) => {
      const answered = rows.reduce((s, r) => s + r.organisations_answered, 0);
      const meeting = rows.reduce((s, r) => s + r.organisations_meeting, 0);
      return `${formatPct((meeting / answered) * 100)} · ${formatNumber(meeting)} из ${formatNumber(answered)}${unit}`;
    };
    const region = await drawn('embed/checklist?year=2023&type=OO');
    expect(region.title).toBe('Чек-лист внедрения целевой модели в 2023 году');
    expect(region.subtitle).toBe(
      `Весь край, ${(await sampleSnapshot<Array<{ org_type_id: string; name: string }>>('ref_org_types')).find((t) => t.org_type_id === 'OO')!.name}; доля организаций, выполняющих критерий, среди ответивших, %`,
    );
    for (const c of criteria)
      expect(region.texts).toContain(
        shareLabel(
          rowsOf(2023, 'OO').filter((r) => r.criterion_id === c.criterion_id),
          ' организаций',
        ),
      );
    const everyType = await drawn('embed/checklist?year=2024');
    for (const c of criteria)
      expect(everyType.texts).toContain(
        shareLabel(
          rowsOf(2024, null).filter((r) => r.criterion_id === c.criterion_id),
          ' организаций',
        ),
      );

    const heatmap = await drawn('embed/checklist-heatmap?year=2022&type=SPO');
    const pairs = new Map<string, { answered: number; meeting: number }>();
    for (const r of rowsOf(2022, 'SPO')) {
      const p = pairs.get(`${r.territory_id}|${r.criterion_id}`) ?? { answered: 0, meeting: 0 };
      p.answered += r.organisations_answered;
      p.meeting += r.organisations_meeting;
      pairs.set(`${r.territory_id}|${r.criterion_id}`, p);
    }
    const answeredPairs = [...pairs.values()].filter((p) => p.answered > 0);
    expect(heatmap.title).toBe('Чек-лист: муниципалитеты × критерии в 2022 году');
    const spoName = (await sampleSnapshot<Array<{ org_type_id: string; name: string }>>('ref_org_types')).find(
      (t) => t.org_type_id === 'SPO',
    )!.name;
    expect(heatmap.subtitle).toBe(capital(`${spoName}; доля выполняющих критерий среди ответивших, %`));
    expect(heatmap.cellCount).toBe(answeredPairs.length);
    expect(heatmap.cellCount).toBeLessThan((await drawn('embed/checklist-heatmap?year=2022')).cellCount);

    const oo = await drawn('embed/checklist-database?year=2024&type=OO');
    const spo = await drawn('embed/checklist-database?year=2024&type=SPO');
    const db = (type: string) => rowsOf(2024, type).filter((r) => r.criterion_id === 'mentor_database');
    const pct = (rows: typeof checklist) =>
      formatPct(
        (rows.reduce((s, r) => s + r.organisations_meeting, 0) /
          rows.reduce((s, r) => s + r.organisations_answered, 0)) *
          100,
      );
    const ooName = (await sampleSnapshot<Array<{ org_type_id: string; name: string }>>('ref_org_types')).find(
      (t) => t.org_type_id === 'OO',
    )!.name;
    expect(oo.subtitle).toBe(
      `${capital(ooName)}; доля организаций с информационной базой наставников, %; по краю — ${pct(db('OO'))}`,
    );
    expect(oo.texts).toEqual(
      expect.arrayContaining([`весь край: ${pct(db('OO'))}`, `Ижевск, школы, 2022 (письмо 003): ${formatPct(54)}`]),
    );
    expect(spo.texts).toContain(`весь край: ${pct(db('SPO'))}`);
    expect(spo.texts.filter((t) => t.includes('Ижевск'))).toEqual([]);
  }, 180_000);

  it('data quality: every year as on the page, or the year of the URL', async () => {
    const files = await sampleSnapshot<SnapshotFile<'ops_files'>>('ops_files');
    const coverage = await sampleSnapshot<SnapshotFile<'mart_coverage'>>('mart_coverage');
    const all = await drawn('embed/quality-files');
    const one = await drawn('embed/quality-files?year=2023');
    expect(all.title).toBe(`Полученные файлы по муниципалитетам и годам: всего ${formatNumber(files.length)}`);
    expect(one.title).toBe('Полученные файлы с данными за 2023 год по муниципалитетам');
    // a file naming several territories or years counts in each of its cells
    const cellKeys = new Set(
      files.flatMap((f) =>
        (f.years?.length ? f.years : [null]).flatMap((y) =>
          (f.territory_ids?.length ? f.territory_ids : [null]).map((t) => `${y}|${t}`),
        ),
      ),
    );
    const fileCells = (year: number | null) =>
      [...cellKeys].filter((key) => year == null || key.startsWith(`${year}|`)).length;
    expect(all.cellCount).toBe(fileCells(null));
    expect(one.cellCount).toBe(fileCells(2023));
    expect(one.texts).toContain('2023');
    expect(one.texts.filter((t) => /^20\d\d$/.test(t))).toEqual(['2023']);

    const everyYear = await drawn('embed/quality-coverage');
    const lastYear = await drawn('embed/quality-coverage?year=2024');
    expect(everyYear.title).toBe('Кто не сдал форму');
    expect(lastYear.title).toBe('Кто не сдал форму в 2024 году');
    expect(everyYear.cellCount).toBe(coverage.filter((c) => c.share_reported_pct != null).length);
    expect(lastYear.cellCount).toBe(coverage.filter((c) => c.year === 2024 && c.share_reported_pct != null).length);
    for (const c of coverage.filter((c) => c.year === 2024 && c.organisations_missing > 0)) {
      expect(lastYear.texts).toContain(
        `${formatPct(c.share_reported_pct)} · нет ${formatNumber(c.organisations_missing)}`,
      );
    }
  }, 120_000);

  it('forms by year: the measure, type and territory of the URL', async () => {
    const mart = await sampleSnapshot<SnapshotFile<'mart_forms'>>('mart_forms');
    const slice = mart.filter((r) => r.org_type_id === 'OO' && r.territory_id === 'khabarovsk');
    const facts = await drawn('embed/forms-dynamics?measure=mentees&type=OO&territory=khabarovsk&year=2024');
    expect(facts.title).toBe('Формы наставничества по годам: наставляемые, чел.');
    expect(facts.subtitle).toBe(`ОО, ${shortName('khabarovsk')}`);
    // on a slide: the five largest forms of 2024 (each at least 3 % of its mentees), the others summed as «прочие»
    const byForm = new Map<string, Map<number, number>>();
    for (const r of slice) {
      const name = forms.find((f) => f.form_id === r.form_id)!.name;
      const years = byForm.get(name) ?? new Map<number, number>();
      years.set(r.year, (years.get(r.year) ?? 0) + r.mentees);
      byForm.set(name, years);
    }
    const in2024 = (form: string) => byForm.get(form)!.get(2024) ?? 0;
    const total2024 = [...byForm.keys()].reduce((s, f) => s + in2024(f), 0);
    const ranked = [...byForm.keys()].sort((a, b) => in2024(b) - in2024(a));
    const top = ranked.slice(0, 5).filter((f) => in2024(f) >= 0.03 * total2024);
    const rest = ranked.filter((f) => !top.includes(f));
    expect(rest.length).toBeGreaterThan(1);
    const other = (year: number) => rest.reduce((s, f) => s + (byForm.get(f)!.get(year) ?? 0), 0);
    const years = [...new Set(slice.map((r) => r.year))];
    expect(facts.texts).toEqual(expect.arrayContaining([...top, 'прочие']));
    for (const f of rest) expect(facts.texts).not.toContain(f);
    expect(facts.barCount).toBe(
      top.reduce((n, f) => n + byForm.get(f)!.size, 0) + years.filter((y) => other(y) > 0).length,
    );
    // the parts of 2024 with their counts (those of a tenth of the column or more: a thin part carries no label),
    // and every year's sum above its column
    const labelled = top.filter((f) => in2024(f) >= 0.1 * total2024);
    expect(labelled.length).toBeGreaterThanOrEqual(2);
    for (const f of labelled) expect(facts.texts).toContain(formatNumber(in2024(f)));
    expect(other(2024)).toBeGreaterThanOrEqual(0.1 * total2024);
    expect(facts.texts).toContain(formatNumber(other(2024)));
    for (const y of years)
      expect(facts.texts).toContain(formatNumber(slice.filter((r) => r.year === y).reduce((s, r) => s + r.mentees, 0)));
    const shares = await drawn('embed/forms-dynamics?type=OO&territory=khabarovsk');
    expect(shares.title).toBe('Формы наставничества по годам: доля среди наставляемых, %');
    for (const f of labelled) expect(shares.texts).toContain(formatPct((in2024(f) / total2024) * 100));
    expect(shares.texts).toContain(formatPct((other(2024) / total2024) * 100));
  }, 120_000);

  it("a territory's coverage: the territory of the URL", async () => {
    const coverage = await sampleSnapshot<SnapshotFile<'mart_coverage'>>('mart_coverage');
    for (const id of ['khabarovsk', 'komsomolsk']) {
      const facts = await drawn(`embed/territory-coverage?territory=${id}`);
      expect(facts.title).toBe(
        capital(`${territories.find((t) => t.territory_id === id)!.name}: охват мониторинга по годам`),
      );
      const rows = coverage.filter((c) => c.territory_id === id);
      expect(facts.barCount).toBe(
        rows.reduce((n, c) => n + Number(c.organisations_reported > 0) + Number(c.organisations_missing > 0), 0),
      );
      expect(facts.texts.filter((t) => /^сдали \d/.test(t))).toEqual(
        rows.toSorted((a, b) => a.year - b.year).map((c) => `сдали ${formatPct(c.share_reported_pct)}`),
      );
    }
  }, 120_000);

  it('say which parameter names nothing instead of drawing another chart', async () => {
    const cases: Array<[string, string]> = [
      ['embed/org-types?type=XX', 'Нет такого значения параметра «тип организаций»: XX'],
      [
        'embed/org-types-territories?indicator=young_teachers_share&year=1999',
        `Нет данных за 1999 год: есть ${meta.years.join(', ')}`,
      ],
      ['embed/registry-gap?threshold=120', 'Порог — число от 0 до 100, а не 120'],
      ['embed/checklist-heatmap?type=XX', 'Нет такого значения параметра «тип организаций»: XX'],
      ['embed/quality-coverage?year=1999', `Нет данных за 1999 год: есть ${meta.years.join(', ')}`],
      ['embed/forms-dynamics?measure=bad', 'Нет такого значения параметра «величина по годам»: bad'],
      ['embed/territory-coverage', 'Не указан муниципалитет: параметр territory'],
      ['embed/territory-coverage?territory=nowhere', 'Нет такого значения параметра «муниципалитет»: nowhere'],
    ];
    for (const [route, message] of cases) {
      const e = await embed(route);
      expect(e.state, route).toBe('error');
      expect(e.message, route).toBe(message);
    }
  }, 120_000);
});
