import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../pipeline/config.ts';
import type { RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { openPage, sampleSnapshot, screenshot } from './browser.ts';

// Pages of the sample site printed to A4 in headless Chromium, landscape and portrait (the person chooses in the print
// dialog; the style sets only the margins): what operates the page is gone, charts and tables fit the paper, the PDF
// has A4 pages of the orientation asked for.

/** A4 landscape less the @page margins of style.css (10 mm each side), in CSS pixels (96 per inch). */
const PRINT_WIDTH = Math.floor(((297 - 20) / 25.4) * 96);
const PRINT_HEIGHT = Math.floor(((210 - 24) / 25.4) * 96);
/** A4 portrait less the same margins: 718 px, where a table of eleven columns must still fit. */
const PORTRAIT_WIDTH = Math.floor(((210 - 20) / 25.4) * 96);
const PORTRAIT_HEIGHT = Math.floor(((297 - 24) / 25.4) * 96);

/** Charts, figures and tables that reach past the paper's right edge, and how wide the page scrolls. */
function overflowAt(page: Page, width: number): Promise<{ scroll: number; wide: string[] }> {
  return page.evaluate(
    (w) => ({
      scroll: document.documentElement.scrollWidth,
      wide: [...document.querySelectorAll('svg, figure, table')]
        .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > w + 1)
        .map((e) => e.outerHTML.slice(0, 80)),
    }),
    width,
  );
}

/** What must not print: the sidebar and its toggle, the filters, buttons and the download bars. */
const HIDDEN = [
  '#observablehq-sidebar-toggle',
  '#observablehq-sidebar',
  "form:not([class*='-table'])",
  'button',
  '.table-export',
  '.chart-export',
];

async function shownCount(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0).length);
}

/** The PDF's pages and the size of its first page in points. */
function pdfPages(pdf: Buffer): { pages: number; width: number; height: number } {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text);
  return { pages, width: Number(box?.[1]), height: Number(box?.[2]) };
}

async function printPdf(page: Page, name: string, landscape = true): Promise<Buffer> {
  const pdf = await page.pdf({ format: 'A4', landscape, printBackground: true });
  const file = path.join(PROJECT_ROOT, 'test-results', 'pages', `${name}.pdf`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, pdf);
  return pdf;
}

describe('printing the sample site on A4', () => {
  it('«Отстающие» prints without controls, charts within the page, the lists whole', async () => {
    const opened = await openPage('lagging');
    try {
      const { page } = opened;
      await page.waitForSelector('#lagging-organisations tbody tr');
      const organisations = await page.locator('#lagging-organisations tbody tr').count();
      // on screen the controls are there
      expect(await shownCount(page, '#lagging-indicator')).toBe(1);
      expect(await shownCount(page, '.table-export')).toBe(2);
      expect(await shownCount(page, '#observablehq-sidebar-toggle')).toBe(1);

      await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
      await page.emulateMedia({ media: 'print' });
      for (const selector of HIDDEN) expect(await shownCount(page, selector), selector).toBe(0);
      expect(await shownCount(page, '#lagging-territories tbody tr')).toBeGreaterThan(0);
      expect(await shownCount(page, '#lagging-organisations tbody tr')).toBe(organisations);
      // nothing wider than the paper: the page does not scroll sideways and every chart fits
      const overflow = await overflowAt(page, PRINT_WIDTH);
      expect(overflow.wide).toEqual([]);
      expect(overflow.scroll).toBeLessThanOrEqual(PRINT_WIDTH);
      await screenshot(page, 'print-lagging');

      const pdf = pdfPages(await printPdf(page, 'print-lagging'));
      // A4 landscape in points (841.89 × 595.28)
      expect(Math.abs(pdf.width - 841.89)).toBeLessThan(2);
      expect(Math.abs(pdf.height - 595.28)).toBeLessThan(2);
      // the two lists at 14 px rows (≈ 25–35 rows a page) plus the heading and the chart: bounded on both sides
      expect(pdf.pages).toBeGreaterThanOrEqual(1 + Math.floor(organisations / 40));
      expect(pdf.pages).toBeLessThanOrEqual(3 + Math.ceil(organisations / 15));
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 180_000);

  it("«Качество данных», «Муниципалитеты» and a territory's page print without inputs, landscape and portrait", async () => {
    const territories = await sampleSnapshot<RefTerritory[]>('ref_territories');
    for (const route of ['quality', `territory/${territories[0]!.territory_id}`, 'territories']) {
      const opened = await openPage(route);
      try {
        const { page } = opened;
        await page.waitForSelector('.table-export');
        expect(await shownCount(page, "form:not([class*='-table'])"), route).toBeGreaterThan(0);
        await page.setViewportSize({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
        await page.emulateMedia({ media: 'print' });
        for (const selector of HIDDEN) expect(await shownCount(page, selector), `${route} ${selector}`).toBe(0);
        // the tables still print
        expect(await shownCount(page, 'table'), route).toBeGreaterThan(0);
        const wide = await page.evaluate(
          (width) =>
            [...document.querySelectorAll('svg, figure')].filter((e) => e.getBoundingClientRect().right > width + 1)
              .length,
          PRINT_WIDTH,
        );
        expect(wide, route).toBe(0);
        await screenshot(page, `print-${route.replace('/', '-')}`);
        if (route === 'quality') {
          // the findings' Inputs.table shows a screenful on screen and every finding on paper: the page renders the
          // rest on «beforeprint», which the browser's print dialog fires (page.pdf does not, so the test does)
          const lazyRows = await page.locator('#quality-findings tbody tr').count();
          const found = Number((await page.locator('#quality-findings form output').textContent())?.replace(/\D/g, ''));
          expect(found).toBeGreaterThan(lazyRows);
          await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
          expect(await page.locator('#quality-findings tbody tr').count()).toBe(found);
        }
        const pdf = pdfPages(await printPdf(page, `print-${route.replace('/', '-')}`));
        expect(Math.abs(pdf.width - 841.89), route).toBeLessThan(2);
        expect(Math.abs(pdf.height - 595.28), route).toBeLessThan(2);
        expect(pdf.pages, route).toBeGreaterThanOrEqual(2);
        expect(pdf.pages, route).toBeLessThanOrEqual(60);
        // portrait: the same page on a narrower sheet; its tables (eleven columns on a territory's page) still fit
        await page.setViewportSize({ width: PORTRAIT_WIDTH, height: PORTRAIT_HEIGHT });
        const portrait = await overflowAt(page, PORTRAIT_WIDTH);
        expect(portrait.wide, route).toEqual([]);
        expect(portrait.scroll, route).toBeLessThanOrEqual(PORTRAIT_WIDTH);
        await screenshot(page, `print-portrait-${route.replace('/', '-')}`);
        const tall = pdfPages(await printPdf(page, `print-portrait-${route.replace('/', '-')}`, false));
        expect(Math.abs(tall.width - 595.28), route).toBeLessThan(2);
        expect(Math.abs(tall.height - 841.89), route).toBeLessThan(2);
        expect(tall.pages, route).toBeGreaterThanOrEqual(2);
        expect(opened.errors, route).toEqual([]);
      } finally {
        await opened.close();
      }
    }
  }, 300_000);
});
