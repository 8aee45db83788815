import * as Plot from '@observablehq/plot';
import { formatAxisPct, formatPct, formatPp, formatYear } from '../contract/format.js';
import { chartLegend, PALETTE } from './legend.js';

/** One territory as a tile of the cartogram: its place comes from the reference data (tile_col, tile_row). */
export interface Tile {
  territory_id: string;
  name: string;
  short_name: string;
  tile_col: number;
  tile_row: number;
  value_pct: number | null;
  change_pp: number | null;
  is_lagging: boolean | null;
  href: string;
}

export type TileColorBy = 'value' | 'lagging';

export interface TileMapOptions {
  width: number;
  year: number;
  trajectory_pct: number | null;
  colorBy: TileColorBy;
  /** The value range the colour ramp spans: keep it fixed across years so colours compare. */
  domain: readonly [number, number];
}

/** ColorBrewer's yellow–green–blue: sequential, colour-blind safe, and its light end is not the grey of a gap. */
export const TILE_SCHEME = 'ylgnbu';
export const TILE_NO_DATA = 'нет данных';
/** Marks a lagging tile in both colourings, so the status does not rest on colour alone. */
export const LAGGING_MARK = '▼';
const MISSING_FILL = '#DDDDDD';
const MAX_WIDTH = 760;
const FONT_SIZE = 13;

function greedyLines(parts: readonly string[], maxChars: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.at(-1);
    const joined = last === undefined ? part : last.endsWith('-') ? last + part : `${last} ${part}`;
    if (last !== undefined && joined.length <= maxChars) lines[lines.length - 1] = joined;
    else lines.push(part);
  }
  return lines;
}

/**
 * Breaks a name into as few lines of at most `maxChars` as it needs, at spaces and after hyphens, with the lines
 * as even as possible («г. Комсомольск-» / «на-Амуре» rather than «г. Комсомольск-на-» / «Амуре»).
 * @example wrapLabel("имени Полины Осипенко", 12) // ["имени Полины", "Осипенко"]
 */
export function wrapLabel(text: string, maxChars: number): string[] {
  // a short word such as «г.» stays with the next one
  const parts = text
    .split(/(?<=-)|\s+/)
    .filter(Boolean)
    .reduce<string[]>((acc, part) => {
      const last = acc.at(-1);
      if (last !== undefined && last.length <= 2 && !last.endsWith('-')) acc[acc.length - 1] = `${last} ${part}`;
      else acc.push(part);
      return acc;
    }, []);
  const lines = greedyLines(parts, maxChars);
  for (let limit = Math.max(...parts.map((p) => p.length)); limit < maxChars; limit++) {
    const even = greedyLines(parts, limit);
    if (even.length === lines.length) return even;
  }
  return lines;
}

/**
 * The krai as a tile map: one tile per territory (the regional organisations too), coloured by the value on a
 * sequential scale or by lagging, labelled with the short name and the value; a territory that did not report
 * is a grey dashed gap saying «нет данных». Each tile links to the territory's page.
 * @example tileMap(tiles, { width, year: 2024, trajectory_pct: 70, colorBy: "value", domain: [0, 80] })
 */
export function tileMap(
  tiles: readonly Tile[],
  { width, year, trajectory_pct, colorBy, domain }: TileMapOptions,
): HTMLElement {
  const cols = Math.max(0, ...tiles.map((d) => d.tile_col)) + 1;
  const rows = Math.max(0, ...tiles.map((d) => d.tile_row)) + 1;
  const chartWidth = Math.min(width, MAX_WIDTH);
  const tileWidth = chartWidth / cols;
  const tileHeight = 70;
  // On a phone a tile is about 64 px wide: smaller type, and a name longer than the tile is cut with «…» (its
  // tooltip and the territory's page have it whole) rather than running into the next tile.
  const phone = tileWidth < 110;
  const fontSize = phone ? 10 : FONT_SIZE;
  const valueSize = phone ? 12 : FONT_SIZE + 2;
  // Cyrillic takes up to 0,65 of its size a letter (0,6 at 10 px); keep a margin inside the tile.
  const maxChars = Math.max(
    phone ? 4 : 8,
    Math.floor((tileWidth - (phone ? 8 : 16)) / ((phone ? 0.6 : 0.65) * fontSize)),
  );
  const cut = (line: string) => (line.length <= maxChars ? line : `${line.slice(0, maxChars - 1)}…`);
  const ramp = Plot.scale({ color: { type: 'linear', scheme: TILE_SCHEME, domain: [...domain] } });
  const [lo, hi] = domain;

  const data = tiles.map((d) => {
    const missing = d.value_pct == null;
    const t = missing || hi <= lo ? 0 : (d.value_pct! - lo) / (hi - lo);
    const fill = missing
      ? MISSING_FILL
      : colorBy === 'lagging'
        ? d.is_lagging
          ? PALETTE.lagging
          : PALETTE.fact
        : (ramp.apply(d.value_pct) as string);
    // dark ramp end and both status colours need light text
    const ink = missing ? '#333333' : colorBy === 'lagging' || t > 0.55 ? '#FFFFFF' : '#1A1A1A';
    const value = missing ? TILE_NO_DATA : `${d.is_lagging ? `${LAGGING_MARK}\u00a0` : ''}${formatPct(d.value_pct)}`;
    const status = missing ? TILE_NO_DATA : d.is_lagging ? 'ниже траектории' : 'на траектории или выше';
    const title = [
      d.name,
      `${formatYear(year)}: ${missing ? TILE_NO_DATA : formatPct(d.value_pct)}`,
      missing ? null : `изменение к ${formatYear(year - 1)}: ${formatPp(d.change_pp)}`,
      trajectory_pct == null ? null : `траектория: ${formatPct(trajectory_pct)} — ${status}`,
    ]
      .filter(Boolean)
      .join('\n');
    // two lines at most: a third is said by «…» at the end of the second
    const lines = wrapLabel(d.short_name, maxChars);
    const label = (lines.length > 2 ? [lines[0]!, `${lines[1]!.slice(0, maxChars - 1)}…`] : lines).map(cut).join('\n');
    return { ...d, missing, fill, ink, value, title, label };
  });
  type Datum = (typeof data)[number];

  const chart = Plot.plot({
    width: chartWidth,
    height: rows * tileHeight,
    margin: 0,
    style: { fontSize: `${fontSize}px` },
    x: { type: 'band', domain: Array.from({ length: cols }, (_, i) => i), axis: null, padding: 0.06 },
    y: { type: 'band', domain: Array.from({ length: rows }, (_, i) => i), axis: null, padding: 0.08 },
    color: { type: 'identity' },
    marks: [
      Plot.cell(data, {
        x: 'tile_col',
        y: 'tile_row',
        fill: 'fill',
        rx: 6,
        href: 'href',
        stroke: (d: Datum) => (d.missing ? '#888888' : 'none'),
        strokeDasharray: '4,3',
        title: 'title',
        tip: true,
      }),
      Plot.text(data, {
        x: 'tile_col',
        y: 'tile_row',
        text: 'label',
        fill: 'ink',
        lineAnchor: 'bottom',
        dy: -2,
        href: 'href',
        pointerEvents: 'none',
      }),
      Plot.text(data, {
        x: 'tile_col',
        y: 'tile_row',
        text: 'value',
        fill: 'ink',
        lineAnchor: 'top',
        dy: 3,
        fontWeight: 700,
        fontSize: (d: Datum) => (d.missing ? fontSize - 1 : valueSize),
        href: 'href',
        pointerEvents: 'none',
      }),
    ],
  });

  const legend =
    colorBy === 'lagging'
      ? chartLegend([
          [{ kind: 'swatch', color: PALETTE.lagging }, `${LAGGING_MARK} ниже траектории`],
          [{ kind: 'swatch', color: PALETTE.fact }, 'на траектории или выше'],
          [{ kind: 'swatch', color: MISSING_FILL }, TILE_NO_DATA],
        ])
      : chartLegend([
          [{ kind: 'swatch', color: MISSING_FILL }, TILE_NO_DATA],
          [
            { kind: 'swatch', color: 'transparent' },
            `${LAGGING_MARK} — ниже траектории${trajectory_pct == null ? '' : ` ${formatYear(year)} (${formatPct(trajectory_pct)})`}`,
          ],
        ]);
  const figure = document.createElement('figure');
  figure.className = 'tile-map';
  if (colorBy === 'value') {
    const ramp = Plot.legend({
      color: {
        type: 'linear',
        scheme: TILE_SCHEME,
        domain: [...domain],
        label: 'Значение, %',
        tickFormat: formatAxisPct,
      },
      // never wider than the map: on a phone the card is under 320 px
      width: Math.min(320, width),
      style: { fontSize: '12px' },
    });
    ramp.classList.add('tile-map-ramp');
    figure.append(ramp);
  }
  figure.append(legend, chart);
  return figure;
}
