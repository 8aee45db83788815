import type { DuckDBConnection } from '@duckdb/node-api';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { isContingentPath } from '../sources/contingent.ts';
import { readSubmissionFile } from '../sources/read-file.ts';
import type { SourceFormat } from '../sources/raw-submission.ts';
import type { Finding } from './finding.ts';
import { contextFromPath } from './path-context.ts';
import { validateContingentFile } from './validate-contingent.ts';
import { type OrgYearSubmission, validateBlock } from './validate-block.ts';
import { BULK_MIN_BYTES, validateLongCsvBulk } from './validate-long-csv-bulk.ts';

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

export interface ValidateOptions {
  now?: Date;
  /** With a connection, long CSV files of `bulkMinBytes` and more are parsed and held by DuckDB. */
  connection?: DuckDBConnection;
  bulkMinBytes?: number;
  /** Where the file is on disk, so that DuckDB can read it in place. */
  sourcePath?: string;
}

/** Whether a file of this name and size is validated by DuckDB (on the connection given) rather than in JS. */
export function validatedByDuckDb(relativePath: string, sizeBytes: number, bulkMinBytes = BULK_MIN_BYTES): boolean {
  return sizeBytes >= bulkMinBytes && /\.(csv|tsv|txt)$/i.test(relativePath) && !isContingentPath(relativePath);
}

/** Reads a received file and checks every organisation in it. */
export async function validateFile(relativePath: string, buffer: Buffer, normaliser: Normaliser, ref: Reference, options: ValidateOptions = {}): Promise<ValidatedFile> {
  const { now = new Date(), connection, bulkMinBytes = BULK_MIN_BYTES, sourcePath } = options;
  if (isContingentPath(relativePath)) return validateContingentFile(relativePath, buffer, normaliser, ref, now);
  if (connection && validatedByDuckDb(relativePath, buffer.length, bulkMinBytes)) {
    const bulk = await validateLongCsvBulk(relativePath, buffer, contextFromPath(relativePath, normaliser), normaliser, ref, connection, now, sourcePath);
    if (bulk) return bulk;
  }
  const read = await readSubmissionFile(relativePath, buffer, normaliser);
  const fileErrors = read.findings.some((f) => f.severity === 'error');
  if (read.format === null || fileErrors) {
    return { format: read.format, submissions: [], findings: read.findings, rejected: true };
  }
  const pathContext = contextFromPath(relativePath, normaliser);
  const submissions = read.blocks.map((b) => validateBlock(b, pathContext, normaliser, ref, now));
  return { format: read.format, submissions, findings: read.findings, rejected: false };
}
