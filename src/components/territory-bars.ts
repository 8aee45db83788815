import * as Plot from '@observablehq/plot';
import { formatPct, formatPctVs, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, pctScale, rowStep } from './plot-defaults.js';
import { bandLabels } from './plot-layout.js';

/** One territory's value of an indicator in one year (a row of the marts, level "territory"). */
export interface TerritoryBar {
  territory_id: string;
  short_name: string;
  value_pct: number | null;
  is_lagging: boolean | null;
}

export interface TerritoryBarsOptions {
  width: number;
  /** The room a slide's frame gives the chart, px (rows stand closer to fit it). */
  height?: number;
  year: number;
  trajectory_pct: number | null;
}

export const STATUS = {
  lagging: 'ниже траектории',
  onTrack: 'на траектории или выше',
  missing: 'нет данных',
} as const;
type Status = (typeof STATUS)[keyof typeof STATUS];
const STATUS_COLOR: Record<Status, string> = {
  [STATUS.lagging]: PALETTE.lagging,
  [STATUS.onTrack]: PALETTE.fact,
  [STATUS.missing]: PALETTE.missing, // no bar: the row says «нет данных»
};
/** The fill of a lagging territory's bar. */
export const LAGGING_COLOR = PALETTE.lagging;

/**
 * Every territory's value in one year as horizontal bars, highest first, with the year's trajectory as a rule;
 * territories below the trajectory are coloured differently.
 * @example territoryBars(rows, { width, year: 2024, trajectory_pct: 70 })
 */
export function territoryBars(
  data: readonly TerritoryBar[],
  { width, height, year, trajectory_pct }: TerritoryBarsOptions,
): HTMLElement {
  const rows = data
    .map((d) => ({
      ...d,
      status: (d.value_pct == null ? STATUS.missing : d.is_lagging ? STATUS.lagging : STATUS.onTrack) as Status,
    }))
    .toSorted(
      (a, b) =>
        (b.value_pct ?? -Infinity) - (a.value_pct ?? -Infinity) || a.short_name.localeCompare(b.short_name, 'ru'),
    );
  type Row = (typeof rows)[number];
  const present = rows.filter((d) => d.value_pct != null);
  const missing = rows.filter((d) => d.value_pct == null);
  const statuses = [STATUS.lagging, STATUS.onTrack].filter((s) => present.some((d) => d.status === s));
  const xMax = Math.max(trajectory_pct ?? 0, ...present.map((d) => d.value_pct ?? 0), 1);
  // a wide screen: names in a column on the left; a phone: each name on its own line above its bar
  const band = bandLabels(
    rows.map((d) => d.short_name),
    width,
    { perChar: 7.6, pad: 16, max: 280, marginRight: 64, rowHeight: rowStep(rows.length, 28, height, 56) },
  );
  const dy = band.above ? (band.insetTop - 3) / 2 : 0;

  const chart = Plot.plot({
    width,
    height: 56 + rows.length * band.rowHeight,
    marginTop: 26,
    marginLeft: band.marginLeft,
    marginRight: 64,
    style: CHART_STYLE,
    color: { domain: statuses, range: statuses.map((s) => STATUS_COLOR[s]) },
    // a share stops at 100 %
    x: pctScale(xMax, { headroom: 1.05, ...(xMax <= 100 ? { cap: 100 } : {}) }),
    y: { domain: rows.map((d) => d.short_name), label: null, tickSize: 0, ...band.axis },
    marks: [
      ...band.labels('territory-bar-label'),
      Plot.barX(present, {
        y: 'short_name',
        x: 'value_pct',
        fill: 'status',
        insetTop: band.above ? band.insetTop : 3,
        insetBottom: 3,
        title: (d: Row) => `${d.short_name}: ${formatPct(d.value_pct)} (${d.status})`,
        tip: true,
      }),
      trajectory_pct == null
        ? null
        : Plot.ruleX([trajectory_pct], { stroke: PALETTE.trajectory, strokeWidth: 2, strokeDasharray: '7,5' }),
      Plot.text(present, {
        y: 'short_name',
        x: 'value_pct',
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: 'currentColor',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (d: Row) => formatPctVs(d.value_pct, trajectory_pct),
      }),
      Plot.text(missing, {
        y: 'short_name',
        x: () => 0,
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: PALETTE.missingText,
        text: () => STATUS.missing,
      }),
      Plot.ruleX([0]),
      trajectory_pct == null
        ? null
        : Plot.text([trajectory_pct], {
            x: (d: number) => d,
            frameAnchor: 'top',
            dy: -14,
            textAnchor: 'middle',
            fill: PALETTE.trajectory,
            fontWeight: 600,
            text: () => `траектория ${formatYear(year)}: ${formatPct(trajectory_pct)}`,
          }),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'territory-bars';
  figure.append(
    chartLegend([
      ...statuses.map((s) => [{ kind: 'swatch', color: STATUS_COLOR[s] }, s] as const),
      [{ kind: 'dash', color: PALETTE.trajectory }, `траектория ${formatYear(year)}`] as const,
    ]),
    chart,
  );
  return figure;
}
