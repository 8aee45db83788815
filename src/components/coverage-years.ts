import * as Plot from '@observablehq/plot';
import { formatNumber, formatPct, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, countScale } from './plot-defaults.js';

/** One year of a territory's monitoring coverage (mart_coverage). */
export interface CoverageYear {
  year: number;
  expected: number;
  reported: number;
  missing: number;
  unlisted: number;
  share_pct: number | null;
}

const REPORTED = 'сдали форму';
const MISSING = 'не сдали';

/**
 * Organisations by year as stacked columns: those that reported (including unlisted ones) and those expected that
 * did not, labelled with the share of expected organisations that reported.
 * @example coverageYears(rows, { width })
 */
export function coverageYears(
  data: readonly CoverageYear[],
  { width, height = 240 }: { width: number; height?: number },
): HTMLElement {
  const rows = data.toSorted((a, b) => a.year - b.year).map((d) => ({ ...d, label: formatYear(d.year) }));
  type Row = (typeof rows)[number];
  const stacked = rows
    .flatMap((d) => [
      { label: d.label, status: REPORTED, count: d.reported, d },
      { label: d.label, status: MISSING, count: d.missing, d },
    ])
    .filter((s) => s.count > 0);
  type Part = (typeof stacked)[number];
  const yMax = Math.max(1, ...rows.map((d) => d.reported + d.missing));
  // A label over each column («сдали 100,0 %», «никого не ждали»; bold 13 px, about 7,6 px a letter) on one line
  // where the column is wide enough, on two over a narrower one, and upright where even its longer half is wider than
  // the column (a phone), in room made at the top.
  const step = (width - 60) / Math.max(1, rows.length);
  const labelOf = (d: Row) => (d.share_pct == null ? ['никого', 'не ждали'] : ['сдали', formatPct(d.share_pct)]);
  const words = rows.map(labelOf);
  const wide = (n: number) => 8 + 7.6 * n;
  const layout =
    step >= wide(Math.max(...words.map((w) => w.join(' ').length)))
      ? 'line'
      : step >= wide(Math.max(...words.flat().map((w) => w.length)))
        ? 'two-lines'
        : 'upright';
  const upright = layout === 'upright';
  // an upright label is one line: two would stand side by side, as wide as the column
  const sep = layout === 'two-lines' ? '\n' : ' ';

  const chart = Plot.plot({
    width,
    height: upright ? height + 80 : height,
    marginTop: upright ? 104 : layout === 'two-lines' ? 40 : 24,
    marginLeft: 40,
    style: CHART_STYLE,
    x: { type: 'band', domain: rows.map((d) => d.label), label: null, padding: 0.35 },
    // upright labels take the corner where the axis names its unit; the legend says what is counted
    y: countScale(yMax, { headroom: 1.15, nice: false, label: upright ? null : 'организаций' }),
    color: { domain: [REPORTED, MISSING], range: [PALETTE.fact, PALETTE.lagging] },
    marks: [
      Plot.barY(stacked, {
        x: 'label',
        y: 'count',
        fill: 'status',
        order: [REPORTED, MISSING],
        title: (p: Part) =>
          `${p.label}: ${p.status} — ${formatNumber(p.count)} из ${formatNumber(p.d.expected)} ожидаемых`,
        tip: true,
        className: 'coverage-bars',
      }),
      Plot.ruleY([0]),
      Plot.text(rows, {
        x: 'label',
        y: (d: Row) => d.reported + d.missing,
        dy: -8,
        fontWeight: 600,
        ...(upright ? { rotate: -90, textAnchor: 'start' as const } : { lineAnchor: 'bottom' as const }),
        text: (d: Row) => labelOf(d).join(sep),
      }),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'coverage-years';
  figure.append(
    chartLegend([
      [{ kind: 'swatch', color: PALETTE.fact }, `${REPORTED} (внизу столбца)`],
      [{ kind: 'swatch', color: PALETTE.lagging }, `${MISSING} (вверху)`],
    ]),
    chart,
  );
  return figure;
}
