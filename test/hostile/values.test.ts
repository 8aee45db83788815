import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { runDataChecks } from '../../pipeline/marts/data-checks.ts';
import { loadReference, REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { openWarehouse } from '../../pipeline/warehouse/open-warehouse.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { validateFile } from '../../pipeline/validation/validate-file.ts';
import { addSeedSheet } from '../helpers/seed-form.ts';
import { pipelineConfigIn, REGION_TIME_ZONE } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { findTextInWarehouse } from '../helpers/warehouse-text-scan.ts';

/** Issue 22: values no file may use to stop the region, leak a name or pass unnoticed. */
const ref = loadReference();
const normaliser = new Normaliser(ref);
const dir = tempDir();
const inbox = path.join(dir, 'inbox');
const config = pipelineConfigIn(dir, inbox);
const HEADER = ['год', 'муниципалитет', 'организация', 'ИНН', 'тип', 'форма', 'показатель', 'значение'];
const MENTEES = 'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого';
const STUDENTS = 'Общая численность обучающихся';
const NAME = 'Иванова И.И.';

function put(relative: string, content: Buffer | string): void {
  const file = path.join(inbox, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
const csv = (rows: string[][]) => `${Papa.unparse([HEADER, ...rows], { delimiter: ';', newline: '\r\n' })}\r\n`;
const school = (name: string, form: string, measure: string, value: string) => [
  '2024',
  'р-н им. Лазо',
  name,
  '',
  'ОО',
  form,
  measure,
  value,
];

/** A form whose count cells hold what the sender should not have typed. */
async function workbook(cells: { mentees: ExcelJS.CellValue; percentFormat?: boolean }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = addSeedSheet(wb, {
    orgName: 'МБОУ СОШ № 9',
    forms: ['Ученик – ученик'],
    rows: [[1], [2], [null], [null]],
    extra: [[STUDENTS, 400]],
  });
  // the first count of the table: row 5, column B
  ws.getCell('B5').value = cells.mentees;
  if (cells.percentFormat) ws.getCell('B5').numFmt = '0%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function xlsxFindings(mentees: ExcelJS.CellValue, percentFormat = false) {
  const v = await validateFile('2024/Лазо/f.xlsx', await workbook({ mentees, percentFormat }), normaliser, ref, {
    now: new Date('2026-11-22'),
  });
  expect(v.submissions).toHaveLength(1);
  expect(v.submissions[0]!.accepted).toBe(false);
  return v.submissions[0]!.findings.map((f) => ({
    code: f.code,
    message: f.message,
    sheet: f.sheet,
    row: f.row,
    column: f.column,
    value: f.value,
  }));
}

async function csvFindings(value: string) {
  const v = await validateFile(
    '2024/Лазо/f.csv',
    Buffer.from(csv([school('МБОУ СОШ № 9', 'ученик – ученик', MENTEES, value)])),
    normaliser,
    ref,
    { now: new Date('2026-11-22') },
  );
  return v.submissions[0]!.findings.map((f) => ({
    code: f.code,
    message: f.message,
    row: f.row,
    column: f.column,
    value: f.value,
  }));
}

const CELL = { sheet: 'Лист1', row: 5, column: 'B' };

describe('values parsed without silence (XLSX and CSV)', () => {
  it('an Excel error value is an error, not a blank', async () => {
    const message = `«${MENTEES}»: ячейка содержит ошибку Excel (#DIV/0!) — исправьте формулу`;
    expect(await xlsxFindings({ formula: 'B7/0', result: { error: '#DIV/0!' } } as ExcelJS.CellValue)).toEqual([
      { code: 'value_invalid', message, ...CELL, value: '#DIV/0!' },
    ]);
    expect(await xlsxFindings({ error: '#N/A' } as ExcelJS.CellValue)).toEqual([
      expect.objectContaining({
        code: 'value_invalid',
        message: `«${MENTEES}»: ячейка содержит ошибку Excel (#N/A) — исправьте формулу`,
      }),
    ]);
    expect(await csvFindings('#DIV/0!')).toEqual([
      { code: 'value_invalid', message, row: 2, column: 'значение', value: '#DIV/0!' },
    ]);
    expect(await csvFindings('#ДЕЛ/0!')).toEqual([
      expect.objectContaining({
        code: 'value_invalid',
        message: `«${MENTEES}»: ячейка содержит ошибку Excel (#ДЕЛ/0!) — исправьте формулу`,
      }),
    ]);
  });

  it('a boolean in a count is an error, not 1 or 0', async () => {
    expect(await xlsxFindings(true)).toEqual([
      {
        code: 'value_invalid',
        message: `«${MENTEES}»: ожидалось целое число; в ячейке логическое значение ИСТИНА`,
        ...CELL,
        value: 'ИСТИНА',
      },
    ]);
    expect(await csvFindings('TRUE')).toEqual([
      {
        code: 'value_invalid',
        message: `«${MENTEES}»: ожидалось целое число; в ячейке текст, 4 символа`,
        row: 2,
        column: 'значение',
        value: 'текст, 4 символа',
      },
    ]);
  });

  it('a percentage in a count is an error, not the number before the sign', async () => {
    expect(await xlsxFindings(0.05, true)).toEqual([
      {
        code: 'value_invalid',
        message: `«${MENTEES}»: ожидалось целое число, а в ячейке процент (5 %): укажите количество без знака %`,
        ...CELL,
        value: '5 %',
      },
    ]);
    expect(await csvFindings('5%')).toEqual([
      {
        code: 'value_invalid',
        message: `«${MENTEES}»: ожидалось целое число, а в ячейке процент (5%): укажите количество без знака %`,
        row: 2,
        column: 'значение',
        value: '5%',
      },
    ]);
  });

  it('a name in a count is named by kind, never quoted', async () => {
    expect(await xlsxFindings(NAME)).toEqual([
      {
        code: 'value_invalid',
        message: `«${MENTEES}»: ожидалось целое число; в ячейке текст, 12 символов`,
        ...CELL,
        value: 'текст, 12 символов',
      },
    ]);
  });

  it('a count beyond what one organisation can have is refused; a number may be quoted', async () => {
    expect(await csvFindings('3 000 000 000')).toEqual([
      {
        code: 'value_out_of_range',
        message: `«${MENTEES}»: 3 000 000 000 — больше, чем может быть у одной организации (не более 100 000): проверьте число`,
        row: 2,
        column: 'значение',
        value: '3000000000',
      },
    ]);
    expect(await csvFindings('100 000')).toEqual([]);
    expect(await csvFindings('1000000000000000000000')).toEqual([
      expect.objectContaining({ code: 'value_out_of_range', value: '1e+21' }),
    ]);
  });
});

describe('a hostile inbox does not stop the region', () => {
  let summary: Awaited<ReturnType<typeof runPipeline>>;
  beforeAll(async () => {
    // consistent (mentees ≤ pupils), so only the bound can refuse it
    put(
      '2024/Лазо/huge.csv',
      csv([
        school('МБОУ СОШ № 1', 'ученик – ученик', MENTEES, '3000000000'),
        school('МБОУ СОШ № 1', '', STUDENTS, '4000000000'),
      ]),
    );
    put('2024/Лазо/total.csv', csv([school('МБОУ СОШ № 2', '', STUDENTS, '1000000000000000000000')]));
    put(
      '2024/Лазо/good.csv',
      csv([school('МБОУ СОШ № 3', 'ученик – ученик', MENTEES, '30'), school('МБОУ СОШ № 3', '', STUDENTS, '300')]),
    );
    put('2024/Лазо/name.xlsx', await workbook({ mentees: NAME }));
    summary = await runPipeline(config);
  }, 120_000);

  it('rejects the organisation with the exact Russian finding naming file, row and column', async () => {
    const rows = await queryWarehouse(
      config.WAREHOUSE_PATH,
      "select file_name, sheet, row_number, column_name, value, severity, code, message from ops_findings where code = 'value_out_of_range' order by file_name, row_number",
    );
    expect(rows).toEqual([
      {
        file_name: expect.stringContaining('huge.csv'),
        sheet: null,
        row_number: 2,
        column_name: 'значение',
        value: '3000000000',
        severity: 'error',
        code: 'value_out_of_range',
        message: `«${MENTEES}»: 3 000 000 000 — больше, чем может быть у одной организации (не более 100 000): проверьте число`,
      },
      {
        file_name: expect.stringContaining('huge.csv'),
        sheet: null,
        row_number: 3,
        column_name: 'значение',
        value: '4000000000',
        severity: 'error',
        code: 'value_out_of_range',
        message: `«${STUDENTS}»: 4 000 000 000 — больше, чем может быть у одной организации (не более 100 000): проверьте число`,
      },
      {
        file_name: expect.stringContaining('total.csv'),
        sheet: null,
        row_number: 2,
        column_name: 'значение',
        value: '1e+21',
        severity: 'error',
        code: 'value_out_of_range',
        message: `«${STUDENTS}»: 1 000 000 000 000 000 000 000 — больше, чем может быть у одной организации (не более 100 000): проверьте число`,
      },
    ]);
  });

  it('loads the good file beside them, builds the marts and publishes the snapshot', async () => {
    expect(summary).toBeDefined();
    const accepted = await queryWarehouse(
      config.WAREHOUSE_PATH,
      'select org_name, is_accepted from stg_submissions order by org_name',
    );
    expect(accepted).toEqual([
      { org_name: 'МБОУ СОШ № 1', is_accepted: false },
      { org_name: 'МБОУ СОШ № 2', is_accepted: false },
      { org_name: 'МБОУ СОШ № 3', is_accepted: true },
      { org_name: 'МБОУ СОШ № 9', is_accepted: false },
    ]);
    const counts = await queryWarehouse(
      config.WAREHOUSE_PATH,
      "select value from mart_counts where level = 'region' and measure_id = 'mentees_students' and year = 2024",
    );
    expect(counts).toEqual([{ value: 30 }]);
    const meta = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'meta.json'), 'utf8')) as { years: number[] };
    expect(meta.years).toContain(2024);
    const forms = JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'mart_forms.json'), 'utf8')) as {
      mentees: number;
    }[];
    expect(forms.map((f) => f.mentees)).toEqual([30]);
  });

  it('keeps the name typed into a count out of the warehouse and the snapshot', async () => {
    const found = await queryWarehouse(
      config.WAREHOUSE_PATH,
      "select value, message from ops_findings where file_name like '%name.xlsx'",
    );
    expect(found).toEqual([
      { value: 'текст, 12 символов', message: `«${MENTEES}»: ожидалось целое число; в ячейке текст, 12 символов` },
    ]);
    expect(await findTextInWarehouse(config.WAREHOUSE_PATH, ['Иванова'])).toEqual([]);
    for (const file of readdirSync(config.SNAPSHOT_DIR, { recursive: true }) as string[]) {
      if (file.endsWith('.json'))
        expect(readFileSync(path.join(config.SNAPSHOT_DIR, file), 'utf8'), file).not.toContain('Иванова');
    }
    // the scan does find text that is there
    expect(await findTextInWarehouse(config.WAREHOUSE_PATH, ['МБОУ СОШ № 9'])).not.toEqual([]);
  });
});

describe('the bound is reference data, checked', () => {
  it.each([
    ['', 'столбец «max_value»: нужна верхняя граница — положительное целое число'],
    ['-5', 'столбец «max_value»: верхняя граница должна быть больше 0'],
    ['2e12', 'столбец «max_value»: верхняя граница не больше 1 000 000 000'],
  ])('max_value «%s» of a count stops the run naming file, row and column', (bound, message) => {
    const refDir = path.join(tempDir(), 'ref');
    cpSync(REFERENCE_DIR, refDir, { recursive: true });
    const file = path.join(refDir, 'measures.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(',count,100000,', `,count,${bound},`);
    writeFileSync(file, lines.join('\n'));
    expect(() => loadReference(refDir)).toThrow(`Справочник ${file}, строка 2, ${message}`);
  });

  it('a percentage bound over 100 and a flag bound other than 1 are refused', () => {
    const refDir = path.join(tempDir(), 'ref');
    cpSync(REFERENCE_DIR, refDir, { recursive: true });
    const file = path.join(refDir, 'measures.csv');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(',pct,100,', ',pct,1000,'));
    expect(() => loadReference(refDir)).toThrow('столбец «max_value»: процент не может быть больше 100');
    writeFileSync(file, original.replace(',flag,1,', ',flag,2,'));
    expect(() => loadReference(refDir)).toThrow('столбец «max_value»: для «да/нет» верхняя граница — 1');
  });
});

describe('the data checks prove the marts exact', () => {
  it('a count past what its type holds exactly fails a named check', async () => {
    const wh = await openWarehouse(config.WAREHOUSE_PATH, REGION_TIME_ZONE);
    const c = await wh.connect();
    try {
      expect(await runDataChecks(c)).toEqual([]);
      await c.run('begin transaction');
      await c.run('update mart_forms set mentees = 1e17, mentees_students = 1e17');
      await c.run("update mart_counts set value = 0.5 where level = 'territory' and value is not null");
      await c.run("update mart_indicator_values set numerator = 1e16 where level = 'region'");
      expect((await runDataChecks(c)).map((f) => f.check)).toEqual(
        expect.arrayContaining([
          'mart_forms: counts are whole, not negative and exact in their type',
          'mart_counts: counts are whole and exact in their type',
          'mart_indicator_values: numerators and denominators fit DECIMAL(24, 6)',
        ]),
      );
      await c.run('rollback');
    } finally {
      c.closeSync();
      await wh.close();
    }
  });
});

describe('context cells that name a person are described, not quoted', () => {
  it('a name in the year or territory column', async () => {
    const rows = [
      ['Иванова И.И.', 'р-н им. Лазо', 'МБОУ СОШ № 9', '', 'ОО', 'ученик – ученик', MENTEES, '3'],
      ['2024', 'Петров П.П.', 'МБОУ СОШ № 9', '', 'ОО', 'ученик – ученик', MENTEES, '3'],
    ];
    const v = await validateFile('f.csv', Buffer.from(csv(rows)), normaliser, ref, { now: new Date('2026-11-22') });
    const found = v.submissions.flatMap((s) => s.findings).map((f) => [f.code, f.message, f.value]);
    expect(found).toEqual([
      ['year_invalid', 'Не удалось прочитать отчётный год (в ячейке текст, 12 символов)', 'текст, 12 символов'],
      [
        'territory_unknown',
        'Муниципалитет не распознан (в ячейке текст, 11 символов): проверьте написание по справочнику муниципалитетов',
        'текст, 11 символов',
      ],
    ]);
  });
});
