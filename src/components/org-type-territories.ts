import * as Plot from '@observablehq/plot';
import { formatPct, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { fitLabel, labelMargin } from './plot-layout.js';
import { CHART_STYLE, pctScale, rowStep } from './plot-defaults.js';

/** One territory × organisation type value of an indicator in one year (level 'territory_org_type'). */
export interface TerritoryTypeCell {
  territory: string;
  type: string;
  value_pct: number | null;
  is_lagging: boolean | null;
}

export interface TerritoryTypeOptions {
  width: number;
  /** The room a slide's frame gives the chart, px: rows stand closer and the values take the chart's type. */
  height?: number;
  year: number;
  /** Territories top to bottom, types left to right: every pair gets a row, with or without a value. */
  territories: readonly string[];
  types: readonly string[];
  trajectory_pct: number | null;
}

const LAGGING = 'ниже траектории ▼';
const ON_TRACK = 'на траектории или выше';

/**
 * Territory × organisation type in one year: one panel of horizontal bars per type, territories in the same rows
 * across panels, bars below the trajectory in orange, a dash where a territory has no organisations of the type
 * or no value.
 * @example territoryTypeBars(cells, { width, year: 2024, territories, types: ["ОО", "СПО", "ДО"], trajectory_pct: 70 })
 */
export function territoryTypeBars(
  data: readonly TerritoryTypeCell[],
  { width, height, year, territories, types, trajectory_pct }: TerritoryTypeOptions,
): HTMLElement {
  const cells = territories.flatMap((territory) =>
    types.map((type) => {
      const d = data.find((c) => c.territory === territory && c.type === type);
      const value_pct = d?.value_pct ?? null;
      return { territory, type, value_pct, status: value_pct == null ? null : d?.is_lagging ? LAGGING : ON_TRACK };
    }),
  );
  type Cell = (typeof cells)[number];
  const present = cells.filter((c) => c.value_pct != null);
  const absent = cells.filter((c) => c.value_pct == null);
  const xMax = Math.max(trajectory_pct ?? 0, ...present.map((c) => c.value_pct ?? 0), 1);
  const column = { perChar: 7.4, pad: 14, max: 230 };
  // Each type's panel keeps room for its bars and their labels («58,3 % ▼», about 64 px): on a phone the chart is
  // drawn wider than the screen and scrolls sideways inside its card, rather than drawing labels over each other.
  const facets = Math.max(1, types.length);
  const minFacet = 150;
  const drawWidth = Math.max(
    width,
    Math.min(230, 14 + 7.4 * Math.max(0, ...territories.map((t) => t.length))) + 56 + minFacet * facets,
  );
  const marginLeft = labelMargin(territories, drawWidth, { ...column, marginRight: 56, minPlot: minFacet * facets });
  const facetWidth = ((drawWidth - marginLeft - 56) / facets) * (1 - 0.12);
  const headroom = Math.max(1.15, facetWidth / Math.max(1, facetWidth - 64));
  const statuses = [LAGGING, ON_TRACK].filter((s) => present.some((c) => c.status === s));

  const chart = Plot.plot({
    width: drawWidth,
    height: 50 + territories.length * rowStep(territories.length, 26, height, 50),
    marginTop: 30,
    marginLeft,
    marginRight: 56,
    style: CHART_STYLE,
    fx: { domain: types, label: null, padding: 0.12, axis: 'top' },
    // past 100 % only to leave the labels room; the ticks stop at 100 (or at the longest bar's end)
    x: { ...pctScale(xMax, { headroom, nice: false }), ticks: [0, 50, 100].filter((t) => t <= xMax * headroom) },
    y: { domain: territories, label: null, tickSize: 0, tickFormat: (l: string) => fitLabel(l, marginLeft, column) },
    color: { domain: [LAGGING, ON_TRACK], range: [PALETTE.lagging, PALETTE.fact] },
    marks: [
      Plot.barX(present, {
        fx: 'type',
        y: 'territory',
        x: 'value_pct',
        fill: 'status',
        insetTop: 3,
        insetBottom: 3,
        title: (c: Cell) => `${c.territory}, ${c.type}: ${formatPct(c.value_pct)} (${c.status})`,
        tip: true,
        className: 'ttb-bars',
      }),
      trajectory_pct == null
        ? null
        : Plot.ruleX([trajectory_pct], { stroke: PALETTE.trajectory, strokeWidth: 1.5, strokeDasharray: '6,4' }),
      Plot.text(present, {
        fx: 'type',
        y: 'territory',
        x: 'value_pct',
        dx: 4,
        textAnchor: 'start',
        fontSize: height == null ? 11 : 13,
        fill: 'currentColor',
        stroke: PALETTE.halo,
        strokeWidth: 3,
        paintOrder: 'stroke',
        text: (c: Cell) => (c.status === LAGGING ? `${formatPct(c.value_pct)} ▼` : formatPct(c.value_pct)),
      }),
      Plot.text(absent, {
        fx: 'type',
        y: 'territory',
        x: () => 0,
        dx: 4,
        textAnchor: 'start',
        fill: PALETTE.missingText,
        text: () => '—',
      }),
      Plot.ruleX([0]),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'territory-type-bars';
  figure.append(
    chartLegend([
      ...statuses.map((s) => [{ kind: 'swatch', color: s === LAGGING ? PALETTE.lagging : PALETTE.fact }, s] as const),
      ...(trajectory_pct == null
        ? []
        : [
            [
              { kind: 'dash', color: PALETTE.trajectory },
              `траектория ${formatYear(year)}: ${formatPct(trajectory_pct)}`,
            ] as const,
          ]),
      [{ kind: 'swatch', color: 'transparent' }, '— нет организаций этого типа или нет значения'] as const,
    ]),
  );
  if (drawWidth > width) {
    const scroll = document.createElement('div');
    scroll.className = 'chart-scroll';
    scroll.append(chart);
    figure.append(scroll);
  } else figure.append(chart);
  return figure;
}
