import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { LIMITS } from '../../pipeline/reference/limits.ts';
import { validateFile } from '../../pipeline/validation/validate-file.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { seedWorkbook } from '../helpers/seed-form.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ref = loadReference();
const normaliser = new Normaliser(ref);
const validate = (name: string, buffer: Buffer) => validateFile(name, buffer, normaliser, ref);
const codes = (v: Awaited<ReturnType<typeof validate>>) =>
  [...v.findings, ...v.submissions.flatMap((s) => s.findings)].map((f) => f.code);

const form = () =>
  seedWorkbook({
    orgName: 'МБОУ СОШ № 1',
    forms: ['Ученик – ученик'],
    rows: [[5], [1], [null], [null]],
    extra: [['Общая численность обучающихся', 100]],
  });

/** Replaces (or adds) one part inside an XLSX zip. */
async function withPart(xlsx: Buffer, name: string, content: string | Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/**
 * Where a part's header starts in a zip: its central directory entry (`PK\x01\x02`, name at 46) or its local header
 * (`PK\x03\x04`, name at 30), found by signature and name.
 */
function headerOf(zip: Buffer, part: string, kind: 'central' | 'local'): number {
  const [signature, nameAt] =
    kind === 'central' ? [Buffer.from('PK\x01\x02', 'latin1'), 46] : [Buffer.from('PK\x03\x04', 'latin1'), 30];
  const name = Buffer.from(part);
  for (let at = zip.indexOf(signature); at >= 0; at = zip.indexOf(signature, at + 1)) {
    if (zip.subarray(at + nameAt, at + nameAt + name.length).equals(name)) return at;
  }
  throw new Error(`no ${kind} header for ${part}`);
}

describe('hostile and broken files give a finding, never a crash or a hang', () => {
  describe('a zip bomb: shared strings that unpack past the limit', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      bomb = await withPart(
        await form(),
        'xl/sharedStrings.xml',
        Buffer.alloc(LIMITS.xlsxMaxUnpackedBytes + 1024 * 1024, 'a'),
      );
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    }, 60_000);
    /** The part's unpacked size as its central directory entry (offset 24) and its local header (offset 22) declare it. */
    const understated = (zip: Buffer) => {
      const forged = Buffer.from(zip);
      forged.writeUInt32LE(1024, headerOf(forged, 'xl/sharedStrings.xml', 'central') + 24);
      forged.writeUInt32LE(1024, headerOf(forged, 'xl/sharedStrings.xml', 'local') + 22);
      return forged;
    };
    it.each([
      [
        'its headers declare the size',
        (zip: Buffer) => zip,
        'распакованная книга больше 200,0 МБ (часть «xl/sharedStrings.xml» — 201,0 МБ)',
      ],
      [
        'its headers understate the size: unpacking stops at the declared size',
        understated,
        'архив книги повреждён или содержит недопустимое имя части (часть «xl/sharedStrings.xml» распаковывается больше объявленных 1024 байт)',
      ],
    ])('%s', async (_, forge, problem) => {
      const started = Date.now();
      const v = await validate('2024/Амурский район/bomb.xlsx', forge(bomb));
      expect(v.rejected).toBe(true);
      expect(v.findings).toEqual([
        expect.objectContaining({
          severity: 'error',
          code: 'unreadable_xlsx',
          message: `Файл не читается как книга Excel (.xlsx): ${problem}`,
        }),
      ]);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  });

  it('a part that unpacks to more than its header declares, within the limit, is a damaged archive', async () => {
    const xlsx = await withPart(await form(), 'xl/sharedStrings.xml', Buffer.alloc(100_000, 'a'));
    xlsx.writeUInt32LE(99_999, headerOf(xlsx, 'xl/sharedStrings.xml', 'central') + 24);
    const v = await validate('2024/Амурский район/forged.xlsx', xlsx);
    expect(v.rejected).toBe(true);
    expect(v.findings[0]!.message).toBe(
      'Файл не читается как книга Excel (.xlsx): архив книги повреждён или содержит недопустимое имя части (часть «xl/sharedStrings.xml» распаковывается больше объявленных 99999 байт)',
    );
  });

  it('a sheet whose dimension claims the whole grid is read by its cells', async () => {
    const xlsx = await form();
    const zip = await JSZip.loadAsync(xlsx);
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(
      /<dimension ref="[^"]*"\/>/,
      '<dimension ref="A1:XFD1048576"/>',
    );
    const v = await validate('2024/Амурский район/dim.xlsx', await withPart(xlsx, 'xl/worksheets/sheet1.xml', sheet));
    expect(v.submissions.map((s) => s.accepted)).toEqual([true]);
  });

  it('a sheet with more rows than a form can have', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Данные');
    for (let r = 1; r <= LIMITS.sheetMaxRows + 1; r++) ws.getCell(r, 1).value = r;
    const v = await validate('2024/Амурский район/rows.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(codes(v)).toEqual(['sheet_too_large']);
    expect(v.rejected).toBe(true);
  });

  it('an archive entry with ../ in its name', async () => {
    const v = await validate('2024/Амурский район/slip.xlsx', await withPart(await form(), '../../evil.xml', '<x/>'));
    expect(v.rejected).toBe(true);
    expect(v.findings[0]).toMatchObject({ code: 'unreadable_xlsx' });
    expect(v.findings[0]!.message).toBe(
      'Файл не читается как книга Excel (.xlsx): архив книги повреждён или содержит недопустимое имя части; подробности: invalid relative path: ../',
    );
  });

  it('a CSV with one 100 MB line', async () => {
    const line = Buffer.alloc(100 * 1024 * 1024, 'x');
    const v = await validate(
      '2024/Амурский район/line.csv',
      Buffer.concat([Buffer.from('год;показатель;значение\n'), line, Buffer.from('\n')]),
    );
    expect(v.findings).toEqual([
      expect.objectContaining({
        code: 'csv_line_too_long',
        row: 2,
        message: 'Строка 2 длиннее 64 КБ: это не таблица мониторинга (проверьте, что файл сохранён как CSV)',
      }),
    ]);
  });

  it('a file over the size limit is not parsed', async () => {
    const v = await validate('2024/Амурский район/big.xlsx', Buffer.alloc(LIMITS.xlsxMaxBytes + 1));
    expect(v.findings).toEqual([
      expect.objectContaining({
        code: 'file_too_large',
        message: 'Файл слишком велик: 20,0 МБ при допустимых 20,0 МБ; разделите его на части',
      }),
    ]);
  });

  it('a formula cell without a computed value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Форма');
    ws.addRow(['Образовательное учреждение: МБОУ СОШ № 1']);
    ws.addRow(['Наименование показателя', 'Ученик – ученик']);
    ws.addRow([
      'Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого',
      { formula: 'C9+1' },
    ]);
    const v = await validate('2024/Амурский район/formula.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(v.rejected).toBe(true);
    expect(v.findings).toEqual([
      expect.objectContaining({ code: 'formula_without_value', sheet: 'Форма', row: 3, column: 'B', value: 'C9+1' }),
    ]);
  });

  it('duplicate rows: the same value twice is kept once, two different values reject the organisation', async () => {
    const header = 'год;муниципалитет;организация;тип;форма;показатель;значение';
    const row = (v: number) => `2024;Амурский район;МБОУ СОШ № 1;ОО;ученик – ученик;mentees_students;${v}`;
    const same = await validate(
      'a.csv',
      Buffer.from([header, row(5), row(5), '2024;Амурский район;МБОУ СОШ № 1;ОО;;students_total;100'].join('\n')),
    );
    expect(same.submissions.map((s) => [s.accepted, s.values.length])).toEqual([[true, 2]]);
    expect(codes(same)).toEqual(['value_duplicate']);
    const conflict = await validate('a.csv', Buffer.from([header, row(5), row(6)].join('\n')));
    expect(conflict.submissions[0]!.accepted).toBe(false);
    expect(conflict.submissions[0]!.findings[0]).toMatchObject({
      code: 'value_conflict',
      row: 3,
      column: 'значение',
      message:
        'Показатель «Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого» указан дважды с разными значениями (5 и 6)',
    });
  });

  it('an unknown territory in the cells rejects the organisation with the spelling named', async () => {
    const v = await validate(
      'b.csv',
      Buffer.from(
        'год;муниципалитет;организация;тип;показатель;значение\n2024;Лазовский район Приморского края;МБОУ СОШ № 1;ОО;students_total;100\n',
      ),
    );
    expect(v.submissions[0]!.findings).toEqual([
      expect.objectContaining({
        code: 'territory_unknown',
        row: 2,
        column: 'муниципалитет',
        value: 'Лазовский район Приморского края',
        message:
          'неизвестный муниципалитет «Лазовский район Приморского края»: проверьте написание по справочнику муниципалитетов',
      }),
    ]);
  });

  it('negative and fractional counts reject the organisation; the place is named', async () => {
    const v = await validate(
      '2024/Амурский район/c.csv',
      Buffer.from(
        'организация;тип;показатель;значение\nМБОУ СОШ № 1;ОО;students_total;-3\nМБОУ СОШ № 2;ОО;students_total;12,5\n',
      ),
    );
    expect(v.submissions.map((s) => [s.accepted, s.findings[0]?.message, s.findings[0]?.row])).toEqual([
      [false, '«Общая численность обучающихся»: число не может быть отрицательным', 2],
      [false, '«Общая численность обучающихся»: количество должно быть целым числом', 3],
    ]);
  });

  it('a link in the inbox is reported and not followed', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    mkdirSync(path.join(inbox, '2024'), { recursive: true });
    writeFileSync(path.join(dir, 'outside.csv'), 'секрет');
    symlinkSync(path.join(dir, 'outside.csv'), path.join(inbox, '2024', 'link.csv'));
    const config = pipelineConfigIn(dir, inbox);
    const run = await runPipeline(config);
    expect(run.filesSeen).toBe(0);
    expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select file_name, severity, code from ops_findings')).toEqual([
      { file_name: '2024/link.csv', severity: 'warning', code: 'not_a_regular_file' },
    ]);
  });
});
