import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../pipeline/config.ts';
import { buildNote } from '../../pipeline/note/build-note.ts';
import { type NoteData, readNoteData } from '../../pipeline/note/note-data.ts';
import { fireRules, readRules, RULES_FILE } from '../../pipeline/note/rules.ts';
import { resolveTerritory } from '../../pipeline/note/territory.ts';
import { num, pct, pp } from '../../pipeline/note/typography.ts';
import { writeNote, type WrittenNote } from '../../pipeline/note/write-note.ts';
import { publishSample } from '../../pipeline/sample/publish-sample.ts';
import type { IndicatorValue } from '../../pipeline/contract/snapshot.ts';
import { type DocxContent, readDocx } from '../helpers/docx-text.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { brokenText, emptySections } from './sparse-checks.ts';

// The note of the sample's 2021 against 2020, written by the real pipeline's snapshot, read back from the DOCX.

const dir = tempDir('note-sample-');
const snapshotDir = path.join(dir, 'snapshot');
const YEAR = 2021;
let data: NoteData;
let written: WrittenNote;
let docx: DocxContent;
let markdown: string;

beforeAll(async () => {
  await publishSample(dir, { scale: 0.2 });
  data = readNoteData(snapshotDir);
  const rules = readRules(path.join(loadConfig().REFERENCE_DIR, RULES_FILE));
  written = await writeNote(data, { year: YEAR, rules, outDir: path.join(dir, 'notes') });
  docx = await readDocx(written.docx);
  markdown = await readFile(written.markdown, 'utf-8');
}, 180_000);

const row = (indicator: string, year: number, territory: string | null = null): IndicatorValue =>
  data.mart_indicator_values.find(
    (v) =>
      v.indicator_id === indicator &&
      v.year === year &&
      (territory === null ? v.level === 'region' : v.level === 'territory' && v.territory_id === territory),
  )!;

/** The table whose caption paragraph precedes it: found by its header row's first cell and a row's first cell. */
const tableRow = (header: string, first: string) =>
  docx.tables.filter((t) => t[0]?.[0] === header).flatMap((t) => t.filter((r) => r[0] === first));

describe('the analytical note of the sample year', () => {
  it('writes a DOCX that unzips into well-formed XML: A4 portrait, heading styles, page numbers', async () => {
    expect(path.basename(written.docx)).toBe('Аналитическая_справка_2021.docx');
    const document = await docx.zip.file('word/document.xml')!.async('string');
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"( w:orient="portrait")?\/>/);
    const footers = await Promise.all(docx.zip.file(/word\/footer\d*\.xml/).map((f) => f.async('string')));
    expect(footers.join('')).toContain('PAGE');
    expect(await docx.zip.file('word/styles.xml')!.async('string')).toContain('w:styleId="Heading1"');
    expect(docx.paragraphs[0]).toBe('Аналитическая справка');
    expect(docx.text).toContain(
      'по результатам мониторинга реализации региональной целевой модели наставничества в Хабаровском крае за 2021 год в сравнении с 2020 годом',
    );
  });

  it('gives three indicators of the region exactly as the mart has them: 2020, 2021, change, trajectory, baseline, target', () => {
    for (const id of ['oo_students_share', 'young_teachers_share', 'enterprises_share']) {
      const now = row(id, YEAR);
      const before = row(id, YEAR - 1);
      const indicator = data.ref_indicators.find((i) => i.indicator_id === id)!;
      expect(now.value_pct).not.toBeNull();
      expect(tableRow('Показатель', indicator.short_name)).toEqual([
        [
          indicator.short_name,
          pct(now.baseline_pct),
          pct(before.value_pct),
          pct(now.value_pct),
          pp(now.change_pp),
          pct(now.trajectory_pct),
          pct(now.target_pct),
          now.is_lagging ? 'ниже траектории' : 'не ниже траектории',
        ],
      ]);
      expect(docx.text).toContain(
        `${pct(now.value_pct)} в 2021 году против ${pct(before.value_pct)} в 2020 году (${pp(now.change_pp)})`,
      );
    }
  });

  it("lists every territory of an indicator with the mart's values, change in p.p. and rank", () => {
    const indicator = data.ref_indicators.find((i) => i.indicator_id === 'oo_students_share')!;
    const table = docx.tables.find(
      (t) => t[0]?.[0] === 'Муниципалитет' && t[0]?.[4] === 'Место' && t.length === data.ref_territories.length + 2,
    )!;
    expect(table).toBeDefined();
    for (const territory of data.ref_territories) {
      const now = row(indicator.indicator_id, YEAR, territory.territory_id);
      const before = row(indicator.indicator_id, YEAR - 1, territory.territory_id);
      expect(table.find((r) => r[0] === territory.short_name)).toEqual([
        territory.short_name,
        pct(before.value_pct),
        pct(now.value_pct),
        pp(now.change_pp),
        now.rank_among_territories == null ? '' : num(now.rank_among_territories),
        now.is_lagging ? '▼' : '',
      ]);
    }
  });

  it('says who reported and who did not, from mart_coverage and mart_coverage_organisations', () => {
    const rows = data.mart_coverage.filter((c) => c.year === YEAR);
    const expected = rows.reduce((s, c) => s + c.organisations_expected, 0);
    const reported = rows.reduce((s, c) => s + c.organisations_reported, 0);
    expect(docx.text).toContain(
      `Формы мониторинга за 2021 год сдали ${num(reported)} из ${num(expected)} ожидаемых организаций`,
    );
    for (const missing of data.mart_coverage_organisations.filter((o) => o.year === YEAR && o.status === 'missing')) {
      expect(docx.text).toContain(missing.organisation);
    }
  });

  it('has the checklist with the mentor-database share and the registry against the forms', () => {
    const db = data.mart_checklist.filter((c) => c.year === YEAR && c.criterion_id === 'mentor_database');
    const answered = db.reduce((s, c) => s + c.organisations_answered, 0);
    const meeting = db.reduce((s, c) => s + c.organisations_meeting, 0);
    expect(docx.text).toContain(
      `Информационную базу наставников в 2021 году имели ${pct((100 * meeting) / answered)} организаций (${num(meeting)} из ${num(answered)} ответивших)`,
    );
    const registered = data.mart_registry.filter((r) => r.year === YEAR).reduce((s, r) => s + r.mentors_registered, 0);
    expect(tableRow('Муниципалитет', 'Итого по краю').some((r) => r[1] === num(registered) && r.length === 6)).toBe(
      true,
    );
  });

  it('prints each fired recommendation of the default rules with the figure that fired it', () => {
    expect(written.note.warnings).toEqual([]);
    expect(written.note.recommendations.length).toBeGreaterThan(0);
    for (const r of written.note.recommendations) {
      expect(docx.paragraphs).toContain(r.text);
      for (const f of r.figures) expect(r.text).toContain(f.text);
    }
    const rules = readRules(path.join(loadConfig().REFERENCE_DIR, RULES_FILE));
    for (const year of data.meta.years)
      expect(() => fireRules(data, rules, { year, territoryId: null, regionName: 'край' })).not.toThrow();
  });

  it('writes the same content as Markdown', () => {
    const now = row('oo_students_share', YEAR);
    expect(markdown.startsWith('# Аналитическая справка\n')).toBe(true);
    expect(markdown).toContain(
      `| Обучающиеся ОО в наставничестве | ${pct(now.baseline_pct)} | ${pct(row('oo_students_share', YEAR - 1).value_pct)} | ${pct(now.value_pct)} | ${pp(now.change_pp)} |`,
    );
    for (const r of written.note.recommendations) expect(markdown).toContain(`- ${r.text}`);
    expect(markdown).toContain('npm run slides');
  });

  it('has no empty section and no broken or English text', () => {
    expect(emptySections(written.note)).toEqual([]);
    expect(brokenText(markdown)).toEqual([]);
    expect(brokenText(docx.text)).toEqual([]);
  });

  it('writes a note for one territory, named any way the reference spells it', () => {
    expect(resolveTerritory(data, 'р-н им. Лазо', loadConfig().REFERENCE_DIR)).toBe('lazo');
    expect(resolveTerritory(data, 'имени лазо')).toBe('lazo');
    const note = buildNote(data, {
      year: YEAR,
      territory: resolveTerritory(data, 'Лазо', loadConfig().REFERENCE_DIR),
      rules: [],
    });
    expect(note.territory_id).toBe('lazo');
    expect(note.title.at(-1)).toBe(data.ref_territories.find((t) => t.territory_id === 'lazo')!.name);
    expect(note.file_base).toBe('Аналитическая_справка_2021_lazo');
    expect(() => resolveTerritory(data, 'Атлантида', loadConfig().REFERENCE_DIR)).toThrow(
      'Муниципалитет «Атлантида» не найден в снимке витрин',
    );
    const regionRow = note.sections.find((s) => s.id === 'indicators')!.blocks.find((b) => b.kind === 'table');
    const lazo = row('oo_students_share', YEAR, 'lazo');
    expect(regionRow?.kind === 'table' && regionRow.rows[0]?.[3]).toBe(pct(lazo.value_pct));
  });

  it('refuses a year the snapshot does not have, in Russian, from the command line too', async () => {
    expect(() => buildNote(data, { year: 2019, rules: [] })).toThrow(
      'В снимке витрин нет данных за 2019 год: есть 2020–2024 годы.',
    );
    expect(() => buildNote(data, { year: 2021, compare: 2018, rules: [] })).toThrow(
      'нет данных за 2018 год для сравнения',
    );
    const cli = await promisify(execFile)(
      path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      ['pipeline/cli/note.ts', '--year', '2019', '--snapshot', snapshotDir, '--out', path.join(dir, 'x')],
      { cwd: PROJECT_ROOT },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('Справка не записана: В снимке витрин нет данных за 2019 год');
  });

  it('compares with any earlier year when asked, the change being the difference of the two mart values', () => {
    const note = buildNote(data, { year: 2024, compare: 2020, rules: [] });
    const table = note.sections.find((s) => s.id === 'indicators')!.blocks.find((b) => b.kind === 'table')!;
    const now = row('oo_students_share', 2024);
    const before = row('oo_students_share', 2020);
    expect(table.kind === 'table' && table.rows[0]).toEqual([
      'Обучающиеся ОО в наставничестве',
      pct(now.baseline_pct),
      pct(before.value_pct),
      pct(now.value_pct),
      pp(now.value_pct! - before.value_pct!),
      pct(now.trajectory_pct),
      pct(now.target_pct),
      now.is_lagging ? 'ниже траектории' : 'не ниже траектории',
    ]);
  });
});
