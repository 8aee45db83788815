import { cpSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { type RegistryServer, startRegistryServer } from '../../pipeline/sample/registry-server.ts';
import type { RegistryMentor } from '../../pipeline/sample/write-registry.ts';
import { withInnCheckDigit } from '../../pipeline/reference/inn.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * A hand-made region: four organisations in two territories over 2021–2023, every figure below worked out
 * by hand from the forms (the arithmetic is in the comments). Охотский is a district in 2021–2022 and a
 * municipal okrug from 2023: one series. Лазо's school skips 2022: a gap, not a zero.
 *
 * Trajectories (straight line from 2020 to 2024):
 *   students' shares 10 → 70 %: 2021 25, 2022 40, 2023 55; young teachers likewise;
 *   youth mentors 2 → 10 %: 2021 4, 2022 6, 2023 8; enterprises 2 → 30 %: 2021 9, 2022 16, 2023 23;
 *   satisfaction 50 → 85 %: 2021 58.75, 2022 67.5, 2023 76.25.
 */
const dir = tempDir();
const inbox = path.join(dir, 'inbox');
const reference = path.join(dir, 'reference');

const A = { name: 'МБОУ СОШ № 1 п. Охотск', inn: withInnCheckDigit('271500101'), type: 'ОО' };
const B = { name: 'МБОУ СОШ с. Переяславка', inn: withInnCheckDigit('271500102'), type: 'ОО' };
const C = { name: 'МБУ ДО «Дом детского творчества» п. Переяславка', inn: withInnCheckDigit('271500103'), type: 'ДО' };
const D = { name: 'КГБ ПОУ «Охотский технологический техникум»', inn: withInnCheckDigit('271500104'), type: 'СПО' };
const E = { name: 'МБОУ ООШ с. Аян', inn: withInnCheckDigit('271500105'), type: 'ОО' };
const F = { name: 'МБОУ НОШ с. Полётное', inn: withInnCheckDigit('271500106'), type: 'ОО' };
const OKHOTSKY_DISTRICT = 'Охотский муниципальный район';
const OKHOTSKY_OKRUG = 'Охотский муниципальный округ';
const LAZO = 'муниципальный район имени Лазо';

type Org = typeof A;
/** [form name or '' for the organisation's own figures, measure id, value] */
type Line = [string, string, number | string];

function putForm(file: string, year: number, territory: string, org: Org, lines: Line[], received: string): void {
  const rows = lines.map(([form, measure, value]) => [
    String(year),
    territory,
    org.name,
    org.inn,
    org.type,
    form,
    measure,
    String(value),
  ]);
  const csv = Papa.unparse(
    [['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'], ...rows],
    { delimiter: ';' },
  );
  const full = path.join(inbox, String(year), file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `${csv}\n`);
  utimesSync(full, new Date(received), new Date(received));
}

/** A school's figures: mentees by form, mentors aged 15–18, young teachers, enterprises, survey, checklist. */
const totals = (students: number, students1519: number, youngTeachers: number, partners: number): Line[] => [
  ['', 'students_total', students],
  ['', 'students_15_19', students1519],
  ['', 'young_teachers_total', youngTeachers],
  ['', 'partner_enterprises', partners],
];

function writeInbox(): void {
  // 2021
  putForm(
    'Охотский/СОШ1.csv',
    2021,
    OKHOTSKY_DISTRICT,
    A,
    [
      ['ученик – ученик', 'mentees_students', 60],
      ['ученик – ученик', 'mentors_students', 5],
      ['учитель – учитель', 'mentees_young_teachers', 2],
      ['работодатель – ученик', 'enterprises_mentors', 1],
      ...totals(200, 50, 10, 4),
      ['', 'survey_mentees_respondents', 40],
      ['', 'satisfaction_mentees_pct', 80],
      ['', 'survey_mentors_respondents', 10],
      ['', 'satisfaction_mentors_pct', 90],
      ['', 'has_mentor_database', 'нет'],
      ['', 'personal_programmes_count', 3],
    ],
    '2022-01-20T10:00:00+10:00',
  );
  putForm(
    'Лазо/СОШ Переяславка.csv',
    2021,
    LAZO,
    B,
    [
      ['ученик – ученик', 'mentees_students', 50],
      ['учитель – ученик', 'mentees_students', 10],
      ['ученик – ученик', 'mentors_students', 2],
      ['учитель – учитель', 'mentees_young_teachers', 1],
      // no partner enterprises and none with mentors: a zero denominator with nothing over it, no finding
      ...totals(400, 100, 5, 0),
      ['', 'survey_mentees_respondents', 60],
      ['', 'satisfaction_mentees_pct', 70],
      ['', 'has_mentor_database', 'да'],
      ['', 'personal_programmes_count', 2],
    ],
    '2022-01-21T10:00:00+10:00',
  );

  // 2022: Лазо's school sends a form that breaks a rule (rejected), so it is missing this year
  putForm(
    'Охотский/СОШ1.csv',
    2022,
    OKHOTSKY_DISTRICT,
    A,
    [
      ['ученик – ученик', 'mentees_students', 70],
      ['ученик – ученик', 'mentors_students', 6],
      ['учитель – учитель', 'mentees_young_teachers', 3],
      ['работодатель – ученик', 'enterprises_mentors', 2],
      ...totals(200, 50, 10, 4),
      ['', 'survey_mentees_respondents', 40],
      ['', 'satisfaction_mentees_pct', 85],
      ['', 'has_mentor_database', 'да'],
      ['', 'personal_programmes_count', 3],
    ],
    '2023-01-20T10:00:00+10:00',
  );
  putForm(
    'Лазо/СОШ Переяславка.csv',
    2022,
    LAZO,
    B,
    [
      ['ученик – ученик', 'mentees_students', 500],
      ['', 'students_total', 400],
    ],
    '2023-01-21T10:00:00+10:00',
  );
  putForm(
    'Лазо/ДДТ.csv',
    2022,
    LAZO,
    C,
    [
      ['социальный партнёр – ученик', 'mentees_students', 30],
      ['', 'students_total', 150],
      // no young teachers at all: nothing to compute, no finding
      ['', 'young_teachers_total', 0],
    ],
    '2023-01-22T10:00:00+10:00',
  );

  // 2023: Охотский is an okrug now; the school's first file is corrected by a later one
  putForm(
    'Охотский/СОШ1.csv',
    2023,
    OKHOTSKY_OKRUG,
    A,
    [['ученик – ученик', 'mentees_students', 10], ...totals(200, 50, 10, 4)],
    '2024-01-20T10:00:00+10:00',
  );
  putForm(
    'Охотский/СОШ1 исправленный.csv',
    2023,
    OKHOTSKY_OKRUG,
    A,
    [
      ['ученик – ученик', 'mentees_students', 100],
      ['учитель – ученик', 'mentees_students', 20],
      ['ученик – ученик', 'mentors_students', 8],
      ['учитель – учитель', 'mentees_young_teachers', 4],
      ['руководитель ОО – педагог', 'mentees_young_teachers', 1],
      ['работодатель – ученик', 'enterprises_mentors', 2],
      ...totals(200, 50, 10, 4),
      ['', 'survey_mentees_respondents', 50],
      ['', 'satisfaction_mentees_pct', 90],
      ['', 'survey_mentors_respondents', 20],
      ['', 'satisfaction_mentors_pct', 95],
      ['', 'has_mentor_database', 'да'],
      ['', 'personal_programmes_count', 4],
    ],
    '2024-02-10T10:00:00+10:00',
  );
  putForm(
    'Лазо/СОШ Переяславка.csv',
    2023,
    LAZO,
    B,
    [
      ['ученик – ученик', 'mentees_students', 150],
      ['ученик – ученик', 'mentors_students', 4],
      ['учитель – учитель', 'mentees_young_teachers', 2],
      ...totals(400, 100, 5, 0),
      ['', 'survey_mentees_respondents', 50],
      ['', 'satisfaction_mentees_pct', 60],
      ['', 'has_mentor_database', 'нет'],
      ['', 'personal_programmes_count', 1],
    ],
    '2024-01-21T10:00:00+10:00',
  );
  // mentees but no number of students: no value, a finding
  putForm(
    'Лазо/ДДТ.csv',
    2023,
    LAZO,
    C,
    [['социальный партнёр – ученик', 'mentees_students', 45]],
    '2024-01-22T10:00:00+10:00',
  );
  putForm(
    'Охотский/Техникум.csv',
    2023,
    OKHOTSKY_OKRUG,
    D,
    [
      ['работодатель – ученик', 'mentees_students', 30],
      ['студент – ученик', 'mentors_students', 20],
      ['педагог вуза/колледжа – молодой педагог', 'mentees_young_teachers', 1],
      ['работодатель – ученик', 'enterprises_mentors', 3],
      ...totals(300, 200, 4, 6),
      // a satisfaction share of nobody asked: no value, a finding
      ['', 'survey_mentees_respondents', 0],
      ['', 'satisfaction_mentees_pct', 90],
    ],
    '2024-01-23T10:00:00+10:00',
  );
  // not on the reference list of organisations
  putForm('Лазо/НОШ Полётное.csv', 2023, LAZO, F, [['', 'has_mentor_database', 'нет']], '2024-01-24T10:00:00+10:00');
}

/** The region's reference data plus a list of the organisations expected to report. */
function writeReference(): void {
  cpSync(REFERENCE_DIR, reference, { recursive: true });
  const list = [
    ['territory_id', 'inn', 'name', 'org_type_id', 'valid_from', 'valid_to'],
    ['okhotsky', A.inn, A.name, 'OO', '2021', ''],
    ['okhotsky', '', E.name, 'OO', '2021', ''],
    ['okhotsky', D.inn, D.name, 'SPO', '2023', ''],
    ['lazo', B.inn, B.name, 'OO', '', ''],
    ['lazo', C.inn, C.name, 'DO', '2022', ''],
  ];
  writeFileSync(path.join(reference, 'organisations.csv'), `${Papa.unparse(list)}\n`);
}

const mentor = (
  id: string,
  municipality: string,
  registered: string,
  programme: boolean,
  trained: boolean,
  trainedAt: string | null,
  deleted = false,
): RegistryMentor => ({
  id,
  updated_at: '2024-03-01T10:00:00+10:00',
  deleted,
  full_name: 'Тестовая Наставница',
  email: 'mentor@example.ru',
  phone: '+7 900 000-00-00',
  municipality,
  organisation: { inn: A.inn, name: A.name },
  org_type: 'ОО',
  forms: ['учитель – учитель'],
  personalised_programme: programme,
  trained,
  trained_at: trainedAt,
  registered_at: registered,
});

const REGISTRY = [
  mentor('m-1', 'Охотский МО', '2021-05-01', true, true, '2023-03-01'),
  // trained, no date: trained from registration
  mentor('m-2', 'р-н им. Лазо', '2022-11-30', false, true, null),
  mentor('m-3', 'р-н им. Лазо', '2023-01-10', true, false, null, true),
  mentor('m-4', 'Неизвестный район', '2023-06-01', true, false, null),
];

let registry: RegistryServer;
let run: RunSummary;
const withList = pipelineConfigIn(path.join(dir, 'with-list'), inbox, { REFERENCE_DIR: reference });
const withoutList = pipelineConfigIn(path.join(dir, 'without-list'), inbox);
const query = (sql: string) => queryWarehouse(withList.WAREHOUSE_PATH, sql);
const TERRITORY_TYPE = "territory_id || ':' || org_type_id";

beforeAll(async () => {
  writeInbox();
  writeReference();
  registry = await startRegistryServer({ items: REGISTRY, port: 0 });
  run = await runPipeline({ ...withList, REGISTRY_URL: registry.url });
  await runPipeline(withoutList);
}, 120_000);
afterAll(async () => {
  await registry?.close();
});

/** value_pct by unit (an SQL expression) and year of one indicator at one level: { 'unit|year': value }. */
async function values(indicator: string, level: string, unit: string | null = null) {
  const rows = await query(
    `select ${unit ?? "''"} as unit, year, value_pct from mart_indicator_values where indicator_id = '${indicator}' and level = '${level}' order by all`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.unit}|${r.year}`, r.value_pct]));
}

describe('marts over a hand-made region', () => {
  it('loads every form but the inconsistent one', () => {
    expect(run.error).toBeNull();
    expect(run.files).toMatchObject({ loaded: 10, rejected: 1 });
  });

  it('the share of pupils: region, territories (a gap, and one series across the rename), types, forms, schools', async () => {
    // region: 2021 (60+60)/(200+400) = 20; 2022 70/200 = 35; 2023 (120+150)/(200+400) = 45
    expect(await values('oo_students_share', 'region')).toEqual({ '|2021': 20, '|2022': 35, '|2023': 45 });
    const territories = await values('oo_students_share', 'territory', 'territory_id');
    // Охотский: 60/200 = 30, 70/200 = 35, 120/200 = 60; Лазо: 60/400 = 15, no school in 2022, 150/400 = 37.5
    expect([territories['okhotsky|2021'], territories['okhotsky|2022'], territories['okhotsky|2023']]).toEqual([
      30, 35, 60,
    ]);
    expect([territories['lazo|2021'], territories['lazo|2022'], territories['lazo|2023']]).toEqual([15, null, 37.5]);
    expect(territories['vyazemsky|2021']).toBeNull();
    expect(await values('oo_students_share', 'org_type', 'org_type_id')).toEqual({
      'OO|2021': 20,
      'OO|2022': 35,
      'OO|2023': 45,
    });
    expect(await values('oo_students_share', 'territory_org_type', TERRITORY_TYPE)).toEqual({
      'okhotsky:OO|2021': 30,
      'okhotsky:OO|2022': 35,
      'okhotsky:OO|2023': 60,
      'lazo:OO|2021': 15,
      'lazo:OO|2023': 37.5,
    });
    // forms over the whole denominator, adding up to the region: 2021 110/600 + 10/600; 2023 250/600 + 20/600
    expect(await values('oo_students_share', 'form', 'form_id')).toEqual({
      'pupil_pupil|2021': 18.3333,
      'teacher_pupil|2021': 1.6667,
      'pupil_pupil|2022': 35,
      'pupil_pupil|2023': 41.6667,
      'teacher_pupil|2023': 3.3333,
    });
    expect(await values('oo_students_share', 'organisation', 'org_key')).toEqual({
      [`${A.inn}|2021`]: 30,
      [`${A.inn}|2022`]: 35,
      [`${A.inn}|2023`]: 60,
      [`${B.inn}|2021`]: 15,
      [`${B.inn}|2023`]: 37.5,
    });
  });

  it('the other shares at every level they exist', async () => {
    // ДО: 30/150 = 20 in 2022; 2023 has mentees but no students: no value
    expect(await values('do_students_share', 'region')).toEqual({ '|2021': null, '|2022': 20, '|2023': null });
    expect(await values('do_students_share', 'organisation', 'org_key')).toEqual({
      [`${C.inn}|2022`]: 20,
      [`${C.inn}|2023`]: null,
    });
    // СПО: 30/300 = 10
    expect(await values('spo_students_share', 'territory_org_type', TERRITORY_TYPE)).toEqual({
      'okhotsky:SPO|2023': 10,
    });
    // young teachers, every type: 2021 (2+1)/(10+5) = 20; 2022 3/10 = 30 (the ДО's 0 of 0 counts nowhere);
    // 2023 (5+2+1)/(10+5+4) = 8/19
    expect(await values('young_teachers_share', 'region')).toEqual({ '|2021': 20, '|2022': 30, '|2023': 42.1053 });
    expect(await values('young_teachers_share', 'territory_org_type', TERRITORY_TYPE)).toEqual({
      'okhotsky:OO|2021': 20,
      'okhotsky:OO|2022': 30,
      'okhotsky:OO|2023': 50,
      'okhotsky:SPO|2023': 25,
      'lazo:OO|2021': 20,
      'lazo:DO|2022': null,
      'lazo:OO|2023': 40,
    });
    expect(await values('young_teachers_share', 'org_type', 'org_type_id')).toEqual({
      'OO|2021': 20,
      'OO|2022': 30,
      'OO|2023': 46.6667,
      'DO|2022': null,
      'SPO|2023': 25,
    });
    // (4+2)/19, 1/19, 1/19
    expect(await values('young_teachers_share', 'form', 'form_id')).toEqual({
      'teacher_teacher|2021': 20,
      'teacher_teacher|2022': 30,
      'teacher_teacher|2023': 31.5789,
      'head_teacher|2023': 5.2632,
      'college_teacher_young_teacher|2023': 5.2632,
    });
    // youth mentors: (5+2)/150; 6/50; (8+4+20)/(50+100+200); Охотский 2023 (8+20)/(50+200)
    expect(await values('youth_mentors_share', 'region')).toEqual({ '|2021': 4.6667, '|2022': 12, '|2023': 9.1429 });
    expect((await values('youth_mentors_share', 'territory', 'territory_id'))['okhotsky|2023']).toBe(11.2);
    // enterprises: 1/4 (Лазо's 0 partners count nowhere); 2/4; (2+3)/(4+6)
    expect(await values('enterprises_share', 'region')).toEqual({ '|2021': 25, '|2022': 50, '|2023': 50 });
    expect(await values('enterprises_share', 'organisation', 'org_key')).toMatchObject({ [`${B.inn}|2021`]: null });
    // satisfaction weighted by respondents: (80·40 + 70·60)/100 = 74; 85; (90·50 + 60·50)/100 = 75
    expect(await values('mentees_satisfaction', 'region')).toEqual({ '|2021': 74, '|2022': 85, '|2023': 75 });
    // mentors' survey: 90, none in 2022 (a gap), 95
    expect(await values('mentors_satisfaction', 'region')).toEqual({ '|2021': 90, '|2022': null, '|2023': 95 });
  });

  it('trajectory, lagging, change year on year (a gap has none), progress and rank', async () => {
    const rows = await query(`
      select coalesce(territory_id, 'region') as unit, year, value_pct, prev_value_pct, change_pp, trajectory_pct, progress_pct, is_lagging, rank_among_territories as rank
      from mart_indicator_values
      where indicator_id = 'oo_students_share' and level in ('region', 'territory') and (territory_id is null or territory_id in ('okhotsky', 'lazo'))
      order by unit, year`);
    expect(rows).toEqual([
      {
        unit: 'lazo',
        year: 2021,
        value_pct: 15,
        prev_value_pct: null,
        change_pp: null,
        trajectory_pct: 25,
        progress_pct: 8.3333,
        is_lagging: true,
        rank: 2,
      },
      {
        unit: 'lazo',
        year: 2022,
        value_pct: null,
        prev_value_pct: 15,
        change_pp: null,
        trajectory_pct: 40,
        progress_pct: null,
        is_lagging: null,
        rank: null,
      },
      {
        unit: 'lazo',
        year: 2023,
        value_pct: 37.5,
        prev_value_pct: null,
        change_pp: null,
        trajectory_pct: 55,
        progress_pct: 45.8333,
        is_lagging: true,
        rank: 2,
      },
      {
        unit: 'okhotsky',
        year: 2021,
        value_pct: 30,
        prev_value_pct: null,
        change_pp: null,
        trajectory_pct: 25,
        progress_pct: 33.3333,
        is_lagging: false,
        rank: 1,
      },
      {
        unit: 'okhotsky',
        year: 2022,
        value_pct: 35,
        prev_value_pct: 30,
        change_pp: 5,
        trajectory_pct: 40,
        progress_pct: 41.6667,
        is_lagging: true,
        rank: 1,
      },
      {
        unit: 'okhotsky',
        year: 2023,
        value_pct: 60,
        prev_value_pct: 35,
        change_pp: 25,
        trajectory_pct: 55,
        progress_pct: 83.3333,
        is_lagging: false,
        rank: 1,
      },
      {
        unit: 'region',
        year: 2021,
        value_pct: 20,
        prev_value_pct: null,
        change_pp: null,
        trajectory_pct: 25,
        progress_pct: 16.6667,
        is_lagging: true,
        rank: null,
      },
      {
        unit: 'region',
        year: 2022,
        value_pct: 35,
        prev_value_pct: 20,
        change_pp: 15,
        trajectory_pct: 40,
        progress_pct: 41.6667,
        is_lagging: true,
        rank: null,
      },
      {
        unit: 'region',
        year: 2023,
        value_pct: 45,
        prev_value_pct: 35,
        change_pp: 10,
        trajectory_pct: 55,
        progress_pct: 58.3333,
        is_lagging: true,
        rank: null,
      },
    ]);
    // youth mentors 2021: 4.6667 over the trajectory's 4 → not lagging; satisfaction 2023: 75 under 76.25
    expect(
      await query(
        "select indicator_id, trajectory_pct, is_lagging from mart_indicator_values where level = 'region' and ((indicator_id = 'youth_mentors_share' and year = 2021) or (indicator_id = 'mentees_satisfaction' and year = 2023)) order by 1",
      ),
    ).toEqual([
      { indicator_id: 'mentees_satisfaction', trajectory_pct: 76.25, is_lagging: true },
      { indicator_id: 'youth_mentors_share', trajectory_pct: 4, is_lagging: false },
    ]);
  });

  it('names each zero or missing denominator as a finding, and only those', async () => {
    expect(
      await query(
        'select indicator_id, year, territory_id, org_key, code, message from mart_value_findings order by all',
      ),
    ).toEqual([
      {
        indicator_id: 'do_students_share',
        year: 2023,
        territory_id: 'lazo',
        org_key: C.inn,
        code: 'denominator_missing',
        message: `«${C.name}», 2023 год: показатель «Обучающиеся ДО в наставничестве» не рассчитан — не указано значение «Общая численность обучающихся», а числитель «Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого» указан (45). Организация не учтена в значениях по муниципалитету и региону. Загрузите контингент (численности из статистических форм): он дополнит форму.`,
      },
      {
        indicator_id: 'mentees_satisfaction',
        year: 2023,
        territory_id: 'okhotsky',
        org_key: D.inn,
        code: 'denominator_zero',
        message: `«${D.name}», 2023 год: показатель «Удовлетворённость наставляемых» не рассчитан — равно нулю значение «Число опрошенных наставляемых», а числитель «Уровень удовлетворённости наставляемых участием в программах наставничества, %» указан (90). Организация не учтена в значениях по муниципалитету и региону.`,
      },
    ]);
  });

  it('coverage against the reference list: expected, missing, unlisted, superseded, rejected', async () => {
    const rows = await query(
      "select territory_id as t, year, expected_from, organisations_expected as e, organisations_reported as r, organisations_missing as m, organisations_unlisted as u, submissions_superseded as s, files_loaded as l, files_rejected as x, share_reported_pct as pct from mart_coverage where territory_id in ('okhotsky', 'lazo', 'vyazemsky') order by all",
    );
    expect(rows).toEqual([
      { t: 'lazo', year: 2021, expected_from: 'reference', e: 1, r: 1, m: 0, u: 0, s: 0, l: 1, x: 0, pct: 100 },
      { t: 'lazo', year: 2022, expected_from: 'reference', e: 2, r: 1, m: 1, u: 0, s: 0, l: 1, x: 1, pct: 50 },
      { t: 'lazo', year: 2023, expected_from: 'reference', e: 2, r: 3, m: 0, u: 1, s: 0, l: 3, x: 0, pct: 100 },
      { t: 'okhotsky', year: 2021, expected_from: 'reference', e: 2, r: 1, m: 1, u: 0, s: 0, l: 1, x: 0, pct: 50 },
      { t: 'okhotsky', year: 2022, expected_from: 'reference', e: 2, r: 1, m: 1, u: 0, s: 0, l: 1, x: 0, pct: 50 },
      { t: 'okhotsky', year: 2023, expected_from: 'reference', e: 3, r: 2, m: 1, u: 0, s: 1, l: 3, x: 0, pct: 66.6667 },
      { t: 'vyazemsky', year: 2021, expected_from: 'reference', e: 0, r: 0, m: 0, u: 0, s: 0, l: 0, x: 0, pct: null },
      { t: 'vyazemsky', year: 2022, expected_from: 'reference', e: 0, r: 0, m: 0, u: 0, s: 0, l: 0, x: 0, pct: null },
      { t: 'vyazemsky', year: 2023, expected_from: 'reference', e: 0, r: 0, m: 0, u: 0, s: 0, l: 0, x: 0, pct: null },
    ]);
    // the missing ones by name (Аян is on the list without ИНН and never reports)
    expect(
      await query("select year, organisation from mart_coverage_organisations where status = 'missing' order by all"),
    ).toEqual([
      { year: 2021, organisation: E.name },
      { year: 2022, organisation: E.name },
      { year: 2022, organisation: B.name },
      { year: 2023, organisation: E.name },
    ]);
  });

  it('coverage without a list: the organisations seen in earlier years and this year’s', async () => {
    const rows = await queryWarehouse(
      withoutList.WAREHOUSE_PATH,
      "select territory_id as t, year, expected_from, organisations_expected as e, organisations_missing as m, share_reported_pct as pct from mart_coverage where territory_id in ('okhotsky', 'lazo') order by all",
    );
    expect(rows).toEqual([
      { t: 'lazo', year: 2021, expected_from: 'earlier_years', e: 1, m: 0, pct: 100 },
      { t: 'lazo', year: 2022, expected_from: 'earlier_years', e: 2, m: 1, pct: 50 },
      { t: 'lazo', year: 2023, expected_from: 'earlier_years', e: 3, m: 0, pct: 100 },
      { t: 'okhotsky', year: 2021, expected_from: 'earlier_years', e: 1, m: 0, pct: 100 },
      { t: 'okhotsky', year: 2022, expected_from: 'earlier_years', e: 1, m: 0, pct: 100 },
      { t: 'okhotsky', year: 2023, expected_from: 'earlier_years', e: 2, m: 0, pct: 100 },
    ]);
  });

  it('the registry beside the programmes reported, per territory and year', async () => {
    const rows = await query(
      "select coalesce(territory_id, '?') as t, year, mentors_registered as reg, mentors_with_programme as prog, mentors_trained as tr, programmes_reported as rep, registry_to_reported_pct as pct from mart_registry where territory_id is null or territory_id in ('okhotsky', 'lazo') order by all",
    );
    expect(rows).toEqual([
      { t: '?', year: 2021, reg: 0, prog: 0, tr: 0, rep: null, pct: null },
      { t: '?', year: 2022, reg: 0, prog: 0, tr: 0, rep: null, pct: null },
      { t: '?', year: 2023, reg: 1, prog: 1, tr: 0, rep: null, pct: null },
      // B's 2 programmes; C reported none in 2022; B's 1 in 2023; the deleted mentor counts nowhere
      { t: 'lazo', year: 2021, reg: 0, prog: 0, tr: 0, rep: 2, pct: 0 },
      { t: 'lazo', year: 2022, reg: 1, prog: 0, tr: 1, rep: null, pct: null },
      { t: 'lazo', year: 2023, reg: 1, prog: 0, tr: 1, rep: 1, pct: 0 },
      // 1 mentor with a programme against A's 3, 3 and 4; trained from March 2023
      { t: 'okhotsky', year: 2021, reg: 1, prog: 1, tr: 0, rep: 3, pct: 33.3333 },
      { t: 'okhotsky', year: 2022, reg: 1, prog: 1, tr: 0, rep: 3, pct: 33.3333 },
      { t: 'okhotsky', year: 2023, reg: 1, prog: 1, tr: 1, rep: 4, pct: 25 },
    ]);
  });

  it('forms and checklist marts from the same current submissions', async () => {
    // Охотский ОО 2023, the corrected file: 125 mentees, pupils and young teachers
    expect(
      await query(
        "select form_id, mentees, share_of_mentees_pct from mart_forms where territory_id = 'okhotsky' and org_type_id = 'OO' and year = 2023 and mentees > 0 order by form_id",
      ),
    ).toEqual([
      { form_id: 'head_teacher', mentees: 1, share_of_mentees_pct: 0.8 },
      { form_id: 'pupil_pupil', mentees: 100, share_of_mentees_pct: 80 },
      { form_id: 'teacher_pupil', mentees: 20, share_of_mentees_pct: 16 },
      { form_id: 'teacher_teacher', mentees: 4, share_of_mentees_pct: 3.2 },
    ]);
    // mentor database in Лазо ОО 2023: B no, F no
    expect(
      await query(
        "select year, organisations_answered as a, organisations_meeting as m, share_pct from mart_checklist where criterion_id = 'mentor_database' and territory_id = 'lazo' order by year",
      ),
    ).toEqual([
      { year: 2021, a: 1, m: 1, share_pct: 100 },
      { year: 2023, a: 2, m: 0, share_pct: 0 },
    ]);
  });
});
