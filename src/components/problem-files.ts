import { formatNumber } from '../contract/format.js';
import { type DownloadName, withTableExport } from './table-export.js';
import { type TableColumn, tableElement } from './table-element.js';
import type { ExportColumn } from './table-sheet.js';

/** A file that was rejected or only partly accepted, ready to show: every text already in Russian. */
export interface ProblemFileRow {
  file_name: string;
  source_path: string;
  status: string;
  /** "rejected" or "partial": marks the row (a word and a tint, not colour alone). */
  status_code: string;
  territory: string;
  year: string;
  org_years_accepted: number;
  org_years_rejected: number;
  reasons: readonly string[];
  received: string;
  /** When it was received as the page shows it (wall clock in the region's time, see wallClock), for downloads. */
  received_at: Date | null;
}

function textDiv(text: string, className?: string): HTMLDivElement {
  const div = document.createElement('div');
  if (className) div.className = className;
  div.textContent = text;
  return div;
}

const COLUMNS: ReadonlyArray<TableColumn<ProblemFileRow>> = [
  {
    label: 'Файл',
    cellClass: 'problem-file-name',
    cell: (row) => {
      const name = document.createElement('strong');
      name.textContent = row.file_name;
      return [name, textDiv(row.source_path, 'problem-file-path')];
    },
  },
  { label: 'Статус', cell: (row) => row.status },
  { label: 'Муниципалитет', cell: (row) => row.territory },
  { label: 'Год', cell: (row) => row.year },
  {
    label: 'Форм: принято / откл.',
    cellClass: 'problem-file-num',
    cell: (row) => `${formatNumber(row.org_years_accepted)} / ${formatNumber(row.org_years_rejected)}`,
  },
  {
    label: 'Причина',
    cellClass: 'problem-file-reasons',
    cell: (row) => (row.reasons.length === 0 ? '—' : row.reasons.map((reason) => textDiv(reason))),
  },
  { label: 'Получен', cell: (row) => row.received },
];

/** The download's columns: names and paths as sent (neutralised by the sheet model), counts as numbers. */
const EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProblemFileRow>> = [
  { header: 'Файл', kind: 'text', value: (row) => row.file_name },
  { header: 'Путь во входящих', kind: 'text', value: (row) => row.source_path },
  { header: 'Статус', kind: 'text', value: (row) => row.status },
  { header: 'Муниципалитет', kind: 'text', value: (row) => row.territory },
  // one year is a number; a file of several years keeps its list as text
  { header: 'Год', kind: 'year', value: (row) => (/^\d{4}(, \d{4})*$/.test(row.year) ? row.year : null) },
  { header: 'Форм принято', kind: 'integer', value: (row) => row.org_years_accepted },
  { header: 'Форм отклонено', kind: 'integer', value: (row) => row.org_years_rejected },
  { header: 'Причина', kind: 'text', value: (row) => row.reasons.join('\n') },
  { header: 'Получен', kind: 'datetime', value: (row) => row.received_at },
];

/**
 * The rejected and partly accepted files as a table that wraps long reasons instead of cutting them: the whole
 * reason is what a person needs to fix the file.
 * @example problemFilesTable(rows)
 */
export function problemFilesTable(
  rows: readonly ProblemFileRow[],
  { download }: { download?: DownloadName } = {},
): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'problem-files-wrap';
  const table = tableElement(COLUMNS, rows, {
    className: 'problem-files',
    rowAttributes: (row) => ({ data: { status: row.status_code } }),
  });
  wrap.append(download ? withTableExport(table, { ...download, columns: EXPORT_COLUMNS, rows }) : table);
  return wrap;
}
