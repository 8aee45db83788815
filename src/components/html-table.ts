import { type DownloadName, type ExportableColumn, exportColumns, withTableExport } from './table-export.js';
import { tableElement } from './table-element.js';

/** A column of an HTML table: its header and how a row shows in it. */
export interface HtmlColumn<T> extends ExportableColumn<T> {
  label: string;
  value: (row: T) => string | Node;
  /** Numbers line up on the right. */
  align?: 'left' | 'right';
  /** A hover hint on the header. */
  title?: string;
}

export interface HtmlTableOptions {
  className?: string;
  /** Said instead of an empty table. */
  empty?: string;
  caption?: string;
  /** «Скачать XLSX / CSV» above the table, with this file name. */
  download?: DownloadName;
}

/**
 * A plain HTML table with every row in the page (unlike Inputs.table, which renders rows as they scroll into view):
 * for short lists that must print and be found by text.
 * @example htmlTable([{ label: "Год", value: (d) => formatYear(d.year), kind: "year", raw: (d) => d.year }], rows, { empty: "Нет строк" })
 */
export function htmlTable<T>(
  columns: ReadonlyArray<HtmlColumn<T>>,
  rows: readonly T[],
  { className = '', empty = 'Нет данных', caption, download }: HtmlTableOptions = {},
): HTMLElement {
  if (rows.length === 0) {
    const p = document.createElement('p');
    p.className = `html-table-empty ${className}`.trim();
    p.textContent = empty;
    return p;
  }
  const table = tableElement(
    columns.map(({ label, value, align, title }) => {
      const numClass = align === 'right' ? 'html-table-num' : undefined;
      return { label, title, headClass: numClass, cellClass: numClass, cell: value };
    }),
    rows,
    { className: `html-table ${className}`.trim() },
  );
  if (caption) table.createCaption().textContent = caption;
  if (!download) return table;
  return withTableExport(table, {
    ...download,
    columns: exportColumns<T, HtmlColumn<T>>(columns, (c, row) => c.value(row)),
    rows,
  });
}
