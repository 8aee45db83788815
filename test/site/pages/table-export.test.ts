import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Locator, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { IndicatorValue, RefIndicator, RefTerritory, RegistryRow } from '../../../pipeline/contract/snapshot.ts';
import { openPage, sampleSite, sampleSnapshot, screenshot } from './browser.ts';

// Every table of the sample site downloads as XLSX and CSV in headless Chromium: the files are read back (exceljs,
// papaparse) and compared with the marts snapshot, and a formula planted in the data reaches the files neutralised.

interface Downloaded {
  name: string;
  bytes: Buffer;
}

async function download(page: Page, button: Locator, what = ''): Promise<Downloaded> {
  const waiting = page.waitForEvent('download', { timeout: 60_000 });
  await button.click();
  const file = await waiting.catch(async (error: Error) => {
    // the bar says why when the file could not be made
    const status = await button
      .locator('xpath=..')
      .locator('.table-export-status')
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`${what}: ${error.message}; status: ${status}`);
  });
  const where = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(where) };
}

async function sheetOf(file: Downloaded): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file.bytes).buffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

/** A sheet's rows as plain values (row 1 is the header). */
function valuesOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    rows.push(Array.from({ length: sheet.columnCount }, (_, c) => row.getCell(c + 1).value ?? null));
  }
  return rows;
}

/** A CSV download checked for Russian Excel (BOM, `;`, CRLF) and parsed. */
function csvOf(file: Downloaded): string[][] {
  expect([...file.bytes.subarray(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
  const text = file.bytes.subarray(3).toString('utf-8');
  // every line break outside quotes is CRLF: Papa splits on CRLF only, so a bare LF would leave a field broken
  const parsed = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** What a number cell of the CSV says, for comparing with the XLSX: decimal comma, no grouping. */
const csvNumber = (n: number) => String(Math.round(n * 1e6) / 1e6).replace('.', ',');

/** The CSV and the XLSX of a table say the same: same headers, same rows, numbers equal. */
function expectSameTable(xlsx: unknown[][], csv: string[][]): void {
  expect(csv.length).toBe(xlsx.length);
  xlsx.forEach((row, r) => {
    expect(csv[r]!.length).toBe(row.length);
    row.forEach((cell, c) => {
      const text = csv[r]![c]!;
      if (cell == null) expect(text).toBe('');
      else if (typeof cell === 'number') expect(text).toBe(csvNumber(cell));
      else if (cell instanceof Date) expect(text).toMatch(/^\d\d\.\d\d\.\d{4}( \d\d:\d\d)?$/);
      else expect(text).toBe(cell);
    });
  });
}

type Registry = z.infer<typeof RegistryRow>;

describe('table downloads on the sample site', () => {
  it('«Отстающие»: the lagging territories as XLSX with numbers, formats and a frozen header, and the same as CSV', async () => {
    const values = await sampleSnapshot<IndicatorValue[]>('mart_indicator_values');
    const territories = await sampleSnapshot<RefTerritory[]>('ref_territories');
    const indicator = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted(
      (a, b) => a.sort_order - b.sort_order,
    )[0]!;
    const latest = Math.max(...values.map((v) => v.year));
    const rows = values.filter((v) => v.level === 'territory' && v.indicator_id === indicator.indicator_id);
    const lagged = new Set(rows.filter((v) => v.is_lagging === true).map((v) => `${v.territory_id}|${v.year}`));
    const expected = rows
      .filter((v) => v.year === latest && v.is_lagging === true)
      .map((v) => {
        let streak = 0;
        while (lagged.has(`${v.territory_id}|${latest - streak}`)) streak += 1;
        return {
          v,
          name: territories.find((t) => t.territory_id === v.territory_id)!.short_name,
          streak,
          distance: v.value_pct! - v.trajectory_pct,
        };
      })
      .toSorted((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'ru'));
    expect(expected.length).toBeGreaterThan(3);

    const opened = await openPage('lagging');
    try {
      const { page } = opened;
      await page.waitForSelector('#lagging-territories tbody tr');
      // exceljs is not part of the page until a download asks for it: neither loaded nor preloaded
      const loaded = () =>
        page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      expect((await loaded()).filter((p) => p.startsWith('/_node/')).length).toBeGreaterThan(0);
      expect((await loaded()).filter((p) => p.includes('exceljs'))).toEqual([]);
      expect(await page.locator('link[href*="exceljs"]').count()).toBe(0);
      const initialBytes = opened.bytes();
      expect(initialBytes).toBeLessThan(500_000);
      const bar = page.locator('#lagging-territories-card .table-export');
      expect(await bar.locator('button').allTextContents()).toEqual(['Скачать XLSX', 'Скачать CSV']);

      const xlsx = await download(page, bar.locator('.table-export-xlsx'));
      expect(xlsx.name).toBe(`Отстающие_муниципалитеты_${indicator.short_name.replace(/\s+/g, '_')}_${latest}.xlsx`);
      expect((await loaded()).filter((p) => p.includes('exceljs'))).toEqual([
        expect.stringMatching(/^\/_node\/exceljs@4\.4\.0\/index\.[0-9a-f]+\.js$/),
      ]);
      // the first click fetched the XLSX writer from the site itself (≈ 220 KB compressed)
      expect(opened.bytes() - initialBytes).toBeGreaterThan(150_000);
      const sheet = await sheetOf(xlsx);
      expect(sheet.name).toBe('Отстающие муниципалитеты');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const table = valuesOf(sheet);
      expect(table[0]).toEqual([
        '№',
        'Муниципалитет',
        'Значение, %',
        'Отставание, п.п.',
        'Лет подряд ниже траектории',
        'Ниже траектории с года',
        'Отстающих организаций',
      ]);
      expect(table.slice(1).map((r) => r.slice(0, 6))).toEqual(
        expected.map((d, i) => [i + 1, d.name, d.v.value_pct, d.distance, d.streak, latest - d.streak + 1]),
      );
      // the organisations column counts what the organisations' table lists for the territory
      const organisations = values.filter(
        (v) =>
          v.level === 'organisation' &&
          v.indicator_id === indicator.indicator_id &&
          v.year === latest &&
          v.is_lagging === true,
      );
      expect(table.slice(1).map((r) => r[6])).toEqual(
        expected.map((d) => organisations.filter((o) => o.territory_id === d.v.territory_id).length),
      );
      // numbers are numbers with formats for Russian Excel; a negative distance stays a number
      expect(typeof table[1]![3]).toBe('number');
      expect(table[1]![3] as number).toBeLessThan(0);
      expect(sheet.getCell('C2').numFmt).toBe('0.0');
      expect(sheet.getCell('D2').numFmt).toBe('+0.0;-0.0;0.0');
      expect(sheet.getCell('F2').numFmt).toBe('0');
      expect(sheet.getRow(1).font?.bold).toBe(true);
      expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(Math.max(...expected.map((d) => d.name.length)));

      const csv = await download(page, bar.locator('.table-export-csv'));
      expect(csv.name).toBe(xlsx.name.replace(/\.xlsx$/, '.csv'));
      const lines = csv.bytes.subarray(3).toString('utf-8').split('\r\n');
      expect(lines[0]).toBe(
        '№;Муниципалитет;Значение, %;Отставание, п.п.;Лет подряд ниже траектории;Ниже траектории с года;Отстающих организаций',
      );
      expect(lines[1]).toBe(
        [
          1,
          expected[0]!.name,
          csvNumber(expected[0]!.v.value_pct!),
          csvNumber(expected[0]!.distance),
          expected[0]!.streak,
          latest - expected[0]!.streak + 1,
          table[1]![6],
        ].join(';'),
      );
      expect(lines[1]).toMatch(/;-\d+,\d+;/);
      expectSameTable(table, csvOf(csv));

      // the organisations' table downloads what its filter shows
      await page.selectOption('#lagging-territory-filter select', { label: expected[0]!.name });
      await page.waitForFunction(
        (n) => document.querySelectorAll('#lagging-organisations tbody tr').length === n,
        table[1]![6] as number,
      );
      const filtered = await sheetOf(
        await download(page, page.locator('#lagging-organisations-card .table-export-xlsx')),
      );
      const filteredRows = valuesOf(filtered).slice(1);
      expect(filteredRows).toHaveLength(table[1]![6] as number);
      expect(new Set(filteredRows.map((r) => r[2]))).toEqual(new Set([expected[0]!.name]));
      expect(opened.outside).toEqual([]);
      expect(opened.failed).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 180_000);

  it("«Реестр наставников»: every territory's counts of the chosen year, exactly as in the marts", async () => {
    const rows = await sampleSnapshot<Registry[]>('mart_registry');
    const territories = (await sampleSnapshot<RefTerritory[]>('ref_territories')).toSorted(
      (a, b) => a.sort_order - b.sort_order,
    );
    const latest = Math.max(...rows.map((r) => r.year));
    const ofYear = rows.filter((r) => r.year === latest);
    const opened = await openPage('registry');
    try {
      const { page } = opened;
      await page.waitForSelector('#registry-territories tbody tr');
      await screenshot(page, 'table-export-registry');
      const file = await download(page, page.locator('#registry-territories .table-export-xlsx'));
      expect(file.name).toBe(`Реестр_наставников_${latest}.xlsx`);
      const table = valuesOf(await sheetOf(file));
      expect(table[0]).toEqual([
        'Муниципалитет',
        'В реестре',
        'С программой',
        'Обучены',
        'Программ по отчётам',
        'Организаций указали',
        'На 100 программ, %',
      ]);
      const rowOf = (r: Registry | undefined) => [
        r?.mentors_registered ?? 0,
        r?.mentors_with_programme ?? 0,
        r?.mentors_trained ?? 0,
        r?.programmes_reported ?? null,
        r?.organisations_reporting_programmes ?? 0,
        r?.registry_to_reported_pct ?? null,
      ];
      expect(table.slice(1, 1 + territories.length)).toEqual(
        territories.map((t) => [t.short_name, ...rowOf(ofYear.find((r) => r.territory_id === t.territory_id))]),
      );
      expect(table[1 + territories.length]).toEqual([
        'муниципалитет не распознан',
        ...rowOf(ofYear.find((r) => r.territory_id === null)),
      ]);
      const region = table[2 + territories.length]!;
      expect(region[0]).toBe('Весь край');
      expect(region[1]).toBe(ofYear.reduce((s, r) => s + r.mentors_registered, 0));
      expect(table).toHaveLength(3 + territories.length);
      expectSameTable(table, csvOf(await download(page, page.locator('#registry-territories .table-export-csv'))));
    } finally {
      await opened.close();
    }
  }, 180_000);

  it('«Муниципалитеты»: the chosen indicator and year for every territory with its whole series', async () => {
    const values = await sampleSnapshot<IndicatorValue[]>('mart_indicator_values');
    const territories = await sampleSnapshot<RefTerritory[]>('ref_territories');
    const indicator = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted(
      (a, b) => a.sort_order - b.sort_order,
    )[0]!;
    const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
    const latest = years.at(-1)!;
    const of = (id: string, year: number) =>
      values.find(
        (v) =>
          v.level === 'territory' &&
          v.indicator_id === indicator.indicator_id &&
          v.year === year &&
          v.territory_id === id,
      );
    const opened = await openPage('territories');
    try {
      const { page } = opened;
      await page.waitForSelector('#territories-table tbody tr');
      const file = await download(page, page.locator('#territories-table .table-export-xlsx'));
      expect(file.name).toBe(`Муниципалитеты_${indicator.short_name.replace(/\s+/g, '_')}_${latest}.xlsx`);
      const table = valuesOf(await sheetOf(file));
      expect(table[0]).toEqual([
        'Муниципалитет',
        `Значение ${latest}, %`,
        `Число ${latest}`,
        'Почему нет значения',
        `К ${latest - 1}, п.п.`,
        'До траектории, п.п.',
        'Ниже траектории',
        'Место',
        ...years.map((y) => `Динамика ${y}, %`),
      ]);
      const trajectory = values.find(
        (v) => v.level === 'region' && v.indicator_id === indicator.indicator_id && v.year === latest,
      )!.trajectory_pct;
      const expected = territories
        .map((t) => {
          const v = of(t.territory_id, latest);
          return [
            // the count is the indicator's numerator reported by the territory's organisations; the sample has every total
            t.short_name,
            v?.value_pct ?? null,
            v?.numerator_reported ?? null,
            v?.value_pct == null ? 'нет данных' : null,
            v?.change_pp ?? null,
            v?.value_pct == null ? null : v.value_pct - trajectory,
            v?.is_lagging == null ? null : v.is_lagging ? 'да' : 'нет',
            v?.rank_among_territories ?? null,
            ...years.map((y) => of(t.territory_id, y)?.value_pct ?? null),
          ];
        })
        .toSorted((a, b) => ((b[1] as number | null) ?? -Infinity) - ((a[1] as number | null) ?? -Infinity));
      expect(table.slice(1)).toEqual(expected);
      expectSameTable(table, csvOf(await download(page, page.locator('#territories-table .table-export-csv'))));
    } finally {
      await opened.close();
    }
  }, 180_000);

  it("every table of every page has both downloads, and each gives a readable file with the table's rows", async () => {
    const territories = await sampleSnapshot<RefTerritory[]>('ref_territories');
    const routes = [
      'territories',
      'lagging',
      'org-types',
      'forms',
      'registry',
      'quality',
      `territory/${territories[0]!.territory_id}`,
    ];
    let checked = 0;
    for (const route of routes) {
      // Chromium drops the 11th download a page starts within a few seconds (seen with plain CSV blobs too): a page
      // with more than five tables is opened again (from the test's cache) for the next five
      let count = Infinity;
      for (let first = 0; first < count; first += 5) {
        const opened = await openPage(route);
        try {
          const { page } = opened;
          await page.waitForSelector('.table-export');
          // every table on the page sits under a download bar (the tables of Inputs.table and of the table components)
          const orphans = await page
            .locator('table')
            .evaluateAll(
              (tables) =>
                tables.filter(
                  (t) => !t.closest('.table-export-wrap') && !t.closest('#territories-table') && !t.closest('svg'),
                ).length,
            );
          expect(orphans, route).toBe(0);
          const bars = page.locator('.table-export');
          count = await bars.count();
          for (let i = first; i < Math.min(count, first + 5); i += 1) {
            const bar = bars.nth(i);
            const what = `${route} #${i} ${await bar.evaluate((b) => b.closest('.card')?.id ?? '')}`;
            const xlsx = await download(page, bar.locator('.table-export-xlsx'), what);
            const csv = await download(page, bar.locator('.table-export-csv'), what);
            expect(xlsx.name, route).toMatch(/^[^\s/\\:*?"<>|]+\.xlsx$/);
            expect(csv.name).toBe(xlsx.name.replace(/\.xlsx$/, '.csv'));
            const table = valuesOf(await sheetOf(xlsx));
            expectSameTable(table, csvOf(csv));
            // a table that renders every row has exactly the file's rows
            const shown = await bar.evaluate((b) => {
              const t = b.parentElement?.querySelector('table');
              return t && !t.closest('form') ? t.tBodies[0]!.rows.length : null;
            });
            if (shown != null && !(await bar.evaluate((b) => !!b.parentElement?.querySelector('.print-table-empty'))))
              expect(table.length - 1, `${route} #${i}`).toBe(shown);
            checked += 1;
          }
          expect(opened.outside, route).toEqual([]);
          expect(opened.failed, route).toEqual([]);
          expect(opened.errors, route).toEqual([]);
        } finally {
          await opened.close();
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  }, 600_000);

  it('a cell that begins with =, +, - or @ reaches both files neutralised; a real negative number stays a number', async () => {
    // The sample has no such text, so the page is given it: the quality loader's output is changed in flight, as a
    // sender could name a file or fill a cell. Everything after that (page, table, export) is the real site.
    const FORMULA = '=HYPERLINK("http://example.invalid","нажми")';
    const opened = await openPage('about:blank');
    try {
      const { page } = opened;
      await page.route('**/_file/data/pages/quality.*.json', async (route: Route) => {
        const response = await route.fetch();
        const quality = (await response.json()) as {
          problem_files: Array<{ file_name: string; status: string }>;
          findings: Array<{ file_name: string | null; value: string | null; severity: string }>;
        };
        quality.problem_files[0]!.file_name = FORMULA;
        quality.findings[0]!.file_name = '@SUM(1+1)';
        quality.findings[0]!.value = '-2+3';
        quality.findings[1]!.value = '+7 (999) 000-00-00';
        await route.fulfill({ response, json: quality });
      });
      const { url } = await sampleSite();
      await page.goto(new URL('quality', url).href, { waitUntil: 'networkidle' });
      await page.waitForSelector('#quality-problem-files tbody tr');
      expect(await page.locator('#quality-problem-files tbody tr').first().locator('strong').textContent()).toBe(
        FORMULA,
      );

      const files = page.locator('#quality-problem-files .table-export');
      const sheet = await sheetOf(await download(page, files.locator('.table-export-xlsx')));
      expect(sheet.getCell('A1').value).toBe('Файл');
      expect(sheet.getCell('A2').value).toBe(`'${FORMULA}`);
      expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getCell('A2').formula).toBeUndefined();
      const csv = csvOf(await download(page, files.locator('.table-export-csv')));
      expect(csv[1]![0]).toBe(`'${FORMULA}`);
      // counts in the same rows are numbers, untouched
      expect(typeof sheet.getCell('F2').value).toBe('number');

      const findings = page.locator('#quality-findings .table-export');
      const findingsSheet = valuesOf(await sheetOf(await download(page, findings.locator('.table-export-xlsx'))));
      expect(findingsSheet[0]).toEqual(['Файл', 'Лист', 'Строка', 'Столбец', 'Значение', 'Важность', 'Сообщение']);
      expect(findingsSheet[1]![0]).toBe("'@SUM(1+1)");
      expect(findingsSheet[1]![4]).toBe("'-2+3");
      expect(findingsSheet[2]![4]).toBe("'+7 (999) 000-00-00");
      const findingsCsv = csvOf(await download(page, findings.locator('.table-export-csv')));
      expect(findingsCsv[1]![0]).toBe("'@SUM(1+1)");
      expect(findingsCsv[1]![4]).toBe("'-2+3");
      expect(findingsCsv[2]![4]).toBe("'+7 (999) 000-00-00");
      expect(opened.outside).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 180_000);
});
