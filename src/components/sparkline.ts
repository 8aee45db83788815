import { formatPct, formatYear } from '../contract/format.js';
import { PALETTE } from './legend.js';

export interface SparklineOptions {
  years: readonly number[];
  /** Shared by every sparkline of a table, so their heights compare. */
  domain: readonly [number, number];
  /** The trajectory by year, drawn dashed behind the values. */
  reference?: ReadonlyArray<number | null>;
  /** Index of the year chosen on the page: its dot is larger. */
  highlight?: number;
  highlightColor?: string;
  width?: number;
  height?: number;
}

const SVG = 'http://www.w3.org/2000/svg';

function element<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/**
 * A value's course over the years in a table cell: a line broken where a year has no value (a gap, not a zero),
 * a dot per year, the chosen year's dot larger. Plain SVG: a table has one per row.
 * @example sparkline([10, 12, null, 20, 24], { years, domain: [0, 70], highlight: 4 })
 */
export function sparkline(values: ReadonlyArray<number | null>, options: SparklineOptions): SVGSVGElement {
  const { years, domain, reference, highlight, highlightColor = PALETTE.fact, width = 120, height = 30 } = options;
  const pad = 4;
  const [lo, hi] = domain;
  const x = (i: number) => pad + (years.length <= 1 ? 0 : (i * (width - 2 * pad)) / (years.length - 1));
  const y = (v: number) => height - pad - (hi <= lo ? 0 : ((v - lo) * (height - 2 * pad)) / (hi - lo));

  const svg = element('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'sparkline' });
  const described = values.map((v, i) => `${formatYear(years[i] ?? '')}: ${formatPct(v)}`).join('; ');
  svg.setAttribute('aria-label', described);
  const title = element('title', {});
  title.textContent = described.replaceAll('; ', '\n');
  svg.append(title);

  if (reference) {
    const points = reference.flatMap((v, i) => (v == null ? [] : [`${x(i)},${y(v)}`]));
    svg.append(
      element('polyline', {
        points: points.join(' '),
        fill: 'none',
        stroke: PALETTE.trajectory,
        'stroke-width': 1,
        'stroke-dasharray': '3,2',
      }),
    );
  }
  // one polyline per run of consecutive values
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1)
      svg.append(
        element('polyline', { points: run.join(' '), fill: 'none', stroke: PALETTE.fact, 'stroke-width': 1.8 }),
      );
    run = [];
  };
  values.forEach((v, i) => (v == null ? flush() : run.push(`${x(i)},${y(v)}`)));
  flush();
  values.forEach((v, i) => {
    if (v == null) return;
    const chosen = i === highlight;
    svg.append(
      element('circle', { cx: x(i), cy: y(v), r: chosen ? 3.6 : 1.8, fill: chosen ? highlightColor : PALETTE.fact }),
    );
  });
  return svg;
}
