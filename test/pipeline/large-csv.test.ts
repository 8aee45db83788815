import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { type RunSummary, runPipeline } from '../../pipeline/run-pipeline.ts';
import { BULK_MIN_BYTES } from '../../pipeline/validation/validate-long-csv-bulk.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir();
const inbox = path.join(dir, 'inbox');
const config = pipelineConfigIn(dir, inbox);
const query = (sql: string) => queryWarehouse(config.WAREHOUSE_PATH, sql);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A long CSV past the size DuckDB validates from, with `schools` organisations of one territory. */
function longCsv(schools: number, firstValue: number, territory = 'Амурский район'): { csv: Buffer; values: number } {
  const ref = loadReference();
  const formMeasures = ref.measures.filter((m) => m.block === 'form');
  const orgMeasures = ref.measures.filter((m) => m.block !== 'form' && m.kind === 'count');
  const rows: (string | number)[][] = [];
  for (let org = 1; org <= schools; org++) {
    const name = `МБОУ СОШ № ${org}`;
    for (const form of ['ученик – ученик', 'учитель – учитель'])
      for (const m of formMeasures)
        rows.push([2024, territory, name, '', 'ОО', form, m.name, org === 1 ? firstValue : org % 7]);
    for (const m of orgMeasures) rows.push([2024, territory, name, '', 'ОО', '', m.name, 1000 + (org % 50)]);
  }
  const csv = Papa.unparse(
    { fields: ['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'], data: rows },
    { delimiter: ';' },
  );
  return { csv: Buffer.from(csv, 'utf8'), values: rows.length };
}

describe('a long CSV large enough for DuckDB to validate', () => {
  const { csv, values } = longCsv(2500, 1);
  // the same size, one value changed: a new file that only its hash tells apart
  const { csv: sameSize } = longCsv(2500, 2);
  // small files read in JS, before and after the large one in the inbox's order: written with others, not with it
  const small = [longCsv(3, 1, 'Ванинский район'), longCsv(4, 1, 'Бикинский район')];
  const runs: RunSummary[] = [];
  const dumps: string[] = [];
  let firstFiles: Record<string, unknown>[] = [];
  let firstValues: Record<string, unknown>[] = [];
  const dump = async () =>
    JSON.stringify([
      await query('select * exclude (received_at, run_id) from raw_files order by all'),
      ...(await Promise.all(['stg_submissions', 'stg_values'].map((t) => query(`select * from ${t} order by all`)))),
    ]);

  beforeAll(async () => {
    mkdirSync(inbox, { recursive: true });
    writeFileSync(path.join(inbox, 'amursky-2024.csv'), csv);
    writeFileSync(path.join(inbox, 'copy of amursky-2024.csv'), csv);
    writeFileSync(path.join(inbox, 'a-vanino.csv'), small[0]!.csv);
    writeFileSync(path.join(inbox, 'z-bikin.csv'), small[1]!.csv);
    runs.push(await runPipeline(config));
    dumps.push(await dump());
    firstFiles = await query(
      'select file_sha256, size_bytes::integer as size, archived_path, org_years_accepted from raw_files order by source_path',
    );
    firstValues = await query(
      'select file_sha256, count(*)::integer as n from stg_values join raw_files using (file_sha256) group by all order by min(source_path)',
    );
    runs.push(await runPipeline(config));
    dumps.push(await dump());
    writeFileSync(path.join(inbox, 'amursky-2024 corrected.csv'), sameSize);
    runs.push(await runPipeline(config));
  }, 180_000);

  it('is loaded once, its copy under another name skipped, the archive holding the bytes sent; the small files beside it whole', async () => {
    expect(csv.length).toBeGreaterThan(BULK_MIN_BYTES);
    expect(small.every((f) => f.csv.length < BULK_MIN_BYTES)).toBe(true);
    expect(sameSize.length).toBe(csv.length);
    expect(runs[0]!.error).toBeNull();
    expect(runs[0]!.files).toEqual({ loaded: 3, partial: 0, rejected: 0, skipped: 1 });
    expect(firstFiles).toEqual([
      {
        file_sha256: sha256(small[0]!.csv),
        size: small[0]!.csv.length,
        archived_path: expect.any(String),
        org_years_accepted: 3,
      },
      { file_sha256: sha256(csv), size: csv.length, archived_path: expect.any(String), org_years_accepted: 2500 },
      {
        file_sha256: sha256(small[1]!.csv),
        size: small[1]!.csv.length,
        archived_path: expect.any(String),
        org_years_accepted: 4,
      },
    ]);
    expect(sha256(readFileSync(firstFiles[1]!.archived_path as string))).toBe(sha256(csv));
    expect(firstValues).toEqual([
      { file_sha256: sha256(small[0]!.csv), n: small[0]!.values },
      { file_sha256: sha256(csv), n: values },
      { file_sha256: sha256(small[1]!.csv), n: small[1]!.values },
    ]);
  });

  it('a rerun skips every file and changes nothing', () => {
    expect(runs[1]!.files).toEqual({ loaded: 0, partial: 0, rejected: 0, skipped: 4 });
    expect(dumps[1]).toBe(dumps[0]);
  });

  it('a new file of a size received before is told apart by its hash and loaded', async () => {
    expect(runs[2]!.files).toEqual({ loaded: 1, partial: 0, rejected: 0, skipped: 4 });
    expect(
      await query('select count(*)::integer as n from stg_values where file_sha256 = ' + `'${sha256(sameSize)}'`),
    ).toEqual([{ n: values }]);
  });
});
