import type { ContextField } from './context-labels.ts';

/**
 * Labels of the monitoring form's layout: what the blank template and the sample generator print, and what the
 * XLSX reader finds rows and columns by (read-xlsx.ts matches them loosely through text keys, so a form typed by
 * hand with other spellings still reads; these are the canonical wordings).
 */

export const SHEET_NAME = 'Мониторинг';
export const INSTRUCTION_SHEET_NAME = 'Инструкция';

/** Seed 002's line under the title; the organisation's name follows the colon. */
export const ORG_PREFIX = 'Образовательное учреждение: ';

/** Labels of the label | value rows above the table; each is recognised by `contextFieldOf` as its own field. */
export const HEADER_LABELS: Record<ContextField, string> = {
  year: 'Отчётный год',
  territory: 'Муниципальное образование',
  orgName: 'Образовательное учреждение',
  inn: 'ИНН',
  orgType: 'Тип организации',
};

/** The top-left cell of the per-form table and the merged header over the form columns. */
export const TABLE_LABEL = 'Наименование показателя';
export const FORMS_LABEL = 'Форма наставничества';

/** Titles of the label | value blocks under the table, one per block of measures.csv. */
export const SECTION_TITLES = {
  totals: 'Общие сведения об организации',
  checklist: 'Чек-лист',
  survey: 'Анкетирование',
} as const;

/** The footer of seed 002; the reader skips it (personal data never reaches the warehouse). */
export const RESPONSIBLE_PREFIX = 'Ответственный за реализацию программы в ОУ: ';

/** The blank to fill in, as the seed prints it. */
export const BLANK = '_____';

/** The title of the blank form the ministry sends out. */
export function templateTitle(year: number): string {
  return `Мониторинг реализации целевой модели наставничества за ${year} год`;
}
