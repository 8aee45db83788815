import { z } from 'zod';

/** Where a value sits in a received file; rows are 1-based as a spreadsheet shows them. */
export const CellRef = z.object({
  sheet: z.string().nullable(),
  row: z.number().int().positive().nullable(),
  column: z.string().nullable(),
});
export type CellRef = z.infer<typeof CellRef>;

/** error: rejects the organisation's submission (or the file); warning: kept, but shown on the quality page. */
export const Severity = z.enum(['error', 'warning']);

export const Finding = z.object({
  severity: Severity,
  code: z.string(),
  message: z.string(),
  file: z.string().nullable(),
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const NO_PLACE: CellRef = { sheet: null, row: null, column: null };

export function finding(
  severity: z.infer<typeof Severity>,
  code: string,
  message: string,
  at: CellRef = NO_PLACE,
  value: unknown = null,
): Omit<Finding, 'file'> {
  return {
    severity,
    code,
    message,
    sheet: at.sheet,
    row: at.row,
    column: at.column,
    value: value === null || value === undefined ? null : String(value).slice(0, 200),
  };
}

/** «Лист «Мониторинг», строка 12, столбец C» — the place, as a person would look for it. */
export function describePlace(f: Pick<Finding, 'file' | 'sheet' | 'row' | 'column'>): string {
  const parts = [
    f.file ? `файл «${f.file}»` : null,
    f.sheet ? `лист «${f.sheet}»` : null,
    f.row ? `строка ${f.row}` : null,
    f.column ? (/^[A-Z]{1,3}$/.test(f.column) ? `столбец ${f.column}` : `столбец «${f.column}»`) : null,
  ].filter((p) => p !== null);
  return parts.join(', ');
}
