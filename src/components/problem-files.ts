import { formatNumber } from "./format.js";
import { type TableColumn, tableElement } from "./table-element.js";

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
}

function textDiv(text: string, className?: string): HTMLDivElement {
  const div = document.createElement("div");
  if (className) div.className = className;
  div.textContent = text;
  return div;
}

const COLUMNS: ReadonlyArray<TableColumn<ProblemFileRow>> = [
  {
    label: "Файл",
    cellClass: "problem-file-name",
    cell: (row) => {
      const name = document.createElement("strong");
      name.textContent = row.file_name;
      return [name, textDiv(row.source_path, "problem-file-path")];
    }
  },
  { label: "Статус", cell: (row) => row.status },
  { label: "Муниципалитет", cell: (row) => row.territory },
  { label: "Год", cell: (row) => row.year },
  {
    label: "Форм: принято / откл.",
    cellClass: "problem-file-num",
    cell: (row) => `${formatNumber(row.org_years_accepted)} / ${formatNumber(row.org_years_rejected)}`
  },
  {
    label: "Причина",
    cellClass: "problem-file-reasons",
    cell: (row) => (row.reasons.length === 0 ? "—" : row.reasons.map((reason) => textDiv(reason)))
  },
  { label: "Получен", cell: (row) => row.received }
];

/**
 * The rejected and partly accepted files as a table that wraps long reasons instead of cutting them: the whole
 * reason is what a person needs to fix the file.
 * @example problemFilesTable(rows)
 */
export function problemFilesTable(rows: readonly ProblemFileRow[]): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "problem-files-wrap";
  wrap.append(tableElement(COLUMNS, rows, { className: "problem-files", rowAttributes: (row) => ({ data: { status: row.status_code } }) }));
  return wrap;
}
