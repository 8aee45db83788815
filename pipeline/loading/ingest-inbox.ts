import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { describePlace, finding } from '../validation/finding.ts';
import { type ValidatedFile, validatedByDuckDb, validateFile } from '../validation/validate-file.ts';
import type { Database } from '../warehouse/database.ts';
import { inTransaction } from '../warehouse/run-compiled.ts';
import { archiveFile, readAndHash } from './archive-file.ts';
import { type FileStatus, fileFindings, insertFindings, loadFile } from './load-file.ts';
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
  onFileDone: (done: number, total: number, file: InboxFile) => void;
  log: (line: string) => void;
}

/** A file read and hashed and, unless it was loaded before, validated and archived: ready to load. */
interface PreparedFile {
  hash: string;
  checked?: { validated: ValidatedFile; archivedPath: string };
}

/**
 * The inbox step: every file not seen before (by content hash) is validated, archived unchanged and
 * loaded with its findings in a transaction of its own, so a crash leaves whole files only. While one file
 * loads (DuckDB works on its own threads), the next is read, parsed and validated, which touches no table.
 */
export async function ingestInbox(s: InboxStep): Promise<InboxResult> {
  const result: InboxResult = { filesSeen: 0, files: { loaded: 0, partial: 0, rejected: 0, skipped: 0 }, errors: 0, warnings: 0, rejections: [] };
  const known = new Set((await s.db.selectFrom('raw_files').select('file_sha256').execute()).map((r) => r.file_sha256));
  const { files, passedOver } = scanInbox(s.inboxDir);
  result.filesSeen = files.length;
  const notRegular = finding('warning', 'not_a_regular_file', 'Не обычный файл (ссылка или устройство): не прочитан; положите во входящие сам файл');
  await insertFindings(s.connection, s.runId, null, passedOver.map((file) => ({ ...notRegular, file })));
  result.warnings += passedOver.length;

  // A large long CSV is validated by DuckDB on this connection, so never ahead, while another file's transaction is
  // open on it; any other file is checked in JS and touches no table.
  const prepare = async (file: InboxFile, ahead: boolean): Promise<PreparedFile> => {
    const { buffer, hash } = await readAndHash(file.path);
    if (known.has(hash)) return { hash };
    const connection = ahead ? undefined : s.connection;
    // The archive is written (on libuv's threads) while JS validates: a large file's copy costs no wall time.
    const [validated, archivedPath] = await Promise.all([
      validateFile(file.relativePath, buffer, s.normaliser, s.ref, { connection, sourcePath: file.path }),
      archiveFile(file.path, buffer, hash, s.archiveDir),
    ]);
    return { hash, checked: { validated, archivedPath } };
  };

  let ahead: Promise<PreparedFile> | null = null;
  for (const [i, file] of files.entries()) {
    const { hash, checked } = await (ahead ?? prepare(file, false));
    const following = files[i + 1];
    ahead = following && !validatedByDuckDb(following.relativePath, following.sizeBytes) ? prepare(following, true) : null;
    // awaited on the next turn; a run stopped after this file must not leave its failure unhandled
    ahead?.catch(() => {});
    if (known.has(hash) || !checked) {
      result.files.skipped++;
    } else {
      const { validated, archivedPath } = checked;
      const fileName = path.basename(file.path);
      const received = { sha256: hash, sourcePath: file.relativePath, fileName, sizeBytes: file.sizeBytes, modifiedAt: file.modifiedAt, receivedAt: new Date(), archivedPath, runId: s.runId };
      const findings = fileFindings(fileName, validated);
      const status = await inTransaction(s.connection, () => loadFile(s.connection, s.db, received, validated, findings));
      known.add(hash);
      result.files[status]++;
      result.errors += findings.filter((f) => f.severity === 'error').length;
      result.warnings += findings.filter((f) => f.severity === 'warning').length;
      const firstError = findings.find((f) => f.severity === 'error');
      if (status !== 'loaded' && firstError) {
        const place = describePlace({ ...firstError, file: null });
        result.rejections.push({ file: file.relativePath, status, reason: place ? `${place}: ${firstError.message}` : firstError.message });
      }
    }
    s.onFileDone(i + 1, files.length, file);
    if ((i + 1) % 200 === 0) s.log(`step inbox: ${i + 1}/${files.length} files`);
  }
  s.log(`step inbox: ${files.length} files seen`);
  return result;
}
