import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage, IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { formatNumber, formatPct, formatPp } from '../../../pipeline/contract/format.ts';
import { pluralRu } from '../../../pipeline/contract/plural.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// «Обзор» on the sample: every headline indicator of the chosen year on one progress chart, and who reported.
let opened: OpenedPage;
let values: IndicatorValue[];
let coverage: Coverage[];
let indicators: RefIndicator[];
let territories: RefTerritory[];

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  coverage = await sampleSnapshot('mart_coverage');
  indicators = await sampleSnapshot('ref_indicators');
  territories = await sampleSnapshot('ref_territories');
  opened = await openPage('.');
  await opened.page.waitForSelector('#progress g[aria-label="bar"] rect');
});
afterAll(async () => {
  await opened?.close();
});

const region = (indicator: string, year: number) =>
  values.find((v) => v.level === 'region' && v.indicator_id === indicator && v.year === year)!;

function coverageNote(year: number): string {
  const rows = coverage.filter((c) => c.year === year);
  const sum = (k: 'organisations_reported' | 'organisations_expected') => rows.reduce((s, c) => s + c[k], 0);
  const withAny = rows.filter((c) => c.organisations_reported > 0).length;
  // the noun agrees with its number («444 организации», «459 организаций»), a non-breaking space between them
  const reported = sum('organisations_reported');
  const noun = pluralRu(reported, ['организация', 'организации', 'организаций']);
  return `Сдали формы ${formatNumber(reported)}\u00a0${noun} из ${formatNumber(sum('organisations_expected'))} ожидаемых; ${withAny} территорий из ${territories.length}`;
}

describe('«Обзор» on the sample', () => {
  it('shows each headline indicator of the latest year with its change and target, orange where below the trajectory', async () => {
    const { page } = opened;
    await screenshot(page, 'overview-sample');
    const bars = page.locator('#progress g[aria-label="bar"] rect');
    const latest = region('oo_students_share', 2024);
    expect(await bars.count()).toBe(indicators.filter((i) => region(i.indicator_id, 2024).value_pct != null).length);
    const lagging = indicators.filter((i) => region(i.indicator_id, 2024).is_lagging).length;
    const fills = await bars.evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')?.toUpperCase()));
    expect(fills.filter((f) => f === '#D55E00')).toHaveLength(lagging);
    const text = await page.locator('#progress').textContent();
    expect(text).toContain(
      `${formatPct(latest.value_pct)} (${formatPp(latest.value_pct! - latest.prev_value_pct!)}) · цель ${formatPct(latest.target_pct)}`,
    );
    for (const i of indicators) expect(text).toContain(i.short_name);
    expect(await page.textContent('#coverage-note')).toBe(coverageNote(2024));
  });

  it('recounts who reported when another year is chosen (Вяземский sent nothing in 2022)', async () => {
    const { page } = opened;
    await page.getByLabel('Год').selectOption({ label: '2022' });
    await expect.poll(() => page.textContent('#coverage-note')).toBe(coverageNote(2022));
    expect(coverageNote(2022)).toContain(`${territories.length - 1} территорий из ${territories.length}`);
    expect(opened.errors).toEqual([]);
  });
});
