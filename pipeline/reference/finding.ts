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

type PlacedFinding = Omit<Finding, 'file'>;

export interface FindingBounds {
  perGroup: number;
  examples: number;
  perFile: number;
}

const groupKey = (f: PlacedFinding) => `${f.severity}\u0000${f.code}\u0000${f.sheet ?? ''}\u0000${f.column ?? ''}`;
const count = (n: number) => n.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');

/**
 * Bounds the findings of one file, given as the lists they belong to (the file's own, then each organisation's):
 * a finding repeated (same severity, code, sheet and column) more than `perGroup` times keeps its first `examples`
 * and, in place of the next, one finding that counts them all and names the rows. The lists keep their order.
 * Returns `tooMany` when even then the file has more than `perFile` findings: a table with thousands of columns or
 * kinds of problem is no monitoring form, and the caller rejects it whole.
 */
export function boundFindings(
  lists: readonly PlacedFinding[][],
  bounds: FindingBounds,
): { lists: PlacedFinding[][]; total: number; shown: number; tooMany: boolean } {
  let total = 0;
  for (const list of lists) total += list.length;
  if (total <= bounds.perGroup) return { lists: lists as PlacedFinding[][], total, shown: total, tooMany: false };
  const groups = new Map<string, { n: number; minRow: number | null; maxRow: number | null; first: string }>();
  for (const list of lists) {
    for (const f of list) {
      const key = groupKey(f);
      const g = groups.get(key);
      if (g === undefined) groups.set(key, { n: 1, minRow: f.row, maxRow: f.row, first: f.message });
      else {
        g.n++;
        if (f.row !== null) {
          g.minRow = g.minRow === null ? f.row : Math.min(g.minRow, f.row);
          g.maxRow = g.maxRow === null ? f.row : Math.max(g.maxRow, f.row);
        }
      }
    }
  }
  let shown = 0;
  for (const g of groups.values()) shown += g.n > bounds.perGroup ? bounds.examples + 1 : g.n;
  if (shown > bounds.perFile) return { lists: [], total, shown, tooMany: true };
  if (shown === total) return { lists: lists as PlacedFinding[][], total, shown, tooMany: false };
  const seen = new Map<string, number>();
  const bounded = lists.map((list) => {
    const out: PlacedFinding[] = [];
    for (const f of list) {
      const key = groupKey(f);
      const g = groups.get(key)!;
      if (g.n <= bounds.perGroup) {
        out.push(f);
        continue;
      }
      const i = seen.get(key) ?? 0;
      seen.set(key, i + 1);
      if (i < bounds.examples) out.push(f);
      else if (i === bounds.examples) {
        const rows =
          g.minRow === null ? '' : g.minRow === g.maxRow ? `, строка ${g.minRow}` : `, строки ${g.minRow}–${g.maxRow}`;
        const where = describePlace({ file: null, sheet: f.sheet, row: null, column: f.column });
        out.push({
          severity: f.severity,
          code: f.code,
          message: `И ещё ${count(g.n - bounds.examples)} таких же замечаний${where ? ` (${where}${rows})` : rows ? ` (${rows.slice(2)})` : ''}: всего ${count(g.n)}, показаны первые ${bounds.examples}. Первое: ${g.first}`,
          sheet: f.sheet,
          row: null,
          column: f.column,
          value: null,
        });
      }
    }
    return out;
  });
  return { lists: bounded, total, shown, tooMany: false };
}
