import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { SEED_BAD_FILES, SEED_TOTALS, writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Files shaped as they really arrive (seed 002's form: counts, no totals), through the real pipeline: the counts
// reach the marts at every level, and every share that cannot be computed says why.
const dir = tempDir();
const config = pipelineConfigIn(dir);
const query = (sql: string) => queryWarehouse(config.WAREHOUSE_PATH, sql);
let summary: RunSummary;

beforeAll(async () => {
  await writeSeedShapedInbox(config.INBOX_DIR);
  summary = await runPipeline(config);
});

describe('a seed-shaped collection', () => {
  it('loads every good file and rejects the three bad ones, each with its reason', () => {
    expect(summary.status).toBe('partial');
    expect(summary.filesSeen).toBe(11);
    expect(summary.files).toMatchObject({ loaded: 8, rejected: 3 });
    expect(summary.rejections.map((f) => f.file).sort()).toEqual([...SEED_BAD_FILES].sort());
  });

  it('publishes the two years of forms, though no share can be computed', () => {
    const meta = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'meta.json'), 'utf8'));
    expect(meta.years).toEqual([2021, 2022]);
  });

  it('sums the four counts of the form for the region, year on year', async () => {
    const rows =
      await query(`select measure_id, year, value, prev_value, change, organisations_reporting, organisations_submitted
      from mart_counts where level = 'region' and measure_id in ('mentees_students', 'mentors_students', 'mentees_young_teachers', 'enterprises_mentors')
      order by measure_id, year`);
    const value = (m: string, y: number) => rows.find((r) => r.measure_id === m && r.year === y);
    for (const year of [2021, 2022] as const) {
      for (const [measure, total] of Object.entries(SEED_TOTALS[year]))
        expect(value(measure, year)?.value, `${measure} ${year}`).toBe(total);
    }
    expect(value('mentees_students', 2022)).toMatchObject({
      prev_value: 90,
      change: 62,
      organisations_reporting: 5,
      organisations_submitted: 5,
    });
    // Датта sent no pupil mentors in 2021: 3 of the 4 schools reported them
    expect(value('mentors_students', 2021)).toMatchObject({ organisations_reporting: 3, organisations_submitted: 4 });
  });

  it('by territory (every reference territory, a gap where nobody reported), by type and by form', async () => {
    const territories = await query(`select territory_id, value, organisations_reporting from mart_counts
      where level = 'territory' and measure_id = 'mentees_students' and year = 2022 order by territory_id`);
    expect(territories).toHaveLength(20);
    expect(territories.find((r) => r.territory_id === 'vaninsky')).toEqual({
      territory_id: 'vaninsky',
      value: 62,
      organisations_reporting: 2,
    });
    expect(territories.find((r) => r.territory_id === 'lazo')).toEqual({
      territory_id: 'lazo',
      value: 90,
      organisations_reporting: 3,
    });
    expect(territories.find((r) => r.territory_id === 'okhotsky')).toEqual({
      territory_id: 'okhotsky',
      value: null,
      organisations_reporting: 0,
    });
    expect(
      await query(
        `select org_type_id, value from mart_counts where level = 'org_type' and measure_id = 'mentees_students' and year = 2022`,
      ),
    ).toEqual([{ org_type_id: 'OO', value: 152 }]);
    // ученик – ученик 30 + 18 + 45 + 12; учитель – ученик 25 (the long CSV); студент – ученик 10; работодатель – ученик 4 + 8
    expect(
      await query(
        `select form_id, value from mart_counts where level = 'form' and measure_id = 'mentees_students' and year = 2022 order by form_id`,
      ),
    ).toEqual([
      { form_id: 'employer_pupil', value: 12 },
      { form_id: 'pupil_pupil', value: 105 },
      { form_id: 'student_pupil', value: 10 },
      { form_id: 'teacher_pupil', value: 25 },
    ]);
  });

  it('says why a share is missing: every school that reported the count has no total', async () => {
    expect(
      await query(`select level, territory_id, value_pct, numerator_reported, organisations_reporting, organisations_counted, organisations_denominator_missing
      from mart_indicator_values where indicator_id = 'oo_students_share' and year = 2022 and level in ('region', 'territory')
      and (territory_id is null or territory_id in ('lazo', 'okhotsky')) order by level, territory_id`),
    ).toEqual([
      {
        level: 'region',
        territory_id: null,
        value_pct: null,
        numerator_reported: 152,
        organisations_reporting: 5,
        organisations_counted: 0,
        organisations_denominator_missing: 5,
      },
      {
        level: 'territory',
        territory_id: 'lazo',
        value_pct: null,
        numerator_reported: 90,
        organisations_reporting: 3,
        organisations_counted: 0,
        organisations_denominator_missing: 3,
      },
      {
        level: 'territory',
        territory_id: 'okhotsky',
        value_pct: null,
        numerator_reported: null,
        organisations_reporting: 0,
        organisations_counted: 0,
        organisations_denominator_missing: 0,
      },
    ]);
    const finding = await query(
      `select message from mart_value_findings where indicator_id = 'oo_students_share' and year = 2022 and org_key like '%переяславка%'`,
    );
    expect(finding[0]?.message).toContain('Загрузите контингент');
  });

  it('a survey percentage sent without respondents gives an unweighted mean, marked as such', async () => {
    expect(
      await query(`select level, territory_id, value_pct, value_basis, numerator, denominator, organisations_reporting from mart_indicator_values
      where indicator_id = 'mentees_satisfaction' and year = 2022 and level in ('region', 'territory') and (territory_id is null or territory_id in ('vaninsky', 'lazo'))
      order by level, territory_id`),
    ).toEqual([
      {
        level: 'region',
        territory_id: null,
        value_pct: 85,
        value_basis: 'unweighted_mean',
        numerator: null,
        denominator: null,
        organisations_reporting: 2,
      },
      {
        level: 'territory',
        territory_id: 'lazo',
        value_pct: null,
        value_basis: null,
        numerator: null,
        denominator: null,
        organisations_reporting: 0,
      },
      {
        level: 'territory',
        territory_id: 'vaninsky',
        value_pct: 85,
        value_basis: 'unweighted_mean',
        numerator: null,
        denominator: null,
        organisations_reporting: 2,
      },
    ]);
  });
});
