import Papa from 'papaparse';
import type { Normaliser } from '../reference/normaliser.ts';
import { textKey } from '../reference/text-key.ts';
import { finding } from '../reference/finding.ts';
import { type ContextField, contextFieldOf } from './context-labels.ts';
import { decodeText } from './decode-text.ts';
import { LIMITS } from '../reference/limits.ts';
import { type RawOrgBlock, type ReadResult, field } from './raw-submission.ts';

/** Headers of the long format's non-context columns (Russian or English, as text keys). */
const LONG_COLUMNS = {
  form: ['форма', 'form', 'форма наставничества'],
  measure: ['показатель', 'measure', 'indicator', 'наименование показателя'],
  value: ['значение', 'value', 'количество', 'кол-во'],
} as const;
export type LongColumn = keyof typeof LONG_COLUMNS;

export function longColumnOf(header: string): LongColumn | null {
  const key = textKey(header);
  for (const [name, labels] of Object.entries(LONG_COLUMNS) as [LongColumn, readonly string[]][]) {
    if (labels.includes(key)) return name;
  }
  return null;
}

/** The 1-based number of the first line longer than the limit, found without decoding the file. */
export function findLongLine(buffer: Buffer, limit: number): number | null {
  let start = 0;
  for (let line = 1; start <= buffer.length; line++) {
    let end = buffer.indexOf(10, start);
    if (end < 0) end = buffer.length;
    if (end - start > limit) return line;
    start = end + 1;
  }
  return null;
}

/** Lines of the file (a last line without a line break counted too). */
function lineCount(buffer: Buffer): number {
  let lines = 0;
  for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) lines++;
  return buffer.length > 0 && buffer[buffer.length - 1] !== 10 ? lines + 1 : lines;
}

/** The context columns of the long format, in the order that identifies an organisation's block. */
export const LONG_CONTEXT: ContextField[] = ['year', 'territory', 'orgName', 'inn', 'orgType'];

function emptyBlock(row: number, column: string | null): RawOrgBlock {
  return {
    at: { sheet: null, row, column },
    year: null,
    territory: null,
    orgName: null,
    inn: null,
    orgType: null,
    values: [],
  };
}

/**
 * Reads a CSV submission in either layout: long (one value per row: год; муниципалитет; организация;
 * ИНН; тип; форма; показатель; значение) or a wide municipality summary (one row per organisation,
 * one column per measure, «<measure> (<form>)» for per-form measures).
 */
export function readCsv(buffer: Buffer, normaliser: Normaliser): ReadResult {
  const findings: ReadResult['findings'] = [];
  const longLine = findLongLine(buffer, LIMITS.csvMaxLineBytes);
  if (longLine !== null) {
    findings.push(
      finding(
        'error',
        'csv_line_too_long',
        `Строка ${longLine} длиннее ${LIMITS.csvMaxLineBytes / 1024} КБ: это не таблица мониторинга (проверьте, что файл сохранён как CSV)`,
        { sheet: null, row: longLine, column: null },
      ),
    );
    return { format: 'long-csv', blocks: [], findings };
  }
  const { text } = decodeText(buffer);
  const parseOptions: Papa.ParseConfig<string[]> = {
    delimiter: '',
    delimitersToGuess: [';', '\t', ',', '|'],
    skipEmptyLines: 'greedy',
  };
  // A table of one row per organisation (a summary, a contingent) longer than a sheet may be is refused before it is
  // parsed whole: 400 000 rows took 4 s and 0,8 GB to validate. A long CSV is bounded by its size instead (DuckDB
  // validates the large ones).
  const lines = lineCount(buffer);
  if (lines - 1 > LIMITS.sheetMaxRows) {
    const head = Papa.parse<string[]>(text, { ...parseOptions, preview: 1 }).data[0] ?? [];
    const headLong = head.map((h) => longColumnOf(h.trim()));
    if (!(headLong.includes('measure') && headLong.includes('value'))) {
      const n = (x: number) => x.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');
      findings.push(
        finding(
          'error',
          'too_many_rows',
          `Строк в таблице: ${n(lines - 1)}, допускается до ${n(LIMITS.sheetMaxRows)} (одна строка на организацию): это не таблица мониторинга или её нужно разделить по муниципалитетам`,
          { sheet: null, row: null, column: null },
        ),
      );
      return { format: 'summary-csv', blocks: [], findings };
    }
  }
  const parsed = Papa.parse<string[]>(text, parseOptions);
  const rows = parsed.data;
  const header = rows[0];
  if (!header || header.every((h) => h.trim() === '')) {
    findings.push(finding('error', 'empty_csv', 'Файл пуст: нет строки заголовков'));
    return { format: 'long-csv', blocks: [], findings };
  }
  if (header.length > LIMITS.sheetMaxColumns) {
    findings.push(
      finding(
        'error',
        'too_many_columns',
        `В таблице ${header.length} столбцов при допустимых ${LIMITS.sheetMaxColumns}: это не таблица мониторинга`,
        { sheet: null, row: 1, column: null },
      ),
    );
    return { format: 'long-csv', blocks: [], findings };
  }
  if (rows.length === 1) {
    findings.push(
      finding('error', 'csv_header_only', 'В файле только заголовок, строк с данными нет', {
        sheet: null,
        row: 1,
        column: null,
      }),
    );
    return { format: 'long-csv', blocks: [], findings };
  }
  for (const e of parsed.errors.slice(0, 5)) {
    findings.push(
      finding('warning', 'csv_syntax', `Ошибка разметки CSV: ${e.message}`, {
        sheet: null,
        row: (e.row ?? 0) + 1,
        column: null,
      }),
    );
  }
  const columns = header.map((h) => h.trim());
  const long = columns.map(longColumnOf);
  const context = columns.map((h) => contextFieldOf(h));
  const isLong = long.includes('measure') && long.includes('value');

  if (isLong) {
    const blocks = new Map<string, RawOrgBlock>();
    const keys = new Map<string, string>();
    const key = (text: string) => {
      let k = keys.get(text);
      if (k === undefined) keys.set(text, (k = textKey(text)));
      return k;
    };
    const contextColumns = LONG_CONTEXT.map((f) => [f, context.indexOf(f)] as const);
    const formCol = long.indexOf('form');
    const measureCol = long.indexOf('measure');
    const valueCol = long.indexOf('value');
    const name = (c: number) => columns[c] ?? '';
    for (let r = 1; r < rows.length; r++) {
      const cells = rows[r]!;
      const row = r + 1;
      let id = '';
      for (const [, c] of contextColumns) id += `${c < 0 ? '' : key(cells[c] ?? '')}|`;
      let block = blocks.get(id);
      if (!block) {
        block = emptyBlock(row, null);
        for (const [f, c] of contextColumns)
          block[f] = c < 0 ? null : field((cells[c] ?? '').trim(), { sheet: null, row, column: name(c) });
        blocks.set(id, block);
      }
      const formText = formCol < 0 ? '' : (cells[formCol] ?? '').trim();
      block.values.push({
        form: formText === '' ? null : field(formText, { sheet: null, row, column: name(formCol) }),
        measure: field((cells[measureCol] ?? '').trim(), { sheet: null, row, column: name(measureCol) }),
        value: field(cells[valueCol] ?? '', { sheet: null, row, column: name(valueCol) }),
      });
    }
    return { format: 'long-csv', blocks: [...blocks.values()], findings };
  }

  const summary = readSummaryRows(rows, null, null, normaliser);
  return {
    format: 'summary-csv',
    blocks: summary.blocks,
    findings: [...findings, ...summary.findings],
    columns: summary.columns,
  };
}

/** A cell of a table row as a reader gives it: CSV text, or an XLSX cell's plain value. */
export type TableCell = string | number | boolean | null;

/** A value column of a wide table: its header, the measure label and the form in «<measure> (<form>)». */
export interface SummaryColumn {
  name: string;
  /** The header row's 1-based number. */
  row: number;
  measure: string;
  form: string | null;
}

const cellText = (cell: TableCell | undefined): string =>
  cell === null || cell === undefined ? '' : String(cell).trim();

/**
 * The wide table (one row per organisation, one column per measure, «<measure> (<form>)» for per-form measures)
 * as organisation blocks: the shape the municipality summary CSV and the contingent file (CSV or an XLSX sheet,
 * see contingent.ts) share. `rows[0]` is the header; `rowNumbers[i]` is the 1-based number of `rows[i]` in the file
 * (null: `i + 1`, as CSV rows are numbered).
 */
export function readSummaryRows(
  rows: TableCell[][],
  sheet: string | null,
  rowNumbers: number[] | null,
  normaliser: Normaliser,
): { blocks: RawOrgBlock[]; findings: ReadResult['findings']; columns: SummaryColumn[] } {
  const findings: ReadResult['findings'] = [];
  const rowNumber = (i: number) => rowNumbers?.[i] ?? i + 1;
  const columns = (rows[0] ?? []).map((h) => cellText(h));
  const context = columns.map((h) => contextFieldOf(h));
  if (!context.includes('orgName')) {
    findings.push(
      finding(
        'error',
        'unknown_csv_layout',
        'Не удалось распознать таблицу: нужен столбец «Организация» (сводная форма) или столбцы «показатель» и «значение» (построчная форма)',
        { sheet, row: rowNumber(0), column: null },
      ),
    );
    return { blocks: [], findings, columns: [] };
  }
  // A per-form column is headed «<measure> (<form>)»; a form that is not known stays a form, so that
  // validation reports the unknown form instead of an unknown measure.
  const measureColumns = columns.map((h, c) => {
    if (context[c] !== null || h === '') return null;
    const m = /^(.*)\(([^()]+)\)\s*$/.exec(h);
    if (m) {
      const measure = normaliser.measure(m[1]!);
      if (measure.id !== null && normaliser.measureBlock(measure.id) === 'form') {
        return { c, measure: m[1]!.trim(), form: m[2]!.trim() };
      }
    }
    return { c, measure: h, form: null };
  });
  const blocks: RawOrgBlock[] = rows.slice(1).map((cells, i) => {
    const row = rowNumber(i + 1);
    const block = emptyBlock(row, null);
    block.at.sheet = sheet;
    context.forEach((f, c) => {
      if (f !== null && block[f] === null) block[f] = field(cellText(cells[c]), { sheet, row, column: columns[c]! });
    });
    for (const mc of measureColumns) {
      if (!mc) continue;
      const at = { sheet, row, column: columns[mc.c]! };
      block.values.push({
        form: mc.form === null ? null : field(mc.form, { sheet, row: rowNumber(0), column: columns[mc.c]! }),
        measure: field(mc.measure, at),
        value: field(cells[mc.c] ?? '', at),
      });
    }
    return block;
  });
  const summaryColumns = measureColumns.flatMap((mc) =>
    mc ? [{ name: columns[mc.c]!, row: rowNumber(0), measure: mc.measure, form: mc.form }] : [],
  );
  return { blocks, findings, columns: summaryColumns };
}
