import * as Plot from '@observablehq/plot';

// What the bar charts share about their label column: how wide it is and how a label too long for it is cut. One
// place, so that no chart on a phone gives its labels more room than it has (Plot then draws bars of negative width).

export interface LabelColumn {
  /** Estimated width of one character of the labels, px (13 px PT Sans: about 7.4–8.2). */
  perChar?: number;
  /** Room beside the text (tick padding), px. */
  pad?: number;
  /** The widest the label column may be, px. */
  max?: number;
}

export interface LabelMarginOptions extends LabelColumn {
  /** The chart's right margin (value labels), px. */
  marginRight?: number;
  /** What the marks keep at least, px; on a narrow screen the labels give way (and are cut). */
  minPlot?: number;
}

const DEFAULTS = { perChar: 7.6, pad: 16, max: 280, marginRight: 0, minPlot: 120 };

/**
 * The left margin for the longest of `labels`: its estimated width, at most `max`, and never so wide that fewer than
 * `minPlot` px are left for the marks.
 * @example labelMargin(["Ванинский", "Комсомольский"], 390, { marginRight: 64 }) // 115
 */
export function labelMargin(labels: readonly string[], width: number, options: LabelMarginOptions = {}): number {
  const { perChar, pad, max, marginRight, minPlot } = { ...DEFAULTS, ...options };
  const longest = Math.max(0, ...labels.map((l) => l.length));
  const wanted = Math.min(max, pad + perChar * longest);
  // rounded up, so that the label it was measured for is not cut by fitLabel
  return Math.max(0, Math.ceil(Math.min(wanted, width - marginRight - minPlot) - 1e-9));
}

/**
 * A label cut with «…» to the characters that fit `margin` px (the mark's tooltip keeps the whole text).
 * @example fitLabel("Комсомольский муниципальный район", 120) // "Комсомольски…"
 */
export function fitLabel(label: string, margin: number, options: LabelColumn = {}): string {
  const { perChar, pad } = { ...DEFAULTS, ...options };
  const fits = Math.max(1, Math.floor((margin - pad) / perChar));
  return label.length <= fits ? label : `${label.slice(0, Math.max(1, fits - 1)).trimEnd()}…`;
}

export interface BandLabelsOptions extends LabelMarginOptions {
  /** Height of a row with the labels beside the bars, px. */
  rowHeight: number;
}

/** How a horizontal bar chart places its category labels: a column on the left, or a line above each bar. */
export interface BandLabels {
  /** Labels above the bars: the label column would have cut them to under two thirds of their length. */
  above: boolean;
  marginLeft: number;
  rowHeight: number;
  /** Room above a bar in its row (the label's line when `above`). */
  insetTop: number;
  /** The y scale's axis options. */
  axis: { tickFormat?: (label: string) => string; axis?: null };
  /** The labels' marks, when they are above the bars (for `marks`). */
  labels: (y: string) => Plot.Markish[];
}

/**
 * On a wide screen the labels make a column on the left (cut with «…» where it must); on a phone, where the column
 * would cut them to under two thirds, each label goes on its own line above its bar, across the whole width.
 * @example const band = bandLabels(rows.map((d) => d.form), width, { rowHeight: 30, marginRight: 140 })
 */
export function bandLabels(labels: readonly string[], width: number, options: BandLabelsOptions): BandLabels {
  const { perChar, pad, max } = { ...DEFAULTS, ...options };
  const margin = labelMargin(labels, width, options);
  const wanted = Math.min(max, pad + perChar * Math.max(0, ...labels.map((l) => l.length)));
  if (margin >= wanted * (2 / 3)) {
    return {
      above: false,
      marginLeft: margin,
      rowHeight: options.rowHeight,
      insetTop: 4,
      axis: { tickFormat: (l) => fitLabel(l, margin, options) },
      labels: () => [],
    };
  }
  const line = 18;
  const rowHeight = options.rowHeight + line;
  return {
    above: true,
    marginLeft: 8,
    rowHeight,
    insetTop: line + 2,
    axis: { axis: null },
    labels: (y) => [
      Plot.text(labels, {
        y: (d: string) => d,
        text: (d: string) => fitLabel(d, width - 8, { perChar, pad: 8 }),
        frameAnchor: 'left',
        textAnchor: 'start',
        lineAnchor: 'top',
        // from the row's middle up to its top: Plot's band padding (0.1) leaves about a tenth of the row above
        dy: -rowHeight * 0.45 + 1,
        fill: 'currentColor',
        className: `band-label ${y}`,
      }),
    ],
  };
}
