import { emptyNote } from './empty-note.js';
import { downloadRelease } from './release-view.js';
import {
  type ExportColumn,
  type ExportKind,
  type ExportValue,
  exportFileName,
  loadExcel,
  sheetModel,
  toCsv,
  toXlsx,
} from './table-sheet.js';

/** What a table downloads: the file name's parts (page, table, filters, year), and the rows the table shows. */
export interface TableDownload<T> {
  /** Parts of the file name, e.g. ["Отстающие", "муниципалитеты", 2024] → Отстающие_муниципалитеты_2024.xlsx. */
  name: ReadonlyArray<string | number | null | undefined>;
  /** The sheet's name in the workbook; the file name's first two parts by default. */
  sheet?: string;
  columns: ReadonlyArray<ExportColumn<T>>;
  rows: readonly T[];
}

/** Where a table component takes its download from: the file name; its columns know their own export values. */
export interface DownloadName {
  name: TableDownload<unknown>['name'];
  sheet?: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function save(bytes: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the blob once the click's download started; a minute is ample
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function button(text: string, className: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  b.title = title;
  return b;
}

/**
 * «Скачать XLSX» and «Скачать CSV» for a table: the rows it shows (current filters), at full precision, built only on
 * click. The XLSX writer (exceljs) is fetched from the site on the first click, so pages stay light.
 * @example display(tableExport({ name: ["Муниципалитеты", 2024], columns, rows }))
 */
export function tableExport<T>({ name, sheet, columns, rows }: TableDownload<T>): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'table-export';
  const xlsx = button('Скачать XLSX', 'table-export-xlsx', 'Таблица для Excel: числа — числами, с русскими форматами');
  const csv = button('Скачать CSV', 'table-export-csv', 'Текст через «;» в UTF-8 — открывается в русском Excel');
  const status = document.createElement('span');
  status.className = 'table-export-status';
  status.setAttribute('role', 'status');
  const model = () =>
    sheetModel(
      sheet ??
        name
          .slice(0, 2)
          .filter((p) => p != null)
          .join(' '),
      columns,
      rows,
    );
  // a release's site names the release in the file's name (and in the workbook)
  const release = () => downloadRelease().catch(() => null);
  const named = (extension: 'xlsx' | 'csv', r: Awaited<ReturnType<typeof release>>) =>
    exportFileName(r ? [...name, r.filePart] : name, extension);
  csv.addEventListener('click', async () => {
    const r = await release();
    save(toCsv(model()), 'text/csv;charset=utf-8', named('csv', r));
  });
  xlsx.addEventListener('click', async () => {
    xlsx.disabled = true;
    status.textContent = 'Готовим файл…';
    try {
      const r = await release();
      const bytes = await toXlsx(model(), r ? [r.line] : []);
      save(bytes, XLSX_TYPE, named('xlsx', r));
      status.textContent = '';
    } catch (error) {
      status.textContent = `Не удалось подготовить XLSX: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      xlsx.disabled = false;
    }
  });
  // start fetching the XLSX writer when the user is about to click, not with the page
  const warm = () => void loadExcel().catch(() => undefined);
  xlsx.addEventListener('pointerenter', warm, { once: true });
  xlsx.addEventListener('focus', warm, { once: true });
  bar.append(xlsx, csv, status);
  return bar;
}

/**
 * A table with its download buttons above it, in one element that a page places where the table was.
 * @example withTableExport(tableElement(…), { name: ["Реестр", 2024], columns, rows })
 */
export function withTableExport<T>(table: Node, download: TableDownload<T>): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'table-export-wrap';
  wrap.append(tableExport(download), table);
  return wrap;
}

/** How a shown column of a table component downloads: its own export columns, its raw value, or the shown text. */
export interface ExportableColumn<T> {
  label: string;
  /** What the column holds in a download (text by default). */
  kind?: ExportKind;
  /** The value a download writes, at full precision; the shown text by default. */
  raw?: (row: T, index: number) => ExportValue;
  /**
   * The columns a download writes instead of this one: when one shown cell holds several values
   * («3 года подряд (с 2022)» → years in a row, since), or none (`[]`) when it only repeats another column.
   */
  exportAs?: ReadonlyArray<ExportColumn<T>>;
}

/**
 * The download columns of a table component's columns; `shown` gives a cell's displayed content, the fallback value.
 * @example exportColumns(columns, (c, row, i) => c.cell(row, i))
 */
export function exportColumns<T, C extends ExportableColumn<T>>(
  columns: ReadonlyArray<C>,
  shown: (column: C, row: T, index: number) => string | Node | ReadonlyArray<string | Node>,
): ExportColumn<T>[] {
  return columns.flatMap(
    (c) =>
      c.exportAs ?? [
        {
          header: c.label,
          kind: c.kind ?? 'text',
          value: c.raw ?? ((row: T, i: number) => shownText(shown(c, row, i))),
        },
      ],
  );
}

/** A displayed cell's text, for a column that has no value of its own to export. */
export function shownText(content: string | Node | ReadonlyArray<string | Node>): string {
  const parts = Array.isArray(content) ? content : [content];
  return parts
    .map((p) => (typeof p === 'string' ? p : (p.textContent ?? '')))
    .join('')
    .trim();
}

/** What an Inputs.table downloads beyond its own options: kinds and values of the columns that are not plain text. */
export interface InputsTableDownload<T> extends DownloadName {
  /** A column's kind by its key; text when not named. */
  kinds?: Readonly<Record<string, ExportKind>>;
  /** A column's value by its key when it is not the row's field as it is (a code to name, a moment to wall clock). */
  values?: Readonly<Record<string, (row: T) => ExportValue>>;
  /**
   * What to say, in Russian, when there are no rows: Inputs.table would print its English «No results.» in an empty
   * table. Say what is missing and why («Замечаний нет: …»); «Нет строк для выбранных условий.» by default.
   */
  empty?: string;
}

/** What an empty table says when its page gives no sentence of its own. */
export const NO_ROWS = 'Нет строк для выбранных условий.';

/**
 * The download columns of an Inputs.table, from the same `columns` and `header` options the table shows, so that the
 * file and the table cannot disagree on what a column is called.
 * @example inputsTableColumns({ columns: ["name", "n"], header: { name: "Файл", n: "Строк" } }, { kinds: { n: "integer" } })
 */
export function inputsTableColumns<T>(
  options: { columns: readonly string[]; header?: Readonly<Record<string, string>> },
  { kinds = {}, values = {} }: Pick<InputsTableDownload<T>, 'kinds' | 'values'> = {},
): Array<ExportColumn<T>> {
  return options.columns.map((key) => ({
    header: options.header?.[key] ?? key,
    kind: kinds[key] ?? 'text',
    value: values[key] ?? ((row: T) => (row as Record<string, ExportValue>)[key]),
  }));
}

/**
 * An Inputs.table with «Скачать XLSX / CSV» above it: the rows given (the current filters), in their given order.
 * With no rows, a Russian note (`empty`, or «Нет строк для выбранных условий.») stands in place of the table and its
 * buttons: Inputs.table's own empty state is English («No results.»), and there is nothing to download.
 * @example withInputsTableExport(Inputs.table(rows, options), rows, options, { name: ["Качество данных", "запуски"], empty: "Запусков не было." })
 */
export function withInputsTableExport<T>(
  table: Node,
  rows: readonly T[],
  options: { columns: readonly string[]; header?: Readonly<Record<string, string>> },
  { name, sheet, kinds, values, empty }: InputsTableDownload<T>,
): HTMLElement {
  if (rows.length === 0) return emptyNote(empty ?? NO_ROWS);
  return withTableExport(table, { name, sheet, columns: inputsTableColumns(options, { kinds, values }), rows });
}

/**
 * Before printing, every Inputs.table on the page renders all its rows: it adds rows only as its box is scrolled,
 * and paper does not scroll. Its box is made a 1-pixel scroller for a moment (inline and important, to win over the
 * print stylesheet, which may already apply) so that each scroll event asks for the next rows.
 */
function renderEveryRow(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[class*="-table"]')) {
    const body = form.querySelector('tbody');
    if (!body) continue;
    const style = form.getAttribute('style');
    for (const property of ['height', 'max-height']) form.style.setProperty(property, '1px', 'important');
    form.style.setProperty('overflow-y', 'auto', 'important');
    for (let before = -1; body.rows.length !== before;) {
      before = body.rows.length;
      form.scrollTop = form.scrollHeight;
      form.dispatchEvent(new Event('scroll'));
    }
    if (style == null) form.removeAttribute('style');
    else form.setAttribute('style', style);
    form.scrollTop = 0;
  }
}
if (typeof window !== 'undefined') window.addEventListener('beforeprint', renderEveryRow);
