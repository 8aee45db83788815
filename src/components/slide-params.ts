import { embedQuery } from './chart-export.js';
import { formatYear } from '../contract/format.js';

// What every slide builder shares: the embed page's URL parameters, the Russian sentence for a value that names
// nothing, and the embed link. Kept apart from the charts so that a page imports only its own slides' components.

/** The parameters of an embed page; absent ones take the page's defaults (first indicator, last year, whole region). */
export interface SlideParams {
  indicator?: string | null;
  year?: number | null;
  territory?: string | null;
  /** An organisation type; «Типы организаций» takes several, separated by commas («OO,SPO»). */
  type?: string | null;
  form?: string | null;
  /** Tile colour of the map: «value» (default) or «lagging». */
  color?: string | null;
  /** What the forms' dynamics show by year: share (default), mentees, mentors, enterprises. */
  measure?: string | null;
  /** The registry's threshold, % (50 by default). */
  threshold?: number | null;
}

/**
 * The parameters of an embed page's URL.
 * @example slideParams("?indicator=mentees_share&year=2023") // { indicator: "mentees_share", year: 2023, … }
 */
export function slideParams(search: string): SlideParams {
  const query = new URLSearchParams(search);
  const text = (key: string) => query.get(key)?.trim() || null;
  const number = (key: string) => {
    const value = text(key);
    return value == null ? null : Number(value.replace(',', '.'));
  };
  return {
    indicator: text('indicator'),
    year: number('year'),
    territory: text('territory'),
    type: text('type'),
    form: text('form'),
    color: text('color'),
    measure: text('measure'),
    threshold: number('threshold'),
  };
}

/** A parameter that names nothing in the data: the embed page says which, instead of drawing something else. */
export class SlideParamError extends Error {}

export interface Indicator {
  indicator_id: string;
  name: string;
  short_name: string;
  baseline_year: number;
  baseline_pct: number;
  target_year: number;
  target_pct: number;
}
export interface Territory {
  territory_id: string;
  short_name: string;
  name?: string;
}

/** The item whose id the parameter names, the first one when it is absent. */
export function pick<T>(
  items: readonly T[],
  id: string | null | undefined,
  idOf: (item: T) => string,
  what: string,
): T {
  const found = id == null ? items[0] : items.find((d) => idOf(d) === id);
  if (!found)
    throw new SlideParamError(id == null ? `Нет данных: ${what}` : `Нет такого значения параметра «${what}»: ${id}`);
  return found;
}

/** The year the parameter names, the last one when it is absent. */
export function pickYear(years: readonly number[], year: number | null | undefined): number {
  if (years.length === 0) throw new SlideParamError('Нет данных: ни одна форма мониторинга ещё не загружена');
  if (year == null) return years.at(-1)!;
  if (!years.includes(year))
    throw new SlideParamError(
      `Нет данных за ${Number.isFinite(year) ? formatYear(year) : 'этот'} год: есть ${years.map(formatYear).join(', ')}`,
    );
  return year;
}

/** The embed page of a chart, from the site's root relative to the calling page ("./", "../"). */
export function embedPath(
  kind: string,
  params: Record<string, string | number | null | undefined>,
  root: string,
): string {
  const query = embedQuery(params);
  return `${root}embed/${kind}${query ? `?${query}` : ''}`;
}
