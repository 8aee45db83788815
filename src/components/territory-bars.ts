import * as Plot from "@observablehq/plot";
import { formatAxisPct, formatPct, formatYear } from "./format.js";
import { FACT_COLOR, TRAJECTORY_COLOR } from "./indicator-trend.js";

/** One territory's value of an indicator in one year (a row of the marts, level "territory"). */
export interface TerritoryBar {
  territory_id: string;
  short_name: string;
  value_pct: number | null;
  is_lagging: boolean | null;
}

export interface TerritoryBarsOptions {
  width: number;
  year: number;
  trajectory_pct: number | null;
}

export const STATUS = {
  lagging: "ниже траектории",
  onTrack: "на траектории или выше",
  missing: "нет данных"
} as const;
/** Okabe–Ito vermilion against blue: distinct for the common kinds of colour blindness. */
export const LAGGING_COLOR = "#D55E00";
const MISSING_COLOR = "#BBBBBB";

/**
 * Every territory's value in one year as horizontal bars, highest first, with the year's trajectory as a rule;
 * territories below the trajectory are coloured differently.
 * @example territoryBars(rows, { width, year: 2024, trajectory_pct: 70 })
 */
export function territoryBars(data: readonly TerritoryBar[], { width, year, trajectory_pct }: TerritoryBarsOptions): HTMLElement | SVGSVGElement {
  const rows = data
    .map((d) => ({ ...d, status: d.value_pct == null ? STATUS.missing : d.is_lagging ? STATUS.lagging : STATUS.onTrack }))
    .toSorted((a, b) => (b.value_pct ?? -Infinity) - (a.value_pct ?? -Infinity) || a.short_name.localeCompare(b.short_name, "ru"));
  const present = rows.filter((d) => d.value_pct != null);
  const missing = rows.filter((d) => d.value_pct == null);
  const statuses = [STATUS.lagging, STATUS.onTrack, STATUS.missing].filter((s) => rows.some((d) => d.status === s));
  const colors = { [STATUS.lagging]: LAGGING_COLOR, [STATUS.onTrack]: FACT_COLOR, [STATUS.missing]: MISSING_COLOR };
  const xMax = Math.max(trajectory_pct ?? 0, ...present.map((d) => d.value_pct ?? 0), 1);
  type Row = (typeof rows)[number];

  return Plot.plot({
    width,
    height: 40 + rows.length * 28 + 30,
    marginTop: 40,
    marginLeft: 180,
    marginRight: 20,
    style: { fontSize: "13px" },
    color: { domain: statuses, range: statuses.map((s) => colors[s]), legend: true },
    x: { domain: [0, xMax * 1.15], nice: true, grid: true, label: "%", tickFormat: formatAxisPct },
    y: { domain: rows.map((d) => d.short_name), label: null, tickSize: 0 },
    marks: [
      Plot.barX(present, {
        y: "short_name", x: "value_pct", fill: "status", insetTop: 3, insetBottom: 3,
        title: (d: Row) => `${d.short_name}: ${formatPct(d.value_pct)} (${d.status})`, tip: true
      }),
      Plot.text(present, { y: "short_name", x: "value_pct", dx: 5, textAnchor: "start", text: (d: Row) => formatPct(d.value_pct) }),
      Plot.text(missing, { y: "short_name", x: () => 0, dx: 5, textAnchor: "start", fill: "#767676", text: () => STATUS.missing }),
      Plot.ruleX([0]),
      trajectory_pct == null ? null : Plot.ruleX([trajectory_pct], { stroke: TRAJECTORY_COLOR, strokeWidth: 2, strokeDasharray: "7,5" }),
      trajectory_pct == null
        ? null
        : Plot.text([trajectory_pct], {
            x: (d: number) => d, frameAnchor: "top", dy: -18, textAnchor: "middle", fill: TRAJECTORY_COLOR, fontWeight: 600,
            text: () => `траектория ${formatYear(year)}: ${formatPct(trajectory_pct)}`
          })
    ]
  });
}
