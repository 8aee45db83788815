import * as Plot from '@observablehq/plot';
import { formatNumber, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, countScale } from './plot-defaults.js';

/** The region's registry counts in one year, beside the programmes organisations reported. */
export interface RegistryYear {
  year: number;
  mentors_registered: number;
  mentors_with_programme: number;
  mentors_trained: number;
  programmes_reported: number | null;
}

export interface RegistryTrendOptions {
  width: number;
  height?: number;
  /** The year chosen on the page: shaded, and its values are written on the chart. */
  highlight_year?: number;
}

// Okabe–Ito colours; the reported programmes also differ by a dashed line and hollow dots.
const SERIES = [
  { key: 'mentors_registered', label: 'наставников в реестре', color: '#0072B2', dashed: false },
  { key: 'mentors_with_programme', label: 'из них с персонализированной программой', color: '#009E73', dashed: false },
  { key: 'mentors_trained', label: 'из них обучены', color: '#E69F00', dashed: false },
  {
    key: 'programmes_reported',
    label: 'персонализированных программ по отчётам организаций',
    color: '#CC79A7',
    dashed: true,
  },
] as const;

/**
 * The registry's counts for the region by year as lines, with the programmes organisations reported as a dashed
 * line: the gap between the green and the dashed line is what the registry is missing.
 * @example registryTrend(region, { width, highlight_year: 2024 })
 */
export function registryTrend(
  data: readonly RegistryYear[],
  { width, height = 340, highlight_year }: RegistryTrendOptions,
): HTMLElement {
  const rows = data.toSorted((a, b) => a.year - b.year);
  const labels = rows.map((d) => formatYear(d.year));
  const points = SERIES.flatMap((s) =>
    rows.flatMap((d) => {
      const value = d[s.key];
      return value == null
        ? []
        : [{ series: s.label, dashed: s.dashed, label: formatYear(d.year), year: d.year, value }];
    }),
  );
  type Point = (typeof points)[number];
  const chosen = points.filter((p) => p.year === highlight_year);
  const yMax = Math.max(1, ...points.map((p) => p.value));
  const color = { domain: SERIES.map((s) => s.label), range: SERIES.map((s) => s.color) };

  const chart = Plot.plot({
    width,
    height,
    marginTop: 20,
    marginLeft: 56,
    marginRight: 24,
    style: CHART_STYLE,
    x: { type: 'point', domain: labels, label: null, padding: 0.3 },
    y: countScale(yMax, { headroom: 1.1, label: 'человек / программ' }),
    color,
    marks: [
      highlight_year == null
        ? null
        : Plot.ruleX([formatYear(highlight_year)], {
            x: (d: string) => d,
            stroke: PALETTE.fact,
            strokeOpacity: 0.1,
            strokeWidth: 36,
          }),
      Plot.ruleY([0]),
      ...[false, true].map((dashed) =>
        Plot.line(
          points.filter((p) => p.dashed === dashed),
          {
            x: 'label',
            y: 'value',
            z: 'series',
            stroke: 'series',
            strokeWidth: dashed ? 2 : 3,
            strokeDasharray: dashed ? '7,5' : undefined,
          },
        ),
      ),
      Plot.dot(points, {
        x: 'label',
        y: 'value',
        stroke: 'series',
        r: 4.5,
        strokeWidth: 2,
        fill: (d: Point) => (d.dashed ? 'var(--plot-background, white)' : d.series),
        title: (d: Point) => `${d.label}: ${d.series} — ${formatNumber(d.value)}`,
        tip: true,
      }),
      Plot.text(chosen, {
        x: 'label',
        y: 'value',
        dx: 8,
        textAnchor: 'start',
        fontWeight: 600,
        fill: 'series',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (d: Point) => formatNumber(d.value),
      }),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'registry-trend';
  figure.append(
    chartLegend(SERIES.map((s) => [{ kind: s.dashed ? 'dash' : 'line-dot', color: s.color }, s.label] as const)),
    chart,
  );
  return figure;
}
