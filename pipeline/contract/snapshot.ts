import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The contract between the pipeline and the site: the marts snapshot the pipeline publishes (the site's only input),
// its files' schemas, from which both the writer (publish/) and the readers (the site's loaders, the note) take
// their types, and its reader. This folder imports nothing of the pipeline or the site; the site reaches it through
// the link src/contract (Framework serves modules from inside its root only).

const pct = z.number().nullable();

export const SnapshotMeta = z.object({
  generated_at: z.string().min(1),
  run_id: z.string(),
  years: z.array(z.number().int()),
  synthetic: z.boolean(),
  region: z.object({
    name: z.string().min(1),
    name_prepositional: z.string().min(1),
    time_zone: z.string().min(1),
    time_zone_city: z.string().min(1),
  }),
});
export type SnapshotMeta = z.infer<typeof SnapshotMeta>;

export const RefTerritory = z.object({
  territory_id: z.string().min(1),
  name: z.string().min(1),
  short_name: z.string().min(1),
  kind: z.enum(['city_okrug', 'municipal_district', 'municipal_okrug', 'regional']),
  tile_col: z.number().int(),
  tile_row: z.number().int(),
  sort_order: z.number(),
});
export type RefTerritory = z.infer<typeof RefTerritory>;

export const RefIndicator = z.object({
  indicator_id: z.string().min(1),
  name: z.string().min(1),
  short_name: z.string().min(1),
  org_type_id: z.string().nullable(),
  method: z.enum(['ratio', 'weighted_pct']),
  numerator_measure: z.string().min(1),
  denominator_measure: z.string().min(1),
  baseline_year: z.number().int(),
  baseline_pct: z.number(),
  target_year: z.number().int(),
  target_pct: z.number(),
  sort_order: z.number(),
});
export type RefIndicator = z.infer<typeof RefIndicator>;

export const IndicatorValue = z.object({
  indicator_id: z.string().min(1),
  year: z.number().int(),
  level: z.enum(['region', 'territory', 'org_type', 'form', 'territory_org_type', 'organisation']),
  territory_id: z.string().nullable(),
  org_type_id: z.string().nullable(),
  form_id: z.string().nullable(),
  org_key: z.string().nullable(),
  // null where a territory reported nothing for the year (the pipeline writes it so)
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  // who is behind the value: what was reported whether or not it counts, and why organisations do not count
  numerator_reported: z.number().nullable(),
  organisations_reporting: z.number().int(),
  organisations_counted: z.number().int(),
  organisations_denominator_missing: z.number().int(),
  organisations_denominator_zero: z.number().int(),
  organisations_denominator_contingent: z.number().int(),
  // 'sums': Σ numerators / Σ denominators (a survey weighted by respondents); 'unweighted_mean': a survey's plain mean
  value_basis: z.enum(['sums', 'unweighted_mean']).nullable(),
  value_pct: pct,
  prev_value_pct: pct,
  change_pp: pct,
  baseline_pct: z.number(),
  target_pct: z.number(),
  trajectory_pct: z.number(),
  progress_pct: z.number().nullable(),
  is_lagging: z.boolean().nullable(),
  rank_among_territories: z.number().int().nullable(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/** A count measure (seed 002's four counts, totals, respondents, programmes) summed over the organisations that reported it. */
export const CountValue = z.object({
  measure_id: z.string().min(1),
  year: z.number().int(),
  level: z.enum(['region', 'territory', 'org_type', 'form', 'territory_org_type']),
  territory_id: z.string().nullable(),
  org_type_id: z.string().nullable(),
  form_id: z.string().nullable(),
  value: z.number().nullable(),
  prev_value: z.number().nullable(),
  change: z.number().nullable(),
  organisations_reporting: z.number().int(),
  organisations_submitted: z.number().int(),
});
export type CountValue = z.infer<typeof CountValue>;

export const ValueFinding = z.object({
  indicator_id: z.string(),
  year: z.number().int(),
  territory_id: z.string(),
  org_type_id: z.string().nullable(),
  org_key: z.string(),
  organisation: z.string(),
  severity: z.string(),
  code: z.string(),
  message: z.string(),
});

/** mart_contingent: one row per contingent value received and what became of it (pipeline/marts/sql/mart_contingent.sql). */
export const ContingentValue = z.object({
  file_sha256: z.string(),
  file_name: z.string().nullable(),
  sheet: z.string().nullable(),
  row_number: z.number().int().nullable(),
  column_name: z.string().nullable(),
  year: z.number().int(),
  territory_id: z.string().nullable(),
  org_inn: z.string().nullable(),
  organisation: z.string(),
  org_key: z.string().nullable(),
  measure_id: z.string(),
  value: z.number(),
  status: z.enum(['used', 'form_value_kept', 'no_submission', 'unmatched', 'below_count', 'superseded']),
  message: z.string(),
});

export const CoverageOrganisation = z.object({
  org_key: z.string(),
  year: z.number().int(),
  territory_id: z.string(),
  org_type_id: z.string().nullable(),
  organisation: z.string(),
  status: z.enum(['reported', 'missing', 'unlisted']),
});

export const Coverage = z.object({
  territory_id: z.string().min(1),
  year: z.number().int(),
  expected_from: z.enum(['reference', 'earlier_years']),
  organisations_expected: z.number(),
  organisations_reported: z.number(),
  organisations_missing: z.number(),
  organisations_unlisted: z.number(),
  submissions_superseded: z.number(),
  files_loaded: z.number(),
  files_rejected: z.number(),
  share_reported_pct: pct,
});
export type Coverage = z.infer<typeof Coverage>;

export const FormRow = z.object({
  territory_id: z.string(),
  org_type_id: z.string().nullable(),
  form_id: z.string(),
  year: z.number().int(),
  mentees: z.number(),
  mentees_students: z.number(),
  mentees_young_teachers: z.number(),
  mentors_students: z.number(),
  enterprises_mentors: z.number(),
  share_of_mentees_pct: pct,
});

export const ChecklistRow = z.object({
  territory_id: z.string(),
  org_type_id: z.string().nullable(),
  year: z.number().int(),
  criterion_id: z.string(),
  organisations_answered: z.number(),
  organisations_meeting: z.number(),
  share_pct: z.number(),
});

export const RegistryRow = z.object({
  territory_id: z.string().nullable(),
  year: z.number().int(),
  mentors_registered: z.number(),
  mentors_with_programme: z.number(),
  mentors_trained: z.number(),
  programmes_reported: z.number().nullable(),
  organisations_reporting_programmes: z.number(),
  registry_to_reported_pct: pct,
});

export const RefMeasure = z.object({
  measure_id: z.string().min(1),
  block: z.enum(['form', 'totals', 'checklist', 'survey']),
  kind: z.enum(['count', 'flag', 'pct']),
  name: z.string().min(1),
  short_name: z.string().min(1),
  name_genitive: z.string().min(1),
  sort_order: z.number(),
});
export type RefMeasure = z.infer<typeof RefMeasure>;

export const RefTerritoryName = z.object({
  territory_id: z.string(),
  name: z.string(),
  kind: z.string(),
  valid_from: z.number().int().nullable(),
  valid_to: z.number().int().nullable(),
});
export const RefOrgType = z.object({
  org_type_id: z.string(),
  name: z.string(),
  short_name: z.string(),
  sort_order: z.number(),
});
export const RefForm = z.object({
  form_id: z.string(),
  name: z.string(),
  mentee_group: z.enum(['pupils', 'teachers']),
  sort_order: z.number(),
});
export const RefChecklistCriterion = z.object({
  criterion_id: z.string(),
  name: z.string(),
  short_name: z.string(),
  sort_order: z.number(),
});
export const RefOrganisation = z.object({
  org_key: z.string(),
  name: z.string(),
  territory_id: z.string(),
  org_type_id: z.string().nullable(),
  first_year: z.number().int(),
  last_year: z.number().int(),
});

// The pipeline's own records, for «Качество данных». Times are DuckDB's text of a timestamptz.
export const OpsRun = z.object({
  run_id: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.string(),
  files_seen: z.number(),
  files_loaded: z.number(),
  files_rejected: z.number(),
  files_skipped: z.number(),
  error: z.string().nullable(),
});
/** One named step of a run (reference, inbox, registry, core, marts, snapshot, site); detail is a short JSON text. */
export const OpsRunStep = z.object({
  run_id: z.string(),
  step: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.enum(['running', 'success', 'failed', 'skipped', 'interrupted']),
  detail: z.string().nullable(),
});
export const OpsSource = z.object({
  source: z.string(),
  last_success_at: z.string(),
  watermark: z.string().nullable(),
  records_fetched: z.number(),
  records_applied: z.number(),
});
export const OpsFile = z.object({
  file_sha256: z.string(),
  file_name: z.string(),
  source_path: z.string(),
  received_at: z.string(),
  format: z.string().nullable(),
  status: z.string(),
  org_years_accepted: z.number(),
  org_years_rejected: z.number(),
  territory_ids: z.array(z.string()).nullable(),
  years: z.array(z.number().int()).nullable(),
});
export const OpsFinding = z.object({
  file_sha256: z.string().nullable(),
  file_name: z.string().nullable(),
  sheet: z.string().nullable(),
  row_number: z.number().int().nullable(),
  column_name: z.string().nullable(),
  value: z.string().nullable(),
  severity: z.string(),
  code: z.string(),
  message: z.string(),
  // how many findings the file has in all: the snapshot carries at most 200 per file
  findings_in_file: z.number().int().optional(),
});

/** Every file of the snapshot and the shape it must have (docs/marts.md describes the marts). */
export const SnapshotFiles = {
  meta: SnapshotMeta,
  ref_territories: z.array(RefTerritory),
  ref_territory_names: z.array(RefTerritoryName),
  ref_indicators: z.array(RefIndicator),
  ref_measures: z.array(RefMeasure),
  ref_org_types: z.array(RefOrgType),
  ref_forms: z.array(RefForm),
  ref_checklist_criteria: z.array(RefChecklistCriterion),
  ref_organisations: z.array(RefOrganisation),
  mart_indicator_values: z.array(IndicatorValue),
  mart_counts: z.array(CountValue),
  mart_value_findings: z.array(ValueFinding),
  mart_contingent: z.array(ContingentValue),
  mart_coverage_organisations: z.array(CoverageOrganisation),
  mart_coverage: z.array(Coverage),
  mart_forms: z.array(FormRow),
  mart_checklist: z.array(ChecklistRow),
  mart_registry: z.array(RegistryRow),
  ops_runs: z.array(OpsRun),
  ops_sources: z.array(OpsSource),
  ops_files: z.array(OpsFile),
  ops_findings: z.array(OpsFinding),
  ops_run_steps: z.array(OpsRunStep),
} as const;
export type SnapshotFileName = keyof typeof SnapshotFiles;
export type SnapshotFile<K extends SnapshotFileName> = z.infer<(typeof SnapshotFiles)[K]>;

/** The project's root folder (this file is pipeline/contract/snapshot.ts, whichever link it is reached by). */
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** SNAPSHOT_DIR's default, relative to the project's root (pipeline/config.ts uses it too). */
export const DEFAULT_SNAPSHOT_DIR = 'data/snapshot';

/**
 * The snapshot folder: SNAPSHOT_DIR of the environment (the site's build sets it from the pipeline's settings), by
 * default `data/snapshot` of the project.
 */
export function snapshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(PROJECT_ROOT, env.SNAPSHOT_DIR || DEFAULT_SNAPSHOT_DIR);
}

const readFiles = new Map<string, unknown>();

/**
 * Reads and checks one file of the snapshot; throws a Russian message naming the file when it is missing or
 * does not match the contract.
 * @example const territories = readSnapshot("ref_territories");
 */
export function readSnapshot<K extends SnapshotFileName>(name: K, dir = snapshotDir()): SnapshotFile<K> {
  const file = path.join(dir, `${name}.json`);
  // The loader shapes every page (pages.zip.ts) and asks for the same files again: read and check once. A process
  // that lives on (the scheduler, a test) sees a newly published snapshot: the key has the file's time and size.
  const stamp = existsSync(file) ? statSync(file) : null;
  const key = stamp ? `${file}\0${stamp.mtimeMs}\0${stamp.size}` : file;
  const cached = readFiles.get(key);
  if (cached) return cached as SnapshotFile<K>;
  if (!stamp) {
    throw new Error(
      `Нет снимка витрин: не найден файл ${file}. Сначала запустите npm run pipeline (или укажите SNAPSHOT_DIR).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf-8'));
  } catch (error) {
    throw new Error(`Снимок витрин повреждён: ${file} не читается как JSON (${(error as Error).message}).`);
  }
  const result = SnapshotFiles[name].safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.') || '(корень)'}: ${i.message}`);
    throw new Error(`Снимок витрин не соответствует контракту: ${file}\n${issues.join('\n')}`);
  }
  // frozen: a reader that sorted it in place would change it under the next one
  const data = Object.freeze(result.data) as SnapshotFile<K>;
  readFiles.set(key, data);
  return data;
}
