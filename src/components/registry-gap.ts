import * as Plot from '@observablehq/plot';
import { formatNumber, formatPct } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { bandLabels } from './plot-layout.js';
import { CHART_STYLE, pctScale, rowStep } from './plot-defaults.js';

/** One territory in one year: mentors with a programme in the registry against the programmes reported. */
export interface RegistryGapRow {
  short_name: string;
  mentors_with_programme: number;
  programmes_reported: number | null;
  registry_to_reported_pct: number | null;
}

export interface RegistryGapOptions {
  width: number;
  /** The room a slide's frame gives the chart, px (rows stand closer to fit it). */
  height?: number;
  /** Territories whose registry holds fewer than this many mentors per 100 reported programmes are marked. */
  threshold_pct: number;
}

export const GAP_STATUS = {
  low: (threshold: number) => `в реестре меньше ${formatNumber(threshold)}\u00a0% программ по отчётам`,
  ok: 'остальные',
  none: 'организации не указали программ',
} as const;

/**
 * Mentors with a personalised programme in the registry per 100 programmes reported, by territory, lowest first:
 * territories below the threshold are coloured, and each bar says how many of how many.
 * @example registryGap(rows, { width, threshold_pct: 50 })
 */
export function registryGap(
  data: readonly RegistryGapRow[],
  { width, height, threshold_pct }: RegistryGapOptions,
): HTMLElement {
  const lowLabel = GAP_STATUS.low(threshold_pct);
  const rows = data
    .map((d) => ({
      ...d,
      status:
        d.registry_to_reported_pct == null
          ? GAP_STATUS.none
          : d.registry_to_reported_pct < threshold_pct
            ? lowLabel
            : GAP_STATUS.ok,
    }))
    .toSorted(
      (a, b) =>
        (a.registry_to_reported_pct ?? Infinity) - (b.registry_to_reported_pct ?? Infinity) ||
        a.short_name.localeCompare(b.short_name, 'ru'),
    );
  type Row = (typeof rows)[number];
  const present = rows.filter((d) => d.registry_to_reported_pct != null);
  const missing = rows.filter((d) => d.registry_to_reported_pct == null);
  const statuses = [lowLabel, GAP_STATUS.ok].filter((s) => present.some((d) => d.status === s));
  const xMax = Math.max(100, threshold_pct, ...present.map((d) => d.registry_to_reported_pct ?? 0));
  const column = { perChar: 7.6, pad: 16, max: 280 };
  // a wide screen: names in a column on the left; a phone: each name on its own line above its bar
  const band = bandLabels(
    rows.map((d) => d.short_name),
    width,
    { ...column, marginRight: 150, rowHeight: rowStep(rows.length, 26, height, 60) },
  );
  const marginLeft = band.marginLeft;
  const dy = band.above ? (band.insetTop - 3) / 2 : 0;
  // «порог 50 %» and «реестр = отчёты» are written above their lines: closer than their widths (a phone), the second
  // goes a line higher
  const unit = (width - marginLeft - 150) / (xMax * 1.02);
  const stacked = Math.abs(100 - threshold_pct) * unit < 120;
  const label = (d: Row) =>
    `${formatPct(d.registry_to_reported_pct)} · ${formatNumber(d.mentors_with_programme)} из ${formatNumber(d.programmes_reported)}`;

  const chart = Plot.plot({
    width,
    height: (stacked ? 74 : 60) + rows.length * band.rowHeight,
    marginTop: stacked ? 44 : 30,
    marginLeft,
    marginRight: 150,
    style: CHART_STYLE,
    color: { domain: statuses, range: statuses.map((s) => (s === lowLabel ? PALETTE.lagging : PALETTE.fact)) },
    x: pctScale(xMax, { headroom: 1.02 }),
    y: { domain: rows.map((d) => d.short_name), label: null, tickSize: 0, ...band.axis },
    marks: [
      ...band.labels('registry-gap-label'),
      Plot.barX(present, {
        y: 'short_name',
        x: 'registry_to_reported_pct',
        fill: 'status',
        insetTop: band.above ? band.insetTop : 3,
        insetBottom: 3,
        title: (d: Row) =>
          `${d.short_name}: наставников с программой в реестре — ${formatNumber(d.mentors_with_programme)}, программ по отчётам — ${formatNumber(d.programmes_reported)} (${formatPct(d.registry_to_reported_pct)})`,
        tip: true,
      }),
      Plot.ruleX([100], { stroke: PALETTE.trajectory, strokeWidth: 1.5 }),
      Plot.text([100], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: stacked ? -32 : -16,
        fill: PALETTE.trajectory,
        text: () => 'реестр = отчёты',
      }),
      Plot.ruleX([threshold_pct], { stroke: PALETTE.lagging, strokeWidth: 2, strokeDasharray: '7,5' }),
      Plot.text([threshold_pct], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -16,
        fill: PALETTE.lagging,
        fontWeight: 600,
        text: () => `порог ${formatNumber(threshold_pct)}\u00a0%`,
      }),
      Plot.text(present, {
        y: 'short_name',
        x: 'registry_to_reported_pct',
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: 'currentColor',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: label,
      }),
      Plot.text(missing, {
        y: 'short_name',
        x: () => 0,
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: PALETTE.missingText,
        text: () => GAP_STATUS.none,
      }),
      Plot.ruleX([0]),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'registry-gap';
  figure.append(
    chartLegend([
      ...statuses.map((s) => [{ kind: 'swatch', color: s === lowLabel ? PALETTE.lagging : PALETTE.fact }, s] as const),
      [{ kind: 'dash', color: PALETTE.lagging }, 'порог выделения'] as const,
    ]),
    chart,
  );
  return figure;
}
