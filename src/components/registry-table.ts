import { formatNumber, formatPct } from "./format.js";

/** A row of the registry table: a territory, the mentors of no recognised municipality, or the region. */
export interface RegistryTableRow {
  name: string;
  kind: "territory" | "unknown" | "region";
  mentors_registered: number;
  mentors_with_programme: number;
  mentors_trained: number;
  programmes_reported: number | null;
  organisations_reporting_programmes: number;
  registry_to_reported_pct: number | null;
}

export interface RegistryTableOptions {
  /** Rows whose ratio is below this are marked (a symbol and a tint, not colour alone). */
  threshold_pct: number;
}

const COLUMNS: ReadonlyArray<{ key: keyof RegistryTableRow; label: string; format: (v: number | null) => string }> = [
  { key: "mentors_registered", label: "В реестре", format: (v) => formatNumber(v) },
  { key: "mentors_with_programme", label: "С программой", format: (v) => formatNumber(v) },
  { key: "mentors_trained", label: "Обучены", format: (v) => formatNumber(v) },
  { key: "programmes_reported", label: "Программ по отчётам", format: (v) => formatNumber(v) },
  { key: "organisations_reporting_programmes", label: "Организаций указали", format: (v) => formatNumber(v) },
  { key: "registry_to_reported_pct", label: "На 100 программ, %", format: formatPct }
];

/**
 * The registry by territory for one year as a table, territories in reference order, then the mentors whose
 * municipality was not recognised, then the region; rows far below the reported programmes are marked.
 * @example registryTable(rows, { threshold_pct: 50 })
 */
export function registryTable(rows: readonly RegistryTableRow[], { threshold_pct }: RegistryTableOptions): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "registry-table-wrap";
  const table = document.createElement("table");
  table.className = "registry-table";
  const head = table.createTHead().insertRow();
  for (const label of ["Муниципалитет", ...COLUMNS.map((c) => c.label)]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.kind = row.kind;
    const low = row.kind !== "unknown" && row.registry_to_reported_pct != null && row.registry_to_reported_pct < threshold_pct;
    if (low) tr.classList.add("registry-row-low");
    if (row.kind !== "territory") tr.classList.add(`registry-row-${row.kind}`);
    const name = tr.insertCell();
    name.textContent = row.name;
    for (const column of COLUMNS) {
      const td = tr.insertCell();
      td.className = "registry-num";
      td.dataset.column = column.key;
      td.textContent = column.format(row[column.key] as number | null);
      if (low && column.key === "registry_to_reported_pct") {
        const mark = document.createElement("span");
        mark.className = "registry-low-mark";
        mark.title = `меньше порога ${formatPct(threshold_pct)}`;
        mark.textContent = "▼ ";
        td.prepend(mark);
      }
    }
  }
  wrap.append(table);
  return wrap;
}
