/** One column of a table: its header and what a row puts in its cell. */
export interface TableColumn<T> {
  label: string;
  cell: (row: T, index: number) => string | Node | ReadonlyArray<string | Node>;
  /** A hover hint on the header. */
  title?: string;
  headClass?: string;
  cellClass?: string;
  /** data-* attributes of every cell of the column, for styles and tests that find a cell by its column. */
  cellData?: Readonly<Record<string, string>>;
}

export interface TableElementOptions<T> {
  className: string;
  id?: string;
  /** A class and data-* attributes of a row's <tr>, for rows that stand out (rejected, below the threshold, the region). */
  rowAttributes?: (row: T) => { className?: string; data?: Readonly<Record<string, string>> };
}

/**
 * A <table> with a header row and every row in the DOM (none rendered lazily), so that it prints whole and its text
 * can be found; the table components add their own empty-state and wrapping around it.
 * @example tableElement([{ label: "Год", cell: (d) => formatYear(d.year) }], rows, { className: "html-table" })
 */
export function tableElement<T>(
  columns: ReadonlyArray<TableColumn<T>>,
  rows: readonly T[],
  { className, id, rowAttributes }: TableElementOptions<T>,
): HTMLTableElement {
  const table = document.createElement('table');
  table.className = className;
  if (id) table.id = id;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement('th');
    th.textContent = column.label;
    if (column.title) th.title = column.title;
    if (column.headClass) th.className = column.headClass;
    head.append(th);
  }
  const body = table.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    const attributes = rowAttributes?.(row);
    if (attributes?.className) tr.className = attributes.className;
    Object.assign(tr.dataset, attributes?.data);
    for (const column of columns) {
      const td = tr.insertCell();
      if (column.cellClass) td.className = column.cellClass;
      Object.assign(td.dataset, column.cellData);
      const content = column.cell(row, i);
      td.append(...(Array.isArray(content) ? content : [content]));
    }
  });
  return table;
}
