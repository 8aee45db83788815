import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  csvNumber,
  exportFileName,
  neutralise,
  sheetModel,
  sheetNameOf,
  toCsv,
  toXlsx,
  wallClock,
} from '../../src/components/table-sheet.ts';

// The pure half of the table downloads (src/components/table-sheet.ts): one sheet model, written as CSV for Russian
// Excel and as XLSX by exceljs, with formula injection neutralised in one place.

interface Row {
  name: string;
  value_pct: number | null;
  change_pp: number | null;
  count: number;
  year: number;
  at: Date | null;
}

const rows: Row[] = [
  {
    name: '=HYPERLINK("http://x","y")',
    value_pct: 45.63,
    change_pp: -3.25,
    count: 12345,
    year: 2024,
    at: new Date(Date.UTC(2026, 10, 22, 15, 0)),
  },
  { name: '+7 999', value_pct: 0.1 + 0.2, change_pp: 0, count: 0, year: 2020, at: null },
  { name: '-1', value_pct: null, change_pp: 1.05, count: 7, year: 2021, at: null },
  { name: '@SUM(A1)', value_pct: 100, change_pp: null, count: 1, year: 2022, at: null },
  { name: '\tтаб', value_pct: 5, change_pp: null, count: 1, year: 2022, at: null },
  { name: '\rвозврат', value_pct: 5, change_pp: null, count: 1, year: 2022, at: null },
  { name: 'Амурский; "кавычки"\nвторая строка', value_pct: 5, change_pp: null, count: 1, year: 2023, at: null },
  { name: 'Хабаровск = столица', value_pct: 5, change_pp: null, count: 1, year: 2023, at: null },
];

const model = sheetModel(
  'Муниципалитеты: 2024 [выбор]',
  [
    { header: 'Муниципалитет', kind: 'text', value: (d: Row) => d.name },
    { header: 'Значение', kind: 'pct', value: (d) => d.value_pct },
    { header: 'К прошлому году', kind: 'pp', value: (d) => d.change_pp },
    { header: 'Организаций', kind: 'integer', value: (d) => d.count },
    { header: 'Год', kind: 'year', value: (d) => d.year },
    { header: 'Получен', kind: 'datetime', value: (d) => d.at },
  ],
  rows,
);

describe('formula injection', () => {
  it('prefixes an apostrophe to text that begins with = + - @ tab or CR, and to nothing else', () => {
    expect(neutralise('=1+2')).toBe("'=1+2");
    expect(neutralise('+7')).toBe("'+7");
    expect(neutralise('-1')).toBe("'-1");
    expect(neutralise('@A1')).toBe("'@A1");
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('a=1')).toBe('a=1');
    expect(neutralise('')).toBe('');
    expect(neutralise('Хабаровск')).toBe('Хабаровск');
  });

  it('neutralises text cells in the model and leaves numbers, negative ones too, as numbers', () => {
    expect(model.rows.map((r) => r[0])).toEqual([
      '\'=HYPERLINK("http://x","y")',
      "'+7 999",
      "'-1",
      "'@SUM(A1)",
      "'\tтаб",
      "'\rвозврат",
      'Амурский; "кавычки"\nвторая строка',
      'Хабаровск = столица',
    ]);
    expect(model.rows[0]![2]).toBe(-3.25);
    // a numeric string in a numeric column becomes a number; in a text column it is text and is neutralised
    const m = sheetModel(
      't',
      [
        { header: 'Число', kind: 'pp', value: () => '-2.5' },
        { header: 'Текст', kind: 'text', value: () => '-2.5' },
      ],
      [{}],
    );
    expect(m.rows).toEqual([[-2.5, "'-2.5"]]);
  });
});

describe('sheet model', () => {
  it('says the unit in the header of percent and percentage-point columns, once', () => {
    expect(model.columns.map((c) => c.header)).toEqual([
      'Муниципалитет',
      'Значение, %',
      'К прошлому году, п.п.',
      'Организаций',
      'Год',
      'Получен',
    ]);
    expect(sheetModel('t', [{ header: 'Доля, %', kind: 'pct', value: () => 1 }], []).columns[0]!.header).toBe(
      'Доля, %',
    );
  });

  it('keeps full precision and turns missing or non-finite values into empty cells', () => {
    expect(model.rows[1]![1]).toBe(0.1 + 0.2);
    expect(model.rows[2]![1]).toBeNull();
    const m = sheetModel(
      't',
      [{ header: 'x', kind: 'integer', value: (d: number) => d }],
      [Number.NaN, Number.POSITIVE_INFINITY, 3],
    );
    expect(m.rows).toEqual([[null], [null], [3]]);
  });

  it('makes a sheet name Excel accepts', () => {
    expect(model.sheetName).toBe('Муниципалитеты 2024 выбор');
    expect(sheetNameOf('а'.repeat(40))).toHaveLength(31);
    expect(sheetNameOf('///')).toBe('Таблица');
  });

  it('names files in Russian from their parts', () => {
    expect(exportFileName(['Отстающие', 'муниципалитеты', 2024], 'xlsx')).toBe('Отстающие_муниципалитеты_2024.xlsx');
    expect(exportFileName(['Качество данных', 'файлы: «все» / годы', null, ''], 'csv')).toBe(
      'Качество_данных_файлы_все_годы.csv',
    );
  });

  it("turns a moment into the region's wall clock", () => {
    expect(wallClock('2026-11-22T05:00:00.000Z', 'Asia/Vladivostok')?.toISOString()).toBe('2026-11-22T15:00:00.000Z');
    expect(wallClock(null, 'Asia/Vladivostok')).toBeNull();
    expect(wallClock('не дата', 'Asia/Vladivostok')).toBeNull();
  });
});

describe('CSV for Russian Excel', () => {
  const csv = toCsv(model);

  it('starts with the UTF-8 BOM, separates by ; and ends lines with CRLF', () => {
    const bytes = Buffer.from(csv, 'utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Муниципалитет;Значение, %;К прошлому году, п.п.;Организаций;Год;Получен');
    expect(lines[1]).toBe('"\'=HYPERLINK(""http://x"",""y"")";45,63;-3,25;12345;2024;22.11.2026 15:00');
    expect(lines[2]).toBe("'+7 999;0,3;0;0;2020;");
    expect(lines[3]).toBe("'-1;;1,05;7;2021;");
  });

  it("reads back, with Papa, to exactly the model's texts", () => {
    const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', newline: '\r\n' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r[0])).toEqual(['Муниципалитет', ...model.rows.map((r) => r[0])]);
    expect(parsed.data[7]).toEqual(['Амурский; "кавычки"\nвторая строка', '5', '', '1', '2023', '']);
  });

  it('writes numbers with a decimal comma, no grouping, no float noise', () => {
    expect(csvNumber(1234567.891)).toBe('1234567,891');
    expect(csvNumber(-0.04)).toBe('-0,04');
    expect(csvNumber(-0.0000001)).toBe('0');
    expect(csvNumber(0.1 + 0.2)).toBe('0,3');
  });
});

describe('XLSX', () => {
  it('writes numbers as numbers with Russian-friendly formats, a frozen bold header and the neutralised texts', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(model)).buffer);
    const sheet = workbook.getWorksheet('Муниципалитеты 2024 выбор')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Муниципалитет',
      'Значение, %',
      'К прошлому году, п.п.',
      'Организаций',
      'Год',
      'Получен',
    ]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('\'=HYPERLINK("http://x","y")');
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B2').value).toBe(45.63);
    expect(sheet.getCell('B2').numFmt).toBe('0.0');
    expect(sheet.getCell('C2').value).toBe(-3.25);
    expect(sheet.getCell('C2').numFmt).toBe('+0.0;-0.0;0.0');
    expect(sheet.getCell('D2').value).toBe(12345);
    expect(sheet.getCell('D2').numFmt).toBe('#,##0');
    expect(sheet.getCell('E2').value).toBe(2024);
    expect(sheet.getCell('E2').numFmt).toBe('0');
    expect(sheet.getCell('F2').value).toEqual(new Date(Date.UTC(2026, 10, 22, 15, 0)));
    expect(sheet.getCell('F2').numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(sheet.getCell('B4').value).toBeNull();
    expect(sheet.getCell('A4').value).toBe("'-1");
    expect(sheet.rowCount).toBe(1 + rows.length);
    // as wide as the longest line of the column (the hyperlink text), plus a margin
    expect(sheet.getColumn(1).width).toBe('\'=HYPERLINK("http://x","y")'.length + 2);
    expect(sheet.getColumn(4).width).toBe(Math.max('Организаций'.length, 8) + 2);
  });

  it('gives the same bytes for the same table', async () => {
    expect(Buffer.from(await toXlsx(model)).equals(Buffer.from(await toXlsx(model)))).toBe(true);
    // every zip entry dated with the workbook's fixed date, not the moment it was written (to two seconds: two files
    // made a moment apart differed now and then)
    const zip = await JSZip.loadAsync(await toXlsx(model));
    const dates = new Set(Object.values(zip.files).map((f) => f.date.getTime()));
    expect(dates.size).toBe(1);
    expect(new Date([...dates][0]!).getFullYear()).toBeLessThan(2001);
  });
});
