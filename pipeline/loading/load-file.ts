import type { DuckDBConnection } from '@duckdb/node-api';
import type { Kysely } from 'kysely';
import type { Finding } from '../validation/finding.ts';
import type { ValidatedFile } from '../validation/validate-file.ts';
import type { Database } from '../warehouse/database.ts';
import { appendRows } from '../warehouse/append-rows.ts';
import { runCompiled } from '../warehouse/run-compiled.ts';

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

export function fileStatus(v: ValidatedFile): FileStatus {
  const accepted = v.submissions.filter((s) => s.accepted).length;
  if (v.rejected || accepted === 0) return 'rejected';
  return accepted === v.submissions.length ? 'loaded' : 'partial';
}

/** Every finding of a file, each naming the file. */
export function fileFindings(fileName: string, v: ValidatedFile): Finding[] {
  return [...v.findings, ...v.submissions.flatMap((s) => s.findings)].map((f) => ({ ...f, file: fileName }));
}

/**
 * Writes one received file: its raw record, its organisations (accepted or not) and accepted values
 * to staging, and its findings. Call inside a transaction: the file lands whole or not at all.
 */
export async function loadFile(
  connection: DuckDBConnection,
  db: Kysely<Database>,
  file: ReceivedFile,
  v: ValidatedFile,
  findings: Finding[] = fileFindings(file.fileName, v),
): Promise<FileStatus> {
  const status = fileStatus(v);
  const accepted = v.submissions.filter((s) => s.accepted);
  await runCompiled(
    connection,
    db.insertInto('raw_files').values({
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
      org_years_accepted: accepted.length,
      org_years_rejected: v.submissions.length - accepted.length,
    }),
  );
  const located = v.submissions.filter((s) => s.year !== null && s.territoryId !== null && s.orgNameKey !== '');
  await appendRows(
    connection,
    'stg_submissions',
    located.map((s) => ({
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
    })),
  );
  if (v.stageValues) await v.stageValues(connection, file.sha256);
  await appendRows(
    connection,
    'stg_values',
    accepted.flatMap((s) =>
      s.values.map((value) => ({
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
      })),
    ),
  );
  await insertFindings(connection, file.runId, file.sha256, findings);
  return status;
}

export async function insertFindings(connection: DuckDBConnection, runId: string, sha256: string | null, findings: Finding[]): Promise<void> {
  await appendRows(
    connection,
    'ops_findings',
    findings.map((f) => ({
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
    })),
  );
}
