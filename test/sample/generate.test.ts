import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference, territoryNameIn } from '../../pipeline/reference/reference.ts';
import { generateSample, type SampleResult, type TruthRow } from '../../pipeline/sample/generate.ts';
import { isValidInn } from '../../pipeline/reference/inn.ts';
import { loadProfile, series } from '../../pipeline/sample/profile.ts';
import { FORM_MEASURE_SHORT } from '../../pipeline/sample/spelling.ts';

const ref = loadReference();
const profile = loadProfile();
const norm = new Normaliser(ref);
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nastavnik-sample-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function fingerprint(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir)
      .sort()
      .map((f) => [
        f,
        `${createHash('sha256')
          .update(readFileSync(path.join(dir, f)))
          .digest('hex')}@${statSync(path.join(dir, f)).mtimeMs}`,
      ]),
  );
}

/** A cell value as the pipeline would read it: numbers with spaces or decimal comma, да/нет as flags. */
function parseValue(text: string | number): number | null {
  if (typeof text === 'number') return text;
  const t = text.trim();
  if (t === '') return null;
  if (t === 'да') return 1;
  if (t === 'нет') return 0;
  return Number(t.replace(/[\s\u00a0]/g, '').replace(',', '.'));
}

type Value = { inn: string; formId: string | null; measureId: string; value: number };
const keyOf = (v: { inn: string; formId: string | null; measureId: string }) =>
  `${v.inn}|${v.formId ?? ''}|${v.measureId}`;
const asMap = (values: Value[]) => new Map(values.map((v) => [keyOf(v), v.value]));

function readSummary(file: string): Value[] {
  const text = iconv.decode(readFileSync(file), 'win1251');
  const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data;
  const header = rows[0]!;
  const byName = new Map(ref.measures.map((m) => [m.name, m.measure_id]));
  const columns = header.map((h, i) => {
    if (i < 3) return null;
    const exact = byName.get(h);
    if (exact) return { formId: null, measureId: exact };
    const m = /^(.*) \((.*)\)$/.exec(h)!;
    return { formId: norm.form(m[2]!).id!, measureId: norm.measure(m[1]!).id! };
  });
  return rows.slice(1).flatMap((row) =>
    columns.flatMap((c, i) => {
      const value = c ? parseValue(row[i]!) : null;
      return c && value !== null ? [{ inn: row[1]!, ...c, value }] : [];
    }),
  );
}

function readLong(file: string): Value[] {
  const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter: '', skipEmptyLines: true });
  const english = parsed.meta.fields?.[0] === 'year';
  return parsed.data.map((r) => {
    const form = english ? r.form! : r['форма']!;
    const value = english
      ? Number(r.value === 'да' ? 1 : r.value === 'нет' ? 0 : r.value)
      : parseValue(r['значение']!)!;
    return {
      inn: english ? r.inn! : r['ИНН']!,
      formId: form === '' ? null : norm.form(form).id!,
      measureId: norm.measure(english ? r.measure! : r['показатель']!).id!,
      value,
    };
  });
}

async function readXlsx(file: string, inn: string): Promise<{ values: Value[]; ws: ExcelJS.Worksheet }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Мониторинг')!;
  const values: Value[] = [];
  let head = 0;
  ws.eachRow((row, n) => {
    if (row.getCell(1).value === 'Наименование показателя' && head === 0) head = n;
  });
  const formIds: string[] = [];
  for (let c = 2; ws.getRow(head + 1).getCell(c).value; c++)
    formIds.push(norm.form(String(ws.getRow(head + 1).getCell(c).value)).id!);
  for (let r = head + 2; r < head + 6; r++) {
    const measureId = norm.measure(String(ws.getRow(r).getCell(1).value)).id!;
    formIds.forEach((formId, i) => {
      const v = ws.getRow(r).getCell(2 + i).value;
      if (v !== null && v !== undefined)
        values.push({ inn, formId, measureId, value: parseValue(v as string | number)! });
    });
  }
  for (let r = head + 6; r <= ws.rowCount; r++) {
    const label = ws.getRow(r).getCell(1).value;
    const v = ws.getRow(r).getCell(2).value;
    if (typeof label === 'string' && v !== null && v !== undefined) {
      values.push({ inn, formId: null, measureId: norm.measure(label).id!, value: parseValue(v as string | number)! });
    }
  }
  return { values, ws };
}

async function readXlsxRaw(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.getWorksheet('Мониторинг')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const truthOf = (result: SampleResult, year: number, inns: Set<string>) =>
  asMap(result.truth.filter((t) => t.year === year && inns.has(t.inn)));

describe('generateSample: determinism', () => {
  it('gives byte-identical files (and mtimes) for the same seed, different ones for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const ra = await generateSample({ seed: 7, outDir: a, scale: 0.05 });
    const rb = await generateSample({ seed: 7, outDir: b, scale: 0.05 });
    await generateSample({ seed: 8, outDir: c, scale: 0.05 });
    const [fa, fb, fc] = [fingerprint(a), fingerprint(b), fingerprint(c)];
    expect(fa.size).toBeGreaterThan(50);
    expect([...fb]).toEqual([...fa]);
    expect(rb.truth).toEqual(ra.truth);
    const same = [...fa].filter(([f, h]) => fc.get(f) === h && !f.endsWith('.txt')).length;
    expect(same).toBe(0);
  }, 60_000);

  it('keeps every case present at a small scale', async () => {
    const result = await generateSample({ seed: 11, outDir: tempDir(), scale: 0.05 });
    expect(new Set(result.defects.map((d) => d.kind)).size).toBe(8);
    expect(result.resubmissions).toHaveLength(5);
    expect(result.missing).toEqual([{ territoryId: 'vyazemsky', year: 2022 }]);
    for (const year of profile.years) {
      const formats = new Set(
        result.files.filter((f) => f.year === year && f.territoryId !== null).map((f) => f.format),
      );
      for (const format of ['xlsx', 'summary-csv', 'long-csv'] as const)
        expect(formats.has(format), `${year} ${format}`).toBe(true);
      for (const t of ['okhotsky', 'bikinsky'])
        expect(result.files.some((f) => f.territoryId === t && f.year === year)).toBe(true);
    }
    for (const [type, count] of Object.entries({ OO: 0, SPO: 0, DO: 0 })) {
      expect(result.organisations.filter((o) => o.orgTypeId === type).length).toBeGreaterThan(count);
    }
    expect(result.registry.unmappableMunicipalities).toBeGreaterThan(0);
  }, 60_000);
});

describe('generateSample: full scale', () => {
  let result: SampleResult;
  let outDir: string;
  const byOrgYear = new Map<string, TruthRow[]>();

  beforeAll(async () => {
    outDir = tempDir();
    result = await generateSample({ seed: 20260101, outDir });
    for (const row of result.truth) {
      const key = `${row.year}|${row.inn}`;
      byOrgYear.set(key, [...(byOrgYear.get(key) ?? []), row]);
    }
  }, 120_000);

  it('has the organisations of the profile: 370 ОО, 30 СПО, 60 ДО', () => {
    const count = (type: 'OO' | 'SPO' | 'DO') =>
      Object.values(profile.territories).reduce((s, t) => s + t.counts[type], 0);
    expect([count('OO'), count('SPO'), count('DO')]).toEqual([370, 30, 60]);
    for (const type of ['OO', 'SPO', 'DO'] as const) {
      expect(result.organisations.filter((o) => o.orgTypeId === type)).toHaveLength(count(type));
    }
    expect(
      result.organisations
        .filter((o) => o.territoryId === 'regional')
        .map((o) => o.orgTypeId)
        .filter((t) => t === 'OO'),
    ).toHaveLength(15);
  });

  it('gives organisations valid, unique ИНН and names unique within a territory', () => {
    const inns = result.organisations.map((o) => o.inn);
    expect(new Set(inns).size).toBe(inns.length);
    for (const inn of inns) {
      expect(inn).toMatch(/^27\d{8}$/);
      expect(isValidInn(inn)).toBe(true);
    }
    for (const t of ref.territories) {
      const names = result.organisations.filter((o) => o.territoryId === t.territory_id);
      expect(new Set(names.map((o) => o.name)).size).toBe(names.length);
      expect(new Set(names.map((o) => o.shortName)).size).toBe(names.length);
    }
  });

  it('names organisations so that the type shows in the name (forms without the header block state it nowhere else)', () => {
    for (const o of result.organisations) expect(norm.orgTypeFromName(o.name).id, o.name).toBe(o.orgTypeId);
  });

  it('covers every territory every year except the missing one', () => {
    for (const year of profile.years) {
      const present = new Set(result.truth.filter((t) => t.year === year).map((t) => t.territoryId));
      const expected = ref.territories
        .map((t) => t.territory_id)
        .filter((id) => !(id === 'vyazemsky' && year === 2022));
      expect([...present].sort()).toEqual(expected.sort());
    }
    expect(result.files.some((f) => f.territoryId === 'vyazemsky' && f.year === 2022)).toBe(false);
  });

  it('keeps sums over forms within totals, percentages in 0–100, flags 0/1 for every organisation-year', () => {
    const limits: [string, string][] = [
      ['mentees_students', 'students_total'],
      ['mentors_students', 'students_15_19'],
      ['mentees_young_teachers', 'young_teachers_total'],
      ['enterprises_mentors', 'partner_enterprises'],
    ];
    const kind = new Map(ref.measures.map((m) => [m.measure_id, m.kind]));
    for (const rows of byOrgYear.values()) {
      const org = new Map(rows.filter((r) => r.formId === null).map((r) => [r.measureId, r.value]));
      for (const [part, total] of limits) {
        const sum = rows.filter((r) => r.measureId === part).reduce((s, r) => s + r.value, 0);
        expect(sum).toBeLessThanOrEqual(org.get(total)!);
      }
      expect(org.get('students_15_19')!).toBeLessThan(org.get('students_total')!);
      expect(org.get('personal_programmes_count')! >= 1).toBe(org.get('has_personal_programmes') === 1);
      const forms = new Set(rows.filter((r) => r.formId !== null).map((r) => r.formId));
      expect(forms.size).toBeGreaterThanOrEqual(2);
      expect(forms.size).toBeLessThanOrEqual(5);
      for (const r of rows) {
        const k = kind.get(r.measureId);
        if (k === 'flag') expect([0, 1]).toContain(r.value);
        if (k === 'pct') {
          expect(r.value).toBeGreaterThanOrEqual(0);
          expect(r.value).toBeLessThanOrEqual(100);
          expect(Math.round(r.value * 10) / 10).toBe(r.value);
        }
        if (k === 'count') expect(Number.isInteger(r.value) && r.value >= 0).toBe(true);
      }
    }
  });

  const share = (rows: TruthRow[], num: string, den: string) =>
    (100 * rows.filter((r) => r.measureId === num).reduce((s, r) => s + r.value, 0)) /
    rows.filter((r) => r.measureId === den).reduce((s, r) => s + r.value, 0);
  const trajectory = (indicatorId: string, year: number) => {
    const i = ref.indicators.find((x) => x.indicator_id === indicatorId)!;
    return (
      i.baseline_pct + ((i.target_pct - i.baseline_pct) * (year - i.baseline_year)) / (i.target_year - i.baseline_year)
    );
  };
  const ratioIndicators = [
    ['oo_students_share', 'mentees_students', 'students_total'],
    ['youth_mentors_share', 'mentors_students', 'students_15_19'],
    ['young_teachers_share', 'mentees_young_teachers', 'young_teachers_total'],
    ['enterprises_share', 'enterprises_mentors', 'partner_enterprises'],
  ] as const;

  it('starts 2020 near the baselines of indicators.csv', () => {
    const rows = result.truth.filter((r) => r.year === 2020);
    expect(share(rows, 'mentees_students', 'students_total')).toBeCloseTo(10, -0.5);
    expect(share(rows, 'mentors_students', 'students_15_19')).toBeGreaterThan(1.5);
    expect(share(rows, 'mentors_students', 'students_15_19')).toBeLessThan(2.5);
    expect(share(rows, 'enterprises_mentors', 'partner_enterprises')).toBeLessThan(3.5);
    const respondents = new Map(
      rows.filter((r) => r.measureId === 'survey_mentees_respondents').map((r) => [r.inn, r.value]),
    );
    const sat = rows.filter((r) => r.measureId === 'satisfaction_mentees_pct');
    const weighted =
      sat.reduce((s, r) => s + r.value * respondents.get(r.inn)!, 0) /
      sat.reduce((s, r) => s + respondents.get(r.inn)!, 0);
    expect(weighted).toBeGreaterThanOrEqual(48);
    expect(weighted).toBeLessThanOrEqual(60);
  });

  it('has lagging territories below trajectory from 2022 and a fast one above it by 2023', () => {
    const byGrowth = (g: string) =>
      Object.entries(profile.territories)
        .filter(([, t]) => t.growth === g)
        .map(([id]) => id);
    const lagging = byGrowth('lagging');
    const fast = byGrowth('fast');
    expect(lagging.length).toBeGreaterThanOrEqual(3);
    expect(fast.length).toBeGreaterThanOrEqual(1);
    for (const [indicator, num, den] of ratioIndicators) {
      for (const year of [2022, 2023, 2024]) {
        for (const t of lagging) {
          const rows = result.truth.filter((r) => r.year === year && r.territoryId === t);
          expect(share(rows, num, den), `${t} ${year} ${indicator}`).toBeLessThan(trajectory(indicator, year));
        }
      }
      for (const year of [2023, 2024]) {
        for (const t of fast) {
          const rows = result.truth.filter((r) => r.year === year && r.territoryId === t);
          expect(share(rows, num, den), `${t} ${year} ${indicator}`).toBeGreaterThan(trajectory(indicator, year));
        }
      }
    }
  });

  it('makes checklist flags more common every year, the mentor database about half in 2022', () => {
    const flagShare = (measure: string, year: number) => {
      const rows = result.truth.filter((r) => r.year === year && r.measureId === measure);
      return rows.reduce((s, r) => s + r.value, 0) / rows.length;
    };
    for (const measure of Object.keys(series(profile.checklistAdoption))) {
      const shares = profile.years.map((y) => flagShare(measure, y));
      for (let i = 1; i < shares.length; i++) expect(shares[i]!).toBeGreaterThan(shares[i - 1]!);
    }
    expect(flagShare('has_mentor_database', 2022)).toBeGreaterThan(0.4);
    expect(flagShare('has_mentor_database', 2022)).toBeLessThan(0.65);
  });

  it('spells renamed territories by the name of the year, and every folder maps to its territory', async () => {
    for (const f of result.files) {
      const folder = f.path.split('/')[2]!;
      expect(norm.territory(folder).id, f.path).toBe(f.territoryId);
      if (f.territoryId === 'okhotsky' || f.territoryId === 'bikinsky') {
        expect(folder).toBe(territoryNameIn(ref, f.territoryId, f.year).name);
      }
    }
    expect(result.files.some((f) => f.path.includes('/Охотский муниципальный округ/') && f.year === 2023)).toBe(true);
    expect(result.files.some((f) => f.path.includes('/Охотский муниципальный район/') && f.year === 2022)).toBe(true);
    expect(result.files.some((f) => f.path.includes('/Бикинский муниципальный округ/') && f.year === 2024)).toBe(true);
    const bikin2024 = result.files.find(
      (f) => f.territoryId === 'bikinsky' && f.year === 2024 && f.format === 'long-csv',
    )!;
    expect(readFileSync(path.join(outDir, bikin2024.path), 'utf8')).toContain(';Бикинский муниципальный округ;');
  });

  it('uses all three formats every year and puts regional organisations in XLSX under «Краевые организации»', () => {
    for (const year of profile.years) {
      const formats = new Set(result.files.filter((f) => f.year === year).map((f) => f.format));
      for (const format of ['xlsx', 'summary-csv', 'long-csv']) expect(formats.has(format as never)).toBe(true);
    }
    const regional = result.files.filter((f) => f.territoryId === 'regional');
    expect(regional.every((f) => f.path.startsWith(`inbox/${f.year}/Краевые организации/`))).toBe(true);
    expect(regional.every((f) => f.format === 'xlsx' || f.format === 'empty')).toBe(true);
  });

  it('lists eight kinds of defects whose organisation-years stay out of the truth unless corrected', () => {
    expect(result.defects.map((d) => d.kind).sort()).toEqual([
      'empty-file',
      'fractional',
      'inconsistent',
      'negative',
      'pct-over-100',
      'text-in-number',
      'unknown-form',
      'unknown-territory',
    ]);
    const corrected = new Set(result.resubmissions.map((r) => `${r.year}|${r.inn}`));
    for (const d of result.defects) {
      if (d.inn === null) continue;
      expect(byOrgYear.has(`${d.year}|${d.inn}`), `${d.kind} ${d.path}`).toBe(corrected.has(`${d.year}|${d.inn}`));
    }
    expect(result.defects.some((d) => corrected.has(`${d.year}|${d.inn}`))).toBe(true);
    const foreign = result.defects.find((d) => d.kind === 'unknown-territory')!;
    expect(foreign.expected).toBe('file-rejected');
    expect(norm.territory(foreign.path.split('/')[2]!).id).toBeNull();
    const empty = result.defects.find((d) => d.kind === 'empty-file')!;
    expect(statSync(path.join(outDir, empty.path)).size).toBe(0);
  });

  it('puts each defect visibly into its file', async () => {
    const defect = (kind: string) => result.defects.find((d) => d.kind === kind)!;
    const text = (p: string) => readFileSync(path.join(outDir, p));
    const xlsxValues = async (kind: string) => (await readXlsxRaw(path.join(outDir, defect(kind).path))).flat();
    expect((await xlsxValues('negative')).some((v) => typeof v === 'number' && v < 0)).toBe(true);
    expect(await xlsxValues('text-in-number')).toContain('нет данных');
    const summaryRow = (kind: string) =>
      iconv
        .decode(text(defect(kind).path), 'win1251')
        .split('\r\n')
        .find((l) => l.includes(defect(kind).inn!))!;
    expect(summaryRow('fractional')).toMatch(/;\d+,5;/);
    expect(
      summaryRow('pct-over-100')
        .split(';')
        .some((c) => /^\d+,\d$/.test(c) && parseValue(c)! > 100),
    ).toBe(true);
    const longRows = (kind: string) =>
      Papa.parse<string[]>(
        text(defect(kind).path)
          .toString('utf8')
          .replace(/^\ufeff/, ''),
        { delimiter: '', skipEmptyLines: true },
      ).data.filter((r) => r[3] === defect(kind).inn);
    const inconsistent = longRows('inconsistent');
    const total = Number(inconsistent.find((r) => norm.measure(r[6]!).id === 'students_total')![7]);
    expect(
      Math.max(...inconsistent.filter((r) => norm.measure(r[6]!).id === 'mentees_students').map((r) => Number(r[7]))),
    ).toBeGreaterThan(total);
    expect(longRows('unknown-form').some((r) => r[5] !== '' && norm.form(r[5]!).id === null)).toBe(true);
  });

  it('writes ~5 corrected files, later than the ones they replace, whose values are the truth', async () => {
    expect(result.resubmissions).toHaveLength(5);
    for (const r of result.resubmissions) {
      expect(r.path).toContain('_исправленный');
      expect(statSync(path.join(outDir, r.path)).mtimeMs).toBeGreaterThan(
        statSync(path.join(outDir, r.supersedes)).mtimeMs,
      );
    }
    const csv = result.resubmissions.find((r) => r.path.endsWith('.csv'))!;
    const read = csv.path.includes('/Свод_') ? readSummary : readLong;
    const [before, after] = [read(path.join(outDir, csv.supersedes)), read(path.join(outDir, csv.path))];
    const only = (values: Value[]) => asMap(values.filter((v) => v.inn === csv.inn));
    expect(only(after)).toEqual(truthOf(result, csv.year, new Set([csv.inn])));
    expect(only(before)).not.toEqual(only(after));
  });

  it('sets submission mtimes in January–March of the next year', () => {
    for (const f of result.files.filter((x) => !x.resubmission)) {
      const mtime = statSync(path.join(outDir, f.path)).mtime;
      expect(mtime.getUTCFullYear()).toBe(f.year + 1);
      expect(mtime.getUTCMonth()).toBeLessThanOrEqual(2);
    }
  });

  const plainFile = (format: string, filter: (p: string) => boolean = () => true) => {
    const touched = new Set([
      ...result.defects.map((d) => d.path),
      ...result.resubmissions.flatMap((r) => [r.path, r.supersedes]),
    ]);
    return result.files.find(
      (f) => f.format === format && f.territoryId !== null && !touched.has(f.path) && filter(f.path),
    )!;
  };

  it('writes an XLSX form with the merged «Форма наставничества» header and seed-002 labels, values as in the truth', async () => {
    const file = plainFile('xlsx');
    const org = result.organisations.find(
      (o) => file.path.endsWith(`/${o.shortName}.xlsx`) && o.territoryId === file.territoryId,
    )!;
    const { values, ws } = await readXlsx(path.join(outDir, file.path), org.inn);
    expect(ws.getCell('A1').value).toBe(
      'Показатели эффективности реализации целевой модели наставничества (синтетические данные)',
    );
    expect(ws.getCell('A2').value).toBe(`Образовательное учреждение: ${org.name}`);
    const head = ws.getColumn(1).values.indexOf('Наименование показателя');
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    const lastCol = String.fromCharCode('A'.charCodeAt(0) + org.formIds.length);
    expect(ws.getCell(head, 2).value).toBe('Форма наставничества');
    expect(merges).toContain(`B${head}:${lastCol}${head}`);
    expect(merges).toContain(`A${head}:A${head + 1}`);
    expect(merges).toContain(`A1:${lastCol}1`);
    const formNames = ref.measures.filter((m) => m.block === 'form').map((m) => m.name);
    expect([2, 3, 4, 5].map((i) => ws.getCell(head + i, 1).value)).toEqual(formNames);
    expect(String(ws.getCell(ws.rowCount, 1).value)).toMatch(
      /^Ответственный за реализацию программы в ОУ: ФИО: \S+ \S+ \S+ тел\.: \+7 9\d\d \d{3}-\d{2}-\d{2}$/,
    );
    expect(asMap(values)).toEqual(truthOf(result, file.year, new Set([org.inn])));
  });

  it('writes summary CSVs in Windows-1251 with decimal commas, readable headers and the values of the truth', () => {
    const file = plainFile('summary-csv');
    const bytes = readFileSync(path.join(outDir, file.path));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'win1251');
    expect(text).toMatch(/;\d{1,2},\d;/);
    expect(text).toContain('\r\n');
    const header = text.split('\r\n')[0]!.split(';');
    expect(header.slice(0, 3)).toEqual(['Организация', 'ИНН', 'Тип организации']);
    for (const h of header.slice(3)) {
      const m = /^(.*) \((.*)\)$/.exec(h);
      if (m && Object.values(FORM_MEASURE_SHORT).includes(m[1]!)) {
        expect(norm.form(m[2]!).id).not.toBeNull();
        expect(norm.measure(m[1]!).id).not.toBeNull();
      } else expect(ref.measures.some((x) => x.name === h)).toBe(true);
    }
    const values = readSummary(path.join(outDir, file.path));
    expect(asMap(values)).toEqual(truthOf(result, file.year, new Set(values.map((v) => v.inn))));
    const all = result.files
      .filter((f) => f.format === 'summary-csv')
      .map((f) => iconv.decode(readFileSync(path.join(outDir, f.path)), 'win1251'));
    expect(all.some((t) => /;\d{1,3}[ \u00a0]\d{3};/.test(t))).toBe(true);
  });

  it('writes long CSVs (Russian and English headers) whose rows are the values of the truth', () => {
    const ru = plainFile('long-csv', (p) => !p.includes('Ванинск'));
    const en = plainFile('long-csv', (p) => p.includes('Ванинск'));
    expect(
      readFileSync(path.join(outDir, ru.path), 'utf8')
        .replace(/^\ufeff/, '')
        .split('\r\n')[0],
    ).toBe('год;муниципалитет;организация;ИНН;тип;форма;показатель;значение');
    expect(
      readFileSync(path.join(outDir, en.path), 'utf8')
        .replace(/^\ufeff/, '')
        .split('\n')[0],
    ).toBe('year,municipality,organisation,inn,type,form,measure,value');
    for (const file of [ru, en]) {
      const values = readLong(path.join(outDir, file.path));
      expect(asMap(values)).toEqual(truthOf(result, file.year, new Set(values.map((v) => v.inn))));
    }
  });

  it('writes a registry that follows the REGISTRY_API item shape', () => {
    const mentors = JSON.parse(readFileSync(path.join(outDir, 'registry/mentors.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    const changes = JSON.parse(readFileSync(path.join(outDir, 'registry/changes.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    expect(mentors).toHaveLength(1800);
    expect(changes).toHaveLength(150);
    const fields = [
      'id',
      'updated_at',
      'deleted',
      'full_name',
      'email',
      'phone',
      'municipality',
      'organisation',
      'org_type',
      'forms',
      'personalised_programme',
      'trained',
      'trained_at',
      'registered_at',
    ].sort();
    const inns = new Set(result.organisations.map((o) => o.inn));
    let unmapped = 0;
    for (const m of [...mentors, ...changes]) {
      expect(Object.keys(m).sort()).toEqual(fields);
      expect(m.id).toMatch(/^m-\d{6}$/);
      expect(m.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+10:00$/);
      expect(m.registered_at).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(typeof m.deleted).toBe('boolean');
      expect(m.full_name).toMatch(/^\S+ \S+ \S+$/);
      expect(m.email).toMatch(/^[a-z0-9.]+@example\.ru$/);
      expect(m.phone).toMatch(/^\+7 9\d\d \d{3}-\d{2}-\d{2}$/);
      expect(m.trained_at === null).toBe(m.trained === false);
      const org = m.organisation as { inn: string; name: string };
      expect(Object.keys(org).sort()).toEqual(['inn', 'name']);
      expect(inns.has(org.inn)).toBe(true);
      expect(norm.orgType(m.org_type as string).id).not.toBeNull();
      for (const form of m.forms as string[]) expect(norm.form(form).id).not.toBeNull();
      if (norm.territory(m.municipality as string).id === null) unmapped++;
    }
    expect(unmapped).toBeGreaterThan(0);
    expect(unmapped / mentors.length).toBeLessThan(0.03);
    const years = new Set(mentors.map((m) => String(m.registered_at).slice(0, 4)));
    expect([...years].sort()).toEqual(['2021', '2022', '2023', '2024']);
    const base = new Map(mentors.map((m) => [m.id, m]));
    expect(changes.some((c) => c.deleted === true)).toBe(true);
    for (const c of changes) {
      const before = base.get(c.id);
      if (before) expect(String(c.updated_at) > String(before.updated_at)).toBe(true);
    }
  });

  it('says in the README that the data is synthetic', () => {
    const text = readFileSync(path.join(outDir, 'ПРОЧТИТЕ.txt'), 'utf8');
    expect(text).toContain('ВЫМЫШЛЕНЫ');
    expect(text).toContain('20260101');
  });
});
