import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { FileValidator } from '../validation/file-validator.ts';
import { validateInDuckDb } from '../validation/validate-file.ts';
import type { Database } from '../warehouse/database.ts';
import { inTransaction, runCompiled } from '../warehouse/run-compiled.ts';
import { type FileStatus, fileFindings, fileRows, writeFiles } from './load-file.ts';

// Reprocessing: archived files read again with today's reference and rules (a new alias lets a file rejected in
// February load in May). A file keeps its arrival time, so the newest submission of an organisation-year still wins
// by the same rule; its rows and findings are replaced in one transaction; the archive is only read.

/** Which archived files to read again (all of them when nothing is set). */
export interface ReprocessSelection {
  /** Only files rejected whole or in part. */
  rejected?: boolean;
  /** Only files received at or after this moment. */
  since?: Date;
  /** Only the file whose SHA-256 starts with this (at least 8 hexadecimal digits). */
  sha?: string;
}

export interface ReprocessedFile {
  file: string;
  sha256: string;
  before: { status: FileStatus; accepted: number };
  after: { status: FileStatus; accepted: number };
}

export interface ReprocessStep {
  connection: DuckDBConnection;
  db: Kysely<Database>;
  archiveDir: string;
  runId: string;
  ref: Reference;
  normaliser: Normaliser;
  selection: ReprocessSelection;
  fileTimeoutSeconds: number;
  /** Checked between files: throwing stops the step with the files before kept. */
  betweenFiles?: () => void;
  signal?: AbortSignal;
}

const STAGED_BY_FILE = [
  'stg_values',
  'stg_submissions',
  'stg_contingent_values',
  'stg_contingent_rows',
  'ops_findings',
] as const;

/** The archived copy of a file: where the warehouse says, or by its hash in this archive (an archive moved whole). */
function archivedCopy(stored: string, sha256: string, archiveDir: string): string | null {
  if (existsSync(stored)) return stored;
  const here = path.join(archiveDir, sha256.slice(0, 2), path.basename(stored));
  return existsSync(here) ? here : null;
}

/**
 * Reads the selected archived files again and replaces what each left in the warehouse; returns every file read
 * with its status before and after. A file whose archived copy is missing or altered stops the step with its name.
 */
export async function reprocessArchive(s: ReprocessStep): Promise<ReprocessedFile[]> {
  const { rejected, since, sha } = s.selection;
  if (sha !== undefined && !/^[0-9a-f]{8,64}$/.test(sha)) {
    throw new Error(`--file: нужен SHA-256 файла (не меньше 8 шестнадцатеричных цифр), а не «${sha}»`);
  }
  let query = s.db.selectFrom('raw_files').selectAll().orderBy('received_at').orderBy('file_sha256');
  if (rejected) query = query.where('status', 'in', ['rejected', 'partial']);
  if (since) query = query.where('received_at', '>=', since);
  if (sha) query = query.where('file_sha256', 'like', `${sha}%`);
  const files = await query.execute();
  if (sha && files.length === 0) throw new Error(`В архиве нет файла с SHA-256, начинающимся на ${sha}`);

  const validator = new FileValidator(s.ref, { timeoutSeconds: s.fileTimeoutSeconds });
  const done: ReprocessedFile[] = [];
  try {
    for (const raw of files) {
      s.betweenFiles?.();
      const copy = archivedCopy(raw.archived_path, raw.file_sha256, s.archiveDir);
      if (!copy) throw new Error(`Файл ${raw.file_name} (${raw.file_sha256}) не найден в архиве ${s.archiveDir}`);
      const buffer = await readFile(copy);
      if (createHash('sha256').update(buffer).digest('hex') !== raw.file_sha256) {
        throw new Error(`Архивная копия ${copy} изменена: её SHA-256 не совпадает с именем; файл не перечитан`);
      }
      const validated =
        (await validateInDuckDb(raw.source_path, buffer, s.normaliser, s.ref, {
          connection: s.connection,
          sourcePath: copy,
        })) ?? (await validator.validate(raw.source_path, buffer, s.signal));
      const findings = fileFindings(raw.file_name, validated);
      const rows = fileRows(
        {
          sha256: raw.file_sha256,
          sourcePath: raw.source_path,
          fileName: raw.file_name,
          sizeBytes: Number(raw.size_bytes),
          modifiedAt: new Date(raw.file_modified_at as unknown as string),
          // the arrival stays the first one: which submission is the newest does not change
          receivedAt: new Date(raw.received_at as unknown as string),
          archivedPath: raw.archived_path,
          runId: s.runId,
        },
        validated,
        findings,
      );
      await inTransaction(s.connection, async () => {
        for (const table of [...STAGED_BY_FILE, 'raw_files'] as const)
          await runCompiled(s.connection, s.db.deleteFrom(table).where('file_sha256', '=', raw.file_sha256));
        await writeFiles(s.connection, [rows]);
      });
      done.push({
        file: raw.source_path,
        sha256: raw.file_sha256,
        before: { status: raw.status as FileStatus, accepted: Number(raw.org_years_accepted) },
        after: { status: rows.status, accepted: Number(rows.raw.org_years_accepted ?? 0) },
      });
    }
  } finally {
    await validator.close();
  }
  return done;
}
