import * as Plot from '@observablehq/plot';
import { formatNumber, formatYear } from '../contract/format.js';
import { PALETTE } from './legend.js';
import { bandLabels } from './plot-layout.js';
import { CHART_STYLE, countScale, rowsHeight } from './plot-defaults.js';

// Counts as the forms carry them (seed 002: mentees, pupil mentors, young teachers, enterprises), drawn where a share
// cannot be computed and beside it where it can: a missing count is written «нет данных», never drawn as zero.

export interface CountBar {
  label: string;
  value: number | null;
}

/**
 * One count per row (territory, form, type), largest first; rows without a count say «нет данных».
 * @example countBars([{ label: "Ванинский", value: 62 }, { label: "Охотский", value: null }], { width })
 */
export function countBars(data: readonly CountBar[], { width }: { width: number }): HTMLElement {
  const rows = data.toSorted((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.label.localeCompare(b.label, 'ru'));
  const present = rows.filter((d) => d.value != null);
  const missing = rows.filter((d) => d.value == null);
  // a wide screen: names in a column on the left; a phone: each name on its own line above its bar
  const band = bandLabels(
    rows.map((d) => d.label),
    width,
    { perChar: 7.6, pad: 16, max: Math.max(80, width * 0.45), marginRight: 64, rowHeight: 28 },
  );
  const dy = band.above ? (band.insetTop - 3) / 2 : 0;
  const xMax = Math.max(1, ...present.map((d) => d.value!));
  const chart = Plot.plot({
    width,
    height: rowsHeight(rows.length, band.rowHeight),
    marginTop: 10,
    marginLeft: band.marginLeft,
    marginRight: 64,
    style: CHART_STYLE,
    x: countScale(xMax, { headroom: 1.08 }),
    y: { domain: rows.map((d) => d.label), label: null, tickSize: 0, ...band.axis },
    marks: [
      ...band.labels('count-bar-label'),
      Plot.barX(present, {
        y: 'label',
        x: 'value',
        fill: PALETTE.fact,
        insetTop: band.above ? band.insetTop : 3,
        insetBottom: 3,
        title: (d: CountBar) => `${d.label}: ${formatNumber(d.value)}`,
        tip: true,
      }),
      Plot.text(present, {
        y: 'label',
        x: 'value',
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: 'currentColor',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (d: CountBar) => formatNumber(d.value),
      }),
      Plot.text(missing, {
        y: 'label',
        x: () => 0,
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: PALETTE.missingText,
        text: () => 'нет данных',
      }),
      Plot.ruleX([0]),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'count-bars';
  figure.append(chart);
  return figure;
}

export interface CountYear {
  year: number;
  value: number | null;
}

/**
 * A count by year as columns with their figures; a year nobody reported it is written «нет данных».
 * @example countTrend([{ year: 2021, value: 90 }, { year: 2022, value: 152 }], { width, highlight_year: 2022 })
 */
export function countTrend(
  data: readonly CountYear[],
  { width, height = 300, highlight_year }: { width: number; height?: number; highlight_year?: number },
): HTMLElement {
  const rows = data
    .toSorted((a, b) => a.year - b.year)
    .map((d) => ({ ...d, label: formatYear(d.year), chosen: d.year === highlight_year }));
  type Row = (typeof rows)[number];
  const present = rows.filter((d) => d.value != null);
  const yMax = Math.max(1, ...present.map((d) => d.value!));
  const chart = Plot.plot({
    width,
    height,
    marginTop: 24,
    marginLeft: 56,
    style: CHART_STYLE,
    x: { domain: rows.map((d) => d.label), label: null, padding: 0.35 },
    y: countScale(yMax, { headroom: 1.15 }),
    marks: [
      Plot.barY(present, {
        x: 'label',
        y: 'value',
        fill: (d: Row) => (d.chosen || highlight_year == null ? PALETTE.fact : '#8fb9d9'),
        title: (d: Row) => `${d.label}: ${formatNumber(d.value)}`,
        tip: true,
      }),
      Plot.text(present, { x: 'label', y: 'value', dy: -9, fontWeight: 600, text: (d: Row) => formatNumber(d.value) }),
      Plot.text(
        rows.filter((d) => d.value == null),
        { x: 'label', y: () => 0, dy: -9, fill: PALETTE.missingText, text: () => 'нет данных' },
      ),
      Plot.ruleY([0]),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'count-trend';
  figure.append(chart);
  return figure;
}
