import ExcelJS from 'exceljs';
import { textKey } from '../reference/text-key.ts';
import { type CellRef, finding } from '../reference/finding.ts';
import { contextFieldOf, valueAfterColon } from './context-labels.ts';
import { describeOversized, inspectXlsx } from './inspect-xlsx-zip.ts';
import { LIMITS } from '../reference/limits.ts';
import { type RawField, type RawOrgBlock, type RawValue, type ReadResult, field } from './raw-submission.ts';

type CellText = string | number | boolean | null;
interface Cell {
  text: CellText;
  col: number;
  master: string | null;
}
type Grid = Map<number, Cell[]>;

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Plain value of an exceljs cell; `undefined` marks a formula whose result was never computed. An Excel error
 * value (#DIV/0!, a formula's or a cell's own) is its text, so that validation reports it rather than reading a blank.
 */
export function cellValue(value: ExcelJS.CellValue): CellText | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null) return undefined;
      return typeof result === 'object'
        ? 'error' in result
          ? String(result.error)
          : (cellValue(result as ExcelJS.CellValue) ?? null)
        : result;
    }
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

/** 0.875 in a percent-formatted cell → «87.5 %», written without an exponent so that it reads back as a number. */
function percentText(fraction: number): string {
  const pct = Math.round(fraction * 100 * 1e9) / 1e9;
  const digits = Math.abs(pct) < 1e21 ? pct.toFixed(9).replace(/\.?0+$/, '') : String(pct);
  return `${digits} %`;
}

function isEmpty(t: CellText): boolean {
  return t === null || (typeof t === 'string' && t.trim() === '');
}

function readGrid(ws: ExcelJS.Worksheet, findings: ReadResult['findings']): Grid {
  const grid: Grid = new Map();
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      let text = cellValue(cell.value);
      // «87,5 %» typed into a percent-formatted cell is stored as 0.875: read it as people see it, with its sign, so a
      // percentage where a count is due is reported rather than read as a count.
      if (typeof text === 'number' && cell.numFmt?.includes('%')) text = percentText(text);
      if (text === undefined) {
        findings.push(
          finding(
            'error',
            'formula_without_value',
            'В ячейке формула без вычисленного значения: откройте файл в Excel, пересчитайте и сохраните',
            at(ws.name, rowNumber, col),
            (cell.value as ExcelJS.CellFormulaValue).formula,
          ),
        );
        return;
      }
      if (!isEmpty(text))
        cells.push({
          text,
          col,
          master: cell.isMerged && cell.master.address !== cell.address ? cell.master.address : null,
        });
    });
    if (cells.length > 0) grid.set(rowNumber, cells);
  });
  return grid;
}

function at(sheet: string, row: number, col: number): CellRef {
  return { sheet, row, column: columnLetter(col) };
}

function key(t: CellText): string {
  return textKey(String(t ?? ''));
}

function isTableHeader(t: CellText): boolean {
  const k = key(t);
  return k.startsWith('наименование показател') || k === 'показатель' || k === 'показатели';
}

function isFooter(t: CellText): boolean {
  return key(t).startsWith('ответственн');
}

/** One sheet that holds an organisation's form: the per-form table plus label–value rows around it. */
function readFormSheet(ws: ExcelJS.Worksheet, grid: Grid): RawOrgBlock | null {
  const rows = [...grid.keys()].sort((a, b) => a - b);
  const headerRow = rows.find((r) => grid.get(r)!.some((c) => isTableHeader(c.text)));
  if (headerRow === undefined) return null;
  const labelCol = grid.get(headerRow)!.find((c) => isTableHeader(c.text))!.col;
  const block: RawOrgBlock = {
    at: at(ws.name, headerRow, labelCol),
    year: null,
    territory: null,
    orgName: null,
    inn: null,
    orgType: null,
    values: [],
  };

  // Form names sit in the row under a merged «Форма наставничества», or in the header row itself.
  const formCells = (r: number) =>
    (grid.get(r) ?? []).filter(
      (c) =>
        c.col > labelCol &&
        c.master === null &&
        !key(c.text).includes('форма наставничества') &&
        !isTableHeader(c.text),
    );
  const next = formCells(headerRow + 1);
  const formRow =
    next.length > 0 && !(grid.get(headerRow + 1) ?? []).some((c) => c.col === labelCol && c.master === null)
      ? headerRow + 1
      : headerRow;
  const forms = formCells(formRow).map((c) => ({ col: c.col, form: field(c.text, at(ws.name, formRow, c.col)) }));

  let tableEnd = formRow;
  const hasFormValues = (r: number) => (grid.get(r) ?? []).some((c) => forms.some((f) => f.col === c.col));
  for (let r = formRow + 1; ; r++) {
    const cells = grid.get(r);
    // One blank row inside the table does not end it when the table goes on below.
    if (!cells && !hasFormValues(r + 1)) break;
    if (!cells) continue;
    const label = cells.find((c) => c.col === labelCol);
    if (label && isFooter(label.text)) break;
    tableEnd = r;
    if (!label) continue;
    const measure = field(label.text, at(ws.name, r, labelCol));
    for (const f of forms) {
      const cell = cells.find((c) => c.col === f.col);
      if (cell) block.values.push({ form: f.form, measure, value: field(cell.text, at(ws.name, r, f.col)) });
    }
  }

  for (const r of rows) {
    if (r >= headerRow && r <= tableEnd) continue;
    const cells = grid.get(r)!.filter((c) => c.master === null);
    const label = cells[0];
    if (!label || typeof label.text !== 'string' || isFooter(label.text)) continue;
    const valueCell = cells.find((c) => c.col > label.col);
    const contextField = contextFieldOf(label.text.split(':')[0] ?? '');
    if (contextField !== null) {
      const inline = valueAfterColon(label.text);
      const value: RawField | null =
        inline !== null
          ? field(inline, at(ws.name, r, label.col))
          : valueCell
            ? field(valueCell.text, at(ws.name, r, valueCell.col))
            : null;
      if (value !== null && block[contextField] === null) block[contextField] = value;
      continue;
    }
    if (valueCell) {
      const v: RawValue = {
        form: null,
        measure: field(label.text, at(ws.name, r, label.col)),
        value: field(valueCell.text, at(ws.name, r, valueCell.col)),
      };
      block.values.push(v);
    }
  }
  return block;
}

/**
 * Reads an XLSX submission: every sheet holding a «Наименование показателя» table is one organisation.
 * Rows and columns are found by their labels, so the layout may shift.
 */
export async function readXlsx(buffer: Buffer): Promise<ReadResult> {
  const findings: ReadResult['findings'] = [];
  const inspected = await inspectXlsx(buffer);
  if (inspected.problem !== null) {
    findings.push(
      finding('error', 'unreadable_xlsx', `Файл не читается как книга Excel (.xlsx): ${inspected.problem}`),
    );
    return { format: 'xlsx', blocks: [], findings };
  }
  // A sheet beyond the limits by its XML is refused before exceljs, which would walk every cell up to its last column.
  if (inspected.oversized.length > 0) {
    for (const s of inspected.oversized)
      findings.push(
        finding('error', 'sheet_too_large', `Л${describeOversized(s).slice(1)}`, {
          sheet: s.sheet,
          row: null,
          column: null,
        }),
      );
    return { format: 'xlsx', blocks: [], findings };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (e) {
    // the library's English text only as a detail, after a Russian sentence the sender can act on
    findings.push(
      finding(
        'error',
        'unreadable_xlsx',
        `Файл не читается как книга Excel (.xlsx): книга повреждена или сохранена не Excel; откройте её в Excel и сохраните заново; подробности: ${(e as Error).message}`,
      ),
    );
    return { format: 'xlsx', blocks: [], findings };
  }
  const blocks: RawOrgBlock[] = [];
  for (const ws of workbook.worksheets) {
    if (ws.actualRowCount > LIMITS.sheetMaxRows || ws.actualColumnCount > LIMITS.sheetMaxColumns) {
      findings.push(
        finding(
          'error',
          'sheet_too_large',
          `Лист «${ws.name}» слишком велик для формы мониторинга: ${ws.actualRowCount} строк, ${ws.actualColumnCount} столбцов (допускается до ${LIMITS.sheetMaxRows} строк и ${LIMITS.sheetMaxColumns} столбцов)`,
          { sheet: ws.name, row: null, column: null },
        ),
      );
      continue;
    }
    const grid = readGrid(ws, findings);
    const block = readFormSheet(ws, grid);
    if (block) blocks.push(block);
  }
  if (blocks.length === 0 && !findings.some((f) => f.severity === 'error')) {
    findings.push(
      finding(
        'error',
        'no_form_table',
        'В книге нет таблицы с заголовком «Наименование показателя»: форма не распознана',
      ),
    );
  }
  return { format: 'xlsx', blocks, findings };
}
