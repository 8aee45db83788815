import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatNumber, formatPct, formatYear } from '../../../pipeline/contract/format.ts';
import type { ChecklistRow } from '../../../pipeline/contract/snapshot.ts';
import { openPage, sampleSnapshot, screenshot } from './browser.ts';

type Row = z.infer<typeof ChecklistRow>;
interface Territory {
  territory_id: string;
  short_name: string;
}

const text = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Σ meeting and Σ answered per territory × criterion of one year, over the org types given (all when none). */
function sums(rows: readonly Row[], year: number, orgType?: string) {
  const out = new Map<string, { territory_id: string; criterion_id: string; answered: number; meeting: number }>();
  for (const r of rows) {
    if (r.year !== year || (orgType !== undefined && r.org_type_id !== orgType)) continue;
    const key = `${r.territory_id}|${r.criterion_id}`;
    const s = out.get(key) ?? { territory_id: r.territory_id, criterion_id: r.criterion_id, answered: 0, meeting: 0 };
    s.answered += r.organisations_answered;
    s.meeting += r.organisations_meeting;
    out.set(key, s);
  }
  return [...out.values()].filter((s) => s.answered > 0);
}

describe('«Чек-лист» on the sample site', () => {
  it('draws one heatmap cell per territory × criterion with answers, and the mentor database share by territory as sums over sums', async () => {
    const rows = await sampleSnapshot<Row[]>('mart_checklist');
    const territories = await sampleSnapshot<Territory[]>('ref_territories');
    const latest = Math.max(...rows.map((r) => r.year));
    const cells = sums(rows, latest);
    const database = cells.filter((c) => c.criterion_id === 'mentor_database');
    const region = database.reduce((s, c) => ({ answered: s.answered + c.answered, meeting: s.meeting + c.meeting }), {
      answered: 0,
      meeting: 0,
    });
    const onlyOO = sums(rows, latest, 'OO');
    const oo = (
      await sampleSnapshot<Array<{ org_type_id: string; short_name: string; name: string }>>('ref_org_types')
    ).find((t) => t.org_type_id === 'OO')!;
    expect(cells.length).toBeGreaterThan(0);
    expect(onlyOO.length).toBeGreaterThan(0);

    const opened = await openPage('checklist');
    try {
      const { page } = opened;
      await page.waitForSelector('#checklist-heatmap svg');
      expect(await page.locator('#checklist-heatmap svg g[aria-label="cell"] rect').count()).toBe(cells.length);

      // A territory's share of organisations with a mentor database: Σ meeting / Σ answered over every type.
      const khabarovsk = database.find((c) => c.territory_id === 'khabarovsk')!;
      const name = territories.find((t) => t.territory_id === 'khabarovsk')!.short_name;
      const label = `${formatPct((khabarovsk.meeting / khabarovsk.answered) * 100)} · ${formatNumber(khabarovsk.meeting)} из ${formatNumber(khabarovsk.answered)}`;
      const databaseTexts = await page.locator('#checklist-database svg text').allTextContents();
      expect(databaseTexts).toContain(label);
      expect(databaseTexts).toContain(name);
      expect(text(await page.textContent('#checklist-database h3'))).toContain(
        text(
          `по краю — ${formatPct((region.meeting / region.answered) * 100)} (${formatNumber(region.meeting)} из ${formatNumber(region.answered)})`,
        ),
      );
      // The Izhevsk benchmark (letter 003) measured schools only: not drawn for all types together.
      expect(await page.locator('#checklist-database .chart-legend').textContent()).not.toContain('Ижевск');
      await screenshot(page, 'checklist-all-types');
      expect(opened.bytes(), 'the page, its scripts and its data stay under 500 KB').toBeLessThan(500_000);

      await page
        .getByLabel('Тип организаций', { exact: true })
        .selectOption({ label: `${oo.short_name} — ${oo.name}` });
      await page.waitForFunction(
        (n) => document.querySelectorAll('#checklist-heatmap svg g[aria-label="cell"] rect').length === n,
        onlyOO.length,
      );
      expect(await page.locator('#checklist-heatmap svg g[aria-label="cell"] rect').count()).toBe(onlyOO.length);
      // The database chart is a cell of its own and may redraw after the heatmap.
      await expect.poll(() => page.locator('#checklist-database .chart-legend').textContent()).toContain('Ижевск');
      expect(text(await page.textContent('#checklist-heatmap h2'))).toBe(
        `Муниципалитеты × критерии в ${formatYear(latest)} году`,
      );
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it("changing the year redraws the heatmap with that year's shares", async () => {
    const rows = await sampleSnapshot<Row[]>('mart_checklist');
    const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
    const first = years[0]!;
    const cells = sums(rows, first);
    const opened = await openPage('checklist');
    try {
      const { page } = opened;
      await page.waitForSelector('#checklist-heatmap svg');
      await page.getByLabel('Год', { exact: true }).selectOption(formatYear(first));
      await page.waitForFunction(
        (y) => document.querySelector('#checklist-heatmap h2')?.textContent?.includes(y),
        formatYear(first),
      );
      expect(await page.locator('#checklist-heatmap svg g[aria-label="cell"] rect').count()).toBe(cells.length);
      const shown = (await page.locator('#checklist-heatmap svg g[aria-label="text"] text').allTextContents()).filter(
        (t) => t !== '—',
      );
      expect(shown.toSorted()).toEqual(cells.map((c) => formatPct((c.meeting / c.answered) * 100)).toSorted());
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
