const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12_1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const WEIGHTS_12_2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: number[], weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11) % 10;
}

/**
 * True for a Russian taxpayer number with valid control digits: 10 digits for an organisation,
 * 12 for a person.
 * @example isValidInn('7707083893') === true
 */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}(\d{2})?$/.test(inn)) return false;
  const d = [...inn].map(Number);
  if (d.length === 10) return checkDigit(d, WEIGHTS_10) === d[9];
  return checkDigit(d, WEIGHTS_12_1) === d[10] && checkDigit(d, WEIGHTS_12_2) === d[11];
}

/** Appends the control digit to the first nine digits of an organisation's INN. */
export function withInnCheckDigit(firstNine: string): string {
  return firstNine + String(checkDigit([...firstNine].map(Number), WEIGHTS_10));
}
