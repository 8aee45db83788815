import * as Plot from "@observablehq/plot";
import { formatAxisPct, formatPct, formatYear } from "./format.js";

/** One year of the region's value of an indicator (a row of the marts, level "region"). */
export interface TrendPoint {
  year: number;
  value_pct: number | null;
  trajectory_pct: number;
}

export interface TrendOptions {
  width: number;
  height?: number;
  target_year: number;
  target_pct: number;
}

/** Okabe–Ito blue for facts; the trajectory and the target are told apart by dash and shape, not hue alone. */
export const FACT_COLOR = "#0072B2";
export const TRAJECTORY_COLOR = "#666666";
export const TARGET_COLOR = "#000000";

/**
 * The region's value of one indicator by year against the straight trajectory from baseline to target
 * (flat after the target year, as the marts compute it), with the target marked.
 * @example indicatorTrend(regionRows, { width, target_year: 2024, target_pct: 70 })
 */
export function indicatorTrend(data: readonly TrendPoint[], { width, height = 340, target_year, target_pct }: TrendOptions): HTMLElement {
  const rows = data.toSorted((a, b) => a.year - b.year).map((d) => ({ ...d, label: formatYear(d.year) }));
  const facts = rows.filter((d) => d.value_pct != null);
  const labels = rows.map((d) => d.label);
  const targetLabel = formatYear(target_year);
  const yMax = Math.max(target_pct, ...rows.map((d) => Math.max(d.value_pct ?? 0, d.trajectory_pct)));

  const chart = Plot.plot({
    width,
    height,
    marginTop: 24,
    marginRight: 110,
    marginLeft: 44,
    style: { fontSize: "13px" },
    x: { type: "point", domain: labels, label: null, padding: 0.3 },
    y: { domain: [0, yMax * 1.12], nice: true, grid: true, label: "%", tickFormat: formatAxisPct },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleY([target_pct], { stroke: TARGET_COLOR, strokeOpacity: 0.35, strokeDasharray: "2,3" }),
      Plot.text([target_pct], {
        x: () => labels.at(-1), y: (d: number) => d, dx: 14, textAnchor: "start", fill: TARGET_COLOR,
        text: () => `цель ${targetLabel}:\n${formatPct(target_pct)}`
      }),
      Plot.line(rows, { x: "label", y: "trajectory_pct", stroke: TRAJECTORY_COLOR, strokeWidth: 2, strokeDasharray: "7,5" }),
      Plot.line(facts, { x: "label", y: "value_pct", stroke: FACT_COLOR, strokeWidth: 3 }),
      Plot.dot(facts, {
        x: "label", y: "value_pct", r: 5, fill: FACT_COLOR, stroke: "white",
        title: (d: (typeof facts)[number]) => `${d.label}: ${formatPct(d.value_pct)}\nтраектория: ${formatPct(d.trajectory_pct)}`,
        tip: true
      }),
      Plot.text(facts, {
        x: "label", y: "value_pct", dy: -14, fontWeight: 600, fill: FACT_COLOR, stroke: "white", strokeWidth: 3,
        paintOrder: "stroke", text: (d: (typeof facts)[number]) => formatPct(d.value_pct)
      }),
      labels.includes(targetLabel)
        ? Plot.dot([target_pct], { x: () => targetLabel, y: (d: number) => d, symbol: "diamond", r: 7, stroke: TARGET_COLOR, strokeWidth: 2, fill: "white" })
        : null
    ]
  });

  const figure = document.createElement("figure");
  figure.className = "indicator-trend";
  figure.append(legend(), chart);
  return figure;
}

function legend(): HTMLElement {
  const div = document.createElement("div");
  div.className = "chart-legend";
  div.innerHTML = [
    `<span><svg width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="${FACT_COLOR}" stroke-width="3"/><circle cx="14" cy="6" r="4" fill="${FACT_COLOR}"/></svg>значение по краю</span>`,
    `<span><svg width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="${TRAJECTORY_COLOR}" stroke-width="2" stroke-dasharray="7,5"/></svg>траектория (от базового значения к цели)</span>`,
    `<span><svg width="16" height="14"><path d="M8 1 L15 7 L8 13 L1 7 Z" fill="white" stroke="${TARGET_COLOR}" stroke-width="2"/></svg>цель</span>`
  ].join("");
  return div;
}
