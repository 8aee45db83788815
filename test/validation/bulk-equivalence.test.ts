import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedFile, fileRows, writeFiles } from '../../pipeline/loading/load-file.ts';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { generateSample } from '../../pipeline/sample/generate.ts';
import { type ValidatedFile, validateFile } from '../../pipeline/validation/validate-file.ts';
import { type Warehouse, openWarehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { inTransaction } from '../../pipeline/warehouse/run-compiled.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';

const ref = loadReference();
const normaliser = new Normaliser(ref);
const dir = tempDir();
const HEADER = ['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'];
const MENTEES = 'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого';

/** Every rule of the long format in one file: spellings, defects, duplicates, blanks. */
const rows: string[][] = [
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 1', '', 'ОО', 'ученик – ученик', MENTEES, '25'],
  ['2024', 'район имени Лазо', 'мбоу сош №1', '', 'ОО', 'учитель-ученик', MENTEES, '5'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 1', '', 'ОО', '', 'Общая численность обучающихся', '1 025'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 1', '', 'ОО', 'ученик – ученик', MENTEES, '25'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 1', '', 'ОО', 'ученик – ученик', 'Примечание', 'см. письмо'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 1', '', 'ОО', 'ученик – ученик', 'Информационная база наставников', 'да'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 2', '1234567890', 'ОО', 'учитель – пенсионер', MENTEES, '3'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 2', '1234567890', 'ОО', '', MENTEES, '3'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 3', '', 'ОО', 'ученик – ученик', MENTEES, '30'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 3', '', 'ОО', 'ученик – ученик', MENTEES, '31'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 4', '', 'ОО', 'ученик – ученик', MENTEES, '300'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 4', '', 'ОО', '', 'Общая численность обучающихся', '200'],
  [
    '2024',
    'р-н им. Лазо',
    'МБОУ СОШ № 4',
    '',
    'ОО',
    '',
    'Уровень удовлетворённости наставляемых участием в программах наставничества, %',
    '120',
  ],
  ['2024', 'Лазовский район Приморского края', 'МБОУ СОШ № 5', '', 'ОО', '', 'Общая численность обучающихся', '12,5'],
  ['', 'р-н им. Лазо', 'МБОУ СОШ № 6', '', '', 'ученик – ученик', MENTEES, ''],
  ['2024', 'р-н им. Лазо', 'МБУ ДО ЦДТ', '', 'ДО', 'ученик – ученик', MENTEES, '-1'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 7', '', 'ОО', 'ученик – ученик', MENTEES, ' '],
  // a name of punctuation only names no one, as an empty one
  ['2024', 'р-н им. Лазо', '«№»', '', 'ОО', 'ученик – ученик', MENTEES, '4'],
  // beyond the bound of measures.csv though consistent; a name, an Excel error, a boolean and a percentage in counts
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 8', '', 'ОО', 'ученик – ученик', MENTEES, '3000000000'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 8', '', 'ОО', '', 'Общая численность обучающихся', '4 000 000 000'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 10', '', 'ОО', 'ученик – ученик', MENTEES, 'Иванова И.И.'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 10', '', 'ОО', 'учитель – ученик', MENTEES, '#DIV/0!'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 11', '', 'ОО', 'ученик – ученик', MENTEES, 'TRUE'],
  ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 11', '', 'ОО', '', 'Общая численность обучающихся', '5%'],
];

const files: [string, Buffer][] = [
  ['2024/Лазо/utf8.csv', Buffer.from(`${Papa.unparse([HEADER, ...rows], { delimiter: ';', newline: '\r\n' })}\r\n`)],
  [
    '2024/Лазо/bom-tab.csv',
    Buffer.from(`\ufeff${Papa.unparse([HEADER, ...rows], { delimiter: '\t', newline: '\n' })}\n`),
  ],
  [
    '2024/Лазо/cp1251.csv',
    iconv.encode(Papa.unparse([HEADER, ...rows], { delimiter: ';', newline: '\r\n' }), 'win1251'),
  ],
  [
    'english.csv',
    Buffer.from(
      Papa.unparse(
        [
          ['value', 'measure', 'form', 'type', 'organisation', 'municipality', 'year'],
          ...rows.map((r) => [r[7]!, r[6]!, r[5]!, r[4]!, r[2]!, r[1]!, r[0]!]),
        ],
        { quotes: true },
      ),
    ),
  ],
];

// the sample's long files join the cases at collection time, so each is a test of its own
const sample = await generateSample({ seed: 3, outDir: path.join(dir, 'sample'), scale: 0.05 });
for (const f of sample.files.filter((x) => x.format === 'long-csv'))
  files.push([f.path.replace(/^inbox\//, ''), readFileSync(path.join(dir, 'sample', f.path))]);

let wh: Warehouse;
beforeAll(async () => {
  wh = await openWarehouse(path.join(dir, 'w.duckdb'), REGION_TIME_ZONE);
});
afterAll(async () => {
  await wh.close();
});

/** Loads a validated file on the connection that validated it (DuckDB temp tables are per connection). */
async function stage(connection: DuckDBConnection, v: ValidatedFile, sha: string): Promise<unknown[]> {
  const file: ReceivedFile = {
    sha256: sha,
    sourcePath: sha,
    fileName: sha,
    sizeBytes: 1,
    modifiedAt: new Date(0),
    receivedAt: new Date(0),
    archivedPath: sha,
    runId: 'test',
  };
  await inTransaction(connection, () => writeFiles(connection, [fileRows(file, v)]));
  const rows = async (table: string) =>
    (
      await connection.runAndReadAll(
        `select * exclude (file_sha256) from ${table} where file_sha256 = '${sha}' order by all`,
      )
    ).getRowObjectsJson();
  return [await rows('stg_submissions'), await rows('stg_values')];
}

describe('a long CSV checked by DuckDB gives what the row-by-row path gives', () => {
  it('covers the sample’s long files as well as the hand-made ones', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it.each(files.map(([name], i) => [name, i]))('%s', async (name, i) => {
    const buffer = files[i as number]![1];
    const rowByRow = await validateFile(name as string, buffer, normaliser, ref, { now: new Date('2026-11-22') });
    const connection = await wh.connect();
    let bulk: ValidatedFile;
    try {
      bulk = await validateFile(name as string, buffer, normaliser, ref, {
        now: new Date('2026-11-22'),
        connection,
        bulkMinBytes: 0,
      });
      expect(bulk.stage).toBeDefined();
      // the bulk path keeps values in DuckDB; everything else must be the same, findings in the same order
      expect(bulk.submissions).toEqual(rowByRow.submissions.map((s) => ({ ...s, values: [] })));
      expect(bulk.findings).toEqual(rowByRow.findings);
      expect(await stage(connection, bulk, `bulk-${i}`)).toEqual(await stage(connection, rowByRow, `rows-${i}`));
    } finally {
      connection.closeSync();
    }
  });

  it('reads a plain UTF-8 file in place with the same result', async () => {
    const [name, buffer] = files[0]!;
    const onDisk = path.join(dir, 'in-place.csv');
    writeFileSync(onDisk, buffer);
    const connection = await wh.connect();
    try {
      const copy = await validateFile(name, buffer, normaliser, ref, {
        now: new Date('2026-11-22'),
        connection,
        bulkMinBytes: 0,
      });
      const stagedCopy = await stage(connection, copy, 'copy');
      const inPlace = await validateFile(name, buffer, normaliser, ref, {
        now: new Date('2026-11-22'),
        connection,
        bulkMinBytes: 0,
        sourcePath: onDisk,
      });
      expect(inPlace.submissions).toEqual(copy.submissions);
      expect(await stage(connection, inPlace, 'in-place')).toEqual(stagedCopy);
    } finally {
      connection.closeSync();
    }
  });

  it('the hand-made file hits every rule', async () => {
    const v = await validateFile(files[0]![0], files[0]![1], normaliser, ref, { now: new Date('2026-11-22') });
    const codes = new Set(v.submissions.flatMap((s) => s.findings.map((f) => f.code)));
    expect([...codes].sort()).toEqual(
      [
        'form_missing',
        'form_unknown',
        'inconsistent',
        'inn_invalid',
        'measure_unknown',
        'org_name_missing',
        'territory_unknown',
        'value_conflict',
        'value_duplicate',
        'value_invalid',
        'value_out_of_range',
        'no_values',
        'form_ignored',
      ].sort(),
    );
    const out = v.submissions.find((s) => s.orgName === 'МБОУ СОШ № 8')!.findings;
    expect(out.map((f) => [f.code, f.row, f.column, f.value])).toEqual([
      ['value_out_of_range', 20, 'значение', '3000000000'],
      ['value_out_of_range', 21, 'значение', '4000000000'],
    ]);
    expect(JSON.stringify(v.submissions)).not.toContain('Иванова');
  });
});
