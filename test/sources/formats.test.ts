import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import type { OrgYearSubmission } from '../../pipeline/validation/validate-block.ts';
import { withInnCheckDigit } from '../../pipeline/reference/inn.ts';
import { validateFile } from '../../pipeline/validation/validate-file.ts';
import { addSeedSheet } from '../helpers/seed-form.ts';

const ref = loadReference();
const normaliser = new Normaliser(ref);
const validate = (name: string, buffer: Buffer) => validateFile(name, buffer, normaliser, ref);

/** An organisation's accepted values as `form|measure → value`, the form empty for organisation-level ones. */
function valuesOf(s: OrgYearSubmission): Record<string, number> {
  return Object.fromEntries(s.values.map((v) => [`${v.formId ?? ''}|${v.measureId}`, v.value]));
}

describe('XLSX variants', () => {
  it('reads one organisation per sheet and skips sheets without a form', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Инструкция').addRow(['Заполните форму на каждом листе']);
    addSeedSheet(wb, {
      sheetName: 'СОШ 1',
      orgName: 'МБОУ СОШ № 1',
      forms: ['Ученик – ученик'],
      rows: [[7], [2], [null], [null]],
      extra: [['Общая численность обучающихся', 300]],
    });
    addSeedSheet(wb, {
      sheetName: 'ЦДТ',
      orgName: 'МБУ ДО «Центр детского творчества»',
      forms: ['Учитель – ученик'],
      rows: [[40], [null], [null], [null]],
      extra: [['Общая численность обучающихся', 500]],
    });
    const v = await validate('2023/Ванинский район/свод.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(v.submissions.map((s) => [s.sheet, s.orgName, s.orgTypeId, s.year, s.territoryId, s.accepted])).toEqual([
      ['СОШ 1', 'МБОУ СОШ № 1', 'OO', 2023, 'vaninsky', true],
      ['ЦДТ', 'МБУ ДО «Центр детского творчества»', 'DO', 2023, 'vaninsky', true],
    ]);
    expect(valuesOf(v.submissions[1]!)).toEqual({ 'teacher_pupil|mentees_students': 40, '|students_total': 500 });
  });

  it('takes numbers stored as text, keeps zeros, leaves blanks out, and passes over notes rows with a warning', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = addSeedSheet(wb, {
      orgName: 'МБОУ СОШ № 2',
      forms: ['ученик-ученик', 'УЧИТЕЛЬ — УЧИТЕЛЬ'],
      rows: [
        ['12', 0],
        [' 3 ', null],
        [null, '2'],
        [null, null],
      ],
      extra: [
        ['  Общая   численность обучающихся ', '1 200'],
        ['Примечание: данные за 2023/24 учебный год', 'см. письмо'],
      ],
    });
    ws.getCell('A4').value = 'Наименование  показателя';
    const v = await validate('2024/Амурский район/f.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const [s] = v.submissions;
    expect(s!.accepted).toBe(true);
    expect(valuesOf(s!)).toEqual({
      'pupil_pupil|mentees_students': 12,
      'teacher_teacher|mentees_students': 0,
      'pupil_pupil|mentors_students': 3,
      'teacher_teacher|mentees_young_teachers': 2,
      '|students_total': 1200,
    });
    expect(s!.findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'measure_unknown',
        sheet: 'Лист1',
        row: 12,
        column: 'A',
        message:
          'Строка не распознана как показатель и не загружена: неизвестный показатель «Примечание: данные за 2023/24 учебный год»',
      }),
    ]);
  });

  it('reads a percent-formatted cell as the percentage shown, and a table with a blank row in it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = addSeedSheet(wb, {
      orgName: 'МБОУ СОШ № 4',
      forms: ['Ученик – ученик'],
      rows: [[9], [4], [null], [null]],
      extra: [['Уровень удовлетворённости наставляемых участием в программах наставничества, %', 0.875]],
    });
    ws.spliceRows(6, 0, []);
    ws.getCell('B12').numFmt = '0.0%';
    const v = await validate('2024/Амурский район/p.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(v.submissions[0]!.findings).toEqual([]);
    expect(valuesOf(v.submissions[0]!)).toEqual({
      'pupil_pupil|mentees_students': 9,
      'pupil_pupil|mentors_students': 4,
      '|satisfaction_mentees_pct': 87.5,
    });
  });

  it('reads year, territory, ИНН and type from the header block over the folder', async () => {
    const wb = new ExcelJS.Workbook();
    addSeedSheet(wb, {
      orgName: 'МАОУ «Лицей № 1»',
      header: [
        ['ИНН', withInnCheckDigit('272100000')],
        ['Тип организации', 'общеобразовательная организация'],
        ['Муниципальное образование', 'Комсомольск-на-Амуре г.'],
        ['Отчётный год', '2022 год'],
      ],
      forms: ['Ученик – ученик'],
      rows: [[1], [null], [null], [null]],
    });
    const v = await validate('2021/Амурский район/l.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(v.submissions.map((s) => [s.year, s.territoryId, s.inn, s.orgTypeId])).toEqual([
      [2022, 'komsomolsk', withInnCheckDigit('272100000'), 'OO'],
    ]);
  });
});

describe('CSV variants', () => {
  const longRows = [
    [
      '2024',
      'р-н им. Лазо',
      'МБОУ СОШ № 3',
      'ОО',
      'ученик – ученик',
      'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого',
      '25',
    ],
    ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 3', 'ОО', '', 'Общая численность обучающихся', '1\u00a0025'],
    [
      '2024',
      'р-н им. Лазо',
      'МБОУ СОШ № 3',
      'ОО',
      '',
      'Уровень удовлетворённости наставляемых участием в программах наставничества, %',
      '81,5',
    ],
    ['2024', 'р-н им. Лазо', 'МБОУ СОШ № 3', 'ОО', '', 'Информационная база наставников', 'да'],
  ];
  const expected = {
    'pupil_pupil|mentees_students': 25,
    '|students_total': 1025,
    '|satisfaction_mentees_pct': 81.5,
    '|has_mentor_database': 1,
  };

  it.each([
    ['UTF-8 with BOM, ;', (t: string) => Buffer.from(`\ufeff${t}`), ';'],
    ['UTF-8 without BOM, tab', (t: string) => Buffer.from(t), '\t'],
    ['Windows-1251, ;', (t: string) => iconv.encode(t, 'win1251'), ';'],
  ] as const)('long format in %s', async (_, encode, delimiter) => {
    const text = Papa.unparse(
      [['год', 'муниципалитет', 'организация', 'тип', 'форма', 'показатель', 'значение'], ...longRows],
      { delimiter, newline: '\r\n' },
    );
    const v = await validate('upload.csv', encode(text));
    expect(v.format).toBe('long-csv');
    expect(v.submissions.map((s) => [s.year, s.territoryId, s.accepted])).toEqual([[2024, 'lazo', true]]);
    expect(valuesOf(v.submissions[0]!)).toEqual(expected);
  });

  it('long format with English headers in another order, comma-separated and quoted', async () => {
    const text = Papa.unparse(
      [
        ['value', 'measure', 'form', 'type', 'organisation', 'municipality', 'year'],
        ...longRows.map((r) => [
          r[6]!.replace(',', '.').replace('\u00a0', ''),
          r[5]!,
          r[4]!,
          r[3]!,
          r[2]!,
          r[1]!,
          r[0]!,
        ]),
      ],
      { delimiter: ',', quotes: true },
    );
    const v = await validate('upload.csv', Buffer.from(text));
    expect(valuesOf(v.submissions[0]!)).toEqual(expected);
  });

  it('a wide municipality summary takes year and territory from the file name', async () => {
    const text = [
      'Организация;ИНН;Тип организации;Общая численность обучающихся;Наставляемые обучающиеся 10–18 лет (Ученик – ученик);Наставляемые обучающиеся 10–18 лет (Студент – ученик)',
      'МБОУ СОШ № 1;;ОО;"2 000";120;',
      'МБОУ СОШ № 2;;ОО;800;;40',
    ].join('\r\n');
    const v = await validate('Свод_Амурский район_2023.csv', iconv.encode(text, 'win1251'));
    expect(v.format).toBe('summary-csv');
    expect(v.submissions.map((s) => [s.orgName, s.year, s.territoryId, valuesOf(s)])).toEqual([
      ['МБОУ СОШ № 1', 2023, 'amursky', { '|students_total': 2000, 'pupil_pupil|mentees_students': 120 }],
      ['МБОУ СОШ № 2', 2023, 'amursky', { '|students_total': 800, 'student_pupil|mentees_students': 40 }],
    ]);
  });

  it('a CSV that is neither layout', async () => {
    const v = await validate('x.csv', Buffer.from('a;b;c\n1;2;3\n'));
    expect(v.rejected).toBe(true);
    expect(v.findings.map((f) => f.code)).toEqual(['unknown_csv_layout']);
  });
});
