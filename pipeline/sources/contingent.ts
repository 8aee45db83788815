import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Normaliser } from '../reference/normaliser.ts';
import { textKey } from '../reference/text-key.ts';
import { finding } from '../reference/finding.ts';
import { contextFieldOf, valueAfterColon } from './context-labels.ts';
import { inspectXlsxZip } from './inspect-xlsx-zip.ts';
import { LIMITS, megabytes } from '../reference/limits.ts';
import { type TableCell, readCsv, readSummaryRows } from './read-csv.ts';
import { type RawField, type ReadResult, field, fieldText } from './raw-submission.ts';
import { cellValue, columnLetter } from './read-xlsx.ts';

/**
 * The contingent: organisation × year totals (measures of block `totals`) that the ministry exports from the
 * statistical forms (ОО-1, СПО-1, 1-ДО) or its contingent system. It arrives as its own stream beside the forms and
 * only fills the totals a form lacks (build-core.sql); it is never a submission.
 */

/** The word that marks a contingent file, as a text key (case and ё/е do not matter). */
export const CONTINGENT_WORD = 'контингент';
/** The sheet a contingent workbook is read from when it has one; otherwise its first sheet. */
export const CONTINGENT_SHEET_NAME = 'Контингент';

const folded = (text: string) => text.toLowerCase().replace(/ё/g, 'е');

/**
 * The one rule that tells a contingent file: its path inside the inbox (a folder or the file name) contains the word
 * «контингент», in any case, with ё or е: `2022/контингент/ОО-1_2022.csv`, `Контингент_2022.xlsx`.
 */
export function isContingentPath(relativePath: string): boolean {
  return folded(relativePath).includes(CONTINGENT_WORD);
}

/**
 * The path without its contingent folders, for the year and territory the path states: `2022/контингент/x.csv`
 * names the year 2022 and no territory (the folder «контингент» is not a misspelt territory).
 */
export function pathWithoutContingentFolders(relativePath: string): string {
  const parts = relativePath.split(/[\\/]/);
  const name = parts.pop() ?? '';
  return [...parts.filter((p) => !folded(p).includes(CONTINGENT_WORD)), name].join('/');
}

/** Reads a contingent file: a CSV of the wide layout, or an XLSX sheet of the same table. */
export async function readContingentFile(
  fileName: string,
  buffer: Buffer,
  normaliser: Normaliser,
): Promise<ReadResult | null> {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (buffer.length > LIMITS.xlsxMaxBytes) {
      return {
        format: 'contingent-xlsx',
        blocks: [],
        findings: [
          finding(
            'error',
            'file_too_large',
            `Файл слишком велик: ${megabytes(buffer.length)} при допустимых ${megabytes(LIMITS.xlsxMaxBytes)}; разделите его на части`,
          ),
        ],
      };
    }
    return readContingentXlsx(buffer, normaliser);
  }
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
    if (buffer.length > LIMITS.csvMaxBytes) {
      return {
        format: 'contingent-csv',
        blocks: [],
        findings: [
          finding(
            'error',
            'file_too_large',
            `Файл слишком велик: ${megabytes(buffer.length)} при допустимых ${megabytes(LIMITS.csvMaxBytes)}; разделите его на части`,
          ),
        ],
      };
    }
    const read = readCsv(buffer, normaliser);
    if (read.format === 'long-csv' && read.blocks.length > 0) {
      return {
        format: 'contingent-csv',
        blocks: [],
        findings: [
          ...read.findings,
          noTable(
            'построчная таблица (столбцы «показатель» и «значение») не подходит: нужна одна строка на организацию',
            null,
          ),
        ],
      };
    }
    return {
      ...read,
      format: 'contingent-csv',
      findings: read.findings.map((f) => (f.code === 'unknown_csv_layout' ? noOrgColumn(f.sheet, f.row) : f)),
    };
  }
  return null;
}

function noTable(why: string, sheet: string | null) {
  return finding('error', 'contingent_no_org_column', `Файл контингента не распознан: ${why}`, {
    sheet,
    row: null,
    column: null,
  });
}

function noOrgColumn(sheet: string | null, row: number | null) {
  return finding(
    'error',
    'contingent_no_org_column',
    'Файл контингента не распознан: нет столбца «Организация» (нужна строка заголовков: Организация, ИНН, численности), файл не загружен',
    { sheet, row, column: null },
  );
}

/** Rows searched for the header row (a title may stand above it). */
const HEADER_SEARCH_ROWS = 20;

/**
 * The contingent sheet of a workbook (the sheet «Контингент», else the first) as the rows of the wide table: the
 * header row is the first that has an organisation column; blank rows are skipped, row numbers kept. The zip is
 * inspected and the sheet's size bounded as for forms.
 */
export async function readContingentXlsx(buffer: Buffer, normaliser: Normaliser): Promise<ReadResult> {
  const findings: ReadResult['findings'] = [];
  const result = (): ReadResult => ({ format: 'contingent-xlsx', blocks: [], findings });
  const zipProblem = await inspectXlsxZip(buffer);
  if (zipProblem !== null) {
    findings.push(finding('error', 'unreadable_xlsx', `Файл не читается как книга Excel (.xlsx): ${zipProblem}`));
    return result();
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (e) {
    findings.push(
      finding('error', 'unreadable_xlsx', `Файл не читается как книга Excel (.xlsx): ${(e as Error).message}`),
    );
    return result();
  }
  const ws =
    workbook.worksheets.find((w) => textKey(w.name) === textKey(CONTINGENT_SHEET_NAME)) ?? workbook.worksheets[0];
  if (!ws) {
    findings.push(noTable('в книге нет листов', null));
    return result();
  }
  if (ws.actualRowCount > LIMITS.sheetMaxRows || ws.actualColumnCount > LIMITS.sheetMaxColumns) {
    findings.push(
      finding(
        'error',
        'sheet_too_large',
        `Лист «${ws.name}» слишком велик: ${ws.actualRowCount} строк, ${ws.actualColumnCount} столбцов (допускается до ${LIMITS.sheetMaxRows} строк и ${LIMITS.sheetMaxColumns} столбцов)`,
        { sheet: ws.name, row: null, column: null },
      ),
    );
    return result();
  }
  const rows: { row: number; cells: TableCell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: TableCell[] = [];
    let filled = false;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const text = cellValue(cell.value);
      if (text === undefined) {
        findings.push(
          finding(
            'error',
            'formula_without_value',
            'В ячейке формула без вычисленного значения: откройте файл в Excel, пересчитайте и сохраните',
            { sheet: ws.name, row: rowNumber, column: columnLetter(col) },
            (cell.value as ExcelJS.CellFormulaValue).formula,
          ),
        );
        return;
      }
      cells[col - 1] = text;
      if (text !== null && String(text).trim() !== '') filled = true;
    });
    if (filled) rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
  });
  if (findings.length > 0) return result();
  const header = rows
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((r) => r.cells.some((c) => typeof c === 'string' && contextFieldOf(c) === 'orgName'));
  if (header < 0) {
    findings.push(noOrgColumn(ws.name, null));
    return result();
  }
  // «Отчётный год | 2025» and «Муниципалитет | …» rows above the table (the template writes them) hold for every row
  // that leaves its own cell blank
  const defaults: Partial<Record<'year' | 'territory', RawField>> = {};
  for (const r of rows.slice(0, header)) {
    const col = r.cells.findIndex((c) => c !== null && String(c).trim() !== '');
    const label = r.cells[col];
    if (typeof label !== 'string') continue;
    const f = contextFieldOf(label.split(':')[0] ?? '');
    if (f !== 'year' && f !== 'territory') continue;
    const inline = valueAfterColon(label);
    const next = r.cells.findIndex((c, i) => i > col && c !== null && String(c).trim() !== '');
    const value = inline ?? (next < 0 ? null : r.cells[next]!);
    if (value !== null && defaults[f] === undefined)
      defaults[f] = field(value, {
        sheet: ws.name,
        row: r.row,
        column: columnLetter((inline !== null ? col : next) + 1),
      });
  }
  const table = rows.slice(header);
  const summary = readSummaryRows(
    table.map((r) => r.cells),
    ws.name,
    table.map((r) => r.row),
    normaliser,
  );
  for (const block of summary.blocks) {
    for (const f of ['year', 'territory'] as const) {
      if (defaults[f] && fieldText(block[f]) === '') block[f] = defaults[f]!;
    }
  }
  return { format: 'contingent-xlsx', blocks: summary.blocks, findings: summary.findings, columns: summary.columns };
}
