import { formatYear } from './format.js';
import { pluralRu } from './plural.js';

/** Who is behind a share (the columns of mart_indicator_values that say it). */
export interface ShareBasis {
  value_pct: number | null;
  value_basis?: string | null;
  organisations_reporting: number;
  organisations_counted: number;
  organisations_denominator_missing: number;
  organisations_denominator_zero: number;
}

/** The denominator's measure as ref_measures names it. */
export interface DenominatorName {
  name_genitive: string;
  block: string;
}

const ofOrganisations = (n: number) => `${n}\u00a0${pluralRu(n, ['организации', 'организаций', 'организаций'])}`;

/**
 * Why a share is missing or rests on fewer organisations than reported, in words for the page; null when the value
 * stands on everyone who reported. Totals (pupils, teachers, partners) live in the region's contingent, hence the hint.
 * @example shareReason(row, { name_genitive: "численности обучающихся", block: "totals" })
 * // "доля не рассчитана: у 2 из 2 организаций нет численности обучающихся — загрузите контингент"
 */
export function shareReason(
  row: ShareBasis | null | undefined,
  denominator: DenominatorName | null | undefined,
  year?: number,
): string | null {
  const what = denominator?.name_genitive ?? 'знаменателя';
  const hint = denominator?.block === 'totals' ? ' — загрузите контингент' : '';
  if (!row || row.organisations_reporting === 0) {
    return row?.value_pct != null
      ? null
      : `нет данных${year == null ? '' : ` за ${formatYear(year)} год`}: ни одна организация не сообщила его`;
  }
  if (row.value_basis === 'unweighted_mean') return `невзвешенное среднее: организации не указали ${what}`;
  const missing = row.organisations_denominator_missing;
  const zero = row.organisations_denominator_zero;
  const without = missing + zero;
  if (without === 0) return null;
  const cause = zero === 0 ? `нет ${what}` : missing === 0 ? `нулевое значение ${what}` : `нет ${what} или оно нулевое`;
  if (row.value_pct == null)
    return `доля не рассчитана: у ${without} из ${ofOrganisations(row.organisations_reporting)} ${cause}${hint}`;
  return `без ${without} из ${ofOrganisations(row.organisations_reporting)}: у них ${cause}${hint}`;
}

/**
 * The same in a few words, for a chart's label in place of a value.
 * @example shortShareReason(row, { name_genitive: "численности обучающихся", block: "totals" }) // "не рассчитан: нет численности обучающихся"
 */
export function shortShareReason(
  row: ShareBasis | null | undefined,
  denominator: DenominatorName | null | undefined,
): string {
  if (!row || row.value_pct != null || row.organisations_reporting === 0) return 'нет данных';
  const zeroOnly = row.organisations_denominator_missing === 0 && row.organisations_denominator_zero > 0;
  return `не рассчитан: ${zeroOnly ? 'нулевое значение' : 'нет'} ${denominator?.name_genitive ?? 'знаменателя'}`;
}
