/** Check-digit weights of the Russian taxpayer number (ИНН), from the Federal Tax Service's algorithm. */
const LEGAL_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const PERSON_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const PERSON_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  return (sum % 11) % 10;
}

/**
 * The control digit of a legal entity's 10-digit ИНН, given its first nine digits.
 * @example legalInnCheckDigit('770708389') === 3 // 7707083893
 */
export function legalInnCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) throw new Error(`ИНН: ожидаются 9 цифр, получено «${firstNine}»`);
  return checkDigit(firstNine, LEGAL_WEIGHTS);
}

/** Completes nine digits to a valid legal-entity ИНН. */
export function makeLegalInn(firstNine: string): string {
  return firstNine + String(legalInnCheckDigit(firstNine));
}

/**
 * True when the text is a ИНН with valid control digits: 10 digits (organisation) or 12 digits (person).
 * @example isValidInn('7707083893') === true
 */
export function isValidInn(text: string): boolean {
  if (/^\d{10}$/.test(text)) return checkDigit(text, LEGAL_WEIGHTS) === Number(text[9]);
  if (/^\d{12}$/.test(text)) {
    return checkDigit(text, PERSON_WEIGHTS_11) === Number(text[10]) && checkDigit(text, PERSON_WEIGHTS_12) === Number(text[11]);
  }
  return false;
}
