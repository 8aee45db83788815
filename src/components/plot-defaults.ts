import { formatAxisPct, formatNumber } from '../contract/format.js';

// What every chart of the site shares about its frame: the text size, how a value axis starts at zero and leaves
// room above the highest mark for its label, in Russian number formats, and how tall a chart of rows is. One place,
// so that a chart added tomorrow looks like its neighbours.

/** The text of a chart on a page (a slide's frame scales the whole drawing instead). */
export const CHART_STYLE = { fontSize: '13px' } as const;
/** The text of a small multiple, a third of a page wide or less. */
export const PANEL_STYLE = { fontSize: '11px' } as const;

export interface ValueScaleOptions {
  /** The axis ends this many times the highest value, for the labels written above or beside the marks. */
  headroom?: number;
  /** The axis never goes past this (a share: 100). */
  cap?: number;
  /** The axis's title («%», «организаций»); none by default. */
  label?: string | null;
  /** Round the end to a tick (Plot's `nice`). */
  nice?: boolean;
  ticks?: number;
}

interface ValueScale {
  domain: [number, number];
  nice: boolean;
  grid: true;
  label: string | null;
  tickFormat: (value: number) => string;
  ticks?: number;
}

function valueScale(max: number, format: (value: number) => string, options: ValueScaleOptions): ValueScale {
  const { headroom = 1.12, cap, label = null, nice = true, ticks } = options;
  const top = max * headroom;
  return {
    domain: [0, cap == null ? top : Math.min(cap, top)],
    nice,
    grid: true,
    label,
    tickFormat: format,
    ...(ticks == null ? {} : { ticks }),
  };
}

/**
 * A percentage axis from 0 to a little above `max`, its ticks as «40 %».
 * @example Plot.plot({ y: pctScale(yMax, { label: '%' }), … })
 */
export function pctScale(max: number, options: ValueScaleOptions = {}): ValueScale {
  return valueScale(max, formatAxisPct, options);
}

/**
 * A count axis from 0 to a little above `max`, its ticks as «1 500».
 * @example Plot.plot({ x: countScale(xMax, { headroom: 1.08 }), … })
 */
export function countScale(max: number, options: ValueScaleOptions = {}): ValueScale {
  return valueScale(max, (value) => formatNumber(value), options);
}

/**
 * The height of a chart of horizontal rows: the axis and margins, and `rows` rows (one at least, so that an empty
 * chart keeps room for the sentence saying why).
 * @example rowsHeight(territories.length, 28) // 40 + 20 × 28
 */
export function rowsHeight(rows: number, rowHeight: number, frame = 40): number {
  return frame + Math.max(1, rows) * rowHeight;
}

/** The closest rows may stand and keep their 13-px labels apart, px. */
export const MIN_ROW_STEP = 15;

/**
 * The step of a chart of rows: `step` on a page; in a slide's frame, which gives the drawing a `height`, closer rows
 * so they fit it (what the chart draws besides the rows, `frame`, kept), never closer than MIN_ROW_STEP.
 * @example rowStep(20, 28, 380, 56) // 16: twenty territories in a slide's 380 px
 */
export function rowStep(rows: number, step: number, height: number | undefined, frame = 40): number {
  if (height == null) return step;
  return Math.max(MIN_ROW_STEP, Math.min(step, Math.floor((height - frame) / Math.max(1, rows))));
}
