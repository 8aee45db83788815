import * as Plot from '@observablehq/plot';
import { formatPct, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { CHART_STYLE, PANEL_STYLE, pctScale } from './plot-defaults.js';

/** One year of one indicator for a territory, with the region's value of the same year. */
export interface TerritoryPoint {
  indicator_id: string;
  year: number;
  value_pct: number | null;
  region_pct: number | null;
  trajectory_pct: number;
  is_lagging: boolean | null;
}

export interface MultipleIndicator {
  indicator_id: string;
  short_name: string;
  name: string;
  target_year: number;
  target_pct: number;
}

/** A change of the territory's name from a year on (район → округ): marked on every panel. */
export interface RenameMark {
  year: number;
  label: string;
}

export interface MultiplesOptions {
  width: number;
  /**
   * The room a slide's frame gives the panels, px: they get lower to fit it and their type is the chart's (13 px,
   * not the page's 11), so that once the frame enlarges them it reads from the back of a hall.
   */
  height?: number;
  years: readonly number[];
  renames?: readonly RenameMark[];
}

/** The region's line: neutral, so that the territory's own line and its lagging points stand out. */
const REGION_COLOR = '#555555';

/**
 * Small multiples, one panel per indicator: the territory's value by year (one series across renames; a year
 * without data is a gap labelled «нет данных»), the region's value and the trajectory. Points below the
 * trajectory are orange squares, so they differ by shape as well as colour.
 * @example territoryMultiples(indicators, series, { width, years: [2020, 2021], renames: [{ year: 2023, label: "с 2023 — округ" }] })
 */
export function territoryMultiples(
  indicators: readonly MultipleIndicator[],
  series: readonly TerritoryPoint[],
  { width, height, years, renames = [] }: MultiplesOptions,
): HTMLElement {
  const columns = width >= 800 ? 4 : width >= 520 ? 2 : 1;
  const gap = 16;
  const panelWidth = Math.floor((width - gap * (columns - 1)) / columns);
  const labels = years.map(formatYear);
  const slide = height != null;
  const panelRows = Math.ceil(indicators.length / columns);
  // in a frame: what is left after the legend (about 40 px) and each panel's title and note (about 44 px)
  const panelHeight = slide ? Math.max(100, Math.min(190, Math.floor((height - 40) / panelRows) - 44)) : 190;
  const shownRenames = renames.filter((r) => labels.includes(formatYear(r.year)));

  const grid = document.createElement('div');
  grid.className = 'territory-multiples';
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  grid.style.gap = `${gap}px`;

  for (const indicator of indicators) {
    const rows = series
      .filter((d) => d.indicator_id === indicator.indicator_id)
      .toSorted((a, b) => a.year - b.year)
      .map((d) => ({ ...d, label: formatYear(d.year) }));
    type Row = (typeof rows)[number];
    const facts = rows.filter((d) => d.value_pct != null);
    // a panel with no value at all says so once, in its note, instead of under every year
    const gaps = facts.length ? rows.filter((d) => d.value_pct == null) : [];
    const last = facts.at(-1);
    const yMax = Math.max(
      indicator.target_pct,
      ...rows.map((d) => Math.max(d.value_pct ?? 0, d.region_pct ?? 0, d.trajectory_pct)),
    );

    const panel = document.createElement('figure');
    panel.className = 'territory-multiple';
    panel.dataset.indicator = indicator.indicator_id;
    const title = document.createElement('h3');
    title.textContent = indicator.short_name;
    title.title = indicator.name;
    const note = document.createElement('p');
    note.className = 'territory-multiple-note';
    note.textContent = last
      ? `${formatYear(last.year)}: ${formatPct(last.value_pct)} · край ${formatPct(last.region_pct)}`
      : 'нет данных ни за один год';
    if (last?.is_lagging) note.classList.add('territory-multiple-lagging');
    if (slide) note.style.fontSize = CHART_STYLE.fontSize;

    const chart = Plot.plot({
      width: panelWidth,
      height: panelHeight,
      marginTop: 18,
      marginRight: 14,
      marginLeft: 34,
      marginBottom: 24,
      style: slide ? CHART_STYLE : PANEL_STYLE,
      x: { type: 'point', domain: labels, label: null, padding: 0.3 },
      y: pctScale(yMax, { headroom: 1.1, ticks: 4 }),
      marks: [
        Plot.ruleY([0]),
        Plot.ruleX(shownRenames, {
          x: (r: RenameMark) => formatYear(r.year),
          stroke: PALETTE.trajectory,
          strokeDasharray: '1,3',
          className: 'tm-rename',
        }),
        Plot.text(shownRenames, {
          x: (r: RenameMark) => formatYear(r.year),
          frameAnchor: 'top',
          dy: -12,
          textAnchor: 'middle',
          fill: PALETTE.trajectory,
          fontSize: slide ? 13 : 10,
          text: (r: RenameMark) => `с ${formatYear(r.year)}`,
        }),
        Plot.line(rows, {
          x: 'label',
          y: 'trajectory_pct',
          stroke: PALETTE.trajectory,
          strokeWidth: 1.5,
          strokeDasharray: '6,4',
          className: 'tm-trajectory',
        }),
        Plot.line(rows, {
          x: 'label',
          y: 'region_pct',
          stroke: REGION_COLOR,
          strokeWidth: 1.5,
          className: 'tm-region',
        }),
        Plot.dot(
          rows.filter((d) => d.region_pct != null),
          { x: 'label', y: 'region_pct', r: 2.5, fill: REGION_COLOR, className: 'tm-region-dots' },
        ),
        // one line over all years: a year without a value breaks it, so the gap shows
        Plot.line(rows, { x: 'label', y: 'value_pct', stroke: PALETTE.fact, strokeWidth: 2.5, className: 'tm-line' }),
        Plot.dot(facts, {
          x: 'label',
          y: 'value_pct',
          r: 4,
          fill: (d: Row) => (d.is_lagging ? PALETTE.lagging : PALETTE.fact),
          symbol: (d: Row) => (d.is_lagging ? 'square' : 'circle'),
          stroke: PALETTE.halo,
          strokeWidth: 1,
          title: (d: Row) =>
            `${d.label}: ${formatPct(d.value_pct)}${d.is_lagging ? ' (ниже траектории)' : ''}\nкрай: ${formatPct(d.region_pct)}\nтраектория: ${formatPct(d.trajectory_pct)}`,
          tip: true,
          className: 'tm-dots',
        }),
        Plot.text(gaps, {
          x: 'label',
          y: () => 0,
          dy: -20,
          text: () => 'нет\nданных',
          fill: PALETTE.missingText,
          lineHeight: 1,
          className: 'tm-gap',
        }),
        last
          ? Plot.text([last], {
              x: 'label',
              y: 'value_pct',
              dy: (last.value_pct ?? 0) < last.trajectory_pct ? 12 : -10,
              textAnchor: 'end',
              dx: 4,
              text: (d: Row) => formatPct(d.value_pct),
              fontWeight: 600,
              fill: last.is_lagging ? PALETTE.lagging : PALETTE.fact,
              stroke: PALETTE.halo,
              strokeWidth: 3,
              paintOrder: 'stroke',
            })
          : null,
      ],
    });
    panel.append(title, note, chart);
    grid.append(panel);
  }

  const legend = chartLegend([
    [{ kind: 'line-dot', color: PALETTE.fact }, 'муниципалитет'],
    [{ kind: 'swatch', color: PALETTE.lagging }, 'ниже траектории (квадрат)'],
    [{ kind: 'line-dot', color: REGION_COLOR }, 'край'],
    [{ kind: 'dash', color: PALETTE.trajectory }, 'траектория'],
  ]);
  for (const rename of renames) {
    const span = document.createElement('span');
    span.innerHTML = `<svg width="10" height="14"><line x1="5" y1="0" x2="5" y2="14" stroke="${PALETTE.trajectory}" stroke-dasharray="1,3" stroke-width="1.5"/></svg>`;
    span.append(rename.label);
    legend.append(span);
  }
  const figure = document.createElement('div');
  figure.className = 'territory-multiples-figure';
  figure.append(legend, grid);
  return figure;
}
