import { formatDate, formatNumber, formatPct, formatPp, NO_VALUE } from '../contract/format.ts';
import { pluralRu } from '../contract/plural.ts';

// Russian typography of the analytical note. The number rules live in the site's format module and the plural rule
// in its plural module, so the note and the dashboards never disagree on how a figure is written; this module only
// adds what a printed document needs on top (full «п. п.», quotes, counted nouns).

export const NBSP = '\u00a0';
export { NO_VALUE, pluralRu };

/** Noun forms for one, few and many (1 организация, 2 организации, 5 организаций). */
export type NounForms = readonly [one: string, few: string, many: string];

export const NOUN = {
  organisation: ['организация', 'организации', 'организаций'],
  territory: ['муниципалитет', 'муниципалитета', 'муниципалитетов'],
  mentor: ['наставник', 'наставника', 'наставников'],
  programme: ['программа', 'программы', 'программ'],
  indicator: ['показатель', 'показателя', 'показателей'],
  year: ['год', 'года', 'лет'],
} as const satisfies Record<string, NounForms>;

/**
 * A count with its noun in the right form, joined by a non-breaking space.
 * @example countOf(21, NOUN.organisation) // "21 организация"; countOf(1234, NOUN.mentor) // "1 234 наставника"
 */
export function countOf(count: number, forms: NounForms): string {
  return `${formatNumber(count)}${NBSP}${pluralRu(count, forms)}`;
}

/**
 * A count in Russian format (thousands separated by a non-breaking space, decimal comma).
 * @example num(12345) // "12 345"; num(2.5, 1) // "2,5"
 */
export function num(value: number | null | undefined, digits = 0): string {
  return formatNumber(value, digits);
}

/**
 * A percentage with one decimal and a non-breaking space before the sign.
 * @example pct(45.63) // "45,6 %"
 */
export function pct(value: number | null | undefined): string {
  return formatPct(value);
}

/**
 * A change in percentage points, signed, with the unit spelled «п. п.» (non-breaking spaces).
 * @example pp(3.21) // "+3,2 п. п."; pp(-1.26) // "−1,3 п. п."
 */
export function pp(value: number | null | undefined): string {
  return formatPp(value, PP_UNIT);
}

const PP_UNIT = `п.${NBSP}п.`;

/**
 * A change of a count, signed («+62», «−3»; no change: «0»).
 * @example signed(62) // "+62"; signed(-1234) // "−1 234"
 */
export function signed(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}

/**
 * A distance in percentage points without a sign, for «ниже траектории на 1,7 п. п.».
 * @example ppDistance(-1.66) // "1,7 п. п."
 */
export function ppDistance(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return `${formatNumber(Math.abs(value), 1)}${NBSP}${PP_UNIT}`;
}

/**
 * Text in «ёлочки»; quotes inside become „лапки“, as Russian typesetting nests them.
 * @example quote("Наставник") // "«Наставник»"; quote("МБОУ «СОШ № 1»") // "«МБОУ „СОШ № 1“»"
 */
export function quote(text: string): string {
  const inner = text.replace(/[«"]([^«»"]*)[»"]/g, '„$1“');
  return `«${inner}»`;
}

/**
 * A date with the month in the genitive and «г.», in the region's time zone.
 * @example dateRu("2026-11-30T05:00:00Z", "Asia/Vladivostok") // "30 ноября 2026 г."
 */
export function dateRu(moment: string | Date, timeZone: string): string {
  return formatDate(moment, timeZone);
}

/**
 * Words joined as a Russian list: «a, b и c».
 * @example listRu(["ОО", "СПО", "ДО"]) // "ОО, СПО и ДО"
 */
export function listRu(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} и ${items.at(-1)}`;
}

/**
 * Ends a sentence with one full stop: a sentence whose last word is an abbreviation («п. п.», «г.») keeps its own.
 * @example sentence("ниже траектории на 1,7 п. п.") // "ниже траектории на 1,7 п. п."; sentence("выше") // "выше."
 */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}
