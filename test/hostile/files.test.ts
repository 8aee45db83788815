import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Normaliser } from '../../pipeline/reference/normaliser.ts';
import { loadReference } from '../../pipeline/reference/reference.ts';
import { exitCode, runPipeline, type RunSummary } from '../../pipeline/run-pipeline.ts';
import { sheetExtent } from '../../pipeline/sources/inspect-xlsx-zip.ts';
import { LIMITS } from '../../pipeline/reference/limits.ts';
import { boundFindings, finding } from '../../pipeline/reference/finding.ts';
import { validateFile } from '../../pipeline/validation/validate-file.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { queryWarehouse } from '../helpers/query-warehouse.ts';
import { denseWorkbook } from '../helpers/dense-workbook.ts';
import { seedWorkbook } from '../helpers/seed-form.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ref = loadReference();
const normaliser = new Normaliser(ref);
const validate = (name: string, buffer: Buffer) => validateFile(name, buffer, normaliser, ref);
const all = (v: Awaited<ReturnType<typeof validate>>) => [...v.findings, ...v.submissions.flatMap((s) => s.findings)];

/** 64 organisations × 30 000 one-letter columns: 3.9 MB, every line under the line limit (fewer columns: x1, x2…). */
export function wideCsv(columns = 30_000, rows = 64): Buffer {
  const names = Array.from({ length: columns - 1 }, (_, c) => (columns > 1_000 ? 'x' : `x${c + 1}`));
  const lines = [`Организация;${names.join(';')}`];
  for (let r = 1; r <= rows; r++)
    lines.push(
      `МБОУ СОШ № ${r};${Array(columns - 1)
        .fill('1')
        .join(';')}`,
    );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A workbook exceljs wrote, with a value in column XFD on each of `rows` rows under a form's header. Writing it costs
 * exceljs what reading it would (30 s for 20 000 rows): the tests take 200 rows, the benchmark 20 000.
 */
export async function xfdWorkbook(rows = 200): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Мониторинг');
  ws.getCell('A1').value = 'Наименование показателя';
  for (let r = 2; r <= rows; r++) ws.getCell(r, 16_384).value = r;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV header, then one line of `bytes` bytes. */
export function oneLongLine(bytes: number): Buffer {
  return Buffer.concat([
    Buffer.from('год;организация;показатель;значение\n'),
    Buffer.alloc(bytes, 'x'),
    Buffer.from('\n'),
  ]);
}

const good = () =>
  seedWorkbook({
    orgName: 'МБОУ СОШ № 1',
    forms: ['Ученик – ученик'],
    rows: [[5], [1], [null], [null]],
    extra: [['Общая численность обучающихся', 100]],
  });

describe('no file can stop the region', () => {
  it('a 3.9 MB CSV of 64 rows × 30 000 columns is one finding, in a fraction of a second', async () => {
    const csv = wideCsv();
    expect(csv.length).toBeGreaterThan(3_800_000);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const v = await validate('2024/Амурский район/wide.csv', csv);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 1024 * 1024);
    expect(v.rejected).toBe(true);
    expect(all(v)).toEqual([
      {
        severity: 'error',
        code: 'too_many_columns',
        message: 'В таблице 30000 столбцов при допустимых 300: это не таблица мониторинга',
        sheet: null,
        row: 1,
        column: null,
        value: null,
      },
    ]);
  });

  it('within the column limit, 64 rows × 299 unknown columns are rejected whole with one finding', async () => {
    const v = await validate('2024/Амурский район/wide299.csv', wideCsv(300));
    expect(v.rejected).toBe(true);
    expect(v.submissions).toEqual([]);
    expect(all(v)).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'too_many_findings',
        message:
          'Слишком много замечаний: 19 200, после объединения повторов 1 800 при допустимых 1 000 — это не таблица мониторинга; проверьте, что отправлен нужный файл',
      }),
    ]);
  });

  it('a finding repeated in one column is counted in one, and the organisations keep their verdicts', async () => {
    const lines = ['Организация;ИНН;Тип организации;Общая численность обучающихся;Любимый цвет'];
    for (let r = 1; r <= 100; r++) lines.push(`МБОУ СОШ № ${r};;ОО;${100 + r};синий`);
    const v = await validate('2024/Амурский район/colour.csv', Buffer.from(lines.join('\n')));
    expect(v.submissions.every((s) => s.accepted)).toBe(true);
    const found = all(v).filter((f) => f.code === 'measure_unknown');
    expect(found).toHaveLength(LIMITS.findingExamples + 1);
    expect(found.slice(0, 5).map((f) => f.row)).toEqual([2, 3, 4, 5, 6]);
    expect(found[5]).toEqual({
      severity: 'warning',
      code: 'measure_unknown',
      message: `И ещё 95 таких же замечаний (столбец «Любимый цвет», строки 2–101): всего 100, показаны первые 5. Первое: ${found[0]!.message}`,
      sheet: null,
      row: null,
      column: 'Любимый цвет',
      value: null,
    });
  });

  it('boundFindings leaves a file with few findings as it is', () => {
    const lists = [[finding('warning', 'a', 'x')], [finding('error', 'b', 'y'), finding('error', 'b', 'y')]];
    expect(boundFindings(lists, { perGroup: 20, examples: 5, perFile: 1000 })).toEqual({
      lists,
      total: 3,
      shown: 3,
      tooMany: false,
    });
  });

  it('a workbook with a value in column XFD on many rows is refused before exceljs reads it', async () => {
    const xlsx = await xfdWorkbook();
    const t0 = performance.now();
    const v = await validate('2024/Амурский район/xfd.xlsx', xlsx);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(v.rejected).toBe(true);
    expect(all(v)).toEqual([
      {
        severity: 'error',
        code: 'sheet_too_large',
        message:
          'Лист «Мониторинг» слишком велик для формы мониторинга: 200 строк, 16384 столбцов (допускается до 20000 строк и 300 столбцов)',
        sheet: 'Мониторинг',
        row: null,
        column: null,
        value: null,
      },
    ]);
  });

  it('a sheet without a dimension is measured by its cells', async () => {
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(await xfdWorkbook(50));
    const sheet = (await zip.file('xl/worksheets/sheet1.xml')!.async('string')).replace(
      /<dimension ref="[^"]*"\/>/,
      '',
    );
    expect(sheet).not.toContain('<dimension');
    zip.file('xl/worksheets/sheet1.xml', sheet);
    const v = await validate(
      '2024/Амурский район/nodim.xlsx',
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    expect(all(v).map((f) => f.message)).toEqual([
      'Лист «Мониторинг» слишком велик для формы мониторинга: 50 строк, 16384 столбцов (допускается до 20000 строк и 300 столбцов)',
    ]);
  });

  it('a table of one row per organisation past 20 000 rows is refused before it is parsed; 20 000 are read', async () => {
    const summary = (rows: number) => {
      const lines = ['Организация;ИНН;Тип организации;Общая численность обучающихся'];
      for (let r = 1; r <= rows; r++) lines.push(`МБОУ СОШ № ${r};;ОО;${100 + r}`);
      return Buffer.from(`${lines.join('\n')}\n`);
    };
    const over = await validate('2024/Амурский район/summary.csv', summary(20_001));
    expect(over.rejected).toBe(true);
    expect(all(over)).toEqual([
      {
        severity: 'error',
        code: 'too_many_rows',
        message:
          'Строк в таблице: 20 001, допускается до 20 000 (одна строка на организацию): это не таблица мониторинга или её нужно разделить по муниципалитетам',
        sheet: null,
        row: null,
        column: null,
        value: null,
      },
    ]);
    const within = await validate('2024/Амурский район/summary.csv', summary(20_000));
    expect(within.rejected).toBe(false);
    expect(within.submissions).toHaveLength(20_000);
  });

  it('a sheet within the row and column limits but past the cell budget is refused before exceljs', async () => {
    const v = await validate('2024/Амурский район/dense.xlsx', await denseWorkbook(5_100, 100));
    expect(v.rejected).toBe(true);
    expect(all(v)).toEqual([
      {
        severity: 'error',
        code: 'sheet_too_large',
        message:
          'Лист «Мониторинг» слишком велик для формы мониторинга: 510 000 ячеек (5100 строк, 100 столбцов; допускается до 500 000 ячеек)',
        sheet: 'Мониторинг',
        row: null,
        column: null,
        value: null,
      },
    ]);
  });

  it('sheetExtent counts rows and cells that carry no reference, and ignores the declared dimension', () => {
    const xml = (body: string) =>
      Buffer.from(
        `<worksheet><dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384"/></cols><sheetData>${body}</sheetData></worksheet>`,
      );
    expect(
      sheetExtent(xml('<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c/><c/><c/><c/></row>')),
    ).toEqual({ rows: 4, columns: 4, cells: 3 + 4 });
    expect(sheetExtent(xml('<row r="2" spans="1:3"><c r="XFD2" s="1"/></row>'))).toEqual({
      rows: 2,
      columns: 16_384,
      cells: 16_384,
    });
    expect(sheetExtent(xml(''))).toEqual({ rows: 0, columns: 0, cells: 0 });
  });

  it('a CSV with a header only has a finding', async () => {
    const v = await validate('2024/Амурский район/header.csv', Buffer.from('год;организация;показатель;значение\n'));
    expect(v.rejected).toBe(true);
    expect(all(v)).toEqual([
      {
        severity: 'error',
        code: 'csv_header_only',
        message: 'В файле только заголовок, строк с данными нет',
        sheet: null,
        row: 1,
        column: null,
        value: null,
      },
    ]);
  });

  describe('an inbox of hostile files beside a good one', () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox', '2024', 'Амурский район');
    const config = pipelineConfigIn(dir);
    let run: RunSummary;
    let seconds = 0;
    beforeAll(async () => {
      mkdirSync(inbox, { recursive: true });
      writeFileSync(path.join(inbox, 'good.xlsx'), await good());
      writeFileSync(path.join(inbox, 'wide.csv'), wideCsv());
      writeFileSync(path.join(inbox, 'wide299.csv'), wideCsv(300));
      writeFileSync(path.join(inbox, 'xfd.xlsx'), await xfdWorkbook());
      // 10 MB: over the 4 MB from which DuckDB reads a long CSV, so the bulk path meets it first
      writeFileSync(path.join(inbox, 'line.csv'), oneLongLine(10 * 1024 * 1024));
      // no line break at all: the header DuckDB's path would give Papa.parse is itself 10 MB
      writeFileSync(path.join(inbox, 'oneline.csv'), Buffer.alloc(10 * 1024 * 1024, 'x'));
      writeFileSync(path.join(inbox, 'header.csv'), 'год;организация;показатель;значение\n');
      // accepted with 250 different warnings: more than the snapshot shows of one file
      const unknown = Array.from({ length: 250 }, (_, c) => `x${c + 1}`);
      writeFileSync(
        path.join(inbox, 'many.csv'),
        `Организация;Тип организации;Общая численность обучающихся;${unknown.join(';')}\nМБОУ СОШ № 2;ОО;100;${unknown.map(() => '1').join(';')}\n`,
      );
      const t0 = performance.now();
      run = await runPipeline(config);
      seconds = (performance.now() - t0) / 1000;
    }, 60_000);

    it('rejects each hostile file with its finding, loads the good one, exits 1', async () => {
      expect(run.status).toBe('partial');
      expect(exitCode(run)).toBe(1);
      expect(run.files).toEqual({ loaded: 2, partial: 0, rejected: 6, skipped: 0 });
      expect(seconds).toBeLessThan(30);
      expect(run.rejections.map((r) => [path.basename(r.file), r.reason]).sort()).toEqual([
        ['header.csv', 'строка 1: В файле только заголовок, строк с данными нет'],
        [
          'line.csv',
          'строка 2: Строка 2 длиннее 64 КБ: это не таблица мониторинга (проверьте, что файл сохранён как CSV)',
        ],
        [
          'oneline.csv',
          'строка 1: Строка 1 длиннее 64 КБ: это не таблица мониторинга (проверьте, что файл сохранён как CSV)',
        ],
        ['wide.csv', 'строка 1: В таблице 30000 столбцов при допустимых 300: это не таблица мониторинга'],
        [
          'wide299.csv',
          'Слишком много замечаний: 19 200, после объединения повторов 1 800 при допустимых 1 000 — это не таблица мониторинга; проверьте, что отправлен нужный файл',
        ],
        [
          'xfd.xlsx',
          'лист «Мониторинг»: Лист «Мониторинг» слишком велик для формы мониторинга: 200 строк, 16384 столбцов (допускается до 20000 строк и 300 столбцов)',
        ],
      ]);
      expect(
        await queryWarehouse(
          config.WAREHOUSE_PATH,
          "select file_name, status from raw_files where status = 'loaded' order by file_name",
        ),
      ).toEqual([
        { file_name: 'good.xlsx', status: 'loaded' },
        { file_name: 'many.csv', status: 'loaded' },
      ]);
      expect(await queryWarehouse(config.WAREHOUSE_PATH, 'select count(*)::integer as n from ops_findings')).toEqual([
        { n: 6 + 250 },
      ]);
      expect(
        await queryWarehouse(
          config.WAREHOUSE_PATH,
          "select count(*)::integer as n from core_facts where measure_id = 'mentees_students'",
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('publishes a small snapshot: at most 200 findings of a file, with its count', () => {
      const file = path.join(config.SNAPSHOT_DIR, 'ops_findings.json');
      expect(statSync(file).size).toBeLessThan(100_000);
      const findings = JSON.parse(readFileSync(file, 'utf8')) as { file_name: string; findings_in_file: number }[];
      expect(findings).toHaveLength(6 + LIMITS.snapshotFindingsPerFile);
      expect(findings.filter((f) => f.file_name === 'many.csv').map((f) => f.findings_in_file)).toEqual(
        Array(200).fill(250),
      );
      expect(findings.filter((f) => f.file_name === 'wide.csv').map((f) => f.findings_in_file)).toEqual([1]);
      expect(JSON.parse(readFileSync(path.join(config.SNAPSHOT_DIR, 'ops_files.json'), 'utf8'))).toHaveLength(8);
    });
  });
});
