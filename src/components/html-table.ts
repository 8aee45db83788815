/** A column of an HTML table: its header and how a row shows in it. */
export interface HtmlColumn<T> {
  label: string;
  value: (row: T) => string | Node;
  /** Numbers line up on the right. */
  align?: "left" | "right";
  /** A hover hint on the header. */
  title?: string;
}

export interface HtmlTableOptions {
  className?: string;
  /** Said instead of an empty table. */
  empty?: string;
  caption?: string;
}

/**
 * A plain HTML table with every row in the page (unlike Inputs.table, which renders rows as they scroll into view):
 * for short lists that must print and be found by text.
 * @example htmlTable([{ label: "Год", value: (d) => formatYear(d.year) }], rows, { empty: "Нет строк" })
 */
export function htmlTable<T>(columns: ReadonlyArray<HtmlColumn<T>>, rows: readonly T[], { className = "", empty = "Нет данных", caption }: HtmlTableOptions = {}): HTMLElement {
  if (rows.length === 0) {
    const p = document.createElement("p");
    p.className = `html-table-empty ${className}`.trim();
    p.textContent = empty;
    return p;
  }
  const table = document.createElement("table");
  table.className = `html-table ${className}`.trim();
  if (caption) table.createCaption().textContent = caption;
  const headRow = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column.label;
    if (column.title) th.title = column.title;
    if (column.align === "right") th.className = "html-table-num";
    headRow.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const column of columns) {
      const td = tr.insertCell();
      if (column.align === "right") td.className = "html-table-num";
      td.append(column.value(row));
    }
  }
  return table;
}
