import * as Plot from '@observablehq/plot';
import { formatPct, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, pctScale } from './plot-defaults.js';

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
  /** The year chosen on the page, shaded behind the marks. */
  highlight_year?: number;
}

/**
 * The region's value of one indicator by year against the straight trajectory from baseline to target
 * (flat after the target year, as the marts compute it), with the target marked.
 * @example indicatorTrend(regionRows, { width, target_year: 2024, target_pct: 70, highlight_year: 2023 })
 */
export function indicatorTrend(
  data: readonly TrendPoint[],
  { width, height = 340, target_year, target_pct, highlight_year }: TrendOptions,
): HTMLElement {
  const rows = data.toSorted((a, b) => a.year - b.year).map((d) => ({ ...d, label: formatYear(d.year) }));
  const facts = rows.filter((d) => d.value_pct != null);
  type Fact = (typeof facts)[number];
  const labels = rows.map((d) => d.label);
  const targetLabel = formatYear(target_year);
  const yMax = Math.max(target_pct, ...rows.map((d) => Math.max(d.value_pct ?? 0, d.trajectory_pct)));
  // A value's label goes on the side away from the trajectory line, so the two never cross.
  const below = (d: Fact) => (d.value_pct ?? 0) < d.trajectory_pct;

  const chart = Plot.plot({
    width,
    height,
    marginTop: 24,
    marginRight: 100,
    marginLeft: 44,
    style: CHART_STYLE,
    x: { type: 'point', domain: labels, label: null, padding: 0.4 },
    y: pctScale(yMax, { label: '%' }),
    marks: [
      highlight_year == null
        ? null
        : Plot.ruleX([formatYear(highlight_year)], {
            x: (d: string) => d,
            stroke: PALETTE.fact,
            strokeOpacity: 0.12,
            strokeWidth: 28,
          }),
      Plot.ruleY([0]),
      Plot.ruleY([target_pct], { stroke: PALETTE.target, strokeOpacity: 0.35, strokeDasharray: '2,3' }),
      Plot.text([target_pct], {
        y: (d: number) => d,
        frameAnchor: 'right',
        dx: 8,
        textAnchor: 'start',
        fill: PALETTE.target,
        text: () => `цель ${targetLabel}:\n${formatPct(target_pct)}`,
      }),
      Plot.line(rows, {
        x: 'label',
        y: 'trajectory_pct',
        stroke: PALETTE.trajectory,
        strokeWidth: 2,
        strokeDasharray: '7,5',
      }),
      Plot.line(facts, { x: 'label', y: 'value_pct', stroke: PALETTE.fact, strokeWidth: 3 }),
      labels.includes(targetLabel)
        ? Plot.dot([target_pct], {
            x: () => targetLabel,
            y: (d: number) => d,
            symbol: 'diamond',
            r: 7,
            stroke: PALETTE.target,
            strokeWidth: 2,
            fill: PALETTE.halo,
          })
        : null,
      Plot.dot(facts, {
        x: 'label',
        y: 'value_pct',
        r: 5,
        fill: PALETTE.fact,
        stroke: PALETTE.halo,
        title: (d: Fact) => `${d.label}: ${formatPct(d.value_pct)}\nтраектория: ${formatPct(d.trajectory_pct)}`,
        tip: true,
      }),
      ...[true, false].map((isBelow) =>
        Plot.text(
          facts.filter((d) => below(d) === isBelow),
          {
            x: 'label',
            y: 'value_pct',
            dy: isBelow ? 16 : -14,
            fontWeight: 600,
            fill: PALETTE.fact,
            stroke: PALETTE.halo,
            strokeWidth: 3,
            paintOrder: 'stroke',
            text: (d: Fact) => formatPct(d.value_pct),
          },
        ),
      ),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'indicator-trend';
  figure.append(
    chartLegend([
      [{ kind: 'line-dot', color: PALETTE.fact }, 'значение по краю'],
      [{ kind: 'dash', color: PALETTE.trajectory }, 'траектория (от базового значения к цели)'],
      [{ kind: 'diamond', color: PALETTE.target }, 'цель'],
    ]),
    chart,
  );
  return figure;
}
