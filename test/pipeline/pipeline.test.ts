import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCode, type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { withInnCheckDigit } from '../../pipeline/reference/inn.ts';
import { seedWorkbook } from '../helpers/seed-form.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { findTextInWarehouse } from '../helpers/warehouse-text-scan.ts';

const dir = tempDir();
const inbox = path.join(dir, 'inbox');
const config = pipelineConfigIn(dir, inbox);
const VANINO_INN = withInnCheckDigit('270900012');
const TSDT_INN = withInnCheckDigit('271500034');

function put(relative: string, content: Buffer | string, mtime = new Date('2022-01-20T10:00:00+10:00')): void {
  const file = path.join(inbox, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtime, mtime);
}

const lazoTotals: [string, number | string][] = [
  ['Общая численность обучающихся', 400],
  ['Численность обучающихся в возрасте от 15 до 19 лет', 100],
  ['Численность учителей в возрасте до 35 лет в первые три года работы', 5],
  ['Число предприятий (организаций) – социальных партнёров', 4],
  ['Число опрошенных наставляемых', 30],
  ['Уровень удовлетворённости наставляемых участием в программах наставничества, %', 80],
  ['Информационная база наставников', 'да'],
];

const query = (sql: string) => queryWarehouse(config.WAREHOUSE_PATH, sql);

async function dumpWarehouse(): Promise<string> {
  const tables = [
    'raw_files',
    'stg_submissions',
    'stg_values',
    'core_organisations',
    'core_submissions',
    'core_facts',
    'core_org_facts',
    'mart_indicator_values',
    'mart_coverage',
  ];
  const parts: unknown[] = [];
  for (const t of tables) parts.push(await query(`select * from ${t} order by all`));
  return JSON.stringify(parts);
}

/** The region's row (territory null) or a territory's row of an indicator and year. */
function indicator(rows: Record<string, unknown>[], id: string, territory: string | null, year: number) {
  const level = territory === null ? 'region' : 'territory';
  return rows.find(
    (r) => r.indicator_id === id && r.level === level && r.territory_id === territory && r.year === year,
  );
}

describe('pipeline over a hand-made inbox', () => {
  let first: RunSummary;
  let second: RunSummary;
  let dumpAfterFirst: string;

  beforeAll(async () => {
    // Seed 002's form, no year or territory cells: both come from the folders.
    const seedForm = (mentees: number) =>
      seedWorkbook({
        orgName: 'МБОУ СОШ № 1 с. Переяславка',
        forms: ['Ученик – ученик', 'Учитель - учитель'],
        rows: [
          [mentees, null],
          [10, null],
          [null, 2],
          [null, null],
        ],
        extra: lazoTotals,
      });
    // The same bytes under another name (two workbooks made a second apart would differ in their creation time).
    const form = await seedForm(40);
    put('2021/р-н им. Лазо/СОШ 1.xlsx', form);
    put('2021/р-н им. Лазо/копия/СОШ 1 (копия).xlsx', form);
    // A later corrected file for the same organisation and year supersedes the first one.
    put('2021/р-н им. Лазо/СОШ 1_исправленный.xlsx', await seedForm(60), new Date('2022-02-15T10:00:00+10:00'));
    // The cells name year and territory: they win over the folder.
    put(
      '2021/Лазо/ЦДТ.xlsx',
      await seedWorkbook({
        orgName: 'МБУ ДО «Центр детского творчества»',
        header: [
          ['ИНН', TSDT_INN],
          ['Тип организации', 'ДО'],
          ['Муниципальное образование', 'Охотский МО'],
          ['Отчётный год', 2022],
        ],
        forms: ['Учитель – ученик'],
        rows: [['60'], [null], [null], [null]],
        extra: [['Общая численность обучающихся', '300']],
      }),
    );
    // A municipality summary in Windows-1251 with `;`, a decimal comma and a thousands space.
    const summary = [
      [
        'Организация',
        'ИНН',
        'Тип организации',
        'Общая численность обучающихся',
        'Численность обучающихся в возрасте от 15 до 19 лет',
        'Уровень удовлетворённости наставляемых участием в программах наставничества, %',
        'Число опрошенных наставляемых',
        'Наставляемые обучающиеся 10–18 лет (Ученик – ученик)',
        'Наставники-обучающиеся 15–18 лет (Ученик – ученик)',
      ],
      ['МБОУ СОШ № 2 п. Ванино', VANINO_INN, 'ОО', '1 234', '300', '70,5', '40', '200', '30'],
      ['МБОУ СОШ № 3 п. Ванино', '', 'ОО', '100', '50', '', '', '150', '10'],
    ];
    put(
      '2021/Ванинский район/Свод.csv',
      iconv.encode(`${summary.map((r) => r.join(';')).join('\r\n')}\r\n`, 'win1251'),
    );
    // A long file in UTF-8 with BOM, year and territory in its own columns.
    const long = Papa.unparse(
      [
        ['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'],
        [
          '2021',
          'г. Хабаровск',
          'МАОУ «Гимназия № 3»',
          '',
          'ОО',
          'учитель — ученик',
          'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого',
          '30',
        ],
        ['2021', 'г. Хабаровск', 'МАОУ «Гимназия № 3»', '', 'ОО', 'ученик-ученик', 'mentees_students', '20'],
        ['2021', 'г. Хабаровск', 'МАОУ «Гимназия № 3»', '', 'ОО', '', 'Общая численность обучающихся', '600'],
        ['2021', 'г. Хабаровск', 'МАОУ «Гимназия № 3»', '', 'ОО', '', 'Примечание', 'данные предварительные'],
      ],
      { delimiter: ';' },
    );
    put('Мониторинг_Хабаровск.csv', `\ufeff${long}\r\n`);
    put('письмо.pdf', '%PDF-1.4 not a form');
    put('2021/Амурский район/пустой.xlsx', '');
    put('2021/Амурский район/мусор.xlsx', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)));

    first = await runPipeline(config);
    dumpAfterFirst = await dumpWarehouse();
    second = await runPipeline(config);
  }, 120_000);

  it('summarises the run: partial, with what was loaded, rejected and skipped', () => {
    expect(first.error).toBeNull();
    expect(first.status).toBe('partial');
    expect(exitCode(first)).toBe(1);
    expect(first.filesSeen).toBe(9);
    // loaded: СОШ 1, исправленный, ЦДТ, Хабаровск; partial: Свод; rejected: pdf, empty, junk; skipped: the copy
    expect(first.files).toEqual({ loaded: 4, partial: 1, rejected: 3, skipped: 1 });
  });

  it('computes shares as sums over sums, with the corrected file superseding the first', async () => {
    const marts = JSON.parse(
      readFileSync(path.join(config.SNAPSHOT_DIR, 'mart_indicator_values.json'), 'utf8'),
    ) as Record<string, unknown>[];
    // progress = (15 − 10) / (70 − 10); ranks among the three territories that reported: 16,2 > 15 > 8,3
    expect(indicator(marts, 'oo_students_share', 'lazo', 2021)).toMatchObject({
      numerator: 60,
      denominator: 400,
      value_pct: 15,
      trajectory_pct: 25,
      progress_pct: 8.3333,
      is_lagging: true,
      rank_among_territories: 2,
    });
    expect(indicator(marts, 'oo_students_share', 'vaninsky', 2021)).toMatchObject({
      numerator: 200,
      denominator: 1234,
      value_pct: 16.2075,
      rank_among_territories: 1,
    });
    expect(indicator(marts, 'oo_students_share', 'khabarovsk', 2021)).toMatchObject({
      numerator: 50,
      denominator: 600,
      value_pct: 8.3333,
      rank_among_territories: 3,
    });
    // (60 + 200 + 50) / (400 + 1234 + 600)
    expect(indicator(marts, 'oo_students_share', null, 2021)).toMatchObject({
      level: 'region',
      numerator: 310,
      denominator: 2234,
      value_pct: 13.8765,
    });
    // satisfaction weighted by respondents: (80·30 + 70,5·40) / 70
    expect(indicator(marts, 'mentees_satisfaction', null, 2021)).toMatchObject({
      numerator: 52.2,
      denominator: 70,
      value_pct: 74.5714,
    });
    expect(indicator(marts, 'youth_mentors_share', null, 2021)).toMatchObject({
      numerator: 40,
      denominator: 400,
      value_pct: 10,
    });
    // the ДО centre reported 2022 for Охотский in its cells, though it sat in a 2021 Лазо folder
    expect(indicator(marts, 'do_students_share', 'okhotsky', 2022)).toMatchObject({
      numerator: 60,
      denominator: 300,
      value_pct: 20,
      prev_value_pct: null,
      change_pp: null,
    });
    // a territory with no data is a gap, not a zero
    expect(indicator(marts, 'oo_students_share', 'ulchsky', 2021)).toMatchObject({
      numerator: null,
      denominator: null,
      value_pct: null,
      is_lagging: null,
      rank_among_territories: null,
    });
    expect(indicator(marts, 'oo_students_share', null, 2021)).toMatchObject({
      rank_among_territories: null,
      progress_pct: 6.4608,
    });
    // the same sums by organisation type, territory × type, and organisation
    const row = (
      level: string,
      territory: string | null,
      type: string | null,
      org: string | null,
      id = 'oo_students_share',
      year = 2021,
    ) =>
      marts.find(
        (r) =>
          r.level === level &&
          r.indicator_id === id &&
          r.year === year &&
          r.territory_id === territory &&
          r.org_type_id === type &&
          r.org_key === org,
      );
    expect(row('org_type', null, 'OO', null)).toMatchObject({ numerator: 310, denominator: 2234, value_pct: 13.8765 });
    expect(row('territory_org_type', 'lazo', 'OO', null)).toMatchObject({
      numerator: 60,
      denominator: 400,
      value_pct: 15,
    });
    expect(row('organisation', 'lazo', 'OO', 'name:lazo:мбоу сош 1 с переяславка')).toMatchObject({
      numerator: 60,
      denominator: 400,
      value_pct: 15,
      is_lagging: true,
    });
    expect(row('organisation', 'vaninsky', 'OO', VANINO_INN)).toMatchObject({ numerator: 200, denominator: 1234 });
    expect(row('org_type', null, 'DO', null, 'do_students_share', 2022)).toMatchObject({
      numerator: 60,
      denominator: 300,
      value_pct: 20,
    });
    expect(
      marts.filter((r) => r.level === 'organisation' && r.indicator_id === 'oo_students_share' && r.year === 2021),
    ).toHaveLength(3);
  });

  it('publishes the region of the reference data with the snapshot', () => {
    const meta = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({
      run_id: second.runId,
      years: [2021, 2022],
      synthetic: false,
      region: { name: 'Хабаровский край', time_zone: 'Asia/Vladivostok', time_zone_city: 'Хабаровск' },
    });
  });

  it('counts participants by form with each form’s share, and the checklist by criterion', async () => {
    // Лазо, ОО, 2021 (the corrected file): 60 pupils in «ученик – ученик», 2 young teachers in «учитель – учитель»
    expect(
      await query(
        "select form_id, mentees, mentors_students, share_of_mentees_pct from mart_forms where territory_id = 'lazo' order by form_id",
      ),
    ).toEqual([
      { form_id: 'pupil_pupil', mentees: 60, mentors_students: 10, share_of_mentees_pct: 96.7742 },
      { form_id: 'teacher_teacher', mentees: 2, mentors_students: 0, share_of_mentees_pct: 3.2258 },
    ]);
    expect(
      await query(
        "select form_id, mentees, share_of_mentees_pct from mart_forms where territory_id = 'khabarovsk' order by form_id",
      ),
    ).toEqual([
      { form_id: 'pupil_pupil', mentees: 20, share_of_mentees_pct: 40 },
      { form_id: 'teacher_pupil', mentees: 30, share_of_mentees_pct: 60 },
    ]);
    expect(
      await query(
        'select territory_id, org_type_id, year, criterion_id, organisations_answered, organisations_meeting, share_pct from mart_checklist',
      ),
    ).toEqual([
      {
        territory_id: 'lazo',
        org_type_id: 'OO',
        year: 2021,
        criterion_id: 'mentor_database',
        organisations_answered: 1,
        organisations_meeting: 1,
        share_pct: 100,
      },
    ]);
  });

  it('keeps superseded submissions as history', async () => {
    const subs = await query(
      "select s.is_current, f.value from core_submissions s join stg_values f on f.file_sha256 = s.file_sha256 where s.territory_id = 'lazo' and f.measure_id = 'mentees_students' order by s.submitted_at",
    );
    expect(subs).toEqual([
      { is_current: false, value: 40 },
      { is_current: true, value: 60 },
    ]);
  });

  it('rejects the inconsistent organisation with a Russian finding naming file, row and column', async () => {
    const rows = await query(
      "select file_name, sheet, row_number, column_name, value, severity, code, message from ops_findings where code = 'inconsistent'",
    );
    expect(rows).toEqual([
      {
        file_name: 'Свод.csv',
        sheet: null,
        row_number: 3,
        column_name: 'Общая численность обучающихся',
        value: '150',
        severity: 'error',
        code: 'inconsistent',
        message: 'Несогласованные данные: наставляемых обучающихся больше, чем всего обучающихся (150 > 100)',
      },
    ]);
    const sub = await query(
      "select org_name, is_accepted from stg_submissions where territory_id = 'vaninsky' order by org_name",
    );
    expect(sub).toEqual([
      { org_name: 'МБОУ СОШ № 2 п. Ванино', is_accepted: true },
      { org_name: 'МБОУ СОШ № 3 п. Ванино', is_accepted: false },
    ]);
  });

  it('reports unreadable and unsupported files, and keeps every file in the archive', async () => {
    const findings = await query(
      "select file_name, code from ops_findings where severity = 'error' and code <> 'inconsistent' order by file_name",
    );
    expect(findings).toEqual([
      { file_name: 'мусор.xlsx', code: 'unreadable_xlsx' },
      { file_name: 'письмо.pdf', code: 'unsupported_format' },
      { file_name: 'пустой.xlsx', code: 'empty_file' },
    ]);
    const warnings = await query(
      "select file_name, row_number, column_name, code from ops_findings where severity = 'warning'",
    );
    expect(warnings).toEqual([
      { file_name: 'Мониторинг_Хабаровск.csv', row_number: 5, column_name: 'показатель', code: 'measure_unknown' },
    ]);
    const raw = await query('select archived_path, size_bytes from raw_files');
    expect(raw).toHaveLength(8);
    for (const r of raw) expect(readFileSync(String(r.archived_path)).length).toBe(Number(r.size_bytes));
  });

  it('a rerun on the same inbox skips every file and leaves the warehouse unchanged', async () => {
    expect(second.files).toEqual({ loaded: 0, partial: 0, rejected: 0, skipped: 9 });
    expect(second.status).toBe('success');
    expect(await dumpWarehouse()).toBe(dumpAfterFirst);
  });

  it('stores no personal data from the form footer', async () => {
    expect(await findTextInWarehouse(config.WAREHOUSE_PATH, ['Петрова', '555-12-34'])).toEqual([]);
    // the scan does find text that is there
    expect(await findTextInWarehouse(config.WAREHOUSE_PATH, ['Переяславка'])).toContain(
      'stg_submissions.org_name: Переяславка',
    );
  });
});
