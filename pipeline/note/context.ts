import { formatNumber } from '../contract/format.ts';
import { shareReason } from '../contract/share-reason.ts';
import type { IndicatorValue, RefIndicator, RefMeasure, RefTerritory } from '../contract/snapshot.ts';
import { type ChartSection, mapSectionToSlides, type SlideFile } from './charts.ts';
import type { Unit } from './figures.ts';
import type { Block } from './model.ts';
import type { NoteData } from './note-data.ts';

// What every section of the note needs to know: the data, the years, the scope (region or one territory) and the
// reference lists in their sort order.

export interface NoteContext {
  data: NoteData;
  year: number;
  /** The year compared with; null when the snapshot has no earlier year. */
  compare: number | null;
  /** The note's territory (--territory), or null for the whole region. */
  territoryId: string | null;
  regionName: string;
  /** Every reference territory in sort order. */
  territories: RefTerritory[];
  /** The territories the note's tables list: all, or the note's own. */
  scopeTerritories: RefTerritory[];
  indicators: RefIndicator[];
  /** Slide PNG files of the year, or null when the note is written without charts. */
  charts: readonly SlideFile[] | null;
  /**
   * What the snapshot lacks, one Russian sentence each, collected while the sections are built: a section with
   * nothing to say is left out and says why here; the note closes with the list («Чего нет в данных»).
   */
  absent: string[];
}

/** The measure an indicator divides by (ref_measures), for the wording of a missing share. */
export function denominatorOf(ctx: NoteContext, indicator: RefIndicator): RefMeasure | undefined {
  return ctx.data.ref_measures.find((m) => m.measure_id === indicator.denominator_measure);
}

/**
 * Why an indicator's value of a year is missing, is an unweighted mean, or rests on fewer organisations than
 * reported — the site's wording (share-reason.ts) — or null when it stands on everyone who reported it.
 * @example valueReason(ctx, indicator, row, 2022) // "доля не рассчитана: у 5 из 5 организаций нет численности обучающихся — загрузите контингент"
 */
export function valueReason(
  ctx: NoteContext,
  indicator: RefIndicator,
  row: IndicatorValue | undefined,
  year: number,
): string | null {
  const reason = shareReason(row ?? null, denominatorOf(ctx, indicator) ?? null, year);
  if (reason === null) return null;
  // a share not computed still has its reported numerator: say it, so the reader finds it among the counts
  return row?.value_pct == null && row?.numerator_reported != null
    ? `${reason} (в числителе сообщено ${formatNumber(row.numerator_reported)})`
    : reason;
}

/** The territory's short name, or the region's name for `null`. */
export function unitName(ctx: NoteContext, unit: Unit): string {
  if (unit === null) return ctx.regionName;
  return ctx.territories.find((t) => t.territory_id === unit)?.short_name ?? unit;
}

/** An indicator's full name without the trailing unit («…, %», «(опросный)»), for running text. */
export function indicatorTitle(indicator: RefIndicator): string {
  return indicator.name
    .replace(/\s*\(опросный\)\s*$/u, '')
    .replace(/,\s*%\s*$/u, '')
    .trim();
}

/** The slide images of a section as figure blocks; nothing when the note is written without charts. */
export function chartBlocks(ctx: NoteContext, section: ChartSection): Block[] {
  if (ctx.charts === null) return [];
  const names = new Map(ctx.indicators.map((i) => [i.indicator_id, i.short_name]));
  return mapSectionToSlides(ctx.charts, section, names).map(({ file, caption }) => ({ kind: 'figure', file, caption }));
}
