import * as Plot from '@observablehq/plot';
import { formatNumber, formatPct } from '../contract/format.js';
import { chartLegend, type LegendSymbol, PALETTE } from './legend.js';
import { CHART_STYLE, pctScale, rowStep } from './plot-defaults.js';
import { bandLabels } from './plot-layout.js';

/** A share out of counts: `meeting` of `answered` (no answers: no bar). */
export interface ShareBar {
  label: string;
  meeting: number;
  answered: number;
}

/** A dashed vertical reference line across the bars, named in the legend. */
export interface ShareRule {
  value: number;
  label: string;
  color: string;
}

export interface ShareBarsOptions {
  width: number;
  /** The room a slide's frame gives the chart, px (rows stand closer to fit it). */
  height?: number;
  rules?: readonly ShareRule[];
  /** Keep the given order instead of sorting by share, highest first. */
  keepOrder?: boolean;
  /** What a row without answers says. */
  noData?: string;
  /** Unit of the counts in the labels: "12 из 26 организаций". */
  unit?: string;
}

/** From this share on, the label goes inside the bar. */
const INSIDE_FROM = 60;

/**
 * Horizontal bars of shares (Σ meeting / Σ answered, %), each labelled with the share and its counts, with
 * optional reference lines (the region's value, an outside benchmark).
 * @example shareBars(rows, { width, rules: [{ value: 61.2, label: "весь край", color: PALETTE.trajectory }] })
 */
export function shareBars(
  data: readonly ShareBar[],
  { width, height, rules = [], keepOrder = false, noData = 'нет ответов', unit = '' }: ShareBarsOptions,
): HTMLElement {
  const rows = data.map((d) => ({ ...d, share_pct: d.answered > 0 ? (d.meeting / d.answered) * 100 : null }));
  type Row = (typeof rows)[number];
  const ordered = keepOrder
    ? rows
    : rows.toSorted(
        (a, b) => (b.share_pct ?? -Infinity) - (a.share_pct ?? -Infinity) || a.label.localeCompare(b.label, 'ru'),
      );
  const present = ordered.filter((d) => d.share_pct != null);
  const missing = ordered.filter((d) => d.share_pct == null);
  // on a phone, where the column would cut them short, the labels (criteria, territories) go above their bars
  const band = bandLabels(
    ordered.map((d) => d.label),
    width,
    { perChar: 8, max: 300, marginRight: 40, rowHeight: 26 },
  );
  // a bar's own texts sit beside the bar, which is below its label when the labels are above the bars
  const dy = band.above ? (band.insetTop - 3) / 2 : 0;
  // on a phone (labels above the bars) the figures drop their unit, and a long bar carries them from its start
  const compact = band.above;
  const counts = (d: Row, withUnit = !compact) =>
    `${formatNumber(d.meeting)} из ${formatNumber(d.answered)}${unit && withUnit ? ` ${unit}` : ''}`;

  const step = band.above ? band.rowHeight : rowStep(ordered.length, band.rowHeight, height, 50);
  const text = (d: Row) => `${formatPct(d.share_pct)} · ${counts(d)}`;
  // rows drawn close (a slide's frame) leave bars thinner than a line: every label beside its bar, room on the right
  const insideFrom = step - 6 < 16 ? Infinity : INSIDE_FROM;
  const marginRight =
    insideFrom === Infinity ? Math.ceil(12 + 7.4 * Math.max(0, ...present.map((d) => text(d).length))) : 40;

  const chart = Plot.plot({
    width,
    height: 50 + ordered.length * step,
    marginTop: 20,
    marginLeft: band.marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: pctScale(100, { headroom: 1, nice: false }),
    y: { domain: ordered.map((d) => d.label), label: null, tickSize: 0, ...band.axis },
    marks: [
      Plot.barX(present, {
        y: 'label',
        x: 'share_pct',
        fill: PALETTE.fact,
        insetTop: band.above ? band.insetTop : 3,
        insetBottom: 3,
        title: (d: Row) => `${d.label}: ${formatPct(d.share_pct)} (${counts(d, true)})`,
        tip: true,
      }),
      ...band.labels('share-label'),
      ...rules.map((r) => Plot.ruleX([r.value], { stroke: r.color, strokeWidth: 2, strokeDasharray: '7,5' })),
      // A long bar carries its label inside, so a share near 100 % never runs off the chart.
      ...[true, false].map((inside) =>
        Plot.text(
          present.filter((d) => (d.share_pct ?? 0) >= insideFrom === inside),
          {
            y: 'label',
            x: inside && compact ? () => 0 : 'share_pct',
            dx: inside ? (compact ? 6 : -6) : 5,
            dy,
            textAnchor: inside && !compact ? 'end' : 'start',
            fill: inside ? 'white' : 'currentColor',
            stroke: inside ? null : PALETTE.halo,
            strokeWidth: 3,
            paintOrder: 'stroke',
            text,
          },
        ),
      ),
      Plot.text(missing, {
        y: 'label',
        x: () => 0,
        dx: 5,
        dy,
        textAnchor: 'start',
        fill: PALETTE.missingText,
        text: () => noData,
      }),
      Plot.ruleX([0]),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'share-bars';
  const legend: Array<readonly [LegendSymbol, string]> = rules.map(
    (r) => [{ kind: 'dash', color: r.color }, `${r.label}: ${formatPct(r.value)}`] as const,
  );
  if (legend.length > 0) figure.append(chartLegend(legend));
  figure.append(chart);
  return figure;
}

/** Letter 003 measured general-education organisations (Izhevsk, 2022): a fair benchmark only for the same type. */
export const IZHEVSK: ShareRule = { value: 54, label: 'Ижевск, школы, 2022 (письмо 003)', color: '#CC79A7' };
