import type { DuckDBConnection } from '@duckdb/node-api';
import type { Insertable } from 'kysely';
import type { Finding } from '../reference/finding.ts';
import { isLocated } from '../validation/validate-block.ts';
import type { ValidatedFile } from '../validation/validate-file.ts';
import type { Database } from '../warehouse/database.ts';
import { appendRows } from '../warehouse/append-rows.ts';

export type FileStatus = 'loaded' | 'partial' | 'rejected';

export interface ReceivedFile {
  sha256: string;
  sourcePath: string;
  fileName: string;
  sizeBytes: number;
  modifiedAt: Date;
  receivedAt: Date;
  archivedPath: string;
  runId: string;
}

/** A file's status from how many of its organisations were accepted. */
function statusOf(v: ValidatedFile, accepted: number): FileStatus {
  if (v.rejected || accepted === 0) return 'rejected';
  return accepted === v.submissions.length ? 'loaded' : 'partial';
}

/** Every finding of a file, each naming the file. */
export function fileFindings(fileName: string, v: ValidatedFile): Finding[] {
  return [...v.findings, ...v.submissions.flatMap((s) => s.findings)].map((f) => ({ ...f, file: fileName }));
}

/** A received file as rows of the raw, staging and findings tables, ready to be written in a transaction. */
export interface FileRows {
  status: FileStatus;
  raw: Insertable<Database['raw_files']>;
  submissions: Insertable<Database['stg_submissions']>[];
  values: Insertable<Database['stg_values']>[];
  /** A contingent file's organisation-years and totals: staged apart, never submissions. */
  contingentRows: Insertable<Database['stg_contingent_rows']>[];
  contingentValues: Insertable<Database['stg_contingent_values']>[];
  findings: Insertable<Database['ops_findings']>[];
  /** Writes the organisations and values DuckDB validated in place (a large long CSV) instead of `submissions` and `values`. */
  stage?: (connection: DuckDBConnection) => Promise<void>;
}

/** One received file's rows: its raw record, its organisations (accepted or not), accepted values and findings. */
export function fileRows(
  file: ReceivedFile,
  v: ValidatedFile,
  findings: Finding[] = fileFindings(file.fileName, v),
): FileRows {
  // one pass over the organisations: a large CSV has tens of thousands, and each pass over them costs
  const submissions: FileRows['submissions'] = [];
  const values: FileRows['values'] = [];
  const contingentRows: FileRows['contingentRows'] = [];
  const contingentValues: FileRows['contingentValues'] = [];
  let accepted = 0;
  const { stage } = v;
  for (const s of v.submissions) {
    if (v.contingent) {
      // a contingent row is staged when its year and organisation are known, and where to find it: a territory, or an ИНН
      const staged = s.year !== null && s.orgNameKey !== '' && (s.territoryId !== null || s.inn !== null);
      if (staged) {
        const org = {
          year: s.year!,
          territory_id: s.territoryId,
          org_inn: s.inn,
          org_name: s.orgName,
          org_name_key: s.orgNameKey,
        };
        contingentRows.push({
          file_sha256: file.sha256,
          sheet: s.sheet,
          row_number: s.row ?? null,
          ...org,
          org_type_id: s.orgTypeId,
          submitted_at: file.modifiedAt,
          is_accepted: s.accepted,
        });
        if (s.accepted) {
          for (const value of s.values) {
            contingentValues.push({
              file_sha256: file.sha256,
              sheet: value.at.sheet,
              row_number: value.at.row,
              column_name: value.at.column,
              ...org,
              measure_id: value.measureId,
              value: value.value,
              submitted_at: file.modifiedAt,
            });
          }
        }
      }
      if (s.accepted) accepted++;
      continue;
    }
    if (!stage && isLocated(s)) {
      submissions.push({
        file_sha256: file.sha256,
        sheet: s.sheet,
        year: s.year!,
        territory_id: s.territoryId!,
        org_inn: s.inn,
        org_name: s.orgName,
        org_name_key: s.orgNameKey,
        org_type_id: s.orgTypeId,
        submitted_at: file.modifiedAt,
        is_accepted: s.accepted,
      });
    }
    if (!s.accepted) continue;
    accepted++;
    for (const value of s.values) {
      values.push({
        file_sha256: file.sha256,
        year: s.year!,
        territory_id: s.territoryId!,
        org_name_key: s.orgNameKey,
        form_id: value.formId,
        measure_id: value.measureId,
        value: value.value,
        sheet: value.at.sheet,
        row_number: value.at.row,
        column_name: value.at.column,
      });
    }
  }
  const status = statusOf(v, accepted);
  return {
    status,
    raw: {
      file_sha256: file.sha256,
      source_path: file.sourcePath,
      file_name: file.fileName,
      size_bytes: file.sizeBytes,
      file_modified_at: file.modifiedAt,
      received_at: file.receivedAt,
      run_id: file.runId,
      archived_path: file.archivedPath,
      format: v.format,
      status,
      org_years_accepted: accepted,
      org_years_rejected: v.submissions.length - accepted,
    },
    submissions,
    values,
    contingentRows,
    contingentValues,
    findings: findingRows(file.runId, file.sha256, findings),
    ...(stage
      ? {
          stage: (connection: DuckDBConnection) =>
            stage(connection, { sha256: file.sha256, submittedAt: file.modifiedAt }),
        }
      : {}),
  };
}

/**
 * Writes the rows of several files with one Appender per table: an Appender's flush costs about a millisecond
 * however few its rows, so files are written together. Call inside a transaction: the files land whole or not at all.
 */
export async function writeFiles(connection: DuckDBConnection, files: readonly FileRows[]): Promise<void> {
  await appendRows(
    connection,
    'raw_files',
    files.map((f) => f.raw),
  );
  await appendRows(
    connection,
    'stg_submissions',
    files.flatMap((f) => f.submissions),
  );
  for (const f of files) await f.stage?.(connection);
  await appendRows(
    connection,
    'stg_values',
    files.flatMap((f) => f.values),
  );
  await appendRows(
    connection,
    'stg_contingent_rows',
    files.flatMap((f) => f.contingentRows),
  );
  await appendRows(
    connection,
    'stg_contingent_values',
    files.flatMap((f) => f.contingentValues),
  );
  await appendRows(
    connection,
    'ops_findings',
    files.flatMap((f) => f.findings),
  );
}

function findingRows(
  runId: string,
  sha256: string | null,
  findings: Finding[],
): Insertable<Database['ops_findings']>[] {
  return findings.map((f) => ({
    run_id: runId,
    file_sha256: sha256,
    file_name: f.file,
    sheet: f.sheet,
    row_number: f.row,
    column_name: f.column,
    value: f.value,
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
}

export async function insertFindings(
  connection: DuckDBConnection,
  runId: string,
  sha256: string | null,
  findings: Finding[],
): Promise<void> {
  await appendRows(connection, 'ops_findings', findingRows(runId, sha256, findings));
}
