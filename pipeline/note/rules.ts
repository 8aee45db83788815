import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import {
  checklistFigure,
  coverageFigure,
  indicatorRow,
  laggingIndicators,
  registryFigure,
  type Unit,
} from './figures.ts';
import type { CitedFigure, FiredRecommendation } from './model.ts';
import type { NoteData } from './note-data.ts';
import { countOf, NOUN, pct, pp } from './typography.ts';

// Recommendation rules of the note, kept as data (data/reference/recommendations.csv) so analysts change thresholds
// and wording without code. A rule names one figure of one mart, compares it with a threshold, and when it holds,
// its text is printed with the figure in place of {value}.

export const RULES_FILE = 'recommendations.csv';

const MARTS = ['mart_indicator_values', 'mart_checklist', 'mart_coverage', 'mart_registry'] as const;
const COMPARISONS = ['<', '<=', '>', '>='] as const;

export const RecommendationRule = z.object({
  rule_id: z.string().regex(/^[a-z0-9_]+$/, 'латинские строчные буквы, цифры и _'),
  mart: z.enum(MARTS),
  metric: z.string().min(1),
  level: z.enum(['region', 'territory']),
  comparison: z.enum(COMPARISONS),
  threshold: z
    .string()
    .trim()
    .transform((s) => Number(s.replace(',', '.')))
    .pipe(z.number().finite()),
  text: z
    .string()
    .min(1)
    .refine((t) => t.includes('{value}'), 'в тексте нет {value}: рекомендация должна называть показатель'),
  basis: z.string().default(''),
  sort_order: z.string().trim().transform(Number).pipe(z.number().finite()),
});
export type RecommendationRule = z.infer<typeof RecommendationRule>;

/**
 * Reads and checks the rules file; a bad row stops with the file, row and column named, in Russian.
 * @example const rules = readRules(path.join(config.REFERENCE_DIR, RULES_FILE));
 */
export function readRules(file: string): RecommendationRule[] {
  if (!existsSync(file)) throw new Error(`Нет файла правил рекомендаций: ${file}`);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf-8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`Файл правил рекомендаций ${file}, строка ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  const rules = parsed.data.map((row, i) => {
    const result = RecommendationRule.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new Error(
        `Файл правил рекомендаций ${path.basename(file)}, строка ${i + 2}, столбец «${issue.path.join('.')}»: ${issue.message}`,
      );
    }
    return result.data;
  });
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.rule_id))
      throw new Error(`Файл правил рекомендаций ${path.basename(file)}: правило «${r.rule_id}» встречается дважды`);
    ids.add(r.rule_id);
  }
  return rules.toSorted((a, b) => a.sort_order - b.sort_order);
}

type Measured = { value: number | null; text: (v: number) => string };

/**
 * The figure a rule names, for the region (unit null) or a territory. Metrics:
 * mart_indicator_values — `<indicator_id>` (value, %), `<indicator_id>:change_pp` (change on the previous year),
 * `<indicator_id>:gap_pp` (value − trajectory), `lagging_indicators` (how many indicators are below the trajectory);
 * mart_checklist — `<criterion_id>` (share of organisations meeting it, %); mart_coverage — `share_reported_pct`;
 * mart_registry — `trained_share_pct` (trained of registered), `registry_to_reported_pct`.
 */
export function measure(
  data: NoteData,
  rule: Pick<RecommendationRule, 'mart' | 'metric'>,
  year: number,
  unit: Unit,
): Measured {
  const { mart, metric } = rule;
  switch (mart) {
    case 'mart_indicator_values': {
      if (metric === 'lagging_indicators')
        return { value: laggingIndicators(data, year, unit).lagging, text: (v) => countOf(v, NOUN.indicator) };
      const [indicatorId, part = 'value_pct'] = metric.split(':');
      if (!data.ref_indicators.some((i) => i.indicator_id === indicatorId)) throw unknownMetric(rule);
      const row = indicatorRow(data, indicatorId!, year, unit);
      if (part === 'value_pct') return { value: row?.value_pct ?? null, text: pct };
      if (part === 'change_pp') return { value: row?.change_pp ?? null, text: pp };
      if (part === 'gap_pp')
        return { value: row?.value_pct == null ? null : row.value_pct - row.trajectory_pct, text: pp };
      throw unknownMetric(rule);
    }
    case 'mart_checklist':
      if (!data.ref_checklist_criteria.some((c) => c.criterion_id === metric)) throw unknownMetric(rule);
      return { value: checklistFigure(data, metric, year, unit).share_pct, text: pct };
    case 'mart_coverage':
      if (metric !== 'share_reported_pct') throw unknownMetric(rule);
      return { value: coverageFigure(data, year, unit).share_reported_pct, text: pct };
    case 'mart_registry':
      if (metric !== 'trained_share_pct' && metric !== 'registry_to_reported_pct') throw unknownMetric(rule);
      return { value: registryFigure(data, year, unit)[metric], text: pct };
  }
}

function unknownMetric(rule: Pick<RecommendationRule, 'mart' | 'metric'>): Error {
  return new Error(ruleProblemText(rule));
}

function ruleProblemText(rule: Pick<RecommendationRule, 'mart' | 'metric'>): string {
  return `в витрине ${rule.mart} нет показателя «${rule.metric}»`;
}

/**
 * Why a rule cannot be checked on this snapshot (it names an indicator, criterion or metric the snapshot does not
 * have), or null. Such a rule is skipped and reported, so a region with other indicators still gets its note.
 */
export function ruleProblem(data: NoteData, rule: RecommendationRule): string | null {
  try {
    measure(data, rule, data.meta.years[0] ?? 0, null);
    return null;
  } catch {
    return `Правило рекомендации «${rule.rule_id}» пропущено: ${ruleProblemText(rule)}`;
  }
}

/** Whether `value comparison threshold` holds; a missing figure never fires a rule. */
export function holds(value: number | null, comparison: RecommendationRule['comparison'], threshold: number): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

export interface RuleScope {
  year: number;
  /** The note's territory (--territory): every rule is then checked for it alone. */
  territoryId: string | null;
  regionName: string;
}

/**
 * The recommendations whose rules hold for the year, in the file's order. A region rule is checked on the region;
 * a territory rule on every territory (one recommendation listing each territory where it holds, with its figure).
 * A note for one territory checks every rule on that territory only.
 */
export function fireRules(
  data: NoteData,
  rules: readonly RecommendationRule[],
  scope: RuleScope,
): FiredRecommendation[] {
  // rules naming what this snapshot lacks are reported by ruleProblem and skipped here
  rules = rules.filter((rule) => ruleProblem(data, rule) === null);
  const territories = data.ref_territories.toSorted((a, b) => a.sort_order - b.sort_order);
  const nameOf = (unit: Unit) =>
    unit === null ? scope.regionName : (territories.find((t) => t.territory_id === unit)?.short_name ?? unit);
  const fired: FiredRecommendation[] = [];
  for (const rule of rules) {
    const units: Unit[] =
      scope.territoryId !== null
        ? [scope.territoryId]
        : rule.level === 'region'
          ? [null]
          : territories.map((t) => t.territory_id);
    const figures: CitedFigure[] = [];
    let format: ((v: number) => string) | null = null;
    for (const unit of units) {
      const { value, text } = measure(data, rule, scope.year, unit);
      format = text;
      if (!holds(value, rule.comparison, rule.threshold)) continue;
      figures.push({
        mart: rule.mart,
        metric: rule.metric,
        year: scope.year,
        territory_id: unit,
        unit_name: nameOf(unit),
        value: value!,
        text: text(value!),
      });
    }
    if (figures.length === 0 || format === null) continue;
    // one unit: the figure itself; several territories: each named with its figure
    const cited =
      units.length === 1 && rule.level === 'region' && scope.territoryId === null
        ? figures[0]!.text
        : figures.map((f) => `${f.unit_name} — ${f.text}`).join('; ');
    const text = rule.text
      .replaceAll('{value}', cited)
      .replaceAll('{threshold}', format(rule.threshold))
      .replaceAll('{year}', String(scope.year))
      // a figure that ends in an abbreviation («п. п.») before the template's full stop
      .replace(/(\s(?:п|г)\.)\./gu, '$1');
    fired.push({ rule_id: rule.rule_id, text, figures });
  }
  return fired;
}

/**
 * The rules that could not be checked for the year because their figure is missing for every unit they look at
 * (no share computed, no checklist, no registry): the note says so instead of «nothing beyond the thresholds».
 */
export function rulesWithoutFigure(
  data: NoteData,
  rules: readonly RecommendationRule[],
  scope: RuleScope,
): RecommendationRule[] {
  const territories = data.ref_territories.map((t) => t.territory_id);
  return rules.filter((rule) => {
    if (ruleProblem(data, rule) !== null) return false;
    const units: Unit[] =
      scope.territoryId !== null ? [scope.territoryId] : rule.level === 'region' ? [null] : territories;
    return units.every((unit) => {
      const { value } = measure(data, rule, scope.year, unit);
      return value === null || !Number.isFinite(value);
    });
  });
}
