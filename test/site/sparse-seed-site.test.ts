import { chmod, cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildOne, releaseSites } from '../../pipeline/site/release-sites.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { everyPageProblems, NBSP, newContext, rowsOf, type Site, siteOf, visit } from './sparse-site.ts';

// The site as real collections make it: the seed-shaped files (counts without totals, two years, a handful of
// schools), released as the справка of 2022, then the contingent for 2022. Every page and embed is opened in Chromium
// (the empty warehouse's site: sparse-empty-site.test.ts).

let seed: Site;

beforeAll(async () => {
  // the forms and the long CSV released as the справка of 2022, then the 2022 contingent arrives
  seed = await siteOf(
    (inbox) => writeSeedShapedInbox(inbox),
    (inbox) => writeSeedShapedInbox(inbox, { contingent: true }),
  );
}, 300_000);

afterAll(async () => {
  await seed?.close();
});

describe('every page and embed of the site of seed-shaped files', () => {
  it('loads with no console error, no outside request and no broken text, and lays out at 360–1920 px', async () => {
    // the nine pages of the menu, the 19 embeds and the territories that sent files (a release's site: below)
    expect(seed.routes.filter((r) => r.startsWith('/embed/'))).toHaveLength(19);
    expect(seed.routes.filter((r) => r.startsWith('/territory/')).length).toBeGreaterThanOrEqual(1);
    expect(seed.routes.length).toBeGreaterThanOrEqual(28);
    expect(await everyPageProblems(seed)).toEqual([]);
  }, 240_000);
});

describe('the seed-shaped site shows what the schools sent', () => {
  it('«Обзор»: the counts of 2022 with their change, and the share the 2022 contingent makes possible', async () => {
    await visit(seed, '/', async (page, text) => {
      expect(await page.textContent('#kpi-value')).toBe('10,1\u00a0%');
      // the four counts of the form, and the totals the contingent brought (no change: 2021 had none)
      expect(await rowsOf(page, '#counts')).toEqual([
        `Наставляемые обучающиеся | 152 | +62 | 5 из 5${NBSP}организаций`,
        `Обучающиеся-наставники | 34 | +11 | 4 из 5${NBSP}организаций`,
        `Молодые педагоги с наставником | 12 | +4 | 5 из 5${NBSP}организаций`,
        `Предприятия, предоставившие наставников | 5 | +2 | 2 из 5${NBSP}организаций`,
        `Обучающиеся, всего | 1${NBSP}500 | — | 5 из 5${NBSP}организаций`,
        `Обучающиеся 15–19 лет | 380 | — | 5 из 5${NBSP}организаций`,
      ]);
      expect(await text()).not.toContain('доля не рассчитана');
    });
  });

  it('«Обзор» in 2021 (no contingent): the count stands, and the share says why it is missing', async () => {
    await visit(seed, '/', async (page) => {
      await page.getByLabel('Год').selectOption('2021');
      await page.waitForFunction(() => document.querySelector('#kpi-value-note') != null);
      expect(await page.textContent('#kpi-value-note')).toBe(
        `доля не рассчитана: у 4 из 4${NBSP}организаций нет численности обучающихся — загрузите контингент`,
      );
      expect((await page.textContent('#kpi-count'))!.trim()).toBe('90');
      // the territories chart falls back to the count: Лазо 40 + 6, Ванинский 20 + 5 + 15 + 4
      const bars = (await page.textContent('#bars'))!;
      expect(bars).toContain('Обучающиеся ОО в наставничестве: число по муниципалитетам');
      expect(await page.locator('#bars svg text').allTextContents()).toEqual(expect.arrayContaining(['46', '44']));
    });
  });

  it("«Качество данных»: the contingent's totals that filled nothing, and why", async () => {
    await visit(seed, '/quality', async (page) => {
      const card = (await page.textContent('#quality-contingent'))!.replace(/\s+/g, ' ');
      expect(card).toContain('Использовано значений: 10');
      // both totals of the school that sent no form, from the file's row 7, the year written as a year
      const rows = await rowsOf(page, '#quality-contingent');
      expect(rows.map((r) => r.replace(/^ \| /, '').split(' | ').slice(0, 6).join(' | '))).toEqual([
        'ОО-1_2022.csv | 7 | 2022 | Ванинский | МБОУ СОШ № 5 п. Ванино | организация не найдена',
        'ОО-1_2022.csv | 7 | 2022 | Ванинский | МБОУ СОШ № 5 п. Ванино | организация не найдена',
      ]);
    });
  });

  it('«Изменения после выпуска»: the shares and totals the contingent brought since the справка, and its file', async () => {
    await visit(seed, '/changes', async (page) => {
      expect(await page.locator('#changes-release select option').allTextContents()).toEqual([
        'Справка в министерство — 2022 год, версия 1, 31 января 2023, 12:00',
      ]);
      const rows = await rowsOf(page, '#changes-table');
      expect(rows).toHaveLength(12);
      expect(rows.slice(0, 3)).toEqual([
        `весь край | Обучающиеся ОО в наставничестве | 2022 | нет данных | 10,1${NBSP}% | появилось | ОО-1_2022.csv`,
        `Ванинский | Обучающиеся ОО в наставничестве | 2022 | нет данных | 10,3${NBSP}% | появилось | ОО-1_2022.csv`,
        `имени Лазо | Обучающиеся ОО в наставничестве | 2022 | нет данных | 10,0${NBSP}% | появилось | ОО-1_2022.csv`,
      ]);
      expect(rows).toContain(
        `весь край | Обучающиеся, всего | 2022 | нет данных | 1${NBSP}500 | появилось | ОО-1_2022.csv`,
      );
      expect(await rowsOf(page, '#changes-files')).toEqual([
        expect.stringMatching(/^ОО-1_2022\.csv \| 2022\/контингент\/ОО-1_2022\.csv \| .+ \| получен после выпуска$/),
      ]);
    });
  });

  it("a territory's page: its counts by year, with how many of its schools reported each", async () => {
    await visit(seed, '/territory/lazo', async (page) => {
      expect(await rowsOf(page, '#territory-counts')).toEqual([
        'Наставляемые обучающиеся | 46 (1 из 1) | 90 (3 из 3)',
        'Обучающиеся-наставники | 10 (1 из 1) | 16 (2 из 3)',
        'Молодые педагоги с наставником | 2 (1 из 1) | 6 (3 из 3)',
        'Предприятия, предоставившие наставников | 2 (1 из 1) | 3 (1 из 3)',
        'Обучающиеся, всего | — | 900 (3 из 3)',
        'Обучающиеся 15–19 лет | — | 230 (3 из 3)',
      ]);
    });
  });
});

describe("a release's own site (npm run release), beside the current data", () => {
  const spaces = (text: string | null) =>
    (text ?? '')
      .replace(/\u00a0/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const RELEASE_NAME = '«Справка в министерство» — 2022 год, версия 1, от 31 января 2023 г.';

  async function download(page: Page, button: ReturnType<Page['locator']>) {
    const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
    return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  it(
    'the current site offers the release; its site names it on every page, shows the figures of then, and leads back',
    { timeout: 120_000 },
    async () => {
      expect(seed.releases).toEqual([expect.stringMatching(/^2023-01-31_2022_v1_[0-9a-f]{12}$/)]);
      const id = seed.releases[0]!;
      const context = await newContext();
      const problems: string[] = [];
      try {
        const there = await visit(
          seed,
          '/territory/lazo',
          async (page) => {
            expect((await page.locator('#release-picker option').allTextContents()).map(spaces)).toEqual([
              'текущие',
              `выпуск ${RELEASE_NAME}`,
            ]);
            expect(await page.locator('#release-notice').count()).toBe(0);
            await Promise.all([
              page.waitForURL(`${seed.url}releases/${id}/territory/lazo`),
              page.locator('#release-picker').selectOption(id),
            ]);
            await page.waitForLoadState('networkidle');
            expect(spaces(await page.textContent('#release-notice'))).toBe(
              `Показан выпуск ${RELEASE_NAME}: цифры на момент выпуска, новые файлы их не меняют. Перейти к текущим данным`,
            );
            // the forms' counts as they were; the contingent's totals (900, 230) came after the release
            const rows = await rowsOf(page, '#territory-counts');
            expect(rows.slice(0, 4)).toEqual([
              'Наставляемые обучающиеся | 46 (1 из 1) | 90 (3 из 3)',
              'Обучающиеся-наставники | 10 (1 из 1) | 16 (2 из 3)',
              'Молодые педагоги с наставником | 2 (1 из 1) | 6 (3 из 3)',
              'Предприятия, предоставившие наставников | 2 (1 из 1) | 3 (1 из 3)',
            ]);
            expect(rows.join('\n')).not.toMatch(/900|230/);
            await Promise.all([page.waitForURL(`${seed.url}territory/lazo`), page.click('#release-current')]);
            await page.waitForLoadState('networkidle');
            expect(await rowsOf(page, '#territory-counts')).toContain('Обучающиеся, всего | — | 900 (3 из 3)');
          },
          context,
        );
        problems.push(...there.problems);
        // «Обзор» of the release: 2022 without the contingent, so its share says why it is missing
        const overview = await visit(
          seed,
          `/releases/${id}/`,
          async (page) => {
            expect(await page.textContent('#kpi-value-note')).toBe(
              `доля не рассчитана: у 5 из 5${NBSP}организаций нет численности обучающихся — загрузите контингент`,
            );
            expect((await rowsOf(page, '#counts'))[0]).toBe(
              `Наставляемые обучающиеся | 152 | +62 | 5 из 5${NBSP}организаций`,
            );
          },
          context,
        );
        problems.push(...overview.problems);
        // what changed since is the current site's question
        const changes = await visit(
          seed,
          `/releases/${id}/changes`,
          async (page) => {
            expect(spaces(await page.textContent('#changes-in-release'))).toBe(
              `Здесь показан сам выпуск ${RELEASE_NAME}. Что изменилось после него — на этой странице с текущими данными.`,
            );
            expect(await page.getAttribute('#changes-in-release a', 'href')).toBe(`${seed.url}changes`);
          },
          context,
        );
        problems.push(...changes.problems);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it("a chart's image, its embed link and a table's files name the release", async () => {
    const id = seed.releases[0]!;
    const context = await newContext();
    try {
      const embed = await visit(
        seed,
        `/releases/${id}/`,
        async (page) => {
          const bar = page.locator('.chart-export').first();
          const image = await download(page, bar.getByRole('button', { name: 'SVG' }));
          expect(image.name).toMatch(/ — выпуск 2022 v1 2023-01-31\.svg$/);
          const svg = image.bytes.toString('utf-8');
          const source = await page.evaluate(
            (markup) =>
              // the source line, on two lines when the release's name makes it long
              [...new DOMParser().parseFromString(markup, 'image/svg+xml').querySelectorAll('text.frame-source')]
                .map((t) => t.textContent)
                .join(' '),
            svg,
          );
          expect(spaces(source!)).toMatch(
            /^Источник: мониторинг целевой модели наставничества, .+, выпуск «Справка в министерство» \(2022 год, версия 1\) · данные на /,
          );
          await bar.getByRole('button', { name: 'Ссылка для встраивания' }).click();
          await expect
            .poll(() => bar.locator('.chart-export-link').inputValue())
            .toMatch(new RegExp(`^${seed.url}releases/${id}/embed/`));
          const link = await bar.locator('.chart-export-link').inputValue();
          const csv = await download(page, page.locator('.table-export-csv').first());
          expect(csv.name).toMatch(new RegExp(`_выпуск_2022_v1_2023-01-31\\.csv$`));
          const xlsx = await download(page, page.locator('.table-export-xlsx').first());
          expect(xlsx.name).toMatch(new RegExp(`_выпуск_2022_v1_2023-01-31\\.xlsx$`));
          const { default: ExcelJS } = await import('exceljs');
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
          expect(spaces(String(book.getWorksheet('О данных')!.getCell('A1').value))).toBe(
            `Выпуск ${RELEASE_NAME}: цифры на момент выпуска.`,
          );
          return link;
        },
        context,
      );
      // the embed page of the release draws the chart of the release
      await visit(
        seed,
        new URL(embed.result).pathname + new URL(embed.result).search,
        async (page) => {
          expect(await page.getAttribute('.chart-embed', 'data-state')).toBe('ready');
          expect(
            spaces((await page.locator('svg.chart-frame text.frame-source').allTextContents()).join(' ')),
          ).toContain('выпуск «Справка в министерство» (2022 год, версия 1)');
        },
        context,
      );
    } finally {
      await context.close();
    }
  });

  it('a release site is built once and kept; an edited release gets none', async () => {
    const built: string[] = [];
    const warnings: string[] = [];
    const build: BuildOne = async (snapshotDir) => void built.push(snapshotDir);
    const kept = await releaseSites(seed.releasesDir, build, (m) => warnings.push(m));
    expect(kept.map((s) => s.manifest.id)).toEqual(seed.releases);
    expect(built).toEqual([]);
    // a copy of the releases without their sites, one release's snapshot edited by hand
    const copy = tempDir('edited-releases-');
    await cp(seed.releasesDir, copy, { recursive: true, filter: (f) => !f.includes(`${path.sep}.sites`) });
    const id = seed.releases[0]!;
    const meta = path.join(copy, id, 'snapshot', 'meta.json');
    await chmod(meta, 0o644);
    await writeFile(meta, `${await readFile(meta, 'utf-8')} `);
    expect(await releaseSites(copy, build, (m) => warnings.push(m))).toEqual([]);
    expect(built).toEqual([]);
    // a release whose site does not build (an old snapshot today's pages cannot read) is left out, not the site
    const unbuildable = tempDir('unbuildable-releases-');
    await cp(seed.releasesDir, unbuildable, { recursive: true, filter: (f) => !f.includes(`${path.sep}.sites`) });
    const failing: BuildOne = async () => {
      throw new Error('Сборка сайта не удалась (observable build, код 1).');
    };
    expect(await releaseSites(unbuildable, failing, (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Сайт выпуска ${id} не собран: Выпуск ${id} изменён после выпуска, по нему ничего не строится:\\n  snapshot/meta.json: изменён`,
        ),
      ),
      `Сайт выпуска ${id} не собран: Сборка сайта не удалась (observable build, код 1).`,
    ]);
  });
});
