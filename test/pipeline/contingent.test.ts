import { cpSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { contingentTemplateWorkbook } from '../../pipeline/template/write-contingent-template.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { seedWorkbook } from '../helpers/seed-form.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/**
 * The contingent stream over the seed-shaped inbox (forms with counts, no totals). Two inboxes: the same forms with
 * and without the contingent files; everything a submission is must be the same in both.
 */
const dir = tempDir('nm-contingent-');
const withContingent = pipelineConfigIn(path.join(dir, 'with'));
const formsOnly = pipelineConfigIn(path.join(dir, 'without'));

function put(inbox: string, relative: string, content: Buffer | string, mtime: Date): void {
  const file = path.join(inbox, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtime, mtime);
}

/** A school of Ванино whose 2022 form gives its own students_total (300) beside its counts (mentees 25). */
async function formWithTotal(): Promise<Buffer> {
  return seedWorkbook({
    orgName: 'МБОУ СОШ № 4 п. Ванино',
    forms: ['Ученик – ученик'],
    rows: [[25], [null], [null], [null]],
    extra: [['Общая численность обучающихся', 300]],
  });
}

// Row numbers as the file shows them: header 1, then 2…9.
const CONTINGENT_CSV = [
  'Муниципалитет;Организация;ИНН;Тип;Общая численность обучающихся;Численность обучающихся в возрасте от 15 до 19 лет;Наставляемые обучающиеся 10–18 лет (ученик – ученик)',
  'Ванинский район;МБОУ СОШ № 2 п. Ванино;;ОО;500;120;7', // 2: students_total later superseded by the XLSX; 15–19 used
  'р-н им. Лазо;МБОУ СОШ № 1 с. Переяславка;;ОО;1 200;;', // 3: used
  'Ванинский район;МБОУ СОШ № 4 п. Ванино;;ОО;350;;', // 4: the form's own 300 is kept
  'Ванинский район;МБОУ СОШ № 99 п. Ванино;;ОО;100;;', // 5: unmatched
  'Ванинский район;МБОУ СОШ № 2 п. Ванино;;ОО;510;;', // 6: duplicate of row 2
  'Ванинский район;МБОУ СОШ № 3 п. Ванино;;ОО;-5;;', // 7: negative: the row is rejected
  'р-н им. Лазо;МБОУ СОШ п. Хор;;ОО;20;;', // 8: below its 25 mentees
  'Ванинский район;МБОУ ООШ с. Датта;;ОО;40;;', // 9: known (2021), no form in 2022
].join('\r\n');

/** The blank contingent template of 2022 filled in with exceljs: СОШ № 2 gets 505 pupils, newer than the CSV. */
async function filledTemplate(): Promise<Buffer> {
  const blank = await contingentTemplateWorkbook(loadReference(REFERENCE_DIR), { year: 2022 });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(blank as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('Контингент')!;
  ws.getCell('A6').value = 'Ванинский район';
  ws.getCell('B6').value = 'МБОУ СОШ № 2 п. Ванино';
  ws.getCell('D6').value = 'ОО';
  ws.getCell('E6').value = 505;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const q = (sql: string) => queryWarehouse(withContingent.WAREHOUSE_PATH, sql);
const q0 = (sql: string) => queryWarehouse(formsOnly.WAREHOUSE_PATH, sql);

describe('the contingent fills the totals the forms lack', () => {
  beforeAll(async () => {
    // the same files in both inboxes, copied: a workbook's zip entries carry the time it was written, so two
    // writings of one form can differ by a byte and be two files
    await writeSeedShapedInbox(formsOnly.INBOX_DIR);
    put(
      formsOnly.INBOX_DIR,
      '2022/Ванинский район/СОШ 4.xlsx',
      await formWithTotal(),
      new Date('2023-01-20T10:00:00+10:00'),
    );
    cpSync(formsOnly.INBOX_DIR, withContingent.INBOX_DIR, { recursive: true, preserveTimestamps: true });
    put(
      withContingent.INBOX_DIR,
      '2022/контингент/ОО-1_2022.csv',
      `${CONTINGENT_CSV}\r\n`,
      new Date('2023-02-01T10:00:00+10:00'),
    );
    put(
      withContingent.INBOX_DIR,
      'Контингент_2022.xlsx',
      await filledTemplate(),
      new Date('2023-02-10T10:00:00+10:00'),
    );
    // a year no form reports: it must not become a year of the data
    put(
      withContingent.INBOX_DIR,
      'КОНТИНГЕНТ/Контингент_Ванинский_2023.csv',
      'Организация;Общая численность обучающихся\r\nМБОУ СОШ № 2 п. Ванино;515\r\n',
      new Date('2024-02-01T10:00:00+10:00'),
    );
    await runPipeline(withContingent);
    await runPipeline(formsOnly);
  }, 120_000);

  it('writes the totals of two schools whose forms lack them, and nothing else', async () => {
    expect(
      await q(`select o.name, f.year, f.measure_id, f.value from core_org_facts as f join core_organisations as o using (org_key)
                    where f.source = 'contingent' order by o.name, f.measure_id`),
    ).toEqual([
      { name: 'МБОУ СОШ № 1 с. Переяславка', year: 2022, measure_id: 'students_total', value: 1200 },
      { name: 'МБОУ СОШ № 2 п. Ванино', year: 2022, measure_id: 'students_15_19', value: 120 },
      { name: 'МБОУ СОШ № 2 п. Ванино', year: 2022, measure_id: 'students_total', value: 505 },
    ]);
    // the form's own total stays, from the form
    expect(
      await q(`select f.value, f.source from core_org_facts as f join core_organisations as o using (org_key)
                    where o.name = 'МБОУ СОШ № 4 п. Ванино' and f.measure_id = 'students_total'`),
    ).toEqual([{ value: 300, source: 'form' }]);
  });

  it('records the outcome of every contingent value', async () => {
    expect(
      await q(`select file_name, row_number, year, org_name as organisation, org_key is null as unmatched, measure_id, value, status
                    from core_contingent order by file_name, row_number, measure_id`),
    ).toEqual([
      {
        file_name: 'Контингент_2022.xlsx',
        row_number: 6,
        year: 2022,
        organisation: 'МБОУ СОШ № 2 п. Ванино',
        unmatched: false,
        measure_id: 'students_total',
        value: 505,
        status: 'used',
      },
      {
        file_name: 'Контингент_Ванинский_2023.csv',
        row_number: 2,
        year: 2023,
        organisation: 'МБОУ СОШ № 2 п. Ванино',
        unmatched: false,
        measure_id: 'students_total',
        value: 515,
        status: 'no_submission',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 2,
        year: 2022,
        organisation: 'МБОУ СОШ № 2 п. Ванино',
        unmatched: false,
        measure_id: 'students_15_19',
        value: 120,
        status: 'used',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 2,
        year: 2022,
        organisation: 'МБОУ СОШ № 2 п. Ванино',
        unmatched: false,
        measure_id: 'students_total',
        value: 500,
        status: 'superseded',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 3,
        year: 2022,
        organisation: 'МБОУ СОШ № 1 с. Переяславка',
        unmatched: false,
        measure_id: 'students_total',
        value: 1200,
        status: 'used',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 4,
        year: 2022,
        organisation: 'МБОУ СОШ № 4 п. Ванино',
        unmatched: false,
        measure_id: 'students_total',
        value: 350,
        status: 'form_value_kept',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 5,
        year: 2022,
        organisation: 'МБОУ СОШ № 99 п. Ванино',
        unmatched: true,
        measure_id: 'students_total',
        value: 100,
        status: 'unmatched',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 8,
        year: 2022,
        organisation: 'МБОУ СОШ п. Хор',
        unmatched: false,
        measure_id: 'students_total',
        value: 20,
        status: 'below_count',
      },
      {
        file_name: 'ОО-1_2022.csv',
        row_number: 9,
        year: 2022,
        organisation: 'МБОУ ООШ с. Датта',
        unmatched: false,
        measure_id: 'students_total',
        value: 40,
        status: 'no_submission',
      },
    ]);
    const below = await q(`select count_measure_id, count_value from core_contingent where status = 'below_count'`);
    expect(below).toEqual([{ count_measure_id: 'mentees_students', count_value: 25 }]);
  });

  it('explains each outcome in mart_contingent', async () => {
    expect(await q('select count(*)::integer as n from mart_contingent')).toEqual([{ n: 9 }]);
    const messages = await q(
      `select status, message from mart_contingent where file_name = 'ОО-1_2022.csv' and status in ('unmatched', 'below_count', 'form_value_kept') order by status`,
    );
    expect(messages).toEqual([
      {
        status: 'below_count',
        message:
          'Организация «МБОУ СОШ п. Хор», 2022 год: «Общая численность обучающихся» по контингенту (20) меньше, чем «Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого» по форме (25): численность не использована',
      },
      {
        status: 'form_value_kept',
        message:
          'Организация «МБОУ СОШ № 4 п. Ванино», 2022 год: в форме указано своё значение «Общая численность обучающихся» (300), оно важнее; значение контингента (350) не использовано',
      },
      {
        status: 'unmatched',
        message:
          'Организация «МБОУ СОШ № 99 п. Ванино» не найдена среди приславших формы в «Ванинский муниципальный район»: численность «Общая численность обучающихся» (100) не использована',
      },
    ]);
  });

  it('reports the column that is no total, the duplicate and the negative value', async () => {
    expect(
      await q(
        `select row_number, column_name, severity, code from ops_findings where file_name = 'ОО-1_2022.csv' order by row_number, code`,
      ),
    ).toEqual([
      {
        row_number: 1,
        column_name: 'Наставляемые обучающиеся 10–18 лет (ученик – ученик)',
        severity: 'error',
        code: 'contingent_not_totals',
      },
      { row_number: 6, column_name: 'Организация', severity: 'error', code: 'contingent_duplicate' },
      { row_number: 7, column_name: 'Общая численность обучающихся', severity: 'error', code: 'value_invalid' },
    ]);
    const [dup] = await q(`select message from ops_findings where code = 'contingent_duplicate'`);
    expect(dup!.message).toBe(
      'Организация «МБОУ СОШ № 2 п. Ванино» за 2022 год уже указана в строке 2 этого файла: повторная строка не загружена',
    );
    expect(
      await q(
        `select file_name, format, status, org_years_accepted, org_years_rejected from raw_files where format like 'contingent%' order by file_name`,
      ),
    ).toEqual([
      {
        file_name: 'Контингент_2022.xlsx',
        format: 'contingent-xlsx',
        status: 'loaded',
        org_years_accepted: 1,
        org_years_rejected: 0,
      },
      {
        file_name: 'Контингент_Ванинский_2023.csv',
        format: 'contingent-csv',
        status: 'loaded',
        org_years_accepted: 1,
        org_years_rejected: 0,
      },
      {
        file_name: 'ОО-1_2022.csv',
        format: 'contingent-csv',
        status: 'partial',
        org_years_accepted: 6,
        org_years_rejected: 2,
      },
    ]);
  });

  it('creates no submission, no coverage and no year', async () => {
    for (const sql of [
      'select * from stg_submissions order by all',
      'select * exclude (submitted_at) from core_submissions order by all',
      'select * from core_organisations order by all',
      'select * from core_facts order by all',
      "select * from core_org_facts where source = 'form' order by all",
      'select * from mart_coverage order by all',
      'select * from mart_coverage_organisations order by all',
    ]) {
      expect(await q(sql), sql).toEqual(await q0(sql));
    }
    expect(await q('select distinct year from mart_coverage order by year')).toEqual([{ year: 2021 }, { year: 2022 }]);
    expect(
      await q(
        "select count(*)::integer as n from stg_submissions where file_sha256 in (select file_sha256 from raw_files where format like 'contingent%')",
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('publishes mart_contingent in the snapshot', async () => {
    const { readFileSync } = await import('node:fs');
    const rows = JSON.parse(
      readFileSync(path.join(withContingent.SNAPSHOT_DIR, 'mart_contingent.json'), 'utf8'),
    ) as unknown[];
    expect(rows).toHaveLength(9);
  });
});
