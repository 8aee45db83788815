import { type ChartExportSpec, chartSource, type SourceMeta } from './chart-export.js';
import { countBars, countTrend } from './count-charts.js';
import { formatPct, formatYear } from '../contract/format.js';
import { indicatorProgress } from './indicator-progress.js';
import { indicatorTrend } from './indicator-trend.js';
import { type ShareBasis, shortShareReason } from '../contract/share-reason.js';
import { embedPath, type Indicator, pick, pickYear, type SlideParams, type Territory } from './slide-params.js';
import { territoryBars } from './territory-bars.js';

// The three charts of «Обзор», for the page, its embed pages and the slides alike: the page imports this module
// itself (it draws its charts from these specs), so it holds only these charts' components. Where no share can be
// computed (forms without totals), a chart of the count takes the share's place and says why in its subtitle.

/** Who is behind a value: what was reported whether or not it counts, and why organisations do not count. */
type Basis = ShareBasis & { numerator_reported: number | null };

export interface OverviewData {
  years: number[];
  indicators: Array<
    Indicator & { org_type_id: string | null; method: string; numerator_measure: string; denominator_measure: string }
  >;
  measures: MeasureName[];
  territories: Territory[];
  region: Array<
    Basis & {
      indicator_id: string;
      year: number;
      prev_value_pct: number | null;
      change_pp: number | null;
      trajectory_pct: number;
      is_lagging: boolean | null;
    }
  >;
  territory: Array<Basis & { indicator_id: string; territory_id: string; year: number; is_lagging: boolean | null }>;
}

/** A measure as pages name it (ref_measures). */
export interface MeasureName {
  measure_id: string;
  block: string;
  kind: string;
  short_name: string;
  name_genitive: string;
}

/** The short reason as the tail of a subtitle. */
const whyNoShare = (reason: string, year: number) =>
  reason === 'нет данных' ? `за ${formatYear(year)} год данных нет` : `показатель ${reason}`;

const measureOf = (data: { measures: readonly MeasureName[] }, id: string) =>
  data.measures.find((m) => m.measure_id === id) ?? null;

/**
 * Every indicator in a year on the way from the baseline to the target (the first chart of «Обзор»).
 * `root` is the site's root relative to the calling page ("./" for a top-level page).
 */
export function progressSlide(data: OverviewData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const year = pickYear(data.years, params.year);
  const first = pick(data.indicators, null, (d) => d.indicator_id, 'показатели');
  const headline = data.indicators.map((i) => {
    const row = data.region.find((d) => d.indicator_id === i.indicator_id && d.year === year);
    return {
      ...i,
      value_pct: row?.value_pct ?? null,
      prev_value_pct: row?.prev_value_pct ?? null,
      trajectory_pct: row?.trajectory_pct ?? i.baseline_pct,
      is_lagging: row?.is_lagging ?? null,
      missing_label: shortShareReason(row, measureOf(data, i.denominator_measure)),
      value_note: row?.value_basis === 'unweighted_mean' ? 'невзвешенное' : undefined,
    };
  });
  return {
    title: `Показатели наставничества в ${formatYear(year)} году: путь от базового значения к цели`,
    subtitle: `0 — базовое значение ${formatYear(first.baseline_year)} года, 100 — цель ${formatYear(first.target_year)} года; подписи — значения, %`,
    ...chartSource(meta),
    fileName: `Обзор — все показатели — ${formatYear(year)}`,
    embed: embedPath('progress', { year }, root),
    draw: (width, height) => indicatorProgress(headline, { width, height, year, target_year: first.target_year }),
  };
}

/**
 * One indicator's regional value by year against the trajectory; where no year has a value (no denominators sent),
 * its count by year instead, with the reason in the subtitle.
 */
export function trendSlide(data: OverviewData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const year = pickYear(data.years, params.year);
  const rows = data.region.filter((d) => d.indicator_id === indicator.indicator_id);
  const common = {
    ...chartSource(meta),
    fileName: `Обзор — ${indicator.short_name} — по годам`,
    embed: embedPath('trend', { indicator: indicator.indicator_id, year }, root),
  };
  const numerator = measureOf(data, indicator.numerator_measure);
  if (
    !rows.some((d) => d.value_pct != null) &&
    indicator.method === 'ratio' &&
    rows.some((d) => d.numerator_reported != null)
  ) {
    // a slide's subtitle is one line: the short reason (the page's card says it in full)
    const reason = shortShareReason(
      rows.find((d) => d.year === year),
      measureOf(data, indicator.denominator_measure),
    );
    return {
      ...common,
      title: `${indicator.short_name}: число по годам`,
      subtitle: `${numerator?.short_name ?? 'Число'}, по краю; ${whyNoShare(reason, year)}`,
      draw: (width) =>
        countTrend(
          rows.map((d) => ({ year: d.year, value: d.numerator_reported })),
          { width, highlight_year: year },
        ),
    };
  }
  return {
    ...common,
    title: indicator.name,
    subtitle: `Значение по краю по годам, %: базовое ${formatPct(indicator.baseline_pct)} в ${formatYear(indicator.baseline_year)} году, цель ${formatPct(indicator.target_pct)} к ${formatYear(indicator.target_year)} году`,
    draw: (width) =>
      indicatorTrend(rows, {
        width,
        target_year: indicator.target_year,
        target_pct: indicator.target_pct,
        highlight_year: year,
      }),
  };
}

/**
 * Every territory's value of an indicator in a year, highest first; where no territory has a value, every
 * territory's count instead, with the reason in the subtitle.
 */
export function territoriesSlide(
  data: OverviewData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const year = pickYear(data.years, params.year);
  const regionYear = data.region.find((d) => d.indicator_id === indicator.indicator_id && d.year === year);
  const rows = data.territories.map(({ territory_id, short_name }) => {
    const row = data.territory.find(
      (d) => d.indicator_id === indicator.indicator_id && d.year === year && d.territory_id === territory_id,
    );
    return {
      territory_id,
      short_name,
      value_pct: row?.value_pct ?? null,
      is_lagging: row?.is_lagging ?? null,
      numerator_reported: row?.numerator_reported ?? null,
    };
  });
  const common = {
    ...chartSource(meta),
    fileName: `Муниципалитеты — ${indicator.short_name} — ${formatYear(year)}`,
    embed: embedPath('territories', { indicator: indicator.indicator_id, year }, root),
  };
  if (
    !rows.some((d) => d.value_pct != null) &&
    indicator.method === 'ratio' &&
    rows.some((d) => d.numerator_reported != null)
  ) {
    const numerator = measureOf(data, indicator.numerator_measure);
    const reason = shortShareReason(regionYear, measureOf(data, indicator.denominator_measure));
    return {
      ...common,
      title: `${indicator.short_name}: число по муниципалитетам`,
      subtitle: `${numerator?.short_name ?? 'Число'}, ${formatYear(year)} год; ${whyNoShare(reason, year)}`,
      draw: (width) =>
        countBars(
          rows.map((d) => ({ label: d.short_name, value: d.numerator_reported })),
          { width },
        ),
    };
  }
  return {
    ...common,
    title: indicator.name,
    subtitle: `Муниципалитеты в ${formatYear(year)} году, %; пунктир — траектория ${formatYear(year)} года`,
    draw: (width, height) =>
      territoryBars(rows, { width, height, year, trajectory_pct: regionYear?.trajectory_pct ?? null }),
  };
}
