/**
 * The comparison key for free text typed by people: case, ё/е, dash and quote variants,
 * punctuation and spacing do not matter.
 * @example textKey("Учитель — ученик «с ОВЗ»") === textKey("учитель-ученик с овз")
 */
export function textKey(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u2010-\u2015\u2212\u00ad-]/g, '-')
    .replace(/["'«»„“”‘’`]/g, ' ')
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*\/\s*/g, '/')
    .replace(/[.,;:!?()[\]№]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits a key into words; the dash inside a compound name (Комсомольск-на-Амуре) stays. */
export function keyWords(key: string): string[] {
  return key.split(' ').filter((w) => w.length > 0);
}
