import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { generateSample, type SampleResult } from '../../pipeline/sample/generate.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
const config = pipelineConfigIn(dir, path.join(dir, 'sample', 'inbox'));

const query = (sql: string) => queryWarehouse(config.WAREHOUSE_PATH, sql);

const factKey = (r: Record<string, unknown>) =>
  `${r.year}|${r.territory}|${r.inn}|${r.form ?? ''}|${r.measure}|${r.value}`;

describe('the generated sample through the pipeline', () => {
  let sample: SampleResult;
  let run: RunSummary;

  beforeAll(async () => {
    sample = await generateSample({ seed: 11, outDir: path.join(dir, 'sample'), scale: 0.05 });
    run = await runPipeline(config);
  }, 120_000);

  it('loads every file and rejects only the planted defects', async () => {
    expect(run.error).toBeNull();
    expect(run.filesSeen).toBe(sample.files.length);
    const rejectedFiles = (await query("select source_path from raw_files where status = 'rejected' order by 1")).map(
      (r) => `inbox/${r.source_path}`,
    );
    const expectedRejected = new Set(sample.defects.filter((d) => d.expected === 'file-rejected').map((d) => d.path));
    // a file whose only organisation has an error is rejected too
    for (const d of sample.defects.filter((d) => d.expected === 'org-year-rejected')) {
      if (sample.files.find((f) => f.path === d.path)!.orgYears === 1) expectedRejected.add(d.path);
    }
    expect(rejectedFiles).toEqual([...expectedRejected].sort());
  });

  it('keeps exactly the values of the truth: current submissions, no defective organisation-years', async () => {
    const facts = await query(`
      with cur as (select org_key, year, territory_id from core_submissions where is_current)
      select f.year, cur.territory_id as territory, o.inn, f.form_id as form, f.measure_id as measure, f.value
      from core_facts f join cur using (org_key, year) join core_organisations o using (org_key)
      union all
      select f.year, cur.territory_id, o.inn, null, f.measure_id, f.value
      from core_org_facts f join cur using (org_key, year) join core_organisations o using (org_key)`);
    const truth = sample.truth.map((t) =>
      factKey({
        year: t.year,
        territory: t.territoryId,
        inn: t.inn,
        form: t.formId,
        measure: t.measureId,
        value: t.value,
      }),
    );
    expect(facts).toHaveLength(truth.length);
    expect(new Set(facts.map(factKey))).toEqual(new Set(truth));
  });

  it('gives every organisation one identity across years, with or without ИНН in its forms', async () => {
    const orgs = await query('select inn from core_organisations order by inn');
    const truthInns = [...new Set(sample.truth.map((t) => t.inn))].sort();
    expect(orgs.map((o) => o.inn)).toEqual(truthInns);
  });

  it('counts the corrected file, not the first one', async () => {
    expect(sample.resubmissions.length).toBeGreaterThan(0);
    for (const r of sample.resubmissions) {
      const rows = await query(`
        select f.source_path, s.is_current from core_submissions s join raw_files f using (file_sha256)
        where s.org_key = '${r.inn}' and s.year = ${r.year} order by s.submitted_at`);
      expect(rows.at(-1)).toEqual({ source_path: r.path.replace(/^inbox\//, ''), is_current: true });
      expect(rows.filter((x) => x.is_current)).toHaveLength(1);
    }
  });

  it('leaves the missing territory-year as a gap in the marts', async () => {
    expect(sample.missing.length).toBeGreaterThan(0);
    for (const m of sample.missing) {
      const rows = await query(
        `select value_pct, organisations_reported from mart_indicator_values join mart_coverage using (territory_id, year) where territory_id = '${m.territoryId}' and year = ${m.year} and indicator_id = 'oo_students_share'`,
      );
      expect(rows).toEqual([{ value_pct: null, organisations_reported: 0 }]);
    }
  });
});
