import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, formatPct } from '../../../pipeline/contract/format.ts';
import type { IndicatorValue, RefIndicator, RefTerritory } from '../../../pipeline/contract/snapshot.ts';
import { type OpenedPage, openPage, sampleSnapshot, screenshot } from './browser.ts';

// The territory page (/territory/<id>) on the sample: Охотский (renamed район → округ in 2023), Вяземский (sent
// nothing in 2022) and Ульчский (two rejected files).

interface TerritoryName {
  territory_id: string;
  name: string;
  valid_from: number | null;
  valid_to: number | null;
}
interface CoverageOrganisation {
  org_key: string;
  year: number;
  territory_id: string;
  organisation: string;
  status: string;
}
interface Coverage {
  territory_id: string;
  year: number;
  organisations_expected: number;
  share_reported_pct: number | null;
}
interface OpsFile {
  file_name: string;
  file_sha256: string;
  status: string;
  territory_ids: string[] | null;
}
interface OpsFinding {
  file_sha256: string | null;
  file_name: string | null;
  message: string;
}

let values: IndicatorValue[];
let territories: RefTerritory[];
let names: TerritoryName[];
let indicators: RefIndicator[];
let opened: OpenedPage | undefined;

beforeAll(async () => {
  values = await sampleSnapshot('mart_indicator_values');
  territories = await sampleSnapshot('ref_territories');
  names = await sampleSnapshot('ref_territory_names');
  indicators = (await sampleSnapshot<RefIndicator[]>('ref_indicators')).toSorted((a, b) => a.sort_order - b.sort_order);
});
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

const territoryRows = (territoryId: string, indicatorId: string) =>
  values
    .filter((v) => v.level === 'territory' && v.territory_id === territoryId && v.indicator_id === indicatorId)
    .toSorted((a, b) => a.year - b.year);

async function open(territoryId: string): Promise<OpenedPage> {
  opened = await openPage(`territory/${territoryId}`);
  await opened.page.waitForSelector('.territory-multiple svg');
  return opened;
}

/** The `d` of the territory's own line in one indicator's panel and the number of dots drawn there. */
async function panel(o: OpenedPage, indicatorId: string) {
  const root = o.page.locator(`.territory-multiple[data-indicator="${indicatorId}"]`);
  const paths = await root.locator('g.tm-line path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  return {
    paths,
    dots: await root.locator('g.tm-dots > *').count(),
    gaps: await root.locator('g.tm-gap text').allTextContents(),
    note: (await root.locator('.territory-multiple-note').textContent())?.trim(),
    xLabels: await root.locator('g[aria-label="x-axis tick label"] text').allTextContents(),
  };
}

describe('territory page', () => {
  it('Охотский: current and former names, and ONE series across the rename for every year with data', async () => {
    const o = await open('okhotsky');
    const current = territories.find((t) => t.territory_id === 'okhotsky')!;
    expect((await o.page.locator('h1').textContent())?.trim()).toBe(current.name);
    const own = names.filter((n) => n.territory_id === 'okhotsky');
    const former = own.filter((n) => n.valid_to != null);
    expect(former.length).toBeGreaterThan(0);
    const namesText = await o.page.locator('#territory-names').textContent();
    for (const n of former) expect(namesText).toContain(`${n.name} (по ${n.valid_to} год)`);
    for (const n of own.filter((x) => x.valid_from != null))
      expect(namesText).toContain(`${n.name} (с ${n.valid_from} года)`);

    for (const indicator of indicators) {
      const rows = territoryRows('okhotsky', indicator.indicator_id);
      const withData = rows.filter((r) => r.value_pct != null);
      const p = await panel(o, indicator.indicator_id);
      expect(p.xLabels).toEqual(rows.map((r) => String(r.year)));
      expect(p.dots, indicator.indicator_id).toBe(withData.length);
      if (withData.length === rows.length && rows.length > 0) {
        // one path, one unbroken run: a point per year, no second «M» (a rename must not start a new series)
        expect(p.paths).toHaveLength(1);
        expect(p.paths[0]!.match(/M/g)).toHaveLength(1);
        expect(p.paths[0]!.match(/L/g)).toHaveLength(rows.length - 1);
      }
    }
    const oo = territoryRows('okhotsky', 'oo_students_share');
    expect(oo.map((r) => r.year)).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(oo.every((r) => r.value_pct != null)).toBe(true);
    const last = oo.at(-1)!;
    const region = values.find(
      (v) => v.level === 'region' && v.indicator_id === 'oo_students_share' && v.year === last.year,
    )!;
    expect((await panel(o, 'oo_students_share')).note).toBe(
      `${last.year}: ${formatPct(last.value_pct)} · край ${formatPct(region.value_pct)}`,
    );
    // the rename is marked where it happened, on the same line
    const renameYear = own.find((n) => n.valid_from != null)!.valid_from!;
    expect(
      await o.page.locator('.territory-multiple[data-indicator="oo_students_share"] g.tm-rename line').count(),
    ).toBe(1);
    expect(await o.page.locator('#territory-indicators .chart-legend').textContent()).toContain(
      `с ${renameYear}: ${current.name}`,
    );
    await screenshot(o.page, 'territory-okhotsky');
    expect(o.errors).toEqual([]);
    expect(o.bytes()).toBeLessThan(500_000);
  });

  it('Вяземский: the 2022 gap breaks the line, and the organisations that did not submit in 2022 are listed', async () => {
    const o = await open('vyazemsky');
    const rows = territoryRows('vyazemsky', 'oo_students_share');
    expect(rows.find((r) => r.year === 2022)!.value_pct).toBeNull();
    const p = await panel(o, 'oo_students_share');
    expect(p.dots).toBe(rows.filter((r) => r.value_pct != null).length);
    expect(p.gaps).toEqual(['нетданных']); // «нет данных» under 2022, its two lines in two tspans
    expect(p.paths).toHaveLength(1);
    expect(p.paths[0]!.match(/M/g)).toHaveLength(2); // 2020–2021 and 2023–2024

    const coverage = (await sampleSnapshot<Coverage[]>('mart_coverage')).find(
      (c) => c.territory_id === 'vyazemsky' && c.year === 2022,
    )!;
    const missing = (await sampleSnapshot<CoverageOrganisation[]>('mart_coverage_organisations')).filter(
      (c) => c.territory_id === 'vyazemsky' && c.year === 2022 && c.status === 'missing',
    );
    expect(missing.length).toBeGreaterThan(0);
    const block = o.page.locator('.territory-missing-year[data-year="2022"]');
    expect((await block.locator('h4').textContent())?.trim()).toBe(
      `2022 — ${formatNumber(missing.length)} из ${formatNumber(coverage.organisations_expected)} ожидаемых`,
    );
    const listed = await block.locator('tbody tr td:first-child').allTextContents();
    expect(listed.toSorted()).toEqual(missing.map((m) => m.organisation).toSorted());
    expect((await o.page.locator('#kpi-missing-years').textContent())?.trim()).toBe('2022');
    // the coverage chart has a column per year and the table says 0,0 % for 2022
    expect(await o.page.locator('#territory-coverage g.coverage-bars > *').count()).toBeGreaterThan(0);
    const row2022 = await o.page
      .locator('#territory-coverage tbody tr', { hasText: /^2022/ })
      .locator('td')
      .allTextContents();
    expect(row2022[0]).toBe('2022');
    expect(row2022[5]).toBe(formatPct(coverage.share_reported_pct));
    await screenshot(o.page, 'territory-vyazemsky');
    expect(o.errors).toEqual([]);
  });

  it('Ульчский: rejected files with their findings', async () => {
    const files = (await sampleSnapshot<OpsFile[]>('ops_files')).filter(
      (f) => f.status === 'rejected' && (f.territory_ids ?? []).includes('ulchsky'),
    );
    const findings = await sampleSnapshot<OpsFinding[]>('ops_findings');
    expect(files.length).toBeGreaterThan(0);
    const o = await open('ulchsky');
    expect((await o.page.locator('#kpi-rejected').textContent())?.trim()).toBe(String(files.length));
    const shown = o.page.locator('.territory-file[data-status="rejected"]');
    expect(await shown.count()).toBe(files.length);
    const text = await o.page.locator('#territory-files').textContent();
    for (const f of files) {
      expect(text).toContain(f.file_name);
      for (const x of findings.filter((x) => x.file_sha256 === f.file_sha256 && x.file_name === f.file_name))
        expect(text).toContain(x.message);
    }
    expect(o.errors).toEqual([]);
  });

  it("the organisations table shows each organisation's latest value of the chosen indicator, and follows the filter", async () => {
    const o = await open('okhotsky');
    const table = o.page.locator('#territory-organisations table');
    const latestOf = (indicatorId: string) => {
      const byOrg = new Map<string, IndicatorValue>();
      for (const v of values) {
        if (
          v.level !== 'organisation' ||
          v.territory_id !== 'okhotsky' ||
          v.indicator_id !== indicatorId ||
          v.value_pct == null
        )
          continue;
        if ((byOrg.get(v.org_key!)?.year ?? -1) < v.year) byOrg.set(v.org_key!, v);
      }
      return [...byOrg.values()].map((v) => formatPct(v.value_pct)).toSorted();
    };
    const shownValues = async () =>
      (await table.locator('tbody tr td:nth-child(5)').allTextContents()).filter((t) => t !== '').toSorted();
    expect(await shownValues()).toEqual(latestOf(indicators[0]!.indicator_id));
    // «За год»: the change and its unit alone (Inputs.table once gave the format the row's index as the unit: «+12,3 1»)
    const changes = await table.evaluate((t) => {
      const at = [...t.querySelectorAll('thead th')].findIndex((th) => th.textContent?.trim() === 'За год');
      return [...t.querySelectorAll('tbody tr')].map((tr) => tr.children[at]?.textContent ?? '');
    });
    expect(changes.filter((c) => /п\.п\.$/.test(c)).length).toBeGreaterThan(0);
    for (const c of changes) expect(c).toMatch(/^(|—|0,0\u00a0п\.п\.|[+−]\d+,\d\u00a0п\.п\.)$/);
    const other = indicators.find((i) => i.indicator_id === 'mentees_satisfaction')!;
    await o.page.selectOption('#territory-org-indicator select', { label: other.short_name });
    await expect.poll(shownValues).toEqual(latestOf(other.indicator_id));
    expect(latestOf(other.indicator_id)).not.toEqual(latestOf(indicators[0]!.indicator_id));
    expect(o.errors).toEqual([]);
  });
});
