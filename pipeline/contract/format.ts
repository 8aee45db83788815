import { formatLocale } from 'd3-format';

const NBSP = '\u00a0';

/** Russian number conventions: decimal comma, non-breaking space between thousands, typographic minus. */
export const ruLocale = formatLocale({
  decimal: ',',
  thousands: NBSP,
  grouping: [3],
  currency: ['', `${NBSP}₽`],
  percent: `${NBSP}%`,
  minus: '\u2212',
});

const integer = ruLocale.format(',.0f');
const oneDecimal = ruLocale.format(',.1f');
const signedOneDecimal = ruLocale.format('+,.1f');

/** Shown where a value is missing. */
export const NO_VALUE = '—';

/**
 * A count or amount in Russian format; `digits` fixes the number of decimals.
 * @example formatNumber(12345) // "12 345" (the space is U+00A0)
 */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return digits === 0 ? integer(value) : ruLocale.format(`,.${digits}f`)(value);
}

/**
 * A value already expressed in percent (45.63 means 45.63 %), one decimal.
 * @example formatPct(45.63) // "45,6 %"
 */
export function formatPct(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return `${oneDecimal(value)}${NBSP}%`;
}

const twoDecimals = ruLocale.format(',.2f');
const signedTwoDecimals = ruLocale.format('+,.2f');

/**
 * A share beside the one it is compared with (a value and its trajectory): one decimal, or two where one decimal would
 * print both alike though they differ — 84,96 % is below a trajectory of 85 %, and «85,0 %» beside «85,0 %» hides it.
 * @example formatPctVs(84.96, 85) // "84,96 %"; formatPctVs(85, 84.96) // "85,00 %"; formatPctVs(84.6, 85) // "84,6 %"
 */
export function formatPctVs(value: number | null | undefined, reference: number | null | undefined): string {
  if (value == null || reference == null || !Number.isFinite(value) || !Number.isFinite(reference))
    return formatPct(value);
  if (value !== reference && oneDecimal(value) === oneDecimal(reference)) return `${twoDecimals(value)}${NBSP}%`;
  return formatPct(value);
}

/**
 * A distance to the trajectory in percentage points: as formatPp, but a distance that one decimal would print as
 * 0,0 keeps its sign with two decimals, so a territory marked below the trajectory never reads «0,0 п.п.».
 * @example formatGapPp(-0.04) // "−0,04 п.п."; formatGapPp(-1.26) // "−1,3 п.п."; formatGapPp(0) // "0,0 п.п."
 */
export function formatGapPp(value: number | null | undefined): string {
  if (value != null && Number.isFinite(value) && value !== 0 && oneDecimal(Math.abs(value)) === '0,0') {
    return `${twoDecimals(Math.abs(value)) === '0,00' ? (value < 0 ? '\u22120,00' : '+0,00') : signedTwoDecimals(value)}${NBSP}п.п.`;
  }
  return formatPp(value);
}

/**
 * A change in percentage points with its sign; no sign for zero. `unit` lets printed documents spell the unit in
 * full typographic form («п. п.» with a non-breaking space) while charts keep the compact one.
 * @example formatPp(3.2) // "+3,2 п.п."; formatPp(-1.05) // "−1,1 п.п."; formatPp(3.2, "п.\u00a0п.") // "+3,2 п. п."
 */
export function formatPp(value: number | null | undefined, unit = 'п.п.'): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  const text = oneDecimal(Math.abs(value)) === '0,0' ? '0,0' : signedOneDecimal(value);
  return `${text}${NBSP}${unit}`;
}

/** A tick label for a percent axis: whole numbers without the sign, "12,5" when needed. */
export function formatAxisPct(value: number): string {
  return Number.isInteger(value) ? integer(value) : oneDecimal(value);
}

/**
 * A year as a label: no thousands separator.
 * @example formatYear(2024) // "2024"
 */
export function formatYear(year: number | string): string {
  return String(year);
}

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/**
 * A moment as Russian date and time in the region's time zone (region.csv of the reference data).
 * @example formatDateTime("2026-11-22T05:00:00.000Z", "Asia/Vladivostok") // "22 ноября 2026, 15:00"
 */
export function formatDateTime(moment: string | Date, timeZone: string): string {
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) return NO_VALUE;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const month = MONTHS_GENITIVE[Number(part('month')) - 1] ?? part('month');
  return `${Number(part('day'))} ${month} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/**
 * A day as a Russian document writes it, in the region's time zone: month in the genitive, «г.» after the year,
 * non-breaking spaces so the date never splits across lines.
 * @example formatDate("2026-11-30T05:00:00.000Z", "Asia/Vladivostok") // "30 ноября 2026 г."
 */
export function formatDate(moment: string | Date, timeZone: string): string {
  const date = moment instanceof Date ? moment : new Date(moment);
  if (Number.isNaN(date.getTime())) return NO_VALUE;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const month = MONTHS_GENITIVE[Number(part('month')) - 1] ?? part('month');
  return `${Number(part('day'))}${NBSP}${month} ${part('year')}${NBSP}г.`;
}
