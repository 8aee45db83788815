import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGapPp, formatPctVs } from '../../../pipeline/contract/format.ts';
import type { IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// «Отстающие» on the sample: who is below the trajectory, worst first, how far and for how many years in a row.
let opened: OpenedPage;
let values: IndicatorValue[];
let territories: RefTerritory[];
let organisationName: Map<string, string>;
let indicator: RefIndicator;
let latest: number;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  territories = await sampleSnapshot('ref_territories');
  organisationName = new Map(
    (await sampleSnapshot<Array<{ org_key: string; name: string }>>('ref_organisations')).map((o) => [
      o.org_key,
      o.name,
    ]),
  );
  indicator = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted(
    (a, b) => a.sort_order - b.sort_order,
  )[0]!;
  latest = Math.max(...values.map((v) => v.year));
  opened = await openPage('lagging');
  await opened.page.waitForSelector('#lagging-territories tbody tr');
});
afterAll(async () => {
  await opened?.close();
});

type Level = 'territory' | 'organisation';
const unitOf = (v: IndicatorValue) => (v.level === 'organisation' ? v.org_key : v.territory_id);

/** The lagging rows of a level, worst first, with the years in a row counted straight from the marts. */
function expectedLagging(level: Level, year: number) {
  const rows = values.filter((v) => v.level === level && v.indicator_id === indicator.indicator_id);
  const lagged = new Set(rows.filter((v) => v.is_lagging === true).map((v) => `${unitOf(v)}|${v.year}`));
  return rows
    .filter((v) => v.year === year && v.is_lagging === true)
    .map((v) => {
      let streak = 0;
      while (lagged.has(`${unitOf(v)}|${year - streak}`)) streak += 1;
      const name =
        level === 'organisation'
          ? organisationName.get(v.org_key!)!
          : territories.find((t) => t.territory_id === v.territory_id)!.short_name;
      return { v, name, streak, distance: v.value_pct! - v.trajectory_pct };
    })
    .toSorted((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'ru'));
}

const yearsText = (streak: number, year: number) =>
  streak === 1 ? '1\u00a0год' : `${streak}\u00a0${streak < 5 ? 'года' : 'лет'} подряд (с ${year - streak + 1})`;

async function tableRows(id: string) {
  return opened.page
    .locator(`#${id} tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

describe('«Отстающие» on the sample', () => {
  it('lists the lagging territories worst first with the distance to the trajectory and the years in a row', async () => {
    const { page } = opened;
    await screenshot(page, 'lagging-sample');
    const expected = expectedLagging('territory', latest);
    expect(expected.slice(0, 3).map((d) => d.name)).toEqual(['Верхнебуреинский', 'Нанайский', 'Комсомольский']);
    const rows = await tableRows('lagging-territories');
    expect(rows).toEqual(
      expected.map((d, i) => [
        String(i + 1),
        d.name,
        formatPctVs(d.v.value_pct, d.v.value_pct! - d.distance),
        formatGapPp(d.distance),
        yearsText(d.streak, latest),
        expect.stringMatching(/^\d+$/),
      ]),
    );
    // the sample's worst have been below for more than one year
    expect(expected[0]!.streak).toBeGreaterThan(1);
    expect(await page.locator('#lagging-territories a[href="./territory/verkhnebureinsky"]').count()).toBe(1);
    expect(await page.textContent('#lagging-territory-count')).toBe(String(expected.length));
    expect(await page.locator('#lagging-territories-card g[aria-label="bar"] rect').count()).toBe(expected.length);
  });

  it('lists the lagging organisations worst first, by name from the list of organisations', async () => {
    const expected = expectedLagging('organisation', latest);
    expect(expected.length).toBeGreaterThan(10);
    const rows = await tableRows('lagging-organisations');
    expect(rows).toHaveLength(expected.length);
    expected.forEach((d, i) => {
      const row = rows[i]!;
      expect(row[1]).toBe(d.name);
      expect(row[2]).toBe(territories.find((t) => t.territory_id === d.v.territory_id)!.short_name);
      expect(row[4]).toBe(formatPctVs(d.v.value_pct, d.v.value_pct! - d.distance));
      expect(row[5]).toBe(formatGapPp(d.distance));
      expect(row[6]).toBe(yearsText(d.streak, latest));
    });
    // each territory's count of lagging organisations matches the list
    const territoryRows = await tableRows('lagging-territories');
    for (const row of territoryRows) {
      const id = territories.find((t) => t.short_name === row[1])!.territory_id;
      expect(row[5]).toBe(String(expected.filter((d) => d.v.territory_id === id).length));
    }
  });

  it('narrows the organisations to one territory', async () => {
    const { page } = opened;
    const expected = expectedLagging('organisation', latest).filter((d) => d.v.territory_id === 'nanaysky');
    await page.locator('#lagging-territory-filter select').selectOption({ label: 'Нанайский' });
    await expect.poll(async () => (await tableRows('lagging-organisations')).length).toBe(expected.length);
    expect((await tableRows('lagging-organisations')).map((r) => r[1])).toEqual(expected.map((d) => d.name));
    await page.locator('#lagging-territory-filter select').selectOption({ label: 'все' });
  });

  it('recounts for another year; a territory that did not report is named as without data, not as lagging', async () => {
    const { page } = opened;
    await page.locator('#lagging-year select').selectOption({ label: '2022' });
    const expected = expectedLagging('territory', 2022);
    await expect
      .poll(async () => (await tableRows('lagging-territories')).map((r) => r[1]))
      .toEqual(expected.map((d) => d.name));
    const rows = await tableRows('lagging-territories');
    expect(rows.map((r) => r[4])).toEqual(expected.map((d) => yearsText(d.streak, 2022)));
    expect(rows.map((r) => r[1])).not.toContain('Вяземский');
    expect(await page.textContent('#lagging-no-data')).toContain('Вяземский');
    expect(await page.textContent('#lagging-organisations-shown')).toBe(
      String(expectedLagging('organisation', 2022).length),
    );
    await screenshot(page, 'lagging-2022');
    expect(opened.errors).toEqual([]);
  });
});
