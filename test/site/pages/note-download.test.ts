import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pct, pp } from '../../../pipeline/note/typography.ts';
import type { IndicatorValue } from '../../../pipeline/contract/snapshot.ts';
import { readDocx } from '../../helpers/docx-text.ts';
import { type OpenedPage, openPage, sampleSnapshot } from './browser.ts';

// «Обзор»: the button that downloads the analytical note of the chosen year, from the notes archive built with the
// site, offline, with the page itself staying light (the archive and jszip come only on click).
let opened: OpenedPage;
let values: IndicatorValue[];
let initialBytes: number;
const downloads = await mkdtemp(path.join(os.tmpdir(), 'note-downloads-'));

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  opened = await openPage('.');
  await opened.page.waitForSelector('#note-download');
  initialBytes = opened.bytes();
});
afterAll(async () => {
  await opened?.close();
  await rm(downloads, { recursive: true, force: true });
});

const region = (indicator: string, year: number) =>
  values.find((v) => v.level === 'region' && v.indicator_id === indicator && v.year === year)!;

async function download(): Promise<string> {
  const { page } = opened;
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#note-download')]);
  const target = path.join(downloads, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

describe('the analytical note on «Обзор»', () => {
  it('loads the page without the archive and under 500 KB', () => {
    expect(initialBytes).toBeLessThan(500_000);
    expect(opened.errors).toEqual([]);
  });

  it("downloads the DOCX of the chosen year with that year's figures", async () => {
    const { page } = opened;
    await page.getByLabel('Год').selectOption({ label: '2021' });
    await expect
      .poll(() => page.textContent('#note-download'))
      .toBe('Скачать аналитическую справку за 2021 год (DOCX)');
    const file = await download();
    expect(path.basename(file)).toBe('Аналитическая_справка_2021.docx');
    const docx = await readDocx(file);
    expect(docx.text).toContain('за 2021 год в сравнении с 2020 годом');
    const oo = region('oo_students_share', 2021);
    const row = docx.tables.flat().find((r) => r[0] === 'Обучающиеся ОО в наставничестве');
    expect(row?.slice(2, 5)).toEqual([
      pct(region('oo_students_share', 2020).value_pct),
      pct(oo.value_pct),
      pp(oo.change_pp),
    ]);
  });

  it("downloads another year's note after the year changes, with nothing fetched from outside", async () => {
    const { page } = opened;
    await page.getByLabel('Год').selectOption({ label: '2024' });
    await expect.poll(() => page.textContent('#note-download')).toContain('2024');
    const file = await download();
    expect(path.basename(file)).toBe('Аналитическая_справка_2024.docx');
    const docx = await readDocx(file);
    expect(docx.text).toContain('за 2024 год в сравнении с 2023 годом');
    expect(docx.text).toContain(`${pct(region('oo_students_share', 2024).value_pct)} в 2024 году`);
    expect(opened.outside).toEqual([]);
    expect(opened.failed).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});
