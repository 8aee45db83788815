import * as Plot from '@observablehq/plot';
import { formatAxisPct, formatNumber, formatPct } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';
import { fitLabel, labelMargin } from './plot-layout.js';

/** Files received for one territory × year (a file naming several counts in each). */
export interface FileCell {
  row: string;
  column: string;
  received: number;
  partial: number;
  rejected: number;
}

/** Submissions of one territory × year: expected, received, missing. */
export interface CoverageCell {
  row: string;
  column: string;
  organisations_expected: number;
  organisations_reported: number;
  organisations_missing: number;
  share_reported_pct: number | null;
}

export interface GridOptions {
  width: number;
  rows: readonly string[];
  columns: readonly string[];
}

export interface FilesGridOptions extends GridOptions {
  /** The labels of the "territory not recognised" row and "year not recognised" column: no "no files" there. */
  unrecognised?: readonly string[];
}

export const FILE_CLASS = {
  rejected: 'есть отклонённые',
  partial: 'есть принятые частично',
  ok: 'все приняты',
} as const;
type FileClass = (typeof FILE_CLASS)[keyof typeof FILE_CLASS];
// Okabe–Ito; a problem cell also says in words what went wrong, so colour is never the only cue.
const FILE_COLOR: Record<FileClass, string> = {
  [FILE_CLASS.rejected]: PALETTE.lagging,
  [FILE_CLASS.partial]: '#E69F00',
  [FILE_CLASS.ok]: '#D6E6F2',
};

/**
 * The narrowest a column may be for its cells' words («12 (откл. 1 · част. 2)», «92,3 % · нет 4») to fit at 12 px; on a
 * narrower screen the grid keeps this width and scrolls sideways inside its card instead of overprinting them.
 */
const MIN_COLUMN = { files: 112, coverage: 112 } as const;
/** Room for the row labels (short territory names) when the grid is drawn wider than the screen. */
const ROW_LABELS = 120;

/** The width to draw a grid at: the width given, or enough for every column's words. */
const gridWidth = (width: number, columns: readonly string[], minColumn: number) =>
  Math.max(width, ROW_LABELS + 40 + columns.length * minColumn);

/** The grid alone, or inside a box that scrolls sideways when it was drawn wider than the page allows. */
function fitted(chart: Element, drawn: number, width: number): Element {
  if (drawn <= width) return chart;
  const scroll = document.createElement('div');
  scroll.className = 'chart-scroll';
  scroll.append(chart);
  return scroll;
}

function gridFrame(rows: readonly string[], columns: readonly string[], width: number, lineHeight: number) {
  const column = { perChar: 7.4, pad: 16, max: 300 };
  // every column keeps some room: the row labels give way on a phone
  const marginLeft = labelMargin(rows, width, {
    ...column,
    marginRight: 40,
    minPlot: 28 * Math.max(1, columns.length),
  });
  return {
    width,
    height: 40 + rows.length * lineHeight,
    marginTop: 30,
    marginLeft,
    marginRight: 40,
    style: { fontSize: '12px' },
    x: { domain: columns, label: null, axis: 'top' as const, tickSize: 0, padding: 0.04 },
    y: {
      domain: rows,
      label: null,
      tickSize: 0,
      padding: 0.06,
      tickFormat: (l: string) => fitLabel(l, marginLeft, column),
    },
  };
}

/**
 * Files received per territory × year: the count in each cell, and how many were rejected or partly accepted;
 * a cell with a problem is coloured by the worst one.
 * @example filesGrid(cells, { width, rows: territoryNames, columns: yearLabels })
 */
export function filesGrid(
  data: readonly FileCell[],
  { width, rows, columns, unrecognised = [] }: FilesGridOptions,
): HTMLElement {
  const cells = data.map((d) => ({
    ...d,
    kind: (d.rejected > 0 ? FILE_CLASS.rejected : d.partial > 0 ? FILE_CLASS.partial : FILE_CLASS.ok) as FileClass,
  }));
  type Cell = (typeof cells)[number];
  const problems = (d: Cell) =>
    [
      d.rejected > 0 ? `откл. ${formatNumber(d.rejected)}` : null,
      d.partial > 0 ? `част. ${formatNumber(d.partial)}` : null,
    ]
      .filter(Boolean)
      .join(' · ');
  const kinds = Object.values(FILE_CLASS).filter((k) => cells.some((d) => d.kind === k));
  // Only real territory × year pairs can lack files; the "not recognised" row and column hold what arrived.
  const seen = new Set(cells.map((d) => `${d.row}\u0000${d.column}`));
  const none = rows
    .filter((row) => !unrecognised.includes(row))
    .flatMap((row) =>
      columns
        .filter((column) => !unrecognised.includes(column) && !seen.has(`${row}\u0000${column}`))
        .map((column) => ({ row, column })),
    );
  const drawn = gridWidth(width, columns, MIN_COLUMN.files);
  const chart = Plot.plot({
    ...gridFrame(rows, columns, drawn, 34),
    color: { domain: Object.values(FILE_CLASS), range: Object.values(FILE_CLASS).map((k) => FILE_COLOR[k]) },
    marks: [
      Plot.cell(cells, {
        x: 'column',
        y: 'row',
        fill: 'kind',
        inset: 0.5,
        title: (d: Cell) =>
          `${d.row}, ${d.column}: получено ${formatNumber(d.received)}, отклонено ${formatNumber(d.rejected)}, принято частично ${formatNumber(d.partial)}`,
        tip: true,
      }),
      Plot.text(none, { x: 'column', y: 'row', fill: PALETTE.missingText, text: () => 'нет файлов' }),
      ...[false, true].map((problem) =>
        Plot.text(
          cells.filter((d) => (d.kind !== FILE_CLASS.ok) === problem),
          {
            x: 'column',
            y: 'row',
            fontWeight: problem ? 700 : 400,
            fill: (d: Cell) => (d.kind === FILE_CLASS.rejected ? 'white' : 'black'),
            text: (d: Cell) => (problem ? `${formatNumber(d.received)} (${problems(d)})` : formatNumber(d.received)),
          },
        ),
      ),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'quality-grid quality-files-grid';
  figure.append(
    chartLegend(kinds.map((k) => [{ kind: 'swatch', color: FILE_COLOR[k] }, k] as const)),
    fitted(chart, drawn, width),
  );
  return figure;
}

/** Below this share of expected organisations a cell gets white text: the ramp is dark there. */
const DARK_BELOW = 70;

/**
 * The share of expected organisations that submitted, per territory × year, and how many did not: the fewer
 * submitted, the darker the cell (a single-hue ramp, readable in greyscale).
 * @example coverageGrid(cells, { width, rows: territoryNames, columns: yearLabels })
 */
export function coverageGrid(data: readonly CoverageCell[], { width, rows, columns }: GridOptions): HTMLElement {
  const cells = data
    .filter((d) => d.share_reported_pct != null)
    .map((d) => ({ ...d, missing_pct: 100 - (d.share_reported_pct ?? 100) }));
  type Cell = (typeof cells)[number];
  const none = data.filter((d) => d.share_reported_pct == null);
  // A square-root ramp: one missing organisation in a hundred is already visible, half of them is the darkest.
  const color = { type: 'sqrt' as const, scheme: 'Oranges' as const, domain: [0, 50], clamp: true };
  const drawn = gridWidth(width, columns, MIN_COLUMN.coverage);
  const chart = Plot.plot({
    ...gridFrame(rows, columns, drawn, 30),
    color,
    marks: [
      Plot.cell(cells, {
        x: 'column',
        y: 'row',
        fill: 'missing_pct',
        inset: 0.5,
        title: (d: Cell) =>
          `${d.row}, ${d.column}: ждали ${formatNumber(d.organisations_expected)}, сдали ${formatNumber(d.organisations_reported)}, не сдали ${formatNumber(d.organisations_missing)} (${formatPct(d.share_reported_pct)} сдали)`,
        tip: true,
      }),
      ...[false, true].map((missing) =>
        Plot.text(
          cells.filter((d) => d.organisations_missing > 0 === missing),
          {
            x: 'column',
            y: 'row',
            fontWeight: missing ? 700 : 400,
            fill: (d: Cell) => ((d.share_reported_pct ?? 100) < DARK_BELOW ? 'white' : 'black'),
            text: (d: Cell) =>
              missing
                ? `${formatPct(d.share_reported_pct)} · нет ${formatNumber(d.organisations_missing)}`
                : formatPct(d.share_reported_pct),
          },
        ),
      ),
      Plot.text(none, { x: 'column', y: 'row', fill: PALETTE.missingText, text: () => 'никого не ждали' }),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'quality-grid quality-coverage-grid';
  const legend = Plot.legend({
    color: {
      ...color,
      label: 'Не сдали, % от ожидаемых организаций',
      tickFormat: (v: number) => (v >= 50 ? `${formatAxisPct(v)}+` : formatAxisPct(v)),
    },
    width: 320,
    style: { fontSize: '12px' },
  });
  figure.append(legend, fitted(chart, drawn, width));
  return figure;
}
