import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshReference } from '../../pipeline/loading/refresh-reference.ts';
import { MARTS, buildMarts, martSql } from '../../pipeline/marts/build-marts.ts';
import { runDataChecks } from '../../pipeline/marts/data-checks.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { openWarehouse, type Warehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';

let wh: Warehouse;
let c: DuckDBConnection;
const json = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson();

/** One ОО in Лазо, 2024: `mentees` of `students` in «ученик – ученик». */
async function school(orgKey: string, mentees: number, students: number): Promise<void> {
  await c.run(
    `insert into stg_submissions values ('f-${orgKey}', null, 2024, 'lazo', '${orgKey}', '${orgKey}', '${orgKey}', 'OO', '2025-01-20', true)`,
  );
  await c.run(
    `insert into core_submissions values ('${orgKey}', 2024, 'lazo', 'OO', 'f-${orgKey}', '2025-01-20', true)`,
  );
  await c.run(`insert into core_facts values ('${orgKey}', 2024, 'pupil_pupil', 'mentees_students', ${mentees})`);
  await c.run(
    `insert into core_org_facts (org_key, year, measure_id, value) values ('${orgKey}', 2024, 'students_total', ${students})`,
  );
}

beforeAll(async () => {
  wh = await openWarehouse(path.join(tempDir(), 'w.duckdb'), REGION_TIME_ZONE);
  c = await wh.connect();
  await refreshReference(c, wh.db, loadReference());
  await school('a', 30, 300);
  await buildMarts(c);
});
afterAll(async () => {
  c.closeSync();
  await wh.close();
});

describe('the marts built under working names', () => {
  it('each SQL writes and reads marts only under their unchecked names', () => {
    for (const mart of MARTS) {
      const sql = martSql(mart);
      expect(sql, mart).toContain(`create or replace table ${mart}__unchecked as`);
      expect(
        sql.match(/\bmart_\w+/g)!.every((name) => name.endsWith('__unchecked')),
        mart,
      ).toBe(true);
    }
    expect(martSql('mart_value_findings')).toMatch(/from mart_indicator_values__unchecked\b/);
  });
});

describe('data checks on the marts', () => {
  it('pass on marts built from consistent core', async () => {
    expect(await runDataChecks(c)).toEqual([]);
    expect(
      await json(
        "select level, value_pct from mart_indicator_values where indicator_id = 'oo_students_share' and territory_id = 'lazo' order by level",
      ),
    ).toEqual([
      { level: 'organisation', value_pct: 10 },
      { level: 'territory', value_pct: 10 },
      { level: 'territory_org_type', value_pct: 10 },
    ]);
  });

  it('name each broken rule with the rows that break it', async () => {
    await c.run('begin transaction');
    try {
      await c.run(
        "insert into mart_indicator_values select * from mart_indicator_values where indicator_id = 'oo_students_share' and level = 'region'",
      );
      await c.run(
        "update mart_indicator_values set value_pct = 120, numerator = 360, numerator_reported = 360, denominator = 300 where indicator_id = 'oo_students_share' and level = 'territory' and territory_id = 'lazo'",
      );
      await c.run(
        "delete from mart_indicator_values where territory_id = 'ulchsky' and indicator_id = 'do_students_share'",
      );
      await c.run("delete from mart_coverage where territory_id in ('okhotsky', 'bikinsky')");
      // a region's count that is not the sum of its territories', and a count with nobody behind it
      await c.run(
        "update mart_counts set value = value + 1 where level = 'region' and measure_id = 'mentees_students'",
      );
      await c.run(
        "update mart_counts set value = 5 where level = 'territory' and territory_id = 'ulchsky' and measure_id = 'mentees_students'",
      );
      expect(await runDataChecks(c)).toEqual([
        {
          check:
            'mart_indicator_values: unique (indicator_id, year, level, territory_id, org_type_id, form_id, org_key)',
          rows: 1,
        },
        { check: 'mart_indicator_values: value_pct within 0–100', rows: 1 },
        { check: 'mart_indicator_values: numerator ≤ denominator', rows: 1 },
        { check: 'mart_indicator_values: every reference territory for each indicator_id × year', rows: 1 },
        { check: 'mart_counts: a count only where someone reported it', rows: 1 },
        { check: 'mart_counts: the region is the sum of its territories', rows: 1 },
        { check: 'mart_coverage: every reference territory for each year', rows: 2 },
      ]);
    } finally {
      await c.run('rollback');
    }
  });

  it('refuse a rebuild that would publish a share over 100 %, keeping the marts as they were', async () => {
    // broken at all six levels: the school, Лазо, Лазо × ОО, ОО, the form «ученик – ученик», the region
    await school('b', 500, 100);
    await expect(buildMarts(c)).rejects.toThrow(
      'Проверки витрин не пройдены, витрины и снимок оставлены прежними: mart_indicator_values: value_pct within 0–100 — строк: 6; mart_indicator_values: numerator ≤ denominator — строк: 6',
    );
    expect(
      await json(
        "select value_pct from mart_indicator_values where indicator_id = 'oo_students_share' and level = 'territory' and territory_id = 'lazo'",
      ),
    ).toEqual([{ value_pct: 10 }]);
    expect(await json("select table_name from duckdb_tables() where table_name like '%unchecked%'")).toEqual([]);
  });

  it('replace what a build killed before its swap left behind, and leave nothing unchecked', async () => {
    await c.run("delete from core_facts where org_key = 'b'");
    await c.run("delete from core_org_facts where org_key = 'b'");
    // as a crash between the build's commit and the swap leaves it: checked by nobody, published by nothing
    await c.run('create table mart_indicator_values__unchecked as select * from mart_indicator_values limit 0');
    await c.run("create table mart_forms__unchecked as select 'left behind' as note");
    await buildMarts(c);
    expect(await json("select table_name from duckdb_tables() where table_name like '%unchecked%'")).toEqual([]);
    expect(
      await json(
        "select level, value_pct from mart_indicator_values where indicator_id = 'oo_students_share' and territory_id = 'lazo' order by level",
      ),
    ).toEqual([
      { level: 'organisation', value_pct: 10 },
      { level: 'territory', value_pct: 10 },
      { level: 'territory_org_type', value_pct: 10 },
    ]);
    expect(await json("select count(*)::integer as n from mart_forms where territory_id = 'lazo'")).toEqual([{ n: 1 }]);
  });

  it('build with a form and an organisation type that left the reference after their facts were loaded', async () => {
    await c.run(
      "insert into stg_submissions values ('f-z', null, 2024, 'lazo', 'z', 'z', 'z', 'RETIRED', '2025-01-20', true)",
    );
    await c.run("insert into core_submissions values ('z', 2024, 'lazo', 'RETIRED', 'f-z', '2025-01-20', true)");
    await c.run("insert into core_facts values ('z', 2024, 'retired_form', 'mentees_young_teachers', 2)");
    await c.run(
      "insert into core_org_facts (org_key, year, measure_id, value) values ('z', 2024, 'young_teachers_total', 10)",
    );
    await buildMarts(c);
    expect(
      await json(
        "select level, org_type_id, form_id, value_pct from mart_indicator_values where indicator_id = 'young_teachers_share' and level in ('org_type', 'form') order by level",
      ),
    ).toEqual([
      { level: 'form', org_type_id: null, form_id: 'retired_form', value_pct: 20 },
      { level: 'org_type', org_type_id: 'RETIRED', form_id: null, value_pct: 20 },
    ]);
  });
});
