import { formatNumber } from "./format.js";

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

const HEADERS = ["Файл", "Статус", "Муниципалитет", "Год", "Форм: принято / откл.", "Причина", "Получен"];

/**
 * The rejected and partly accepted files as a table that wraps long reasons instead of cutting them: the whole
 * reason is what a person needs to fix the file.
 * @example problemFilesTable(rows)
 */
export function problemFilesTable(rows: readonly ProblemFileRow[]): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "problem-files-wrap";
  const table = document.createElement("table");
  table.className = "problem-files";
  const head = table.createTHead().insertRow();
  for (const label of HEADERS) {
    const th = document.createElement("th");
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.status = row.status_code;
    const file = tr.insertCell();
    file.className = "problem-file-name";
    const name = document.createElement("strong");
    name.textContent = row.file_name;
    const where = document.createElement("div");
    where.className = "problem-file-path";
    where.textContent = row.source_path;
    file.append(name, where);
    tr.insertCell().textContent = row.status;
    tr.insertCell().textContent = row.territory;
    tr.insertCell().textContent = row.year;
    const counts = tr.insertCell();
    counts.className = "problem-file-num";
    counts.textContent = `${formatNumber(row.org_years_accepted)} / ${formatNumber(row.org_years_rejected)}`;
    const reasons = tr.insertCell();
    reasons.className = "problem-file-reasons";
    if (row.reasons.length === 0) reasons.textContent = "—";
    for (const reason of row.reasons) {
      const p = document.createElement("div");
      p.textContent = reason;
      reasons.append(p);
    }
    tr.insertCell().textContent = row.received;
  }
  wrap.append(table);
  return wrap;
}
