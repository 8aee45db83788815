import * as Plot from '@observablehq/plot';
import { formatPct, formatPp, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, rowStep } from './plot-defaults.js';
import { bandLabels } from './plot-layout.js';

/** One headline indicator in the chosen year, with what it is measured against. */
export interface ProgressRow {
  indicator_id: string;
  short_name: string;
  value_pct: number | null;
  prev_value_pct: number | null;
  trajectory_pct: number;
  baseline_pct: number;
  target_pct: number;
  is_lagging: boolean | null;
  /** Written in place of a missing value: why it is missing (default «нет данных»). */
  missing_label?: string;
  /** Said beside the value when it is not a plain share (a survey's unweighted mean). */
  value_note?: string;
}

export interface ProgressOptions {
  width: number;
  /** The room a slide's frame gives the chart, px (rows stand closer to fit it). */
  height?: number;
  year: number;
  target_year: number;
}

/** How far along the way from the baseline (0) to the target (100) a value is: indicators of any scale side by side. */
export const progressOf = (row: Pick<ProgressRow, 'baseline_pct' | 'target_pct'>, value: number) =>
  (100 * (value - row.baseline_pct)) / (row.target_pct - row.baseline_pct);

// Bars are clamped so that a value far behind the baseline or past the target stays readable.
const clamp = (p: number) => Math.max(-15, Math.min(115, p));

/**
 * Every headline indicator on one scale, the way from the 2020 baseline (0) to the target (100): a bar for the
 * chosen year's value (orange when below the trajectory), a dashed tick for the trajectory, a hollow dot for the
 * previous year. The labels give the values themselves.
 * @example indicatorProgress(rows, { width, year: 2024, target_year: 2024 })
 */
export function indicatorProgress(
  rows: readonly ProgressRow[],
  { width, height, year, target_year }: ProgressOptions,
): HTMLElement {
  const data = rows.map((r) => ({
    ...r,
    progress: r.value_pct == null ? null : clamp(progressOf(r, r.value_pct)),
    prev_progress: r.prev_value_pct == null ? null : clamp(progressOf(r, r.prev_value_pct)),
    trajectory_progress: clamp(progressOf(r, r.trajectory_pct)),
    label:
      r.value_pct == null
        ? (r.missing_label ?? 'нет данных')
        : `${formatPct(r.value_pct)}${r.value_note ? ` (${r.value_note})` : ''}${r.prev_value_pct == null ? '' : ` (${formatPp(r.value_pct - r.prev_value_pct)})`} · цель ${formatPct(r.target_pct)}`,
  }));
  type Row = (typeof data)[number];
  const names = data.map((d) => d.short_name);
  // a wide screen: names in a column on the left, the value, change and target on the right; a phone: each name on
  // its own line above its bar, the value beside the bar (the change and the target in its tooltip)
  const band = bandLabels(names, width, {
    perChar: 7.6,
    max: 270,
    marginRight: Math.min(250, Math.round(width * 0.28)),
    rowHeight: rowStep(data.length, 44, height, 68),
  });
  const phone = band.above;
  const barTop = phone ? band.insetTop : 0;
  const barBottom = phone ? 4 : 0;
  // the tick, the dot and the value sit at the middle of the bar, below the name on a phone
  const dy = (barTop - barBottom) / 2;
  const chart = Plot.plot({
    width,
    height: band.rowHeight * data.length + 68,
    // on a phone a little room on the left for «база 2020», centred under the start of the bars
    marginLeft: phone ? 24 : Math.min(270, Math.round(width * 0.36)),
    marginRight: phone ? 56 : Math.min(250, Math.round(width * 0.28)),
    marginBottom: 48,
    style: CHART_STYLE,
    x: {
      domain: [-15, 115],
      // on a phone only the ends: five labels do not fit under 300 px
      ticks: phone ? [0, 100] : [0, 25, 50, 75, 100],
      tickFormat: (d: number) =>
        d === 0 ? 'база 2020' : d === 100 ? `цель ${formatYear(target_year)}` : `${d}\u00a0%`,
      // on a line of its own under the ticks, so that it never runs into «цель 2024»
      label: 'путь от базового значения к цели →',
      labelOffset: 40,
      grid: true,
    },
    y: { domain: names, label: null, padding: phone ? 0.1 : 0.35, ...band.axis },
    marks: [
      Plot.ruleX([0, 100], { stroke: PALETTE.target, strokeOpacity: 0.5 }),
      ...band.labels('progress-label'),
      Plot.barX(
        data.filter((d) => d.progress != null),
        {
          x1: 0,
          x2: 'progress',
          y: 'short_name',
          insetTop: barTop,
          insetBottom: barBottom,
          fill: (d: Row) => (d.is_lagging ? PALETTE.lagging : PALETTE.fact),
          title: (d: Row) =>
            `${d.short_name}, ${formatYear(year)}: ${formatPct(d.value_pct)}\nтраектория: ${formatPct(d.trajectory_pct)}\nбазовое 2020: ${formatPct(d.baseline_pct)}, цель: ${formatPct(d.target_pct)}`,
          tip: true,
        },
      ),
      Plot.tickX(data, {
        x: 'trajectory_progress',
        y: 'short_name',
        insetTop: barTop,
        insetBottom: barBottom,
        stroke: PALETTE.trajectory,
        strokeWidth: 3,
        strokeDasharray: '4,2',
      }),
      Plot.dot(
        data.filter((d) => d.prev_progress != null),
        {
          x: 'prev_progress',
          y: 'short_name',
          dy,
          r: 5,
          stroke: PALETTE.target,
          strokeWidth: 2,
          fill: PALETTE.halo,
        },
      ),
      phone
        ? Plot.text(data, {
            x: (d: Row) => Math.max(0, d.progress ?? 0),
            y: 'short_name',
            dy,
            text: (d: Row) => (d.value_pct == null ? (d.missing_label ?? 'нет данных') : formatPct(d.value_pct)),
            textAnchor: 'start',
            dx: 6,
            fill: 'currentColor',
            stroke: PALETTE.halo,
            strokeWidth: 3,
            paintOrder: 'stroke',
          })
        : Plot.text(data, {
            x: 115,
            y: 'short_name',
            text: 'label',
            textAnchor: 'start',
            dx: 8,
            fill: 'currentColor',
            lineWidth: Math.min(18, (width * 0.28) / 7.5),
          }),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'indicator-progress';
  figure.append(
    chartLegend([
      [{ kind: 'swatch', color: PALETTE.fact }, `значение ${formatYear(year)}`],
      [{ kind: 'swatch', color: PALETTE.lagging }, 'ниже траектории'],
      [{ kind: 'dash', color: PALETTE.trajectory }, 'траектория на год'],
      [{ kind: 'ring', color: PALETTE.target }, 'предыдущий год'],
    ]),
    chart,
  );
  return figure;
}
