import type { Measure } from '../reference/reference.ts';
import { pluralRu } from '../contract/plural.ts';

const YES = new Set(['да', 'yes', 'y', 'true', 'есть', 'имеется', '+', '1', 'д']);
const NO = new Set(['нет', 'no', 'n', 'false', 'отсутствует', '-', '0', 'н']);

/** True when a cell holds nothing: blank means "not reported", which is not zero. */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Reads a number as Russian files write it: spaces or NBSP between thousands, a decimal comma.
 * Returns NaN when the text is not a number.
 */
export function parseRussianNumber(raw: string | number): number {
  if (typeof raw === 'number') return raw;
  const text = raw.trim().replace(/\s*%$/, '');
  // Spaces may only separate groups of three digits: «1 234» is a number, «1 05» is a typo.
  if (!/^[-+]?(\d{1,3}([\s\u00a0\u202f\u2009']\d{3})+|\d+)?([.,]\d+)?$/.test(text) || !/\d/.test(text)) return NaN;
  return Number(text.replace(/[\s\u00a0\u202f\u2009']/g, '').replace(',', '.'));
}

/**
 * An Excel error value as Excel shows it (English or Russian Excel): read from an XLSX cell (see read-xlsx.ts) or
 * written into a CSV by «Сохранить как».
 */
const EXCEL_ERROR =
  /^#(?:DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|EXTERNAL!|ДЕЛ\/0!|Н\/Д|ИМЯ\?|ПУСТО!|ЧИСЛО!|ССЫЛКА!|ЗНАЧ!|ПЕРЕНОС!|ВЫЧИСЛ!)$/i;

/** The Excel error a cell holds («#DIV/0!»), or null. */
export function excelError(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return EXCEL_ERROR.test(text) ? text.toUpperCase() : null;
}

/**
 * What a cell holds, without quoting it: a text cell may hold a person's name («Иванова И.И.»), and findings go to the
 * warehouse, the snapshot and the site. «текст, 12 символов».
 */
export function describeText(raw: string): string {
  const n = [...raw.trim()].length;
  return `текст, ${n} ${pluralRu(n, ['символ', 'символа', 'символов'])}`;
}

const booleanText = (b: boolean) => (b ? 'ИСТИНА' : 'ЛОЖЬ');

/**
 * A value that does not fit: `message` for the sender, `value` what the finding may show of the cell — a number or
 * an Excel error as written, a boolean as ИСТИНА/ЛОЖЬ, a text only described («текст, 12 символов»), never quoted.
 */
export type ParsedValue = { ok: true; value: number } | { ok: false; message: string; value: string | null };

const EXPECTED: Record<Measure['kind'], string> = {
  count: 'ожидалось целое число',
  pct: 'ожидалось число от 0 до 100',
  flag: 'ожидалось «да» или «нет»',
};

/**
 * The contract of one reported value, by the measure's kind in measures.csv: a count is a whole number ≥ 0 written
 * without a percent sign; a percentage lies within 0–100 (a trailing % allowed); a flag is yes or no. An Excel error
 * value, a boolean where a number is due and a text that is not a number are refused with a finding that names what
 * was expected and what kind of value the cell holds, without quoting a text.
 */
export function parseValue(kind: Measure['kind'], raw: string | number | boolean): ParsedValue {
  const refuse = (message: string, value: string | null): ParsedValue => ({ ok: false, message, value });
  const error = excelError(raw);
  if (error !== null) return refuse(`ячейка содержит ошибку Excel (${error}) — исправьте формулу`, error);
  if (typeof raw === 'boolean') {
    if (kind === 'flag') return { ok: true, value: raw ? 1 : 0 };
    return refuse(`${EXPECTED[kind]}; в ячейке логическое значение ${booleanText(raw)}`, booleanText(raw));
  }
  if (kind === 'flag') {
    const key = String(raw).trim().toLowerCase();
    if (YES.has(key)) return { ok: true, value: 1 };
    if (NO.has(key)) return { ok: true, value: 0 };
    const n = parseRussianNumber(raw);
    return Number.isNaN(n)
      ? refuse(`${EXPECTED.flag}; в ячейке ${describeText(String(raw))}`, describeText(String(raw)))
      : refuse(`${EXPECTED.flag}; в ячейке число ${String(raw).trim()}`, String(raw).trim());
  }
  const n = parseRussianNumber(raw);
  if (Number.isNaN(n))
    return refuse(`${EXPECTED[kind]}; в ячейке ${describeText(String(raw))}`, describeText(String(raw)));
  // a number is not personal: it may be quoted
  const shown = typeof raw === 'number' ? String(raw) : raw.trim();
  if (kind === 'count') {
    if (typeof raw === 'string' && /%$/.test(shown))
      return refuse(`${EXPECTED.count}, а в ячейке процент (${shown}): укажите количество без знака %`, shown);
    if (n < 0) return refuse('число не может быть отрицательным', shown);
    if (!Number.isInteger(n)) return refuse('количество должно быть целым числом', shown);
    return { ok: true, value: n };
  }
  if (n < 0) return refuse('процент не может быть меньше 0', shown);
  if (n > 100) return refuse('процент не может быть больше 100', shown);
  return { ok: true, value: n };
}

/** Numbers as a finding shows them: «3 000 000 000». */
export function formatNumber(n: number): string {
  return n.toLocaleString('ru-RU', { maximumFractionDigits: 6 }).replace(/\u00a0/g, ' ');
}
