import type { ColumnType, Selectable } from 'kysely';

/** Integers counted by DuckDB come back as JS bigint; writes take a number. */
type Count = ColumnType<number, number | undefined, number>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A calendar date (DuckDB DATE), written as 'YYYY-MM-DD'. */
type CalendarDate = ColumnType<string, string, string>;

export interface OpsRunsTable {
  run_id: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: string;
  inbox_dir: string;
  files_seen: Count;
  files_loaded: Count;
  files_rejected: Count;
  files_skipped: Count;
  error: string | null;
}

/** One row per run × named step (reference, inbox, registry, core, marts, snapshot, site). */
export interface OpsRunStepsTable {
  run_id: string;
  step: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  /** running | success | failed | skipped | interrupted (a step left running by a killed run) */
  status: string;
  /** Short JSON: the step's counts, or its error. */
  detail: string | null;
}

export interface OpsFindingsTable {
  run_id: string;
  file_sha256: string | null;
  file_name: string | null;
  sheet: string | null;
  row_number: number | null;
  column_name: string | null;
  value: string | null;
  severity: string;
  code: string;
  message: string;
}

export interface RawFilesTable {
  file_sha256: string;
  source_path: string;
  file_name: string;
  size_bytes: ColumnType<bigint, number | bigint, number | bigint>;
  file_modified_at: Timestamp;
  received_at: Timestamp;
  run_id: string;
  archived_path: string;
  format: string | null;
  status: string;
  org_years_accepted: Count;
  org_years_rejected: Count;
}

export interface StgSubmissionsTable {
  file_sha256: string;
  sheet: string | null;
  year: number;
  territory_id: string;
  org_inn: string | null;
  org_name: string;
  org_name_key: string;
  org_type_id: string | null;
  submitted_at: Timestamp;
  is_accepted: boolean;
}

/** One row per organisation × year read from a contingent file, accepted or not (never a submission). */
export interface StgContingentRowsTable {
  file_sha256: string;
  sheet: string | null;
  row_number: number | null;
  year: number;
  /** Null only when the row gave an ИНН and neither the row nor the path named a territory. */
  territory_id: string | null;
  org_inn: string | null;
  org_name: string;
  org_name_key: string;
  org_type_id: string | null;
  submitted_at: Timestamp;
  is_accepted: boolean;
}

/** One row per accepted contingent total: file × organisation row × totals measure. */
export interface StgContingentValuesTable {
  file_sha256: string;
  sheet: string | null;
  row_number: number | null;
  column_name: string | null;
  year: number;
  territory_id: string | null;
  org_inn: string | null;
  org_name: string;
  org_name_key: string;
  measure_id: string;
  value: number;
  submitted_at: Timestamp;
}

/**
 * One row per staged contingent value and what became of it (build-core.sql): status used | form_value_kept |
 * no_submission | unmatched | below_count | superseded.
 */
export interface CoreContingentTable {
  file_sha256: string;
  file_name: string | null;
  sheet: string | null;
  row_number: number | null;
  column_name: string | null;
  year: number;
  territory_id: string | null;
  org_inn: string | null;
  org_name: string;
  org_key: string | null;
  measure_id: string;
  value: number;
  status: string;
  /** form_value_kept: the organisation's own value from its form. */
  form_value: number | null;
  /** below_count: the count the total is the denominator of, and its sum over the organisation's form. */
  count_measure_id: string | null;
  count_value: number | null;
}

export interface StgValuesTable {
  file_sha256: string;
  year: number;
  territory_id: string;
  org_name_key: string;
  form_id: string | null;
  measure_id: string;
  value: number;
  sheet: string | null;
  row_number: number | null;
  column_name: string | null;
}

export interface CoreTerritoriesTable {
  territory_id: string;
  name: string;
  short_name: string;
  kind: string;
  oktmo: string | null;
  tile_col: number;
  tile_row: number;
  sort_order: number;
}

export interface CoreTerritoryNamesTable {
  territory_id: string;
  name: string;
  kind: string;
  oktmo: string | null;
  valid_from: number | null;
  valid_to: number | null;
}

export interface CoreOrgTypesTable {
  org_type_id: string;
  name: string;
  short_name: string;
  sort_order: number;
}

export interface CoreFormsTable {
  form_id: string;
  name: string;
  mentee_group: string;
  sort_order: number;
}

export interface CoreMeasuresTable {
  measure_id: string;
  block: string;
  kind: string;
  name: string;
  sort_order: number;
  short_name: string | null;
  name_genitive: string | null;
}

export interface CoreIndicatorsTable {
  indicator_id: string;
  name: string;
  short_name: string;
  org_type_id: string | null;
  method: string;
  numerator_measure: string;
  denominator_measure: string;
  baseline_year: number;
  baseline_pct: number;
  target_year: number;
  target_pct: number;
  source: string;
  sort_order: number;
}

export interface CoreChecklistCriteriaTable {
  criterion_id: string;
  measure_id: string;
  name: string;
  short_name: string;
  sort_order: number;
}

export interface CoreOrganisationsTable {
  org_key: string;
  inn: string | null;
  name: string;
  territory_id: string;
  org_type_id: string | null;
  first_year: number;
  last_year: number;
}

/** One row per organisation × year × file that brought it; `is_current` marks the one that counts. */
export interface CoreSubmissionsTable {
  org_key: string;
  year: number;
  territory_id: string;
  org_type_id: string | null;
  file_sha256: string;
  submitted_at: Timestamp;
  is_current: boolean;
}

/** One row per organisation × year × form × per-form measure, current submissions only. */
export interface CoreFactsTable {
  org_key: string;
  year: number;
  form_id: string;
  measure_id: string;
  value: number;
}

/** One row per organisation × year × organisation-level measure (totals, checklist, survey). */
export interface CoreOrgFactsTable {
  org_key: string;
  year: number;
  measure_id: string;
  value: number;
  /** 'form': the organisation's own submission; 'contingent': the region's contingent export, filling what the form lacks. */
  source: string;
}

/**
 * Grain: one row per indicator × year × level × unit; levels region, territory (every reference territory),
 * org_type, territory_org_type, organisation.
 */
export interface MartIndicatorValuesTable {
  indicator_id: string;
  year: number;
  level: string;
  territory_id: string | null;
  org_type_id: string | null;
  form_id: string | null;
  org_key: string | null;
  numerator: number | null;
  denominator: number | null;
  /** The numerator of every organisation in the unit that reported it, counted or not (null for a survey). */
  numerator_reported: number | null;
  /** Organisations in scope that reported the numerator or the denominator; of them, those that count and why not. */
  organisations_reporting: number;
  organisations_counted: number;
  organisations_denominator_missing: number;
  organisations_denominator_zero: number;
  /** Of those that count, how many had their denominator from the contingent rather than their own form. */
  organisations_denominator_contingent: number;
  /** 'sums' (Σ numerators / Σ denominators) or 'unweighted_mean' (a survey sent without respondents); null: no value. */
  value_basis: string | null;
  value_pct: number | null;
  prev_value_pct: number | null;
  change_pp: number | null;
  baseline_pct: number;
  target_pct: number;
  trajectory_pct: number;
  /** How much of the way from the baseline to the target is covered, %. */
  progress_pct: number | null;
  is_lagging: boolean | null;
  /** 1 = highest value among the territories for the indicator and year; null for the region. */
  rank_among_territories: number | null;
}

/** Grain: one row per organisation × indicator × year with no value for a zero or missing denominator. */
export interface MartValueFindingsTable {
  indicator_id: string;
  year: number;
  territory_id: string;
  org_type_id: string | null;
  org_key: string;
  organisation: string;
  severity: string;
  /** denominator_missing | denominator_zero */
  code: string;
  message: string;
}

/** Grain: one row per organisation × year expected to report or reporting. */
export interface MartCoverageOrganisationsTable {
  org_key: string;
  year: number;
  territory_id: string;
  org_type_id: string | null;
  organisation: string;
  /** reported | missing | unlisted (reported, but not on the reference list) */
  status: string;
}

/** Grain: one row per reference territory × year of data. */
export interface MartCoverageTable {
  territory_id: string;
  year: number;
  /** reference (the list of organisations) | earlier_years (no list: those seen before, and this year's) */
  expected_from: string;
  organisations_expected: number;
  organisations_reported: number;
  organisations_missing: number;
  organisations_unlisted: number;
  submissions_superseded: number;
  files_loaded: number;
  files_rejected: number;
  share_reported_pct: number | null;
}

/** Grain: one row per reference territory × year (and territory null: mentors of no recognised territory). */
export interface MartRegistryTable {
  territory_id: string | null;
  year: number;
  mentors_registered: number;
  mentors_with_programme: number;
  mentors_trained: number;
  /** Personalised programmes reported in the forms; null when no organisation reported the count. */
  programmes_reported: number | null;
  organisations_reporting_programmes: number;
  /** Mentors with a programme in the registry per 100 programmes reported. */
  registry_to_reported_pct: number | null;
}

/** One row per pulled source (`mentors_registry`): its state after the last successful sync. */
export interface OpsSourcesTable {
  source: string;
  /** Largest `updated_at` stored; the next sync asks for `updated_since` = this. */
  watermark: Timestamp | null;
  last_success_at: Timestamp;
  last_run_id: string;
  records_fetched: Count;
  records_applied: Count;
}

/** One sync's records (no personal data), empty outside the sync's transaction. */
export interface StgRegistryMentorsTable {
  mentor_id: string;
  updated_at: Timestamp;
  is_deleted: boolean;
  territory_id: string | null;
  org_inn: string | null;
  org_name: string | null;
  org_type_id: string | null;
  has_personalised_programme: boolean;
  is_trained: boolean;
  trained_at: string | null;
  registered_at: string;
  /** Recognised form ids joined by `|`; '' when none. */
  form_ids: string;
  /** Not yet in core_mentor_versions. */
  is_new_version: boolean;
  /** Newer than the stored current version: replaces it. */
  is_current: boolean;
}

/** Grain: one row per mentor × `updated_at` ever received (history, deleted versions included). */
export interface CoreMentorVersionsTable {
  mentor_id: string;
  updated_at: Timestamp;
  run_id: string;
  is_deleted: boolean;
  territory_id: string | null;
  org_inn: string | null;
  org_name: string | null;
  org_type_id: string | null;
  has_personalised_programme: boolean;
  is_trained: boolean;
  trained_at: CalendarDate | null;
  registered_at: CalendarDate;
  form_ids: string;
}

/** Grain: one row per registry id, its newest version; `is_deleted` ones do not count. */
export interface CoreMentorsTable {
  mentor_id: string;
  updated_at: Timestamp;
  run_id: string;
  is_deleted: boolean;
  territory_id: string | null;
  org_inn: string | null;
  org_name: string | null;
  org_type_id: string | null;
  has_personalised_programme: boolean;
  is_trained: boolean;
  trained_at: CalendarDate | null;
  registered_at: CalendarDate;
}

/** Grain: one row per mentor × recognised form of mentoring of the current version. */
export interface CoreMentorFormsTable {
  mentor_id: string;
  form_id: string;
}

/**
 * A view: the mentors that count, one row each (not deleted), with the years from which they count. A mentor
 * counts in year Y when counted_from_year ≤ Y, and is trained in Y when trained_from_year ≤ Y.
 */
export interface CoreLiveMentorsTable {
  // a view's columns are all nullable to DuckDB; mentor_id and the flag are never null in fact
  mentor_id: string | null;
  territory_id: string | null;
  org_type_id: string | null;
  has_personalised_programme: boolean | null;
  /** The year of registration. */
  counted_from_year: number | null;
  /** Null when not trained; a trained mentor without a date counts as trained from registration. */
  trained_from_year: number | null;
}

/** Grain: one row per organisation of the optional reference list (data/reference/organisations.csv). */
export interface CoreReferenceOrganisationsTable {
  /** Set by the core build, by the same rule as the submissions' org_key. */
  org_key: string;
  inn: string | null;
  name: string;
  name_key: string;
  territory_id: string;
  org_type_id: string;
  valid_from: number | null;
  valid_to: number | null;
}

/**
 * Grain: year × territory × organisation type × form (null = not recognised, or no form). A mentor with
 * three forms counts in three rows: sum over forms is not a head count (core_mentors is).
 */
export interface CoreRegistryCountsTable {
  year: number;
  territory_id: string | null;
  org_type_id: string | null;
  form_id: string | null;
  /** Registered by 31 December of the year, not deleted. */
  mentors_registered: number;
  mentors_with_programme: number;
  /** Of the registered, trained by 31 December (a trained mentor without a date counts from registration). */
  mentors_trained: number;
}

/** Grain: one row per territory × organisation type × form of mentoring × year with any participant. */
/**
 * Grain: one row per count measure × year × level × unit; levels region, territory (every reference territory),
 * org_type, territory_org_type, form. A sum over the organisations that reported the measure; null where none did.
 */
export interface MartCountsTable {
  measure_id: string;
  year: number;
  level: string;
  territory_id: string | null;
  org_type_id: string | null;
  form_id: string | null;
  value: number | null;
  prev_value: number | null;
  change: number | null;
  organisations_reporting: number;
  /** Organisations of the unit with a current form that year (the region's for the form level). */
  organisations_submitted: number;
}

export interface MartFormsTable {
  territory_id: string;
  org_type_id: string | null;
  form_id: string;
  year: number;
  mentees: number;
  mentees_students: number;
  mentees_young_teachers: number;
  mentors_students: number;
  enterprises_mentors: number;
  share_of_mentees_pct: number | null;
}

/** Grain: one row per contingent value received (file × organisation row × year × totals measure) and its outcome. */
export interface MartContingentTable {
  file_sha256: string;
  file_name: string | null;
  sheet: string | null;
  row_number: number | null;
  column_name: string | null;
  year: number;
  territory_id: string | null;
  org_inn: string | null;
  organisation: string;
  org_key: string | null;
  measure_id: string;
  value: number;
  status: string;
  message: string | null;
}

/** Grain: one row per territory × organisation type × year × checklist criterion answered. */
export interface MartChecklistTable {
  territory_id: string;
  org_type_id: string | null;
  year: number;
  criterion_id: string;
  organisations_answered: number;
  organisations_meeting: number;
  share_pct: number;
}

export interface Database {
  ops_runs: OpsRunsTable;
  ops_run_steps: OpsRunStepsTable;
  ops_findings: OpsFindingsTable;
  raw_files: RawFilesTable;
  stg_submissions: StgSubmissionsTable;
  stg_values: StgValuesTable;
  stg_contingent_rows: StgContingentRowsTable;
  stg_contingent_values: StgContingentValuesTable;
  core_contingent: CoreContingentTable;
  core_territories: CoreTerritoriesTable;
  core_territory_names: CoreTerritoryNamesTable;
  core_org_types: CoreOrgTypesTable;
  core_forms: CoreFormsTable;
  core_measures: CoreMeasuresTable;
  core_indicators: CoreIndicatorsTable;
  core_checklist_criteria: CoreChecklistCriteriaTable;
  core_organisations: CoreOrganisationsTable;
  core_submissions: CoreSubmissionsTable;
  core_facts: CoreFactsTable;
  core_org_facts: CoreOrgFactsTable;
  mart_indicator_values: MartIndicatorValuesTable;
  mart_counts: MartCountsTable;
  mart_value_findings: MartValueFindingsTable;
  mart_coverage_organisations: MartCoverageOrganisationsTable;
  mart_coverage: MartCoverageTable;
  mart_registry: MartRegistryTable;
  mart_forms: MartFormsTable;
  mart_checklist: MartChecklistTable;
  mart_contingent: MartContingentTable;
  ops_sources: OpsSourcesTable;
  stg_registry_mentors: StgRegistryMentorsTable;
  core_mentor_versions: CoreMentorVersionsTable;
  core_mentors: CoreMentorsTable;
  core_mentor_forms: CoreMentorFormsTable;
  core_registry_counts: CoreRegistryCountsTable;
  core_live_mentors: CoreLiveMentorsTable;
  core_reference_organisations: CoreReferenceOrganisationsTable;
}

export type RawFile = Selectable<RawFilesTable>;
export type OpsRun = Selectable<OpsRunsTable>;
export type OpsRunStep = Selectable<OpsRunStepsTable>;
