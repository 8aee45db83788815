import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { describePlace, finding } from '../reference/finding.ts';
import { FileValidator } from '../validation/file-validator.ts';
import { type ValidatedFile, validatedByDuckDb, validateInDuckDb } from '../validation/validate-file.ts';
import type { Database } from '../warehouse/database.ts';
import { inTransaction } from '../warehouse/run-compiled.ts';
import {
  BACKGROUND_HASH_MIN_BYTES,
  archiveFile,
  readAndHash,
  removePartialCopies,
  syncArchiveFolders,
} from './archive-file.ts';
import { type FileRows, type FileStatus, fileFindings, fileRows, insertFindings, writeFiles } from './load-file.ts';
import { type InboxFile, scanInbox } from './scan-inbox.ts';

export interface InboxResult {
  filesSeen: number;
  files: Record<FileStatus | 'skipped', number>;
  errors: number;
  warnings: number;
  /** Files with rejected organisations or rejected whole, each with the place and text of its first error. */
  rejections: { file: string; status: FileStatus; reason: string }[];
}

export interface InboxStep {
  connection: DuckDBConnection;
  db: Kysely<Database>;
  inboxDir: string;
  archiveDir: string;
  runId: string;
  ref: Reference;
  normaliser: Normaliser;
  /** Called for each file once it is settled: its transaction committed, or skipped as loaded before. */
  onFileDone: (done: number, total: number, file: InboxFile) => void;
  /** Called after each transaction's files are settled; throwing here stops the step with all of them kept. */
  betweenTransactions?: () => void;
  log: (line: string) => void;
  /** Files written per transaction (default FILES_PER_TRANSACTION). */
  filesPerTransaction?: number;
  /** A file not validated within this many seconds is rejected (FILE_TIMEOUT_S). */
  fileTimeoutSeconds: number;
  /** Stops the step at once, inside a file's validation too; the files settled before it are written. */
  signal?: AbortSignal;
}

/**
 * Files are written in transactions of up to this many (fewer when their values pass VALUES_PER_TRANSACTION, and a
 * file DuckDB validated closes its transaction):
 * each transaction's commit and each Appender's flush cost a millisecond or more however little they write, which
 * was a fifth of the time of a small form. A file is still whole or absent; a crash loses at most the writing of
 * one transaction's files, which are archived already and loaded by the rerun.
 */
export const FILES_PER_TRANSACTION = 32;
const VALUES_PER_TRANSACTION = 100_000;

/** A file read and hashed and, unless it was loaded before, validated and archived: ready to load. */
interface PreparedFile {
  hash: string;
  /** The bytes read (the file may have grown or shrunk since the inbox was scanned). */
  size: number;
  checked?: { validated: ValidatedFile; archivedPath: string };
}

/**
 * The inbox step: every file not seen before (by content hash) is validated, archived unchanged and
 * loaded with its findings, several files to a transaction, so a crash leaves whole files only. While files
 * are written (DuckDB works on its own threads), the next is read, parsed and validated, which touches no table.
 */
export async function ingestInbox(s: InboxStep): Promise<InboxResult> {
  const result: InboxResult = {
    filesSeen: 0,
    files: { loaded: 0, partial: 0, rejected: 0, skipped: 0 },
    errors: 0,
    warnings: 0,
    rejections: [],
  };
  const loadedBefore = await s.db.selectFrom('raw_files').select(['file_sha256', 'size_bytes']).execute();
  const known = new Set(loadedBefore.map((r) => r.file_sha256));
  // A file can be one loaded before only if it has the size of one (the bytes read, hashed and archived): a large
  // file of any other size is validated while it is hashed; one of a known size is hashed as it is read, and skipped
  // if it was loaded.
  const knownSizes = new Set(loadedBefore.map((r) => Number(r.size_bytes)));
  await removePartialCopies(s.archiveDir);
  const { files, passedOver } = scanInbox(s.inboxDir);
  result.filesSeen = files.length;
  const notRegular = finding(
    'warning',
    'not_a_regular_file',
    'Не обычный файл (ссылка или устройство): не прочитан; положите во входящие сам файл',
  );
  await insertFindings(
    s.connection,
    s.runId,
    null,
    passedOver.map((file) => ({ ...notRegular, file })),
  );
  result.warnings += passedOver.length;

  // A large long CSV is validated by DuckDB on this connection, so never ahead, while another file's transaction is
  // open on it; any other file is checked in JS, in a worker thread with a time budget, and touches no table.
  const validator = new FileValidator(s.ref, { timeoutSeconds: s.fileTimeoutSeconds });
  // started while the first files are read, unless DuckDB validates them all (its start would compete with DuckDB)
  if (files.some((f) => !validatedByDuckDb(f.relativePath, f.sizeBytes))) validator.warmUp();
  try {
    return await ingestFiles();
  } finally {
    await validator.close();
  }

  async function ingestFiles(): Promise<InboxResult> {
    const hashInBackground = (size: number) => size >= BACKGROUND_HASH_MIN_BYTES && !knownSizes.has(size);
    const prepare = async (file: InboxFile, ahead: boolean): Promise<PreparedFile> => {
      const read = await readAndHash(file.path, hashInBackground);
      const { buffer } = read;
      if (knownSizes.has(buffer.length) && known.has(await read.hash))
        return { hash: await read.hash, size: buffer.length };
      const connection = ahead ? undefined : s.connection;
      // a file hashed as it was read is written to the archive only if its content is not there yet
      const archivedAs = hashInBackground(buffer.length) ? read.hash : await read.hash;
      // The archive is written (on libuv's threads) while the file is validated and hashed: a large file's copy costs
      // no wall time.
      const validate = async () =>
        (connection &&
          (await validateInDuckDb(file.relativePath, buffer, s.normaliser, s.ref, {
            connection,
            sourcePath: file.path,
          }))) ||
        validator.validate(file.relativePath, buffer, s.signal);
      const [validated, hash, archivedPath] = await Promise.all([
        validate(),
        read.hash,
        archiveFile(file.path, buffer, archivedAs, s.archiveDir),
      ]);
      return { hash, size: buffer.length, checked: { validated, archivedPath } };
    };

    const filesPerTransaction = s.filesPerTransaction ?? FILES_PER_TRANSACTION;
    // files settled in this process but not yet written: loaded ones with their rows, skipped ones to report in order
    let pending: { file: InboxFile; rows?: FileRows }[] = [];
    let pendingValues = 0;
    let done = 0;
    const commit = async () => {
      const rows = pending.flatMap((p) => (p.rows ? [p.rows] : []));
      if (rows.length > 0) {
        await syncArchiveFolders(rows.map((r) => r.raw.archived_path));
        await inTransaction(s.connection, () => writeFiles(s.connection, rows));
      }
      const settled = pending;
      pending = [];
      pendingValues = 0;
      for (const p of settled) {
        s.onFileDone(++done, files.length, p.file);
        if (done % 200 === 0) s.log(`step inbox: ${done}/${files.length} files`);
      }
      s.betweenTransactions?.();
    };

    let ahead: Promise<PreparedFile> | null = null;
    for (const [i, file] of files.entries()) {
      let prepared: PreparedFile;
      try {
        prepared = await (ahead ?? prepare(file, false));
      } catch (e) {
        // a file that cannot be read or archived stops the step; the files before it are still written (if that
        // fails too, the first error is the one reported)
        await commit().catch(() => {});
        throw e;
      }
      const { hash, size, checked } = prepared;
      const following = files[i + 1];
      ahead =
        following && !validatedByDuckDb(following.relativePath, following.sizeBytes) ? prepare(following, true) : null;
      // awaited on the next turn; a run stopped after this file must not leave its failure unhandled
      ahead?.catch(() => {});
      if (known.has(hash) || !checked) {
        result.files.skipped++;
        pending.push({ file });
      } else {
        const { validated, archivedPath } = checked;
        const fileName = path.basename(file.path);
        const received = {
          sha256: hash,
          sourcePath: file.relativePath,
          fileName,
          sizeBytes: size,
          modifiedAt: file.modifiedAt,
          receivedAt: new Date(),
          archivedPath,
          runId: s.runId,
        };
        const findings = fileFindings(fileName, validated);
        const rows = fileRows(received, validated, findings);
        known.add(hash);
        knownSizes.add(size);
        pending.push({ file, rows });
        pendingValues += rows.values.length;
        result.files[rows.status]++;
        result.errors += findings.filter((f) => f.severity === 'error').length;
        result.warnings += findings.filter((f) => f.severity === 'warning').length;
        const firstError = findings.find((f) => f.severity === 'error');
        if (rows.status !== 'loaded' && firstError) {
          const place = describePlace({ ...firstError, file: null });
          result.rejections.push({
            file: file.relativePath,
            status: rows.status,
            reason: place ? `${place}: ${firstError.message}` : firstError.message,
          });
        }
      }
      // A file DuckDB validates on the connection (ahead === null) is prepared with nothing pending, and written at
      // once: its values wait in DuckDB's temporary tables, which the next such file replaces.
      if (
        pending.length >= filesPerTransaction ||
        pendingValues >= VALUES_PER_TRANSACTION ||
        !ahead ||
        checked?.validated.stage
      )
        await commit();
    }
    s.log(`step inbox: ${files.length} files seen`);
    return result;
  }
}
