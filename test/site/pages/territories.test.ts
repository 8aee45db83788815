import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGapPp, formatNumber, formatPct, formatPp } from '../../../pipeline/contract/format.ts';
import type { IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// «Муниципалитеты» on the sample: the tile map and the table show exactly the marts' values of the chosen year.
let opened: OpenedPage;
let values: IndicatorValue[];
let territories: RefTerritory[];
let indicator: RefIndicator;
let latest: number;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  territories = await sampleSnapshot('ref_territories');
  indicator = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted(
    (a, b) => a.sort_order - b.sort_order,
  )[0]!;
  latest = Math.max(...values.map((v) => v.year));
  opened = await openPage('territories');
  await opened.page.waitForSelector('#territories-map g[aria-label="cell"] rect');
  await opened.page.waitForSelector('#territories-table tbody tr');
});
afterAll(async () => {
  await opened?.close();
});

const territoryValue = (id: string, year: number) =>
  values.find(
    (v) =>
      v.level === 'territory' && v.indicator_id === indicator.indicator_id && v.year === year && v.territory_id === id,
  )!;

/** The text of each tile of the map (its name and value), by the territory page it links to. */
async function tileTexts(): Promise<Map<string, string>> {
  const pairs = await opened.page
    .locator('#territories-map svg a')
    .evaluateAll((links) => links.map((a) => [a.getAttribute('href') ?? '', a.textContent ?? ''] as const));
  const texts = new Map<string, string>();
  for (const [href, text] of pairs) texts.set(href, (texts.get(href) ?? '') + text);
  return texts;
}

/** The fill of each tile, by the territory page it links to (Plot sets the link as xlink:href, which CSS does not match). */
async function tileFills(): Promise<Map<string, string | undefined>> {
  const pairs = await opened.page
    .locator('#territories-map g[aria-label="cell"] a')
    .evaluateAll((links) =>
      links.map(
        (a) => [a.getAttribute('href') ?? '', a.querySelector('rect')?.getAttribute('fill')?.toUpperCase()] as const,
      ),
    );
  return new Map(pairs);
}

/** Rows of the table: name, value, change and distance as shown, and whether the value cell says «нет данных». */
async function tableRows() {
  return opened.page.locator('#territories-table table').evaluate((table) => {
    // columns found by their headers: «Почему нет значения» appears only where some territory has no value
    // a sorted column's header starts with its arrow (▴ ▾)
    const headers = [...table.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').replace(/^[▴▾]/, ''));
    const at = (prefix: string) => headers.findIndex((h) => h.startsWith(prefix));
    const [name, value, count, change, distance, trend] = [
      'Муниципалитет',
      'Значение',
      'Число',
      'К ',
      'До траектории',
      'Динамика',
    ].map(at);
    return [...table.querySelectorAll('tbody tr')].map((tr) => {
      const cells = [...tr.querySelectorAll('td')];
      const valueCell = cells[value!]!;
      return {
        name: cells[name!]!.textContent,
        href: cells[name!]!.querySelector('a')?.getAttribute('href'),
        value: valueCell.textContent || getComputedStyle(valueCell, '::after').content.replaceAll('"', ''),
        count: cells[count!]!.textContent,
        change: cells[change!]!.textContent,
        distance: cells[distance!]!.textContent,
        sparkline: cells[trend!]!.querySelector('svg') !== null,
      };
    });
  });
}

describe('«Муниципалитеты» on the sample', () => {
  it("shows every territory once in the table and once on the tile map, with the latest year's values", async () => {
    const { page } = opened;
    await screenshot(page, 'territories-sample');
    expect(await page.locator('#territories-year select option:checked').textContent()).toBe(String(latest));

    const rows = await tableRows();
    expect(rows).toHaveLength(territories.length);
    // highest value first, as the table opens sorted
    const expectedOrder = territories
      .map((t) => ({ t, v: territoryValue(t.territory_id, latest) }))
      .toSorted((a, b) => (b.v.value_pct ?? -Infinity) - (a.v.value_pct ?? -Infinity));
    expect(rows.map((r) => r.name)).toEqual(expectedOrder.map((d) => d.t.short_name));
    for (const { t, v } of expectedOrder) {
      const row = rows.find((r) => r.name === t.short_name)!;
      expect(row.href).toBe(`./territory/${t.territory_id}`);
      expect(row.value).toBe(formatPct(v.value_pct));
      // beside the share, its count: the numerator the territory's organisations reported
      expect(row.count).toBe(formatNumber(v.numerator_reported));
      expect(row.change).toBe(v.change_pp == null ? '' : formatPp(v.change_pp));
      expect(row.distance).toBe(formatGapPp(v.value_pct! - v.trajectory_pct));
      expect(row.sparkline).toBe(true);
    }

    expect(await page.locator('#territories-map g[aria-label="cell"] rect').count()).toBe(territories.length);
    const tiles = await tileTexts();
    expect(tiles.size).toBe(territories.length);
    for (const t of territories) {
      const v = territoryValue(t.territory_id, latest);
      const text = tiles.get(`./territory/${t.territory_id}`)!;
      expect(text.replaceAll(/\s/g, '')).toContain(t.short_name.replaceAll(/\s/g, ''));
      expect(text).toContain(formatPct(v.value_pct));
      expect(text.includes('▼')).toBe(v.is_lagging === true);
    }
    const lagging = territories.filter((t) => territoryValue(t.territory_id, latest).is_lagging).length;
    expect(await page.textContent('#territories-lagging-count')).toBe(String(lagging));
  });

  it('shows the values of another year when it is chosen; a territory that did not report is a gap, not a zero', async () => {
    const { page } = opened;
    await page.locator('#territories-year select').selectOption({ label: '2022' });
    const vyazemsky = territoryValue('vyazemsky', 2022);
    expect(vyazemsky.value_pct).toBeNull();
    await expect.poll(async () => (await tileTexts()).get('./territory/vyazemsky')).toContain('нет данных');
    await screenshot(page, 'territories-2022');

    const tiles = await tileTexts();
    const rows = await tableRows();
    for (const t of territories) {
      const v = territoryValue(t.territory_id, 2022);
      const row = rows.find((r) => r.name === t.short_name)!;
      if (v.value_pct == null) {
        expect(tiles.get(`./territory/${t.territory_id}`)).not.toMatch(/\d/);
        expect(row.value).toBe('нет данных');
      } else {
        expect(tiles.get(`./territory/${t.territory_id}`)).toContain(formatPct(v.value_pct));
        expect(row.value).toBe(formatPct(v.value_pct));
        expect(row.change).toBe(v.change_pp == null ? '' : formatPp(v.change_pp));
      }
    }
    // the territory without data sorts last, whichever way the values are sorted
    expect(rows.at(-1)!.name).toBe('Вяземский');
    expect((await tileFills()).get('./territory/vyazemsky')).toBe('#DDDDDD');
  });

  it('colours the tiles by lagging when asked: orange below the trajectory, blue on or above it, grey without data', async () => {
    const { page } = opened;
    await page.locator('#territories-color').getByText('по отставанию от траектории').click();
    await expect
      .poll(() => page.locator('#territories-map figure .chart-legend').first().textContent())
      .toContain('ниже траектории');
    // the legend can be drawn a frame before the tiles (a loaded machine saw a value colour after it): wait for them too
    const LAGGING_FILLS = ['#DDDDDD', '#D55E00', '#0072B2'];
    await expect
      .poll(async () => [...(await tileFills()).values()].every((f) => f !== undefined && LAGGING_FILLS.includes(f)))
      .toBe(true);
    await screenshot(page, 'territories-2022-lagging');
    const fills = await tileFills();
    expect(fills.size).toBe(territories.length);
    for (const [href, fill] of fills) {
      const v = territoryValue(href.replace('./territory/', ''), 2022);
      expect(fill).toBe(v.value_pct == null ? '#DDDDDD' : v.is_lagging ? '#D55E00' : '#0072B2');
    }
    expect(opened.errors).toEqual([]);
  });
});
