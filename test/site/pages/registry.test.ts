import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPct, formatYear } from '../../../pipeline/contract/format.ts';
import type { RegistryRow } from '../../../pipeline/contract/snapshot.ts';
import type { z } from 'zod';
import { openPage, sampleSite, sampleSnapshot, screenshot } from './browser.ts';

type Row = z.infer<typeof RegistryRow>;
interface Territory {
  territory_id: string;
  short_name: string;
  sort_order: number;
}
/** The page marks territories below this many mentors per 100 reported programmes until the user moves it. */
const DEFAULT_THRESHOLD = 50;

const text = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
const sumOf = (rows: readonly Row[], pick: (r: Row) => number | null) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);

describe('«Реестр наставников» on the sample site', () => {
  it("shows the region's registry for the latest year, every territory, the unrecognised municipality and the gap to the reports", async () => {
    const rows = await sampleSnapshot<Row[]>('mart_registry');
    const territories = (await sampleSnapshot<Territory[]>('ref_territories')).toSorted(
      (a, b) => a.sort_order - b.sort_order,
    );
    const latest = Math.max(...rows.map((r) => r.year));
    const ofYear = rows.filter((r) => r.year === latest);
    const registered = sumOf(ofYear, (r) => r.mentors_registered);
    const withProgramme = sumOf(ofYear, (r) => r.mentors_with_programme);
    const reported = sumOf(ofYear, (r) => r.programmes_reported);
    const unknown = ofYear.find((r) => r.territory_id === null);
    expect(registered).toBeGreaterThan(0);
    expect(unknown, 'the sample registry has mentors of an unrecognised municipality').toBeDefined();

    const opened = await openPage('registry');
    try {
      const { page } = opened;
      await page.waitForSelector('#registry-kpi-registered');
      expect(text(await page.textContent('#registry-kpi-registered'))).toBe(text(formatNumber(registered)));
      expect(text(await page.textContent('#registry-kpi-programme'))).toBe(text(formatNumber(withProgramme)));
      expect(text(await page.textContent('#registry-kpi-ratio'))).toBe(
        text(formatPct((withProgramme / reported) * 100)),
      );

      // One row per territory of the reference, then the unrecognised municipality, then the region.
      const tableRows = page.locator('#registry-territories table.registry-table tbody tr');
      expect(await tableRows.count()).toBe(territories.length + 2);
      expect(await tableRows.locator('td:first-child').allTextContents()).toEqual([
        ...territories.map((t) => t.short_name),
        'муниципалитет не распознан',
        'Весь край',
      ]);
      const unknownRow = page.locator('#registry-territories tr[data-kind="unknown"]');
      expect(text(await unknownRow.locator('td[data-column="mentors_registered"]').textContent())).toBe(
        text(formatNumber(unknown!.mentors_registered)),
      );
      const regionRow = page.locator('#registry-territories tr[data-kind="region"]');
      expect(text(await regionRow.locator('td[data-column="mentors_registered"]').textContent())).toBe(
        text(formatNumber(registered)),
      );
      expect(text(await regionRow.locator('td[data-column="programmes_reported"]').textContent())).toBe(
        text(formatNumber(reported)),
      );

      // Territories far below the reported programmes are marked in the table, and counted in the chart's subtitle.
      const low = ofYear.filter(
        (r) =>
          r.territory_id !== null &&
          r.registry_to_reported_pct !== null &&
          r.registry_to_reported_pct < DEFAULT_THRESHOLD,
      );
      const withReports = ofYear.filter((r) => r.territory_id !== null && r.registry_to_reported_pct !== null);
      expect(low.length).toBeGreaterThan(0);
      expect(await page.locator('#registry-territories tr.registry-row-low[data-kind="territory"]').count()).toBe(
        low.length,
      );
      expect(text(await page.textContent('#registry-gap h3'))).toContain(
        `${low.length} из ${withReports.length} муниципалитетов`,
      );

      // The worst territory's bar says its ratio and its counts.
      const worst = withReports.toSorted((a, b) => a.registry_to_reported_pct! - b.registry_to_reported_pct!)[0]!;
      const worstLabel = `${formatPct(worst.registry_to_reported_pct)} · ${formatNumber(worst.mentors_with_programme)} из ${formatNumber(worst.programmes_reported)}`;
      expect(await page.locator('#registry-gap svg text').allTextContents()).toContain(worstLabel);
      await screenshot(page, 'registry-latest');
      expect(opened.bytes(), 'the page, its scripts and its data stay under 500 KB').toBeLessThan(500_000);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('redraws the gap chart and the table for the year chosen', async () => {
    const rows = await sampleSnapshot<Row[]>('mart_registry');
    const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
    // The latest year before it with reported programmes: a year where the chart has bars.
    const earlier = years
      .slice(0, -1)
      .reverse()
      .find((y) => rows.some((r) => r.year === y && r.registry_to_reported_pct !== null))!;
    expect(earlier).toBeDefined();
    const ofYear = rows.filter((r) => r.year === earlier);
    const labels = ofYear
      .filter((r) => r.territory_id !== null && r.registry_to_reported_pct !== null)
      .map(
        (r) =>
          `${formatPct(r.registry_to_reported_pct)} · ${formatNumber(r.mentors_with_programme)} из ${formatNumber(r.programmes_reported)}`,
      );

    const opened = await openPage('registry');
    try {
      const { page } = opened;
      await page.waitForSelector('#registry-gap svg');
      const before = await page.locator('#registry-gap svg text').allTextContents();
      await page.getByLabel('Год').selectOption(formatYear(earlier));
      await page.waitForFunction(
        (y) => document.querySelector('#registry-gap h2')?.textContent?.includes(y),
        formatYear(earlier),
      );
      const after = await page.locator('#registry-gap svg text').allTextContents();
      expect(after).not.toEqual(before);
      for (const label of labels) expect(after).toContain(label);
      expect(text(await page.textContent('#registry-kpi-registered'))).toBe(
        text(formatNumber(sumOf(ofYear, (r) => r.mentors_registered))),
      );
      expect(text(await page.textContent('#registry-territories h2'))).toBe(
        `Муниципалитеты в ${formatYear(earlier)} году`,
      );
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it("the built site holds none of the registry's personal data (152-ФЗ): no name, e-mail or phone in any page, script or data file", async () => {
    const { distDir, sampleDir } = await sampleSite();
    const registryDir = path.join(sampleDir, 'registry');
    const people: Array<{ full_name: string; email: string; phone: string }> = [];
    for (const name of ['mentors.json', 'changes.json']) {
      const file = path.join(registryDir, name);
      if (existsSync(file)) people.push(...(JSON.parse(await readFile(file, 'utf-8')) as typeof people));
    }
    expect(people.length).toBeGreaterThan(100);
    const secrets = [
      ...new Set(
        people
          .flatMap((p) => [p.full_name, p.email, p.phone])
          .filter((s): s is string => typeof s === 'string' && s.length > 0),
      ),
    ];

    const files = (await readdir(distDir, { recursive: true }))
      .filter((f) => /\.(html|js|json)$/.test(f))
      .map((f) => path.join(distDir, f));
    expect(files.some((f) => f.includes(`${path.sep}registry.`))).toBe(true);
    const leaks: string[] = [];
    for (const file of files) {
      const content = await readFile(file, 'utf-8');
      for (const secret of secrets)
        if (content.includes(secret)) leaks.push(`${path.relative(distDir, file)}: ${secret}`);
    }
    expect(leaks).toEqual([]);
  });
});
