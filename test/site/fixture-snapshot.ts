import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type IndicatorValue, SnapshotFiles } from '../../pipeline/contract/snapshot.ts';

// A tiny marts snapshot with values known by hand: 4 territories × 2020–2024 × 2 indicators.

const YEARS = [2020, 2021, 2022, 2023, 2024] as const;

export const FIXTURE_TERRITORIES = [
  {
    territory_id: 'khabarovsk',
    name: 'город Хабаровск',
    short_name: 'г. Хабаровск',
    kind: 'city_okrug',
    tile_col: 1,
    tile_row: 7,
    sort_order: 1,
  },
  {
    territory_id: 'komsomolsk',
    name: 'город Комсомольск-на-Амуре',
    short_name: 'г. Комсомольск-на-Амуре',
    kind: 'city_okrug',
    tile_col: 2,
    tile_row: 5,
    sort_order: 2,
  },
  {
    territory_id: 'lazo',
    name: 'муниципальный район имени Лазо',
    short_name: 'имени Лазо',
    kind: 'municipal_district',
    tile_col: 2,
    tile_row: 7,
    sort_order: 10,
  },
  {
    territory_id: 'regional',
    name: 'Краевые организации',
    short_name: 'Краевые организации',
    kind: 'regional',
    tile_col: 3,
    tile_row: 8,
    sort_order: 20,
  },
] as const;

export const FIXTURE_INDICATORS = [
  {
    indicator_id: 'oo_students_share',
    name: 'Доля обучающихся ОО, вовлечённых в различные формы сопровождения и наставничества, %',
    short_name: 'Обучающиеся ОО в наставничестве',
    org_type_id: 'OO',
    method: 'ratio',
    numerator_measure: 'mentees_students',
    denominator_measure: 'students_total',
    baseline_year: 2020,
    baseline_pct: 10,
    target_year: 2024,
    target_pct: 70,
    sort_order: 1,
  },
  {
    indicator_id: 'youth_mentors_share',
    name: 'Доля детей и подростков от 15 до 19 лет, вошедших в программы наставничества в роли наставника, %',
    short_name: 'Подростки 15–19 лет — наставники',
    org_type_id: null,
    method: 'ratio',
    numerator_measure: 'mentors_students',
    denominator_measure: 'students_15_19',
    baseline_year: 2020,
    baseline_pct: 2,
    target_year: 2024,
    target_pct: 10,
    sort_order: 5,
  },
] as const;

export const FIXTURE_MEASURES = [
  {
    measure_id: 'mentees_students',
    block: 'form',
    kind: 'count',
    name: 'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого',
    short_name: 'Наставляемые обучающиеся',
    name_genitive: 'числа наставляемых обучающихся',
    sort_order: 1,
  },
  {
    measure_id: 'mentors_students',
    block: 'form',
    kind: 'count',
    name: 'Число учащихся в возрасте от 15 до 18 лет, вошедших в программу наставничества в роли наставника',
    short_name: 'Обучающиеся-наставники',
    name_genitive: 'числа обучающихся-наставников',
    sort_order: 2,
  },
  {
    measure_id: 'students_total',
    block: 'totals',
    kind: 'count',
    name: 'Общая численность обучающихся',
    short_name: 'Обучающиеся, всего',
    name_genitive: 'численности обучающихся',
    sort_order: 10,
  },
  {
    measure_id: 'students_15_19',
    block: 'totals',
    kind: 'count',
    name: 'Численность обучающихся в возрасте от 15 до 19 лет',
    short_name: 'Обучающиеся 15–19 лет',
    name_genitive: 'численности обучающихся 15–19 лет',
    sort_order: 11,
  },
] as const;

/** Denominators per territory (constant over the years) and numerators per year 2020…2024. */
const COUNTS: Record<string, Record<string, { denominator: number; numerators: number[] }>> = {
  oo_students_share: {
    khabarovsk: { denominator: 1000, numerators: [100, 300, 450, 600, 752] },
    komsomolsk: { denominator: 500, numerators: [50, 90, 180, 250, 300] },
    lazo: { denominator: 300, numerators: [30, 45, 90, 100, 120] },
    regional: { denominator: 200, numerators: [20, 61, 80, 120, 150] },
  },
  youth_mentors_share: {
    khabarovsk: { denominator: 400, numerators: [8, 14, 28, 36, 44] },
    komsomolsk: { denominator: 200, numerators: [4, 5, 10, 14, 18] },
    lazo: { denominator: 100, numerators: [2, 2, 5, 6, 9] },
    regional: { denominator: 100, numerators: [2, 4, 8, 11, 12] },
  },
};

/**
 * What the page must show for the fixture, worked out by hand from COUNTS:
 * ОО 2024: (752+300+120+150)/2000 = 66,1 %; 2023: 1070/2000 = 53,5 %; change +12,6 п.п.; trajectory 2024 = 70 %.
 * Lagging in 2024 (below 70 %): Комсомольск 60 %, Лазо 40 %; Хабаровск 75,2 % and Краевые 75 % are not.
 * ОО 2022: trajectory 40 %; Хабаровск 45 %, Комсомольск 36 %, Лазо 30 %, Краевые 40 % (on the line: not lagging).
 */
export const FIXTURE_EXPECTED = {
  generatedAtText: '22 ноября 2026, 15:00',
  regionOo2024: '66,1\u00a0%',
  regionOo2023: '53,5\u00a0%',
  regionOo2022: '40,0\u00a0%',
  changeOo2024: '+12,6\u00a0п.п.',
  laggingOo2024: ['г. Комсомольск-на-Амуре', 'имени Лазо'],
  laggingOo2022: ['г. Комсомольск-на-Амуре', 'имени Лазо'],
} as const;

function trajectory(indicator: (typeof FIXTURE_INDICATORS)[number], year: number): number {
  const { baseline_year, baseline_pct, target_year, target_pct } = indicator;
  if (year >= target_year) return target_pct;
  if (year <= baseline_year) return baseline_pct;
  return baseline_pct + ((target_pct - baseline_pct) * (year - baseline_year)) / (target_year - baseline_year);
}

function valueRows(): IndicatorValue[] {
  const rows: IndicatorValue[] = [];
  for (const indicator of FIXTURE_INDICATORS) {
    const counts = COUNTS[indicator.indicator_id]!;
    const units: Array<{ level: 'region' | 'territory'; territory_id: string | null; ids: string[] }> = [
      { level: 'region', territory_id: null, ids: Object.keys(counts) },
      ...Object.keys(counts).map((id) => ({ level: 'territory' as const, territory_id: id, ids: [id] })),
    ];
    for (const unit of units) {
      let prev: number | null = null;
      YEARS.forEach((year, i) => {
        const numerator = unit.ids.reduce((sum, id) => sum + counts[id]!.numerators[i]!, 0);
        const denominator = unit.ids.reduce((sum, id) => sum + counts[id]!.denominator, 0);
        const value_pct = (100 * numerator) / denominator;
        const trajectory_pct = trajectory(indicator, year);
        rows.push({
          level: unit.level,
          territory_id: unit.territory_id,
          org_type_id: null,
          form_id: null,
          org_key: null,
          year,
          indicator_id: indicator.indicator_id,
          numerator,
          denominator,
          numerator_reported: numerator,
          organisations_reporting: unit.ids.length,
          organisations_counted: unit.ids.length,
          organisations_denominator_missing: 0,
          organisations_denominator_zero: 0,
          organisations_denominator_contingent: 0,
          value_basis: 'sums',
          value_pct,
          prev_value_pct: prev,
          change_pp: prev == null ? null : value_pct - prev,
          baseline_pct: indicator.baseline_pct,
          target_pct: indicator.target_pct,
          trajectory_pct,
          progress_pct: (100 * (value_pct - indicator.baseline_pct)) / (indicator.target_pct - indicator.baseline_pct),
          is_lagging: value_pct < trajectory_pct - 1e-9,
          rank_among_territories: null,
        });
        prev = value_pct;
      });
    }
  }
  return rows;
}

/**
 * Writes the fixture snapshot into `dir` (a new temp folder by default) and returns the folder.
 * @example const snapshotDir = await writeFixtureSnapshot();
 */
export async function writeFixtureSnapshot(dir?: string, { synthetic = true } = {}): Promise<string> {
  const target = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'snapshot-')));
  await mkdir(target, { recursive: true });
  const files: Record<string, unknown> = {
    meta: {
      generated_at: '2026-11-22T05:00:00.000Z',
      run_id: 'fixture-run',
      years: [...YEARS],
      synthetic,
      region: {
        name: 'Хабаровский край',
        name_prepositional: 'в Хабаровском крае',
        time_zone: 'Asia/Vladivostok',
        time_zone_city: 'Хабаровск',
      },
    },
    ref_territories: FIXTURE_TERRITORIES,
    ref_indicators: FIXTURE_INDICATORS,
    ref_measures: FIXTURE_MEASURES,
    mart_indicator_values: valueRows(),
    mart_coverage: FIXTURE_TERRITORIES.flatMap((t) =>
      YEARS.map((year) => ({
        territory_id: t.territory_id,
        year,
        expected_from: 'earlier_years',
        organisations_expected: 5,
        organisations_reported: 5,
        organisations_missing: 0,
        organisations_unlisted: 0,
        submissions_superseded: 0,
        files_loaded: 5,
        files_rejected: 0,
        share_reported_pct: 100,
      })),
    ),
  };
  // the pages this fixture does not describe get empty tables
  for (const name of Object.keys(SnapshotFiles)) files[name] ??= [];
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(target, `${name}.json`), JSON.stringify(content, null, 2));
  }
  return target;
}
