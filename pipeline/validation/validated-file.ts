import type { DuckDBConnection } from '@duckdb/node-api';
import type { SourceFormat } from '../sources/raw-submission.ts';
import type { Finding } from '../reference/finding.ts';
import type { OrgYearSubmission } from './validate-block.ts';

/** A received file once validated, whichever reader and validator it went through. */
export interface ValidatedFile {
  format: SourceFormat | null;
  submissions: OrgYearSubmission[];
  /** Findings about the file as a whole (its structure), not about one organisation. */
  findings: Omit<Finding, 'file'>[];
  /** True when an error concerns the whole file: none of its organisations is loaded. */
  rejected: boolean;
  /**
   * Set when the file's rows stayed in DuckDB (a large long CSV): writes its organisations to stg_submissions and
   * its accepted values to stg_values on the connection that validated the file; `submissions[].values` are empty
   * then, and the organisations are not written from `submissions`.
   */
  stage?: (connection: DuckDBConnection, file: { sha256: string; submittedAt: Date }) => Promise<void>;
  /**
   * A contingent file (sources/contingent.ts): its organisation-years and totals are staged in stg_contingent_rows
   * and stg_contingent_values, never as submissions.
   */
  contingent?: boolean;
}
