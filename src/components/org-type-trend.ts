import * as Plot from '@observablehq/plot';
import { formatNumber, formatPct, formatYear } from '../contract/format.js';
import { chartLegend, OKABE_ITO, PALETTE } from './legend.js';
import { CHART_STYLE, pctScale } from './plot-defaults.js';

/** An organisation type as the charts name and draw it. */
export interface OrgTypeStyle {
  org_type_id: string;
  short_name: string;
  color: string;
  symbol: 'circle' | 'square' | 'triangle' | 'diamond';
}

const KNOWN_STYLES: Record<string, Pick<OrgTypeStyle, 'color' | 'symbol'>> = {
  OO: { color: '#0072B2', symbol: 'circle' },
  SPO: { color: '#E69F00', symbol: 'square' },
  DO: { color: '#009E73', symbol: 'triangle' },
};
const SPARE_SYMBOLS = ['diamond', 'circle', 'square', 'triangle'] as const;

/**
 * A colour and a shape per organisation type, so the types differ by more than colour; types other regions may
 * add take the remaining Okabe–Ito colours.
 * @example orgTypeStyles([{ org_type_id: "OO", short_name: "ОО" }])[0].symbol // "circle"
 */
export function orgTypeStyles(types: ReadonlyArray<{ org_type_id: string; short_name: string }>): OrgTypeStyle[] {
  const spare = OKABE_ITO.filter((c) => !Object.values(KNOWN_STYLES).some((s) => s.color === c));
  let next = 0;
  return types.map((t) => {
    const known = KNOWN_STYLES[t.org_type_id];
    if (known) return { ...t, ...known };
    const style = { ...t, color: spare[next % spare.length]!, symbol: SPARE_SYMBOLS[next % SPARE_SYMBOLS.length]! };
    next += 1;
    return style;
  });
}

/** What a share is computed from, as far as the page knows it (older snapshots lack organisations_reporting). */
export interface ShareSource {
  value_pct: number | null;
  numerator?: number | null;
  denominator?: number | null;
  organisations_reporting?: number | null;
}

/**
 * Why a share has no value, in Russian (null when it has one): nobody reported, or the denominator is missing
 * («доля не рассчитана — нет численности обучающихся»). `genitive` is the denominator's name in the genitive
 * (ref_measures.name_genitive); without it the sentence says «знаменателя».
 * @example shareAbsence({ value_pct: null, denominator: null }, "численности обучающихся") // "доля не рассчитана — нет численности обучающихся"
 */
export function shareAbsence(row: ShareSource | null | undefined, genitive: string | null | undefined): string | null {
  if (row?.value_pct != null) return null;
  if (row == null || row.organisations_reporting === 0) return 'нет данных: формы с этим показателем не присланы';
  if (row.denominator == null || row.denominator === 0) return `доля не рассчитана — нет ${genitive ?? 'знаменателя'}`;
  return 'доля не рассчитана';
}

/**
 * What was reported where a share could not be computed: the numerator as sent, and by how many organisations.
 * Empty when nothing was reported or the share exists (older snapshots have no numerator_reported).
 * @example reportedCounts({ value_pct: null, numerator_reported: 152, organisations_reporting: 5 }, "Наставляемые обучающиеся")
 * // "указано: наставляемые обучающиеся — 152 (организаций: 5)"
 */
export function reportedCounts(
  row: (ShareSource & { numerator_reported?: number | null }) | null | undefined,
  numeratorName: string | null | undefined,
): string {
  if (row == null || row.value_pct != null || row.numerator_reported == null || !numeratorName) return '';
  const name = numeratorName[0]!.toLowerCase() + numeratorName.slice(1);
  const organisations =
    row.organisations_reporting == null ? '' : ` (организаций: ${formatNumber(row.organisations_reporting)})`;
  return `указано: ${name} — ${formatNumber(row.numerator_reported)}${organisations}`;
}

/** One year of an indicator for one organisation type (level 'org_type'). */
export interface OrgTypePoint {
  org_type_id: string;
  year: number;
  value_pct: number | null;
}

/** One year of the region: its value and the trajectory. */
export interface RegionPoint {
  year: number;
  value_pct: number | null;
  trajectory_pct: number;
}

export interface OrgTypeTrendOptions {
  width: number;
  height?: number;
  years: readonly number[];
  types: readonly OrgTypeStyle[];
  region: readonly RegionPoint[];
  target_year: number;
  target_pct: number;
  highlight_year?: number;
}

const REGION_COLOR = '#555555';

/**
 * An indicator by organisation type over the years, one line and shape per type, against the region's value and
 * the trajectory; each line is named at its last point.
 * @example orgTypeTrend(rows, { width, years, types: orgTypeStyles(types), region, target_year: 2024, target_pct: 70 })
 */
export function orgTypeTrend(
  data: readonly OrgTypePoint[],
  { width, height = 360, years, types, region, target_year, target_pct, highlight_year }: OrgTypeTrendOptions,
): HTMLElement {
  const style = new Map(types.map((t) => [t.org_type_id, t]));
  const rows = data
    .filter((d) => style.has(d.org_type_id))
    .toSorted((a, b) => a.year - b.year)
    .map((d) => ({ ...d, label: formatYear(d.year), type: style.get(d.org_type_id)!.short_name }));
  type Row = (typeof rows)[number];
  const facts = rows.filter((d) => d.value_pct != null);
  const regionRows = region.toSorted((a, b) => a.year - b.year).map((d) => ({ ...d, label: formatYear(d.year) }));
  const labels = years.map(formatYear);
  const yMax = Math.max(
    target_pct,
    ...facts.map((d) => d.value_pct ?? 0),
    ...regionRows.map((d) => Math.max(d.value_pct ?? 0, d.trajectory_pct)),
  );
  const yTop = yMax * 1.1;

  // Each line is named at its last point; names closer than ~6 % of the axis are pushed apart so they stay legible.
  const ends = types
    .map((t) => ({ t, last: facts.filter((d) => d.org_type_id === t.org_type_id).at(-1) }))
    .filter((e): e is { t: OrgTypeStyle; last: Row } => e.last != null)
    .map((e) => ({ ...e, y: e.last.value_pct! }))
    .sort((a, b) => a.y - b.y);
  const minGap = yTop * 0.06;
  for (let i = 1; i < ends.length; i += 1) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + minGap);

  // On a phone the names at the lines' ends keep less room, and every other year is written (the last always): five
  // years under 150 px would run into each other.
  const marginRight = width < 480 ? 92 : 120;
  const step = (width - 44 - marginRight) / Math.max(1, labels.length);
  const ticks = step < 40 ? labels.filter((_, i) => (labels.length - 1 - i) % 2 === 0) : labels;
  const chart = Plot.plot({
    width,
    height,
    marginTop: 20,
    marginRight,
    marginLeft: 44,
    style: CHART_STYLE,
    x: { type: 'point', domain: labels, ticks, label: null, padding: 0.3 },
    y: pctScale(yTop, { headroom: 1, label: '%' }),
    marks: [
      highlight_year == null
        ? null
        : Plot.ruleX([formatYear(highlight_year)], {
            x: (d: string) => d,
            stroke: PALETTE.fact,
            strokeOpacity: 0.1,
            strokeWidth: 28,
          }),
      Plot.ruleY([0]),
      Plot.line(regionRows, {
        x: 'label',
        y: 'trajectory_pct',
        stroke: PALETTE.trajectory,
        strokeWidth: 2,
        strokeDasharray: '7,5',
        className: 'ott-trajectory',
      }),
      Plot.line(regionRows, {
        x: 'label',
        y: 'value_pct',
        stroke: REGION_COLOR,
        strokeWidth: 1.5,
        strokeOpacity: 0.8,
        className: 'ott-region',
      }),
      Plot.dot(
        regionRows.filter((d) => d.value_pct != null),
        {
          x: 'label',
          y: 'value_pct',
          r: 2.5,
          fill: REGION_COLOR,
          title: (d: RegionPoint & { label: string }) => `весь край, ${d.label}: ${formatPct(d.value_pct)}`,
          tip: true,
        },
      ),
      ...types.map((t) =>
        Plot.line(
          rows.filter((d) => d.org_type_id === t.org_type_id),
          {
            x: 'label',
            y: 'value_pct',
            stroke: t.color,
            strokeWidth: 2.5,
            className: `ott-line ott-line-${t.org_type_id}`,
          },
        ),
      ),
      ...types.map((t) =>
        Plot.dot(
          facts.filter((d) => d.org_type_id === t.org_type_id),
          {
            x: 'label',
            y: 'value_pct',
            r: 5,
            symbol: t.symbol,
            fill: t.color,
            stroke: PALETTE.halo,
            strokeWidth: 1,
            title: (d: Row) => `${d.type}, ${d.label}: ${formatPct(d.value_pct)}`,
            tip: true,
            className: `ott-dots ott-dots-${t.org_type_id}`,
          },
        ),
      ),
      Plot.text(ends, {
        x: (e: (typeof ends)[number]) => e.last.label,
        y: 'y',
        dx: 10,
        textAnchor: 'start',
        fontWeight: 600,
        fill: (e: (typeof ends)[number]) => e.t.color,
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (e: (typeof ends)[number]) => `${e.t.short_name} ${formatPct(e.last.value_pct)}`,
      }),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'org-type-trend';
  const legend = chartLegend([
    [
      { kind: 'dash', color: PALETTE.trajectory },
      `траектория (цель ${formatPct(target_pct)} к ${formatYear(target_year)})`,
    ],
    [{ kind: 'line-dot', color: REGION_COLOR }, 'весь край'],
  ]);
  legend.prepend(...types.map((t) => typeLegendItem(t)));
  figure.append(legend, chart);
  return figure;
}

const SHAPES: Record<OrgTypeStyle['symbol'], (color: string) => string> = {
  circle: (c) => `<circle cx="7" cy="7" r="5" fill="${c}"/>`,
  square: (c) => `<rect x="2" y="2" width="10" height="10" fill="${c}"/>`,
  triangle: (c) => `<path d="M7 1 L13 12 L1 12 Z" fill="${c}"/>`,
  diamond: (c) => `<path d="M7 1 L13 7 L7 13 L1 7 Z" fill="${c}"/>`,
};

/** A legend entry with the type's own colour and shape. */
export function typeLegendItem(t: OrgTypeStyle): HTMLElement {
  const span = document.createElement('span');
  span.innerHTML = `<svg width="14" height="14">${SHAPES[t.symbol](t.color)}</svg>`;
  span.append(t.short_name);
  return span;
}
