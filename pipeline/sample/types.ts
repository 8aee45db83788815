import type { DefectKind, OrgTypeId, SubmissionFormat } from './profile.ts';

export type { DefectKind, OrgTypeId, SubmissionFormat };

/** A synthetic organisation; `key` is stable across seeds' scales (territory, type, index). */
export interface SampleOrganisation {
  key: string;
  territoryId: string;
  orgTypeId: OrgTypeId;
  name: string;
  shortName: string;
  inn: string;
  /** Forms of mentoring it runs, in forms.csv order. */
  formIds: string[];
}

/** Measure id → value; an absent key is a blank cell (no value), never zero. Flags are 1/0. */
export type MeasureValues = Partial<Record<string, number>>;

/** What one organisation reports for one year. */
export interface OrgYearValues {
  /** Totals, checklist and survey measures. */
  org: MeasureValues;
  /** Per form of mentoring, the form-block measures. */
  forms: { formId: string; values: MeasureValues }[];
}

export type SampleFileFormat = SubmissionFormat | 'empty';

export interface SampleFile {
  /** Relative to outDir, with "/" separators. */
  path: string;
  format: SampleFileFormat;
  year: number;
  /** null only for the file from an unknown territory. */
  territoryId: string | null;
  /** Organisation-years the file carries (0 for an empty file). */
  orgYears: number;
  /** A later, corrected file for organisation-years sent before. */
  resubmission: boolean;
  /** File modification time set on disk (ISO, +10:00). */
  mtime: string;
}

/** One value that must end up in the warehouse. */
export interface TruthRow {
  year: number;
  territoryId: string;
  inn: string;
  orgName: string;
  orgTypeId: OrgTypeId;
  /** null for organisation-level measures (totals, checklist, survey). */
  formId: string | null;
  measureId: string;
  value: number;
}

export interface SampleDefect {
  path: string;
  year: number;
  /** null for the file from an unknown territory. */
  territoryId: string | null;
  /** null when the defect concerns the whole file rather than one organisation. */
  inn: string | null;
  kind: DefectKind;
  expected: 'org-year-rejected' | 'file-rejected';
}

export interface SampleResubmission {
  /** The corrected file. */
  path: string;
  /** The file it corrects. */
  supersedes: string;
  year: number;
  territoryId: string;
  inn: string;
}

export interface RegistryCounts {
  mentors: number;
  changes: number;
  changesDeleted: number;
  changesNew: number;
  unmappableMunicipalities: number;
}

export interface SampleResult {
  seed: number;
  scale: number;
  outDir: string;
  organisations: SampleOrganisation[];
  files: SampleFile[];
  truth: TruthRow[];
  defects: SampleDefect[];
  resubmissions: SampleResubmission[];
  /** Territory-years with no files at all. */
  missing: { territoryId: string; year: number }[];
  registry: RegistryCounts;
}
