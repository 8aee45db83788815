import { formatNumber, formatPct } from "./format.js";
import { type TableColumn, tableElement } from "./table-element.js";

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
  const isLow = (row: RegistryTableRow) =>
    row.kind !== "unknown" && row.registry_to_reported_pct != null && row.registry_to_reported_pct < threshold_pct;
  const lowMark = () => {
    const mark = document.createElement("span");
    mark.className = "registry-low-mark";
    mark.title = `меньше порога ${formatPct(threshold_pct)}`;
    mark.textContent = "▼ ";
    return mark;
  };
  const columns: ReadonlyArray<TableColumn<RegistryTableRow>> = [
    { label: "Муниципалитет", cell: (row) => row.name },
    ...COLUMNS.map(({ key, label, format }): TableColumn<RegistryTableRow> => ({
      label,
      cellClass: "registry-num",
      cellData: { column: key },
      cell: (row) => {
        const text = format(row[key] as number | null);
        return key === "registry_to_reported_pct" && isLow(row) ? [lowMark(), text] : text;
      }
    }))
  ];
  const rowAttributes = (row: RegistryTableRow) => ({
    className: [isLow(row) ? "registry-row-low" : "", row.kind === "territory" ? "" : `registry-row-${row.kind}`].filter(Boolean).join(" "),
    data: { kind: row.kind }
  });
  wrap.append(tableElement(columns, rows, { className: "registry-table", rowAttributes }));
  return wrap;
}
