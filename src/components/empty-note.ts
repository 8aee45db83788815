/**
 * A muted one-line note shown in place of a table or chart that has nothing to show.
 * @example emptyNote("Таких файлов нет.")
 */
export function emptyNote(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'empty-note';
  p.textContent = text;
  return p;
}

/** What a page says when the snapshot has no year at all: no form was accepted yet. */
export const NO_YEARS = 'Данных пока нет: не принято ни одной формы мониторинга.';

/**
 * Years in a Russian sentence, after «за»: a run of consecutive years as a range, with the right noun.
 * @example yearsPhrase([2021, 2022]) // "2021–2022 годы"
 * @example yearsPhrase([2019, 2021, 2023]) // "2019, 2021 и 2023 годы"
 * @example yearsPhrase([2024]) // "2024 год"
 */
export function yearsPhrase(years: readonly number[]): string {
  const sorted = [...new Set(years)].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return 'все годы';
  if (sorted.length === 1) return `${sorted[0]} год`;
  const consecutive = sorted.every((y, i) => i === 0 || y === sorted[i - 1]! + 1);
  if (consecutive) return `${sorted[0]}–${sorted.at(-1)} годы`;
  return `${sorted.slice(0, -1).join(', ')} и ${sorted.at(-1)} годы`;
}
