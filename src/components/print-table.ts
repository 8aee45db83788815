import { type DownloadName, type ExportableColumn, exportColumns, withTableExport } from './table-export.js';
import { tableElement } from './table-element.js';

/** A column of a printable table: its header and how a row shows in it. */
export interface PrintColumn<T> extends ExportableColumn<T> {
  label: string;
  cell: (row: T, index: number) => string | Node;
  /** Numbers line up on the right. */
  numeric?: boolean;
  /** Short phrases that read badly broken over two lines («3 года подряд (с 2022)»). */
  nowrap?: boolean;
}

function classOf(column: { numeric?: boolean; nowrap?: boolean }): string {
  return [column.numeric ? 'numeric' : '', column.nowrap ? 'nowrap' : ''].filter(Boolean).join(' ');
}

/**
 * A plain HTML table with every row (no scrolling box, no lazy rows), so that what is on screen is what prints;
 * the header repeats on every printed page. With `download`, «Скачать XLSX / CSV» above it (then it returns the
 * wrapper; the table keeps its id).
 * @example printTable(rows, [{ label: "Муниципалитет", cell: (d) => d.name }], { id: "lagging-territories" })
 */
export function printTable<T>(
  rows: readonly T[],
  columns: ReadonlyArray<PrintColumn<T>>,
  { id, empty = 'Нет строк.', download }: { id?: string; empty?: string; download?: DownloadName } = {},
): HTMLElement {
  const table = tableElement(
    columns.map((column) => ({
      label: column.label,
      cell: column.cell,
      headClass: classOf(column),
      cellClass: classOf(column),
    })),
    rows,
    { className: 'print-table', id },
  );
  if (rows.length === 0) {
    const td = table.tBodies[0]!.insertRow().insertCell();
    td.colSpan = columns.length;
    td.className = 'print-table-empty';
    td.textContent = empty;
  }
  if (!download) return table;
  return withTableExport(table, {
    ...download,
    columns: exportColumns<T, PrintColumn<T>>(columns, (c, row, i) => c.cell(row, i)),
    rows,
  });
}
