import * as Plot from '@observablehq/plot';
import { formatAxisPct, formatNumber, formatPct } from '../contract/format.js';
import { NO_YEARS, yearsPhrase } from './empty-note.js';
import { PALETTE } from './legend.js';

/**
 * Why the checklist has nothing to show for a year (and a type), in Russian; null when it has something.
 * `years` are the snapshot's years (any accepted form), `checklistYears` those with a checklist.
 * @example checklistAbsence([2021, 2022], [], 2022, null, false) // "Чек-лист за 2021–2022 годы не присылала ни одна организация."
 */
export function checklistAbsence(
  years: readonly number[],
  checklistYears: readonly number[],
  year: number | null | undefined,
  type: { name: string } | null,
  hasRows: boolean,
): string | null {
  if (years.length === 0) return NO_YEARS;
  if (checklistYears.length === 0) return `Чек-лист за ${yearsPhrase(years)} не присылала ни одна организация.`;
  if (year == null || !checklistYears.includes(year)) {
    return `Чек-лист${year == null ? '' : ` за ${year} год`} не присылала ни одна организация; он есть за ${yearsPhrase(checklistYears)}.`;
  }
  if (!hasRows) return `Организации типа «${type?.name ?? 'выбранного'}» не присылали чек-лист за ${year} год.`;
  return null;
}

/** The year a checklist view opens on: the latest with a checklist, else the latest year of the snapshot. */
export function checklistDefaultYear(years: readonly number[], checklistYears: readonly number[]): number | null {
  return checklistYears.at(-1) ?? years.at(-1) ?? null;
}

/** One territory × criterion: how many organisations answered and how many meet the criterion. */
export interface HeatmapCell {
  row: string;
  column: string;
  answered: number;
  meeting: number;
}

export interface ChecklistHeatmapOptions {
  width: number;
  /** Row labels (territories) top to bottom. */
  rows: readonly string[];
  /** Column labels (criteria) left to right. */
  columns: readonly string[];
  /** Full names of the columns, for the tooltips. */
  columnTitles?: ReadonlyMap<string, string>;
}

/** A single-hue ramp: ordered by lightness, so it reads the same with any colour vision and in greyscale. */
const SCHEME = 'Blues' as const;
/** Slant of the column names, degrees. */
const TILT = 40;
/** Average width of a character of the bold 12 px column names, px. */
const CHAR_WIDTH = 7.5;
/** The narrowest a cell is drawn, px: «100,0 %» in 12 px type. */
const MIN_CELL = 58;
/** Above this share a cell is dark enough for white text. */
const DARK_FROM = 60;

/**
 * A territory × criterion grid of shares (meeting / answered, %); a pair with no answers gets a dash, not a cell.
 * @example checklistHeatmap(cells, { width, rows: territoryNames, columns: criterionNames })
 */
export function checklistHeatmap(
  data: readonly HeatmapCell[],
  { width, rows, columns, columnTitles }: ChecklistHeatmapOptions,
): HTMLElement {
  const cells = data.filter((d) => d.answered > 0).map((d) => ({ ...d, share_pct: (d.meeting / d.answered) * 100 }));
  type Cell = (typeof cells)[number];
  const have = new Set(cells.map((d) => `${d.row}\u0000${d.column}`));
  const empty = rows.flatMap((row) =>
    columns.filter((column) => !have.has(`${row}\u0000${column}`)).map((column) => ({ row, column })),
  );
  const longestRow = Math.max(0, ...rows.map((r) => r.length));
  const longestColumn = Math.max(0, ...columns.map((c) => c.length));
  const color = { type: 'linear' as const, scheme: SCHEME, domain: [0, 100] };
  // Column names are slanted: nine criteria side by side leave too little room to write them flat. A slanted name
  // runs up and to the right of its column, so the margins make room for the longest reach.
  const marginLeft = Math.min(280, 16 + 7.4 * longestRow);
  const angle = (TILT * Math.PI) / 180;
  // A cell must hold «100,0 %»: on a phone the grid keeps that width and scrolls sideways inside its card rather
  // than squeezing nine columns (and their slanted names) into 300 px.
  const gridWidth = Math.max(width, marginLeft + MIN_CELL * columns.length + 60);
  const column = (gridWidth - marginLeft - 60) / Math.max(1, columns.length);
  const marginTop = Math.min(220, 24 + CHAR_WIDTH * longestColumn * Math.sin(angle));
  const marginRight = Math.max(
    8,
    ...columns.map((c, i) => CHAR_WIDTH * c.length * Math.cos(angle) - (columns.length - i - 0.5) * column + 8),
  );

  const chart = Plot.plot({
    width: gridWidth,
    height: marginTop + 12 + rows.length * 26,
    marginTop,
    marginLeft,
    marginRight,
    style: { fontSize: '12px' },
    x: { domain: columns, label: null, axis: null, padding: 0.04 },
    y: { domain: rows, label: null, tickSize: 0, padding: 0.06 },
    color,
    marks: [
      Plot.axisX({
        anchor: 'top',
        tickRotate: -TILT,
        textAnchor: 'start',
        tickSize: 0,
        tickPadding: 6,
        fontSize: 12,
        fontWeight: 600,
      }),
      Plot.cell(cells, {
        x: 'column',
        y: 'row',
        fill: 'share_pct',
        inset: 0.5,
        title: (d: Cell) =>
          `${d.row} — ${columnTitles?.get(d.column) ?? d.column}: ${formatPct(d.share_pct)} (${formatNumber(d.meeting)} из ${formatNumber(d.answered)} организаций)`,
        tip: true,
      }),
      Plot.text(cells, {
        x: 'column',
        y: 'row',
        text: (d: Cell) => formatPct(d.share_pct),
        fill: (d: Cell) => (d.share_pct >= DARK_FROM ? 'white' : 'black'),
      }),
      Plot.text(empty, { x: 'column', y: 'row', text: () => '—', fill: PALETTE.missingText }),
    ],
  });

  const figure = document.createElement('figure');
  figure.className = 'checklist-heatmap';
  const legend = Plot.legend({
    color: { ...color, label: 'Доля выполняющих критерий, %', tickFormat: formatAxisPct },
    width: Math.min(320, width - 110),
    style: { fontSize: '12px' },
  });
  const note = document.createElement('span');
  note.className = 'checklist-legend-note';
  note.textContent = '— нет ответов';
  const legendRow = document.createElement('div');
  legendRow.className = 'checklist-legend';
  legendRow.append(legend, note);
  if (gridWidth > width) {
    const scroll = document.createElement('div');
    scroll.className = 'chart-scroll';
    scroll.append(chart);
    figure.append(legendRow, scroll);
  } else figure.append(legendRow, chart);
  return figure;
}
