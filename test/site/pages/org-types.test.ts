import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPct } from '../../../pipeline/contract/format.ts';
import type { IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// «Типы организаций» on the sample: an indicator by organisation type over the years, and territory × type in a year.

interface RefOrgType {
  org_type_id: string;
  short_name: string;
  sort_order: number;
}

let opened: OpenedPage;
let values: IndicatorValue[];
let indicators: RefIndicator[];
let territories: RefTerritory[];
let orgTypes: RefOrgType[];
let latest: number;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  indicators = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted((a, b) => a.sort_order - b.sort_order);
  territories = await sampleSnapshot('ref_territories');
  orgTypes = (await sampleSnapshot<RefOrgType[]>('ref_org_types')).toSorted((a, b) => a.sort_order - b.sort_order);
  latest = Math.max(...values.map((v) => v.year));
  opened = await openPage('org-types');
  await opened.page.waitForSelector('#org-types-trend svg');
});
afterAll(async () => {
  await opened?.close();
});

const byType = (indicatorId: string) => values.filter((v) => v.level === 'org_type' && v.indicator_id === indicatorId);
const typesOf = (indicatorId: string) =>
  new Set(
    byType(indicatorId)
      .filter((v) => v.value_pct != null)
      .map((v) => v.org_type_id),
  );
const cells = (indicatorId: string, year: number) =>
  values.filter(
    (v) => v.level === 'territory_org_type' && v.indicator_id === indicatorId && v.year === year && v.value_pct != null,
  );

describe('«Типы организаций»', () => {
  it("opens on an indicator several types report and shows each type's value, as the marts have it", async () => {
    const { page } = opened;
    const first = indicators.find((i) => typesOf(i.indicator_id).size > 1)!;
    expect(await page.locator('#org-types-indicator select option:checked').textContent()).toBe(first.short_name);
    for (const t of orgTypes) {
      const rows = byType(first.indicator_id).filter((v) => v.org_type_id === t.org_type_id);
      const last = rows.find((v) => v.year === latest)!;
      expect((await page.locator(`.org-types-kpi[data-type="${t.org_type_id}"] .big`).textContent())?.trim()).toBe(
        formatPct(last.value_pct),
      );
      // a mark per year with a value, in the type's own group
      expect(await page.locator(`#org-types-trend g.ott-dots-${t.org_type_id} > *`).count()).toBe(
        rows.filter((v) => v.value_pct != null).length,
      );
      const tableRow = await page
        .locator('#org-types-trend table tbody tr', { hasText: new RegExp(`^${t.short_name}`) })
        .locator('td')
        .allTextContents();
      const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
      expect(tableRow.slice(1).map((s) => s.replace(' ▼', ''))).toEqual(
        years.map((y) => formatPct(rows.find((v) => v.year === y)?.value_pct)),
      );
    }
    const region = values.find(
      (v) => v.level === 'region' && v.indicator_id === first.indicator_id && v.year === latest,
    )!;
    expect((await page.locator('#org-types-region').textContent())?.trim()).toBe(formatPct(region.value_pct));
    await screenshot(page, 'org-types');
    expect(opened.bytes()).toBeLessThan(500_000);
  });

  it("draws territory × type bars for the chosen year with the marts' values", async () => {
    const { page } = opened;
    const first = indicators.find((i) => typesOf(i.indicator_id).size > 1)!;
    const expected = cells(first.indicator_id, latest);
    expect(await page.locator('#org-types-territories g.ttb-bars > *').count()).toBe(expected.length);
    const texts = await page.locator('#org-types-territories svg text').allTextContents();
    const sample = expected.find((v) => v.territory_id === 'solnechny' && v.org_type_id === 'DO')!;
    expect(texts).toContain(sample.is_lagging ? `${formatPct(sample.value_pct)} ▼` : formatPct(sample.value_pct));
    expect(territories.length).toBeGreaterThan(0);

    // another year: other bars
    const earlier = latest - 2;
    await page.selectOption('#org-types-year select', { label: String(earlier) });
    await expect.poll(() => page.locator('#org-types-territories h2').textContent()).toContain(String(earlier));
    expect(await page.locator('#org-types-territories g.ttb-bars > *').count()).toBe(
      cells(first.indicator_id, earlier).length,
    );

    // untick a type: its bars go
    const spo = orgTypes.find((t) => t.org_type_id === 'SPO')!;
    await page.locator('#org-types-types label', { hasText: spo.short_name }).click();
    const withoutSpo = cells(first.indicator_id, earlier).filter((v) => v.org_type_id !== 'SPO').length;
    await expect.poll(() => page.locator('#org-types-territories g.ttb-bars > *').count()).toBe(withoutSpo);
    expect(await page.locator('#org-types-trend g.ott-dots-SPO').count()).toBe(0);
    await page.locator('#org-types-types label', { hasText: spo.short_name }).click();
    await page.selectOption('#org-types-year select', { label: String(latest) });
  });

  it('changing the indicator to a one-type indicator redraws the chart with that type only', async () => {
    const { page } = opened;
    const oo = indicators.find((i) => i.indicator_id === 'oo_students_share')!;
    expect([...typesOf(oo.indicator_id)]).toEqual(['OO']);
    await page.selectOption('#org-types-indicator select', { label: oo.short_name });
    await expect.poll(() => page.locator('#org-types-trend h2').textContent()).toBe(oo.name);
    expect(await page.locator('#org-types-trend g.ott-dots-OO > *').count()).toBe(
      byType(oo.indicator_id).filter((v) => v.value_pct != null).length,
    );
    expect(await page.locator('#org-types-trend g.ott-dots-DO').count()).toBe(0);
    expect(await page.locator('.org-types-kpi').count()).toBe(1);
    expect(await page.locator('#org-types-territories g.ttb-bars > *').count()).toBe(
      cells(oo.indicator_id, latest).length,
    );
    expect(opened.errors).toEqual([]);
  });
});
