import type { CellRef, Finding } from '../reference/finding.ts';

/** A cell as read from a file, before any interpretation. */
export interface RawField {
  text: string | number | boolean | null;
  at: CellRef;
}

export interface RawValue {
  form: RawField | null;
  measure: RawField;
  value: RawField;
}

/** What one organisation reported in one file: the context cells it gave and its values. */
export interface RawOrgBlock {
  at: CellRef;
  year: RawField | null;
  territory: RawField | null;
  orgName: RawField | null;
  inn: RawField | null;
  orgType: RawField | null;
  values: RawValue[];
}

/** The contingent formats (contingent.ts) are the wide table, as CSV or as an XLSX sheet. */
export type SourceFormat = 'xlsx' | 'long-csv' | 'summary-csv' | 'contingent-csv' | 'contingent-xlsx';

export interface ReadResult {
  format: SourceFormat;
  blocks: RawOrgBlock[];
  /** Problems with the file's structure; the file's name is added by the caller. */
  findings: Omit<Finding, 'file'>[];
  /** The value columns of a wide table (summary CSV, contingent), header by header. */
  columns?: { name: string; row: number; measure: string; form: string | null }[];
}

export function field(text: RawField['text'], at: CellRef): RawField {
  return { text, at };
}

export function fieldText(f: RawField | null): string {
  if (f === null || f.text === null) return '';
  return String(f.text).trim();
}
