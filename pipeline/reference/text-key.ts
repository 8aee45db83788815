/**
 * Keys already made: the same labels, names and territories come back in every form and in every row of a long
 * CSV, and a key costs ten regular expressions. Only short texts are kept, and the store is emptied when full,
 * so a huge file cannot grow it without bound.
 */
const made = new Map<string, string>();
const MADE_MAX = 100_000;
const KEPT_MAX_LENGTH = 300;

/**
 * The comparison key for free text typed by people: case, ё/е, dash and quote variants,
 * punctuation and spacing do not matter.
 * @example textKey("Учитель — ученик «с ОВЗ»") === textKey("учитель-ученик с овз")
 */
export function textKey(text: string): string {
  if (text.length > KEPT_MAX_LENGTH) return makeKey(text);
  let key = made.get(text);
  if (key === undefined) {
    if (made.size === MADE_MAX) made.clear();
    made.set(text, (key = makeKey(text)));
  }
  return key;
}

/**
 * Any run of white space as one plain space. Only what changes is matched: a single plain space is left alone,
 * which makes a key a third faster than replacing every run (`\s` includes the no-break space).
 */
const SPACES = /\s{2,}|[^\S ]/g;

function makeKey(text: string): string {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[\u2010-\u2015\u2212\u00ad-]/g, '-')
      .replace(/["'«»„“”‘’`]/g, ' ')
      .replace(SPACES, ' ')
      // spaces are single from here on
      .replace(/ ?- ?/g, '-')
      .replace(/ ?\/ ?/g, '/')
      .replace(/[.,;:!?()[\]№]+/g, ' ')
      .replace(SPACES, ' ')
      .trim()
  );
}

/** Splits a key into words; the dash inside a compound name (Комсомольск-на-Амуре) stays. */
export function keyWords(key: string): string[] {
  return key.split(' ').filter((w) => w.length > 0);
}
