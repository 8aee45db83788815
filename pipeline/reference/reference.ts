import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { isValidInn } from './inn.ts';

/** Reference data of one region, read from the CSV files of `data/reference/` (docs/reference-data.md). */
export const REFERENCE_DIR = path.resolve(import.meta.dirname, '../../data/reference');

const optionalYear = z
  .string()
  .transform((s) => (s.trim() === '' ? null : Number(s)))
  .pipe(z.number().int().min(1990).max(2100).nullable());
const intString = z.coerce.number().int();
const list = z.string().transform((s) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter((x) => x !== ''),
);

export const TerritoryKind = z.enum(['city_okrug', 'municipal_district', 'municipal_okrug', 'regional']);

export const Territory = z.object({
  territory_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  short_name: z.string().min(1),
  tile_col: intString,
  tile_row: intString,
  sort_order: intString,
});
export const TerritoryName = z.object({
  territory_id: z.string().min(1),
  name: z.string().min(1),
  kind: TerritoryKind,
  oktmo: z.string().regex(/^(\d{8}|\d{11})?$/),
  valid_from: optionalYear,
  valid_to: optionalYear,
});
export const TerritoryAlias = z.object({ territory_id: z.string().min(1), alias: z.string().min(1) });
export const OrgType = z.object({
  org_type_id: z.string().regex(/^[A-Z]+$/),
  name: z.string().min(1),
  short_name: z.string().min(1),
  synonyms: list,
  sort_order: intString,
  name_markers: list,
  marker_priority: intString,
});
export const Form = z.object({
  form_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  mentee_group: z.enum(['pupils', 'teachers']),
  synonyms: list,
  sort_order: intString,
});
export const MeasureBlock = z.enum(['form', 'totals', 'checklist', 'survey']);
export const MeasureKind = z.enum(['count', 'flag', 'pct']);
/** The largest value one organisation can plausibly report: validation refuses more (`value_out_of_range`). */
const maxValue = z
  .string()
  .transform((s) => (s.trim() === '' ? Number.NaN : Number(s.trim())))
  .pipe(
    z
      .number({ error: 'нужна верхняя граница — положительное целое число' })
      .int('верхняя граница должна быть целым числом')
      .positive('верхняя граница должна быть больше 0')
      .max(
        1e9,
        'верхняя граница не больше 1 000 000 000: больше не бывает ни у одной организации, а витрины рассчитаны на такие суммы',
      ),
  );
export const Measure = z
  .object({
    measure_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    block: MeasureBlock,
    kind: MeasureKind,
    max_value: maxValue,
    name: z.string().min(1),
    // how pages name the measure, and its genitive («нет численности обучающихся»)
    short_name: z.string().min(1),
    name_genitive: z.string().min(1),
    keywords: z.string().min(1),
    sort_order: intString,
  })
  .superRefine((m, ctx) => {
    if (m.kind === 'pct' && m.max_value > 100)
      ctx.addIssue({ code: 'custom', path: ['max_value'], message: 'процент не может быть больше 100' });
    if (m.kind === 'flag' && m.max_value !== 1)
      ctx.addIssue({ code: 'custom', path: ['max_value'], message: 'для «да/нет» верхняя граница — 1' });
  });
export const Indicator = z.object({
  indicator_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  name: z.string().min(1),
  short_name: z.string().min(1),
  org_type_id: z.string().transform((s) => (s === '' ? null : s)),
  method: z.enum(['ratio', 'weighted_pct']),
  numerator_measure: z.string().min(1),
  denominator_measure: z.string().min(1),
  baseline_year: intString,
  baseline_pct: z.coerce.number().min(0).max(100),
  target_year: intString,
  target_pct: z.coerce.number().min(0).max(100),
  source: z.string(),
  sort_order: intString,
});
export const ChecklistCriterion = z.object({
  criterion_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  measure_id: z.string().min(1),
  name: z.string().min(1),
  short_name: z.string().min(1),
  sort_order: intString,
});

/** An organisation expected to report (the optional list `organisations.csv`). */
export const ReferenceOrganisation = z.object({
  territory_id: z.string().min(1),
  inn: z
    .string()
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .refine((s) => s === null || isValidInn(s), 'ИНН не проходит проверку контрольной суммы (10 или 12 цифр)'),
  name: z.string().min(1),
  org_type_id: z.string().min(1),
  valid_from: optionalYear,
  valid_to: optionalYear,
});

export const Region = z.object({
  name: z.string().min(1),
  name_prepositional: z.string().min(1),
  time_zone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('ru-RU', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'неизвестный часовой пояс (ожидается имя IANA, например Asia/Vladivostok)'),
  time_zone_city: z.string().min(1),
});

export type Region = z.infer<typeof Region>;
export type Territory = z.infer<typeof Territory>;
export type TerritoryName = z.infer<typeof TerritoryName>;
export type TerritoryAlias = z.infer<typeof TerritoryAlias>;
export type OrgType = z.infer<typeof OrgType>;
export type Form = z.infer<typeof Form>;
export type Measure = z.infer<typeof Measure>;
export type Indicator = z.infer<typeof Indicator>;
export type ChecklistCriterion = z.infer<typeof ChecklistCriterion>;
export type ReferenceOrganisation = z.infer<typeof ReferenceOrganisation>;

export interface Reference {
  region: Region;
  territories: Territory[];
  territoryNames: TerritoryName[];
  territoryAliases: TerritoryAlias[];
  orgTypes: OrgType[];
  forms: Form[];
  measures: Measure[];
  indicators: Indicator[];
  checklistCriteria: ChecklistCriterion[];
  /** Empty when the region keeps no list: coverage then expects the organisations seen in earlier years. */
  organisations: ReferenceOrganisation[];
}

/** Optional: without it, coverage expects the organisations seen in earlier years. */
const ORGANISATIONS_FILE = 'organisations.csv';

function readTable<T extends z.ZodType>(dir: string, file: string, schema: T): z.output<T>[] {
  const full = path.join(dir, file);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(full, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new Error(`Справочник ${full}, строка ${(e.row ?? 0) + 2}: ${e.message}`);
  }
  return parsed.data.map((row, i) => {
    const result = schema.safeParse(row);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new Error(`Справочник ${full}, строка ${i + 2}, столбец «${issue.path.join('.')}»: ${issue.message}`);
    }
    return result.data;
  });
}

function assertKnown(file: string, ids: Set<string>, values: Iterable<[string, string | null]>): void {
  for (const [what, id] of values) {
    if (id !== null && !ids.has(id))
      throw new Error(`Справочник ${file}: ${what} ссылается на неизвестный код «${id}»`);
  }
}

/** Reads and cross-checks the reference tables; throws a Russian message naming the file, row and column. */
export function loadReference(dir: string = REFERENCE_DIR): Reference {
  const regions = readTable(dir, 'region.csv', Region);
  if (regions.length !== 1)
    throw new Error(`Справочник ${path.join(dir, 'region.csv')}: нужна ровно одна строка — регион`);
  const ref: Reference = {
    region: regions[0]!,
    territories: readTable(dir, 'territories.csv', Territory),
    territoryNames: readTable(dir, 'territory_names.csv', TerritoryName),
    territoryAliases: readTable(dir, 'territory_aliases.csv', TerritoryAlias),
    orgTypes: readTable(dir, 'org_types.csv', OrgType),
    forms: readTable(dir, 'forms.csv', Form),
    measures: readTable(dir, 'measures.csv', Measure),
    indicators: readTable(dir, 'indicators.csv', Indicator),
    checklistCriteria: readTable(dir, 'checklist_criteria.csv', ChecklistCriterion),
    organisations: existsSync(path.join(dir, ORGANISATIONS_FILE))
      ? readTable(dir, ORGANISATIONS_FILE, ReferenceOrganisation)
      : [],
  };
  const territoryIds = new Set(ref.territories.map((t) => t.territory_id));
  const measureIds = new Set(ref.measures.map((m) => m.measure_id));
  const orgTypeIds = new Set(ref.orgTypes.map((t) => t.org_type_id));
  assertKnown(
    'territory_names.csv',
    territoryIds,
    ref.territoryNames.map((n) => [n.name, n.territory_id]),
  );
  assertKnown(
    'territory_aliases.csv',
    territoryIds,
    ref.territoryAliases.map((a) => [a.alias, a.territory_id]),
  );
  assertKnown(
    'indicators.csv',
    measureIds,
    ref.indicators.flatMap(
      (i) =>
        [
          [i.indicator_id, i.numerator_measure],
          [i.indicator_id, i.denominator_measure],
        ] as [string, string][],
    ),
  );
  assertKnown(
    'indicators.csv',
    orgTypeIds,
    ref.indicators.map((i) => [i.indicator_id, i.org_type_id]),
  );
  assertKnown(
    ORGANISATIONS_FILE,
    territoryIds,
    ref.organisations.map((o) => [o.name, o.territory_id]),
  );
  assertKnown(
    ORGANISATIONS_FILE,
    orgTypeIds,
    ref.organisations.map((o) => [o.name, o.org_type_id]),
  );
  assertKnown(
    'checklist_criteria.csv',
    measureIds,
    ref.checklistCriteria.map((c) => [c.criterion_id, c.measure_id]),
  );
  for (const t of ref.territories) {
    if (!ref.territoryNames.some((n) => n.territory_id === t.territory_id)) {
      throw new Error(`Справочник territory_names.csv: нет ни одного наименования для «${t.territory_id}»`);
    }
  }
  return ref;
}

/** The name a territory had in a given year (the newest one when the year is not given). */
export function territoryNameIn(ref: Reference, territoryId: string, year?: number): TerritoryName {
  const names = ref.territoryNames.filter((n) => n.territory_id === territoryId);
  const fits = names.filter(
    (n) => year === undefined || ((n.valid_from ?? -Infinity) <= year && year <= (n.valid_to ?? Infinity)),
  );
  const pick = (fits.length > 0 ? fits : names).sort((a, b) => (b.valid_from ?? 0) - (a.valid_from ?? 0))[0];
  if (!pick) throw new Error(`Unknown territory ${territoryId}`);
  return pick;
}
