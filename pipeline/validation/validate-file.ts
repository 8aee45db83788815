import type { DuckDBConnection } from '@duckdb/node-api';
import type { Normaliser } from '../reference/normaliser.ts';
import type { Reference } from '../reference/reference.ts';
import { isContingentPath } from '../sources/contingent.ts';
import { readSubmissionFile } from '../sources/read-file.ts';
import { LIMITS } from '../reference/limits.ts';
import { boundFindings, finding } from '../reference/finding.ts';
import { contextFromPath } from './path-context.ts';
import { validateContingentFile } from './validate-contingent.ts';
import { validateBlock } from './validate-block.ts';
import type { ValidatedFile } from './validated-file.ts';
import { BULK_MIN_BYTES, validateLongCsvBulk } from './validate-long-csv-bulk.ts';

export type { ValidatedFile };

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

/** Reads a received file and checks every organisation in it; its findings are bounded (boundFileFindings). */
export async function validateFile(
  relativePath: string,
  buffer: Buffer,
  normaliser: Normaliser,
  ref: Reference,
  options: ValidateOptions = {},
): Promise<ValidatedFile> {
  return boundFileFindings(await validateUnbounded(relativePath, buffer, normaliser, ref, options));
}

/**
 * One place, whatever read the file (XLSX, CSV in JS, the DuckDB bulk path, a contingent file), where its findings are
 * bounded: repeats of a finding are counted in one (LIMITS.findingsPerGroup), and a file that still has more than
 * LIMITS.findingsPerFile is rejected whole with one finding, so no file can flood the warehouse or the site.
 */
export function boundFileFindings(v: ValidatedFile): ValidatedFile {
  const bounded = boundFindings([v.findings, ...v.submissions.map((s) => s.findings)], {
    perGroup: LIMITS.findingsPerGroup,
    examples: LIMITS.findingExamples,
    perFile: LIMITS.findingsPerFile,
  });
  if (bounded.tooMany) {
    const n = (x: number) => x.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');
    const message = `Слишком много замечаний: ${n(bounded.total)}, после объединения повторов ${n(bounded.shown)} при допустимых ${n(LIMITS.findingsPerFile)} — это не таблица мониторинга; проверьте, что отправлен нужный файл`;
    return {
      format: v.format,
      submissions: [],
      findings: [finding('error', 'too_many_findings', message)],
      rejected: true,
      ...(v.contingent ? { contingent: true } : {}),
    };
  }
  if (bounded.lists[0] === v.findings && bounded.shown === bounded.total) return v;
  const [own, ...perSubmission] = bounded.lists;
  return { ...v, findings: own!, submissions: v.submissions.map((s, i) => ({ ...s, findings: perSubmission[i]! })) };
}

/**
 * A large long CSV validated by DuckDB on the connection (its rows stay there until staged), bounded like any file;
 * null when the file is not one (too small, or not a long CSV by its header): then it is validated in JS.
 */
export async function validateInDuckDb(
  relativePath: string,
  buffer: Buffer,
  normaliser: Normaliser,
  ref: Reference,
  options: ValidateOptions & { connection: DuckDBConnection },
): Promise<ValidatedFile | null> {
  const { now = new Date(), connection, bulkMinBytes = BULK_MIN_BYTES, sourcePath } = options;
  if (!validatedByDuckDb(relativePath, buffer.length, bulkMinBytes)) return null;
  const bulk = await validateLongCsvBulk(
    relativePath,
    buffer,
    contextFromPath(relativePath, normaliser),
    normaliser,
    ref,
    connection,
    now,
    sourcePath,
  );
  return bulk && boundFileFindings(bulk);
}

async function validateUnbounded(
  relativePath: string,
  buffer: Buffer,
  normaliser: Normaliser,
  ref: Reference,
  options: ValidateOptions,
): Promise<ValidatedFile> {
  const { now = new Date(), connection, bulkMinBytes = BULK_MIN_BYTES, sourcePath } = options;
  if (isContingentPath(relativePath)) return validateContingentFile(relativePath, buffer, normaliser, ref, now);
  if (connection && validatedByDuckDb(relativePath, buffer.length, bulkMinBytes)) {
    const bulk = await validateLongCsvBulk(
      relativePath,
      buffer,
      contextFromPath(relativePath, normaliser),
      normaliser,
      ref,
      connection,
      now,
      sourcePath,
    );
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
