/**
 * The Russian plural form for a count: one (1, 21), few (2–4, 22–24) or many (0, 5–20, 25…).
 * @example pluralRu(3, ["год", "года", "лет"]) // "года"
 */
export function pluralRu(count: number, [one, few, many]: readonly [string, string, string]): string {
  const n = Math.abs(Math.trunc(count));
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

/**
 * How long something has gone on, in years, as the lagging list says it.
 * @example formatYearsInRow(1) // "1 год"; formatYearsInRow(3) // "3 года подряд"; formatYearsInRow(5) // "5 лет подряд"
 */
export function formatYearsInRow(years: number): string {
  const text = `${years}\u00a0${pluralRu(years, ['год', 'года', 'лет'])}`;
  return years > 1 ? `${text} подряд` : text;
}
