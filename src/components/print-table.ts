/** A column of a printable table: its header and how a row shows in it. */
export interface PrintColumn<T> {
  label: string;
  cell: (row: T, index: number) => string | Node;
  /** Numbers line up on the right. */
  numeric?: boolean;
  /** Short phrases that read badly broken over two lines («3 года подряд (с 2022)»). */
  nowrap?: boolean;
}

function classOf(column: { numeric?: boolean; nowrap?: boolean }): string {
  return [column.numeric ? "numeric" : "", column.nowrap ? "nowrap" : ""].filter(Boolean).join(" ");
}

/**
 * A plain HTML table with every row (no scrolling box, no lazy rows), so that what is on screen is what prints;
 * the header repeats on every printed page.
 * @example printTable(rows, [{ label: "Муниципалитет", cell: (d) => d.name }], { id: "lagging-territories" })
 */
export function printTable<T>(rows: readonly T[], columns: ReadonlyArray<PrintColumn<T>>, { id, empty = "Нет строк." }: { id?: string; empty?: string } = {}): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "print-table";
  if (id) table.id = id;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column.label;
    th.className = classOf(column);
    head.append(th);
  }
  const body = table.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    for (const column of columns) {
      const td = tr.insertCell();
      td.className = classOf(column);
      td.append(column.cell(row, i));
    }
  });
  if (rows.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = columns.length;
    td.className = "print-table-empty";
    td.textContent = empty;
  }
  return table;
}
