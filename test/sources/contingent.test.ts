import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference, REFERENCE_DIR } from '../../pipeline/reference/reference.ts';
import { isContingentPath } from '../../pipeline/sources/contingent.ts';
import { contingentTemplateWorkbook } from '../../pipeline/template/write-contingent-template.ts';
import { validateFile } from '../../pipeline/validation/validate-file.ts';

const ref = loadReference(REFERENCE_DIR);
const normaliser = new Normaliser(ref);
const now = new Date('2025-03-01T00:00:00Z');
const check = (relativePath: string, content: Buffer | string) =>
  validateFile(relativePath, Buffer.from(content), normaliser, ref, { now });

describe('recognising a contingent file', () => {
  it('by the word «контингент» anywhere in the path, any case, ё or е', () => {
    expect(isContingentPath('2022/контингент/ОО-1_2022.csv')).toBe(true);
    expect(isContingentPath('Контингент_2022.xlsx')).toBe(true);
    expect(isContingentPath('2022/КОНТИНГЁНТ/x.csv')).toBe(true);
    expect(isContingentPath('2022/Ванинский район/СОШ 2.xlsx')).toBe(false);
  });
});

describe('validating a contingent file', () => {
  it('takes the year from the path, skips the contingent folder and accepts a row without territory when it has an ИНН', async () => {
    const v = await check(
      '2022/контингент/ОО-1.csv',
      'Организация;ИНН;Общая численность обучающихся\r\nМБОУ СОШ № 2;2709000124;1 234\r\n',
    );
    expect(v.contingent).toBe(true);
    expect(v.format).toBe('contingent-csv');
    expect(
      v.submissions.map((s) => [s.year, s.territoryId, s.inn, s.accepted, s.values.map((x) => [x.measureId, x.value])]),
    ).toEqual([[2022, null, '2709000124', true, [['students_total', 1234]]]]);
  });

  it('rejects a file without an organisation column', async () => {
    const v = await check('контингент_2022.csv', 'ИНН;Общая численность обучающихся\r\n2709000124;100\r\n');
    expect(v.rejected).toBe(true);
    expect(v.findings.map((f) => f.code)).toEqual(['contingent_no_org_column']);
  });

  it('rejects a file without a totals column, naming the column that is no total', async () => {
    const v = await check('контингент_2022.csv', 'Организация;Информационная база наставников\r\nМБОУ СОШ № 2;да\r\n');
    expect(v.rejected).toBe(true);
    expect(v.findings.map((f) => [f.code, f.row, f.column])).toEqual([
      ['contingent_not_totals', 1, 'Информационная база наставников'],
      ['contingent_no_totals', 1, null],
    ]);
    expect(v.findings[0]!.message).toMatch(/^В файле контингента допустимы только численности/);
  });

  it('reads the sheet «Контингент» of a workbook even when it is not the first, with its sheet and row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Пояснения').addRow(['Выгрузка из ОО-1']);
    const ws = wb.addWorksheet('Контингент');
    ws.addRow(['Выгрузка контингента']);
    ws.addRow(['Муниципалитет', 'Организация', 'Общая численность обучающихся']);
    ws.addRow(['Ульчский район', 'МБОУ СОШ с. Булава', 'сто']);
    const v = await check('2023/Контингент.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(v.format).toBe('contingent-xlsx');
    expect(v.submissions[0]!.accepted).toBe(false);
    expect(v.submissions[0]!.findings.map((f) => [f.code, f.sheet, f.row, f.column])).toEqual([
      ['value_invalid', 'Контингент', 3, 'Общая численность обучающихся'],
    ]);
  });
});

describe('the contingent template', () => {
  it('is the same bytes for the same inputs and has the columns of the brief', async () => {
    const a = await contingentTemplateWorkbook(ref, { year: 2025, territory: null });
    expect((await contingentTemplateWorkbook(ref, { year: 2025, territory: null })).equals(a)).toBe(true);
    expect((await contingentTemplateWorkbook(ref, { year: 2026, territory: null })).equals(a)).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(a as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Контингент', 'Инструкция']);
    const header = (wb.getWorksheet('Контингент')!.getRow(5).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Муниципалитет',
      'Организация',
      'ИНН',
      'Тип',
      ...ref.measures
        .filter((m) => m.block === 'totals')
        .sort((x, y) => x.sort_order - y.sort_order)
        .map((m) => m.name),
    ]);
    // blank, it loads as a contingent file with no organisation
    const v = await check('Контингент_2025.xlsx', a);
    expect([v.format, v.rejected, v.submissions.length, v.findings.map((f) => f.code)]).toEqual([
      'contingent-xlsx',
      false,
      0,
      ['contingent_empty'],
    ]);
  });
});
