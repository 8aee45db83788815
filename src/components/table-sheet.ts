import Papa from 'papaparse';
import { repackZip, STORED_ENTRIES } from '../contract/repack-zip.js';

/**
 * What a column holds, which decides its number format in XLSX and its text in CSV:
 * - `text`: words (neutralised against formula injection);
 * - `integer`: counts («12 345» in Russian Excel);
 * - `pct`: a share already in percent (45.63 means 45.63 %), shown with one decimal; the header says «%»;
 * - `pp`: a change in percentage points with its sign; the header says «п.п.»;
 * - `year`: a year, a plain integer without a thousands separator;
 * - `decimal`: any other measured number (seconds), shown with one decimal;
 * - `date`, `datetime`: a Date whose UTC fields are the wall-clock time to show (see wallClock).
 */
export type ExportKind = 'text' | 'integer' | 'pct' | 'pp' | 'year' | 'decimal' | 'date' | 'datetime';

export type ExportValue = string | number | Date | null | undefined;

/** One column of a downloadable table: its Russian header, what it holds, and a row's value at full precision. */
export interface ExportColumn<T> {
  header: string;
  kind: ExportKind;
  value: (row: T, index: number) => ExportValue;
}

/** A cell of the sheet model: text is already neutralised, numbers are numbers, dates are wall-clock Dates. */
export type SheetCell = string | number | Date | null;

/** A table ready to be written as XLSX or CSV: the one model both formats are written from. */
export interface SheetModel {
  sheetName: string;
  columns: ReadonlyArray<{ header: string; kind: ExportKind }>;
  rows: SheetCell[][];
}

/** Characters that make Excel (and LibreOffice) read a cell as a formula, or shift it into one, when it starts with them. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The one rule against formula injection for both formats: text that begins with = + - @, a tab or a carriage
 * return gets a leading apostrophe, so that a spreadsheet shows it as text instead of running it. Numbers never pass
 * here, so a negative number stays a number.
 * @example neutralise("=HYPERLINK(…)") // "'=HYPERLINK(…)"
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The unit a numeric kind adds to its header, so that a bare number in a cell still says what it is. */
const HEADER_UNIT: Partial<Record<ExportKind, string>> = { pct: '%', pp: 'п.п.' };

function headerOf(header: string, kind: ExportKind): string {
  const unit = HEADER_UNIT[kind];
  return unit == null || header.includes(unit) ? header : `${header}, ${unit}`;
}

const NUMERIC_KINDS: ReadonlySet<ExportKind> = new Set(['integer', 'pct', 'pp', 'year', 'decimal']);

function cellOf(value: ExportValue, kind: ExportKind): SheetCell {
  if (value == null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // a number in a text column is still a number: only text can carry a formula
    return value;
  }
  if (NUMERIC_KINDS.has(kind) && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value === '' ? null : neutralise(value);
}

/** Excel's limits on a sheet name: 31 characters, none of : \ / ? * [ ]. */
export function sheetNameOf(name: string): string {
  const clean = name
    .replace(/[:\\/?*[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim();
  return clean || 'Таблица';
}

/**
 * The rows a table shows turned into the sheet model: headers with their unit, every value at full precision.
 * @example sheetModel("Отстающие", [{ header: "Значение", kind: "pct", value: (d) => d.value_pct }], rows)
 */
export function sheetModel<T>(
  sheetName: string,
  columns: ReadonlyArray<ExportColumn<T>>,
  rows: readonly T[],
): SheetModel {
  return {
    sheetName: sheetNameOf(sheetName),
    columns: columns.map(({ header, kind }) => ({ header: neutralise(headerOf(header, kind)), kind })),
    rows: rows.map((row, i) => columns.map((column) => cellOf(column.value(row, i), column.kind))),
  };
}

/**
 * A moment as a Date whose UTC fields are the wall-clock time in `timeZone`: a spreadsheet date has no time zone, so
 * it must hold the time the page shows (the region's), not the server's or the reader's.
 * @example wallClock("2026-11-22T05:00:00.000Z", "Asia/Vladivostok") // 2026-11-22T15:00:00.000Z
 */
export function wallClock(moment: string | Date | null | undefined, timeZone: string): Date | null {
  if (moment == null) return null;
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')));
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateText(date: Date, kind: ExportKind): string {
  const day = `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
  return kind === 'datetime' ? `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}` : day;
}

/**
 * A number as Russian Excel reads it from CSV: decimal comma, no thousands separator, an ASCII minus; rounded to
 * 6 decimals so that float noise (0.30000000000000004) does not reach the file.
 */
export function csvNumber(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  // String() of a number within ±1e21 rounded to 6 decimals has no exponent and no grouping
  return String(Object.is(rounded, -0) ? 0 : rounded).replace('.', ',');
}

function csvCell(cell: SheetCell, kind: ExportKind): string {
  if (cell == null) return '';
  if (cell instanceof Date) return dateText(cell, kind);
  if (typeof cell === 'number') return csvNumber(cell);
  return cell;
}

/** The UTF-8 byte order mark: without it Excel reads a CSV as the system's ANSI code page and garbles Cyrillic. */
export const BOM = '\ufeff';

/**
 * The model as CSV for Russian Excel: UTF-8 with BOM, `;` between fields, CRLF line ends, decimal comma.
 * @example toCsv(model) // "\ufeffМуниципалитет;Значение, %\r\nАмурский;45,63"
 */
export function toCsv(model: SheetModel): string {
  const data = model.rows.map((row) => row.map((cell, i) => csvCell(cell, model.columns[i]!.kind)));
  // escapeFormulae stays off: neutralise() has already done it, once, for both formats
  return (
    BOM +
    Papa.unparse(
      { fields: model.columns.map((c) => c.header), data },
      { delimiter: ';', newline: '\r\n', quotes: false, escapeFormulae: false },
    )
  );
}

/** Excel number formats by kind; format codes are locale-free, Russian Excel shows them with its decimal comma and spaces. */
export const NUMBER_FORMAT: Readonly<Record<ExportKind, string | undefined>> = {
  text: undefined,
  integer: '#,##0',
  pct: '0.0',
  pp: '+0.0;-0.0;0.0',
  year: '0',
  decimal: '#,##0.0',
  date: 'dd.mm.yyyy',
  datetime: 'dd.mm.yyyy hh:mm',
};

/** A column's width in characters: its longest text, within bounds that keep a sheet readable. */
function widthOf(model: SheetModel, i: number): number {
  const column = model.columns[i]!;
  let longest = Math.max(...column.header.split(/\s+/).map((w) => w.length), column.kind === 'text' ? 0 : 8);
  for (const row of model.rows) {
    const cell = row[i];
    const text =
      cell == null
        ? ''
        : cell instanceof Date
          ? dateText(cell, column.kind)
          : typeof cell === 'number'
            ? csvNumber(cell)
            : cell;
    for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  }
  return Math.min(Math.max(longest + 2, 8), 60);
}

const importExcel = () => import('exceljs');
let excel: ReturnType<typeof importExcel> | undefined;

/**
 * exceljs (~1 MB, 218 KB brotli), loaded once and only on demand. A download bar asks for it as the pointer comes
 * near, so that the click's file is ready while the click still counts as the user's (a browser treats a later
 * download as automatic and may block it). A failed load is forgotten, so the next click tries again.
 */
export function loadExcel(): ReturnType<typeof importExcel> {
  excel ??= importExcel().catch((error: unknown) => {
    excel = undefined;
    throw error;
  });
  return excel;
}

/**
 * The model as an XLSX workbook: bold header row frozen at the top with a filter, numbers stored as numbers with a
 * format by kind, dates as dates, columns as wide as their content. exceljs (~1 MB) is loaded only here, on demand.
 * `about`: lines said of the data (a release's site names its release), on a second sheet «О данных».
 * @example const bytes = await toXlsx(model)
 */
export async function toXlsx(model: SheetModel, about: readonly string[] = []): Promise<Uint8Array<ArrayBuffer>> {
  const { default: ExcelJS } = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставничество·Мониторинг';
  // a fixed moment: the same table gives the same bytes
  workbook.created = workbook.modified = new Date(Date.UTC(2000, 0, 1));
  const sheet = workbook.addWorksheet(model.sheetName, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = model.columns.map((column, i) => ({
    header: column.header,
    width: widthOf(model, i),
    style: { numFmt: NUMBER_FORMAT[column.kind] },
  }));
  for (const row of model.rows) sheet.addRow(row);
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  // the header row is text whatever its column's number format
  header.eachCell((cell) => {
    cell.numFmt = '@';
  });
  model.columns.forEach((column, i) => {
    if (column.kind !== 'text') return;
    // multi-line text (several reasons of a file) shows its lines instead of one long run
    sheet.getColumn(i + 1).eachCell({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber > 1 && typeof cell.value === 'string' && cell.value.includes('\n'))
        cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  if (model.columns.length > 0)
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1 + model.rows.length, column: model.columns.length },
    };
  if (about.length > 0) {
    workbook.subject = about.join(' ');
    const info = workbook.addWorksheet(model.sheetName === 'О данных' ? 'О данных (2)' : 'О данных');
    info.getColumn(1).width = 100;
    for (const line of about) info.addRow([neutralise(line)]);
  }
  return repackZip(new Uint8Array(await workbook.xlsx.writeBuffer(STORED_ENTRIES)), workbook.created);
}

/**
 * A file name in Russian from its parts (page, table, filters, year): spaces become «_», characters that a file
 * system refuses are dropped.
 * @example exportFileName(["Отстающие", "муниципалитеты", 2024], "xlsx") // "Отстающие_муниципалитеты_2024.xlsx"
 */
export function exportFileName(
  parts: ReadonlyArray<string | number | null | undefined>,
  extension: 'xlsx' | 'csv',
): string {
  const stem = parts
    .filter((p) => p != null && String(p).trim() !== '')
    .map((p) =>
      String(p)
        .replace(/[\\/:*?"<>|\u0000-\u001f«»,;]+/g, '')
        .trim()
        .replace(/\s+/g, '_'),
    )
    .filter(Boolean)
    .join('_');
  return `${stem || 'Таблица'}.${extension}`;
}
