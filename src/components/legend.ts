/** Okabe–Ito colours: told apart with the common kinds of colour blindness; marks differ by dash and shape too. */
export const PALETTE = {
  fact: '#0072B2',
  lagging: '#D55E00',
  trajectory: '#666666',
  target: 'currentColor',
  missing: '#BBBBBB',
  /** Words in place of a missing value («нет данных», «—»): the lightest grey that still reads on white (4.5:1). */
  missingText: '#767676',
  /** Behind labels and around dots: the chart's own background, light or dark. */
  halo: 'var(--plot-background, white)',
} as const;

export type LegendSymbol =
  | { kind: 'line-dot'; color: string }
  | { kind: 'dash'; color: string }
  | { kind: 'diamond'; color: string }
  | { kind: 'swatch'; color: string }
  | { kind: 'ring'; color: string };

const SYMBOLS: Record<LegendSymbol['kind'], (color: string) => string> = {
  'line-dot': (c) =>
    `<svg width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="${c}" stroke-width="3"/><circle cx="14" cy="6" r="4" fill="${c}"/></svg>`,
  dash: (c) =>
    `<svg width="28" height="12"><line x1="0" y1="6" x2="28" y2="6" stroke="${c}" stroke-width="2" stroke-dasharray="7,5"/></svg>`,
  diamond: (c) =>
    `<svg width="16" height="14"><path d="M8 1 L15 7 L8 13 L1 7 Z" fill="none" stroke="${c}" stroke-width="2"/></svg>`,
  swatch: (c) => `<svg width="14" height="14"><rect width="14" height="14" rx="2" fill="${c}"/></svg>`,
  ring: (c) =>
    `<svg width="14" height="14"><circle cx="7" cy="7" r="5" fill="none" stroke="${c}" stroke-width="2"/></svg>`,
};

/**
 * A row of legend items above a chart, in the page's font.
 * @example chartLegend([[{ kind: "swatch", color: PALETTE.lagging }, "ниже траектории"]])
 */
export function chartLegend(items: ReadonlyArray<readonly [LegendSymbol, string]>): HTMLElement {
  const div = document.createElement('div');
  div.className = 'chart-legend';
  for (const [symbol, label] of items) {
    const span = document.createElement('span');
    span.innerHTML = SYMBOLS[symbol.kind](symbol.color);
    span.append(label);
    div.append(span);
  }
  return div;
}

/**
 * Okabe–Ito's categorical colours in their usual order (black last): for categories without a meaning of their own,
 * such as forms of mentoring. Eight at most stay distinguishable; pair them with labels or shapes.
 */
export const OKABE_ITO = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#F0E442',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#000000',
] as const;
