import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatDateTime, formatNumber, formatPct, formatYear } from '../../../pipeline/contract/format.ts';
import type {
  Coverage,
  OpsFile,
  OpsFinding,
  OpsRun,
  OpsRunStep,
  OpsSource,
  SnapshotMeta,
  ValueFinding,
} from '../../../pipeline/contract/snapshot.ts';
import { openPage, sampleSnapshot, screenshot } from './browser.ts';

// Written out here rather than imported from the page's labels, so a wrong translation on the page fails the test.
const RUN_STATUS: Record<string, string> = {
  success: 'успешно',
  partial: 'частично',
  failed: 'ошибка',
  interrupted: 'прерван',
};
const SEVERITY: Record<string, string> = { error: 'ошибка', warning: 'предупреждение' };

const text = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('«Качество данных» on the sample site', () => {
  it("shows the last run's status and counts, and when each source last loaded, in the region's time", async () => {
    const meta = await sampleSnapshot<SnapshotMeta>('meta');
    const runs = (await sampleSnapshot<Array<z.infer<typeof OpsRun>>>('ops_runs')).toSorted((a, b) =>
      b.started_at.localeCompare(a.started_at),
    );
    const sources = await sampleSnapshot<Array<z.infer<typeof OpsSource>>>('ops_sources');
    const last = runs[0]!;
    const inboxLoad = runs.find((r) => r.files_loaded > 0 && r.finished_at) ?? last;

    const opened = await openPage('quality');
    try {
      const { page } = opened;
      await page.waitForSelector('#quality-run-status');
      expect(text(await page.textContent('#quality-run-status'))).toBe(RUN_STATUS[last.status]);
      expect(text(await page.textContent('#quality-run-seen'))).toBe(text(formatNumber(last.files_seen)));
      expect(text(await page.textContent('#quality-run-loaded'))).toBe(text(formatNumber(last.files_loaded)));
      expect(text(await page.textContent('#quality-run-rejected'))).toBe(text(formatNumber(last.files_rejected)));

      const runRow = text(await page.locator('#quality-runs tbody tr').first().textContent());
      expect(runRow).toContain(text(formatDateTime(last.started_at, meta.region.time_zone)));
      expect(runRow).toContain(RUN_STATUS[last.status]);

      const sourceRows = (await page.locator('#quality-sources tbody tr').allTextContents()).map(text);
      const inboxRow = sourceRows.find((r) => r.startsWith('Файлы мониторинга'));
      expect(inboxRow).toContain(
        text(formatDateTime(inboxLoad.finished_at ?? inboxLoad.started_at, meta.region.time_zone)),
      );
      const registry = sources.find((s) => s.source === 'mentors_registry');
      expect(registry, 'the sample run syncs the registry').toBeDefined();
      const registryRow = sourceRows.find((r) => r.startsWith('Реестр наставников'));
      expect(registryRow).toContain(text(formatDateTime(registry!.last_success_at, meta.region.time_zone)));
      expect(registryRow).toContain(text(`записей применено: ${formatNumber(registry!.records_applied)}`));
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it("lists the last run's named steps in order with their counts, and when each source's step last succeeded", async () => {
    const meta = await sampleSnapshot<SnapshotMeta>('meta');
    const runs = (await sampleSnapshot<Array<z.infer<typeof OpsRun>>>('ops_runs')).toSorted((a, b) =>
      b.started_at.localeCompare(a.started_at),
    );
    const steps = await sampleSnapshot<Array<z.infer<typeof OpsRunStep>>>('ops_run_steps');
    const mine = steps
      .filter((s) => s.run_id === runs[0]!.run_id)
      .toSorted((a, b) => a.started_at.localeCompare(b.started_at));
    // the sample's pipeline runs without the site step; the snapshot step is published as the success it became
    expect(mine.map((s) => [s.step, s.status])).toEqual([
      ['reference', 'success'],
      ['inbox', 'success'],
      ['registry', 'success'],
      ['core', 'success'],
      ['marts', 'success'],
      ['snapshot', 'success'],
    ]);
    const inbox = JSON.parse(mine[1]!.detail!) as Record<string, number>;
    const core = JSON.parse(mine[3]!.detail!) as Record<string, number>;

    const opened = await openPage('quality');
    try {
      const { page } = opened;
      await page.waitForSelector('#quality-steps tbody tr');
      const rows = await page.$$eval('#quality-steps tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
      const cells = rows.map((r) => r.map(text).filter((c) => c !== ''));
      expect(cells.map((r) => r.slice(0, 2))).toEqual([
        ['Справочники', 'успешно'],
        ['Файлы мониторинга', 'успешно'],
        ['Реестр наставников', 'успешно'],
        ['Ядро хранилища', 'успешно'],
        ['Витрины и проверки данных', 'успешно'],
        ['Снимок витрин для сайта', 'успешно'],
      ]);
      expect(cells[1]!.at(-1)).toContain(
        text(
          `файлов: ${formatNumber(inbox.seen)} — принято ${formatNumber(inbox.loaded)}, частично ${formatNumber(inbox.partial)}, отклонено ${formatNumber(inbox.rejected)}`,
        ),
      );
      expect(cells[3]!.at(-1)).toBe(
        text(`организаций: ${formatNumber(core.organisations)}, форм в расчёте: ${formatNumber(core.submissions)}`),
      );
      const sourceRows = (await page.locator('#quality-sources tbody tr').allTextContents()).map(text);
      const inboxRow = sourceRows.find((r) => r.startsWith('Файлы мониторинга'));
      expect(inboxRow).toContain(text(formatDateTime(mine[1]!.finished_at!, meta.region.time_zone)));
      const registryRow = sourceRows.find((r) => r.startsWith('Реестр наставников'));
      expect(registryRow).toContain(text(formatDateTime(mine[2]!.finished_at!, meta.region.time_zone)));
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('lists every rejected file of the sample with the Russian messages of its findings, and the missing submissions by territory', async () => {
    const files = await sampleSnapshot<Array<z.infer<typeof OpsFile>>>('ops_files');
    const findings = await sampleSnapshot<Array<z.infer<typeof OpsFinding>>>('ops_findings');
    const coverage = await sampleSnapshot<Array<z.infer<typeof Coverage>>>('mart_coverage');
    const territories = await sampleSnapshot<Array<{ territory_id: string; short_name: string }>>('ref_territories');
    const valueFindings = await sampleSnapshot<Array<z.infer<typeof ValueFinding>>>('mart_value_findings');
    const rejected = files.filter((f) => f.status === 'rejected');
    const partial = files.filter((f) => f.status === 'partial');
    // The sample plants defects: an empty file, values that are not numbers, an unknown municipality…
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    expect(findings.some((f) => f.code === 'empty_file')).toBe(true);

    const opened = await openPage('quality');
    try {
      const { page } = opened;
      await page.waitForSelector('#quality-problem-files table');
      const rows = page.locator('#quality-problem-files tbody tr');
      expect(await rows.count()).toBe(rejected.length + partial.length);
      for (const file of rejected) {
        const row = rows.filter({ hasText: file.file_name }).filter({ hasText: file.source_path });
        expect(await row.count(), file.source_path).toBe(1);
        const shown = text(await row.textContent());
        expect(shown).toContain('отклонён');
        const messages = [
          ...new Set(
            findings.filter((f) => f.file_sha256 === file.file_sha256 && f.severity === 'error').map((f) => f.message),
          ),
        ];
        expect(messages.length, `${file.file_name} has a reason`).toBeGreaterThan(0);
        for (const message of messages.slice(0, 3)) expect(shown).toContain(text(message));
      }

      // Only rejected ones when "принят частично" is unticked.
      await page.locator('#quality-problem-files').getByLabel('принят частично').uncheck();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#quality-problem-files tbody tr').length === n,
        rejected.length,
      );

      // Missing submissions: the grid says, per territory × year, the share that reported and how many did not.
      const gap = coverage
        .filter((c) => c.organisations_missing > 0)
        .toSorted((a, b) => b.organisations_missing - a.organisations_missing)[0];
      expect(gap, 'the sample has a territory that did not submit').toBeDefined();
      const coverageTexts = await page.locator('#quality-coverage svg text').allTextContents();
      expect(coverageTexts).toContain(
        `${formatPct(gap!.share_reported_pct)} · нет ${formatNumber(gap!.organisations_missing)}`,
      );
      expect(coverageTexts).toContain(territories.find((t) => t.territory_id === gap!.territory_id)!.short_name);
      expect(coverageTexts).toContain(formatYear(gap!.year));

      // Indicators that could not be computed: listed, or the page says there are none.
      const valueCard = text(await page.textContent('#quality-value-findings'));
      if (valueFindings.length === 0) expect(valueCard).toContain('Таких нет');
      else expect(valueCard).toContain(text(valueFindings[0]!.message));
      await screenshot(page, 'quality-rejected-only');
      expect(opened.bytes(), 'the page, its scripts and its data stay under 500 KB').toBeLessThan(500_000);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('finds findings by file, sheet, row and column, and filters them by severity', async () => {
    const findings = await sampleSnapshot<Array<z.infer<typeof OpsFinding>>>('ops_findings');
    const warnings = findings.filter((f) => f.severity === 'warning');
    const withPlace = findings.find((f) => f.sheet !== null && f.row_number !== null && f.column_name !== null)!;
    expect(withPlace, 'an Excel finding names its sheet, row and column').toBeDefined();
    // Inputs.search matches each word at the start of a word of any column shown.
    const query = withPlace.file_name!.split(/\s+/)[0]!;
    const term = new RegExp(`(?:^|[^\\p{L}-])${query.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`, 'iu');
    const matching = findings.filter((f) =>
      [
        f.file_name ?? '—',
        f.sheet ?? '—',
        f.row_number,
        f.column_name ?? '—',
        f.value ?? '—',
        SEVERITY[f.severity],
        f.message,
      ].some((v) => term.test(String(v))),
    );

    const opened = await openPage('quality');
    try {
      const { page } = opened;
      await page.waitForSelector('#quality-findings table');
      expect(await page.locator('#quality-findings tbody tr').count()).toBe(Math.min(findings.length, 28));
      expect((await page.locator('#quality-findings thead th').allTextContents()).map(text).filter(Boolean)).toEqual([
        'Файл',
        'Лист',
        'Строка',
        'Столбец',
        'Значение',
        'Важность',
        'Сообщение',
      ]);

      await page.locator('#quality-findings input[type=search]').fill(query);
      await page.waitForFunction(
        (n) => document.querySelectorAll('#quality-findings tbody tr').length === n,
        Math.min(matching.length, 28),
      );
      expect(text(await page.locator('#quality-findings output').textContent())).toBe(`найдено: ${matching.length}`);
      const row = text(
        await page.locator('#quality-findings tbody tr').filter({ hasText: withPlace.message }).first().textContent(),
      );
      for (const part of [
        withPlace.file_name!,
        withPlace.sheet!,
        formatNumber(withPlace.row_number),
        withPlace.column_name!,
        SEVERITY[withPlace.severity]!,
        withPlace.message,
      ]) {
        expect(row).toContain(text(part));
      }

      await page.locator('#quality-findings input[type=search]').fill('');
      await page.locator('#quality-findings').getByLabel('предупреждение').check();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#quality-findings tbody tr').length === n,
        Math.min(warnings.length, 28),
      );
      const severities = await page.locator('#quality-findings tbody tr td:nth-child(7)').allTextContents();
      expect(new Set(severities)).toEqual(new Set(warnings.length > 0 ? ['предупреждение'] : []));
      await screenshot(page, 'quality-warnings');
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});

describe('the tables of «Качество данных» at any width', () => {
  it('say every column header in full: a header wraps instead of ending in «…»', async () => {
    for (const width of [1280, 768]) {
      const opened = await openPage('quality', { width, height: 900 });
      try {
        const { page } = opened;
        await page.waitForSelector('#quality-run-status');
        const cut = await page
          .locator('form[class*="-table"] thead th')
          .evaluateAll((ths) =>
            ths
              .filter((th) => th.textContent!.trim() !== '' && th.scrollWidth > th.clientWidth + 1)
              .map((th) => th.textContent!.trim()),
          );
        expect(await page.locator('form[class*="-table"] thead th').count()).toBeGreaterThan(10);
        expect(cut, `${width} px`).toEqual([]);
        expect(opened.errors).toEqual([]);
      } finally {
        await opened.close();
      }
    }
  });
});

describe('the grids of «Качество данных» on a phone', () => {
  it('scroll sideways inside their cards instead of overprinting their cells, and the page stays as wide as the screen', async () => {
    const opened = await openPage('quality', { width: 390, height: 844 });
    try {
      const { page } = opened;
      await page.waitForSelector('.quality-files-grid svg');
      for (const grid of ['.quality-files-grid', '.quality-coverage-grid']) {
        const overlaps = await page
          .locator(`${grid} svg`)
          .last()
          .evaluate((svg) => {
            const boxes = [...svg.querySelectorAll('text')]
              .filter((t) => t.textContent!.trim() !== '')
              .map((t) => ({ text: t.textContent!.trim(), box: t.getBoundingClientRect() }));
            const found: string[] = [];
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i]!.box;
                const b = boxes[j]!.box;
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                  found.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
              }
            return found;
          });
        expect(overlaps, grid).toEqual([]);
        // the grid is wider than the phone: its box scrolls, the page does not
        expect(await page.locator(`${grid} .chart-scroll`).count(), grid).toBe(1);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
