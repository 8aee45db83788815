import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, formatPct } from '../../../pipeline/contract/format.ts';
import type { IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// «Формы наставничества» on the sample: each form's part of the region's value, and participants by form, summed
// over any slice of mart_forms with shares as sums over sums.

interface RefForm {
  form_id: string;
  name: string;
  sort_order: number;
}
interface FormRow {
  territory_id: string;
  org_type_id: string | null;
  form_id: string;
  year: number;
  mentees: number;
}

let opened: OpenedPage;
let values: IndicatorValue[];
let indicators: RefIndicator[];
let forms: RefForm[];
let participants: FormRow[];
let territories: RefTerritory[];
let latest: number;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  forms = (await sampleSnapshot<RefForm[]>('ref_forms')).toSorted((a, b) => a.sort_order - b.sort_order);
  participants = await sampleSnapshot('mart_forms');
  territories = await sampleSnapshot('ref_territories');
  const formIndicators = new Set(values.filter((v) => v.level === 'form').map((v) => v.indicator_id));
  indicators = (await sampleSnapshot<RefIndicator[]>('ref_indicators'))
    .filter((i) => formIndicators.has(i.indicator_id))
    .toSorted((a, b) => a.sort_order - b.sort_order);
  latest = Math.max(...participants.map((r) => r.year));
  opened = await openPage('forms');
  await opened.page.waitForSelector('#forms-contribution svg');
});
afterAll(async () => {
  await opened?.close();
});

const formName = (id: string) => forms.find((f) => f.form_id === id)!.name;
const parts = (indicatorId: string) =>
  values.filter((v) => v.level === 'form' && v.indicator_id === indicatorId && v.value_pct != null);

/** Mentees by form in a year for a slice: sums of the additive counts, shares as sum over sum. */
function slice(year: number, typeId: string | null, territoryId: string | null) {
  const rows = participants.filter(
    (r) =>
      r.year === year &&
      (typeId == null || r.org_type_id === typeId) &&
      (territoryId == null || r.territory_id === territoryId),
  );
  const total = rows.reduce((s, r) => s + r.mentees, 0);
  const byForm = new Map<string, number>();
  for (const r of rows) byForm.set(r.form_id, (byForm.get(r.form_id) ?? 0) + r.mentees);
  return { total, byForm, share: (formId: string) => ((byForm.get(formId) ?? 0) / total) * 100 };
}

describe('«Формы наставничества»', () => {
  it("stacks each form's part of the region's value; the parts are the marts' level 'form' rows", async () => {
    const { page } = opened;
    const first = indicators[0]!;
    expect(await page.locator('#forms-indicator select option:checked').textContent()).toBe(first.short_name);
    expect(await page.locator('#forms-contribution g.forms-contribution-bars > *').count()).toBe(
      parts(first.indicator_id).length,
    );
    const region = values.find(
      (v) => v.level === 'region' && v.indicator_id === first.indicator_id && v.year === latest,
    )!;
    expect(await page.locator('#forms-contribution svg text').allTextContents()).toContain(formatPct(region.value_pct));
    const someForm = parts(first.indicator_id).find((v) => v.year === latest)!;
    const row = await page
      .locator('#forms-contribution table tbody tr', { hasText: formName(someForm.form_id!) })
      .first()
      .locator('td')
      .allTextContents();
    expect(row.at(-1)).toBe(formatPct(someForm.value_pct));

    // another indicator: other forms, other bars
    const other = indicators.find((i) => i.indicator_id === 'young_teachers_share')!;
    await page.selectOption('#forms-indicator select', { label: other.short_name });
    await expect
      .poll(() => page.locator('#forms-contribution g.forms-contribution-bars > *').count())
      .toBe(parts(other.indicator_id).length);
    expect(parts(other.indicator_id).length).not.toBe(parts(first.indicator_id).length);
    expect(await page.locator('#forms-contribution .chart-legend').textContent()).toContain(
      formName(parts(other.indicator_id)[0]!.form_id!),
    );
  });

  it("sums participants of the whole region and shows each form's share of mentees", async () => {
    const { page } = opened;
    const all = slice(latest, null, null);
    expect((await page.locator('#forms-total').textContent())?.trim()).toBe(formatNumber(all.total));
    const [largestId, largestMentees] = [...all.byForm].sort((a, b) => b[1] - a[1])[0]!;
    expect((await page.locator('#forms-largest').textContent())?.trim()).toBe(formName(largestId));
    const labels = await page.locator('#forms-shares svg text').allTextContents();
    expect(labels).toContain(`${formatPct(all.share(largestId))} · ${formatNumber(largestMentees)} чел.`);
    expect(await page.locator('#forms-shares g.forms-share-marks > *').count()).toBe(
      [...all.byForm.values()].filter((n) => n > 0).length,
    );
    await screenshot(page, 'forms');
    expect(opened.bytes()).toBeLessThan(500_000);
  });

  it('filters by organisation type and territory, recomputing shares as sums over sums', async () => {
    const { page } = opened;
    const territory = territories.find((t) => t.territory_id === 'khabarovsk')!;
    await page.selectOption('#forms-type select', { label: 'СПО' });
    await page.selectOption('#forms-territory select', { label: territory.short_name });
    const s = slice(latest, 'SPO', 'khabarovsk');
    expect(s.total).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.locator('#forms-total').textContent())?.trim())
      .toBe(formatNumber(s.total));
    const labels = await page.locator('#forms-shares svg text').allTextContents();
    for (const [formId, mentees] of s.byForm) {
      if (mentees > 0) expect(labels).toContain(`${formatPct(s.share(formId))} · ${formatNumber(mentees)} чел.`);
    }
    // the table of forms by year says the same for the chosen year
    const [formId, mentees] = [...s.byForm][0]!;
    const row = await page
      .locator('#forms-dynamics table tbody tr', { hasText: formName(formId) })
      .first()
      .locator('td')
      .allTextContents();
    expect(row.at(-1)).toBe(`${formatNumber(mentees)} (${formatPct(s.share(formId))})`);
    await page.selectOption('#forms-type select', { label: 'все типы' });
    await page.selectOption('#forms-territory select', { label: 'весь край' });
    await expect
      .poll(async () => (await page.locator('#forms-total').textContent())?.trim())
      .toBe(formatNumber(slice(latest, null, null).total));
  });

  it('switches the small multiples between shares and counts', async () => {
    const { page } = opened;
    const all = slice(latest, null, null);
    const [formId, mentees] = [...all.byForm].sort((a, b) => b[1] - a[1])[0]!;
    const panel = page.locator(`.forms-multiple[data-form="${formName(formId)}"]`);
    expect(await panel.locator('g.forms-multiple-bars > *').count()).toBeGreaterThan(0);
    expect(await panel.locator('svg text').allTextContents()).toContain(formatPct(all.share(formId)));
    await page.locator('#forms-measure label', { hasText: 'наставляемые, чел.' }).click();
    await expect
      .poll(() => page.locator(`.forms-multiple[data-form="${formName(formId)}"] svg text`).allTextContents())
      .toContain(formatNumber(mentees));
    expect(opened.errors).toEqual([]);
  });
});
