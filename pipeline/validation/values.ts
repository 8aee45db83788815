import { z } from 'zod';
import type { Measure } from '../reference/reference.ts';

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

const numberFromCell = z.union([z.string(), z.number(), z.boolean()]).transform((raw, ctx) => {
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const n = parseRussianNumber(raw);
  if (Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `«${String(raw).trim()}» — не число` });
    return z.NEVER;
  }
  return n;
});

const flagFromCell = z.union([z.string(), z.number(), z.boolean()]).transform((raw, ctx) => {
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const key = String(raw).trim().toLowerCase();
  if (YES.has(key)) return 1;
  if (NO.has(key)) return 0;
  ctx.addIssue({ code: 'custom', message: `«${String(raw).trim()}» — ожидается «да» или «нет»` });
  return z.NEVER;
});

/** The contract of one reported value, by the measure's kind in measures.csv. */
export const VALUE_SCHEMAS = {
  count: numberFromCell.pipe(
    z
      .number()
      .refine((n) => n >= 0, 'число не может быть отрицательным')
      .refine((n) => Number.isInteger(n), 'количество должно быть целым числом'),
  ),
  pct: numberFromCell.pipe(z.number().min(0, 'процент не может быть меньше 0').max(100, 'процент не может быть больше 100')),
  flag: flagFromCell,
} satisfies Record<Measure['kind'], z.ZodType<number>>;

export type ParsedValue = { ok: true; value: number } | { ok: false; message: string };

export function parseValue(kind: Measure['kind'], raw: string | number | boolean): ParsedValue {
  const result = VALUE_SCHEMAS[kind].safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.issues[0]!.message };
}
