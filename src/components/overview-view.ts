import { formatNumber, formatPct, formatPctVs, formatPp, formatYear } from '../contract/format.js';
import { pluralRu } from '../contract/plural.js';
import { shareReason } from '../contract/share-reason.js';
import type { MeasureName, OverviewData } from './slide-charts.js';

// What «Обзор» says in words for a chosen indicator and year, worked out apart from the page so that any snapshot the
// pipeline can publish (one year, no totals, nothing at all) is checked in node: every text here is whole Russian.

export interface CountRow {
  measure_id: string;
  year: number;
  value: number | null;
  prev_value: number | null;
  change: number | null;
  organisations_reporting: number;
  organisations_submitted: number;
}

export interface CoverageYear {
  year: number;
  organisations_reported: number;
  organisations_expected: number;
  territories_reported: number;
  territories_total: number;
}

export type OverviewPageData = OverviewData & { counts: CountRow[]; coverage: CoverageYear[] };

/** A count with its sign, for «+62» / «−3» beside a figure. */
export function formatChange(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '';
  return value === 0 ? '0' : `${value > 0 ? '+' : '−'}${formatNumber(Math.abs(value))}`;
}

const organisations = (n: number) =>
  `${formatNumber(n)}\u00a0${pluralRu(n, ['организация', 'организации', 'организаций'])}`;
const ofOrganisations = (n: number) =>
  `${formatNumber(n)}\u00a0${pluralRu(n, ['организации', 'организаций', 'организаций'])}`;

/** One count measure of the year for the «what the forms carry» table. */
export interface CountLine {
  measure_id: string;
  name: string;
  value: number | null;
  change: number | null;
  prev_year: number;
  reported: string;
}

/**
 * The texts and rows of «Обзор» for one indicator and year.
 * @example overviewView(overview, { indicatorId: "oo_students_share", year: 2022 }).valueNote
 */
export function overviewView(
  data: OverviewPageData,
  { indicatorId, year }: { indicatorId: string | null | undefined; year: number },
) {
  const indicator = data.indicators.find((d) => d.indicator_id === indicatorId) ?? data.indicators[0] ?? null;
  const measure = (id: string | undefined): MeasureName | null =>
    data.measures.find((m) => m.measure_id === id) ?? null;
  const row = indicator
    ? data.region.find((d) => d.indicator_id === indicator.indicator_id && d.year === year)
    : undefined;
  const prevRow = indicator
    ? data.region.find((d) => d.indicator_id === indicator.indicator_id && d.year === year - 1)
    : undefined;
  const prevYear = year - 1;
  const hasPrevYear = data.years.includes(prevYear);
  const numerator = measure(indicator?.numerator_measure);
  const denominator = measure(indicator?.denominator_measure);
  const numeratorCount = data.counts.find((c) => c.measure_id === indicator?.numerator_measure && c.year === year);

  const territoryRows = indicator
    ? data.territory.filter((d) => d.indicator_id === indicator.indicator_id && d.year === year)
    : [];
  const valued = territoryRows.filter((d) => d.value_pct != null);
  const coverage = data.coverage.find((c) => c.year === year);

  const changeNote =
    row?.change_pp != null
      ? null
      : !hasPrevYear
        ? `за ${formatYear(prevYear)} год форм нет`
        : row?.value_pct == null
          ? `нет значения за ${formatYear(year)} год`
          : `нет значения за ${formatYear(prevYear)} год`;

  // every count measure anyone reported in the year, in the reference's order
  const counts: CountLine[] = data.measures
    .filter((m) => m.kind === 'count')
    .flatMap((m) => {
      const c = data.counts.find((d) => d.measure_id === m.measure_id && d.year === year);
      if (!c || c.value == null) return [];
      return [
        {
          measure_id: m.measure_id,
          name: m.short_name,
          value: c.value,
          change: c.change,
          prev_year: prevYear,
          reported: `${formatNumber(c.organisations_reporting)} из ${ofOrganisations(c.organisations_submitted)}`,
        },
      ];
    });

  return {
    indicator,
    // beside the trajectory: a second decimal where one would print both alike
    valueText: formatPctVs(row?.value_pct, row?.trajectory_pct),
    valueNote: shareReason(row, denominator, year),
    changeTitle: `Изменение к ${formatYear(prevYear)}`,
    changeText: formatPp(row?.change_pp),
    changeNote,
    trajectoryText: formatPctVs(row?.trajectory_pct ?? indicator?.baseline_pct, row?.value_pct),
    targetText: indicator ? `цель на ${formatYear(indicator.target_year)}: ${formatPct(indicator.target_pct)}` : '',
    // the indicator's own count (its numerator, within its type): the figure that stands when the share cannot
    countTitle:
      indicator?.method === 'ratio'
        ? `${indicator.short_name} — число, ${formatYear(year)}`
        : `${numerator?.short_name ?? 'Опрос'}, ${formatYear(year)}`,
    countText: formatNumber(
      indicator?.method === 'ratio' ? (row?.numerator_reported ?? numeratorCount?.value) : numeratorCount?.value,
    ),
    countNote:
      indicator?.method !== 'ratio'
        ? 'опросный показатель: числитель — процент'
        : row && row.organisations_reporting > 0
          ? `сообщили ${organisations(row.organisations_reporting)}${numerator?.measure_id === indicator.numerator_measure && row.numerator_reported != null && prevRow?.numerator_reported != null ? `; ${formatChange(row.numerator_reported - prevRow.numerator_reported)} к ${formatYear(prevYear)}` : ''}`
          : `никто не сообщил за ${formatYear(year)} год`,
    laggingText: formatNumber(valued.filter((d) => d.is_lagging).length),
    laggingNote:
      valued.length === 0
        ? 'ни у одной территории нет значения'
        : `из ${formatNumber(valued.length)} ${pluralRu(valued.length, ['территории', 'территорий', 'территорий'])} со значением`,
    coverageText: coverage
      ? `Сдали формы ${organisations(coverage.organisations_reported)} из ${formatNumber(coverage.organisations_expected)} ожидаемых; ${formatNumber(coverage.territories_reported)} ${pluralRu(coverage.territories_reported, ['территория', 'территории', 'территорий'])} из ${formatNumber(coverage.territories_total)}`
      : `За ${formatYear(year)} год форм нет`,
    counts,
  };
}
