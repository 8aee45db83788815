import * as Plot from '@observablehq/plot';
import { formatAxisPct, formatGapPp } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { bandLabels } from './plot-layout.js';
import { CHART_STYLE, rowStep, rowsHeight } from './plot-defaults.js';

/** A unit below the trajectory and how far below, in percentage points (negative). */
export interface DistanceBar {
  label: string;
  distance_pp: number;
}

export interface DistanceBarsOptions {
  width: number;
  /** The room a slide's frame gives the chart, px (rows stand closer to fit it). */
  height?: number;
  /** What the zero line is, for the legend, e.g. «траектория 2024 г.: 70,0 %». */
  zeroLabel: string;
}

/**
 * Units below the trajectory as bars growing left from the trajectory (zero), the worst on top, each labelled
 * with its distance in percentage points.
 * @example distanceBars([{ label: "Нанайский", distance_pp: -34 }], { width, zeroLabel: "траектория 2024: 70,0 %" })
 */
export function distanceBars(
  data: readonly DistanceBar[],
  { width, height, zeroLabel }: DistanceBarsOptions,
): HTMLElement {
  const rows = data.toSorted((a, b) => a.distance_pp - b.distance_pp);
  const worst = Math.min(-1, ...rows.map((d) => d.distance_pp));
  const marginRight = 24;
  // a wide screen: names in a column on the left; a phone: each name on its own line above its bar
  const band = bandLabels(
    rows.map((d) => d.label),
    width,
    { perChar: 8.2, pad: 16, max: 280, marginRight, minPlot: 160, rowHeight: rowStep(rows.length, 28, height, 52) },
  );
  const chartWidth = Math.max(width, band.marginLeft + marginRight + 160);
  // room on the left of the longest bar for its label («−35,1 п.п.», about 72 px), whatever the width
  const plotWidth = chartWidth - band.marginLeft - marginRight;
  const room = Math.min(0.45, 76 / plotWidth);
  const dy = band.above ? (band.insetTop - 4) / 2 : 0;
  const chart = Plot.plot({
    // a container caught mid-layout (switching to print) can report a few pixels: never narrower than the labels
    // and some bar, or Plot draws bars of negative width
    width: chartWidth,
    height: rowsHeight(rows.length, band.rowHeight, 52),
    marginLeft: band.marginLeft,
    marginRight,
    marginTop: 8,
    marginBottom: 44,
    style: CHART_STYLE,
    x: {
      domain: [worst / (1 - room), 0],
      nice: true,
      grid: true,
      // on a line of its own under the ticks
      label: 'отставание от траектории, п.п.',
      labelAnchor: 'left',
      labelArrow: 'none',
      labelOffset: 36,
      tickFormat: formatAxisPct,
    },
    y: { domain: rows.map((d) => d.label), label: null, tickSize: 0, ...band.axis },
    marks: [
      ...band.labels('distance-label'),
      Plot.barX(rows, {
        y: 'label',
        x: 'distance_pp',
        fill: PALETTE.lagging,
        insetTop: band.above ? band.insetTop : 4,
        insetBottom: 4,
        title: (d: DistanceBar) => `${d.label}: ${formatGapPp(d.distance_pp)}`,
        tip: true,
      }),
      Plot.text(rows, {
        y: 'label',
        x: 'distance_pp',
        dx: -5,
        dy,
        textAnchor: 'end',
        fill: 'currentColor',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (d: DistanceBar) => formatGapPp(d.distance_pp),
      }),
      Plot.ruleX([0], { stroke: PALETTE.trajectory, strokeWidth: 2, strokeDasharray: '7,5' }),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'distance-bars';
  figure.append(
    chartLegend([
      [{ kind: 'swatch', color: PALETTE.lagging }, 'отставание от траектории'],
      [{ kind: 'dash', color: PALETTE.trajectory }, zeroLabel],
    ]),
    chart,
  );
  return figure;
}
