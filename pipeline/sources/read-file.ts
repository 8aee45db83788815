import path from 'node:path';
import type { Normaliser } from '../reference/normaliser.ts';
import { finding } from '../reference/finding.ts';
import { LIMITS, megabytes } from '../reference/limits.ts';
import { readCsv } from './read-csv.ts';
import type { ReadResult } from './raw-submission.ts';
import { readXlsx } from './read-xlsx.ts';

/** Picks the reader by the file's extension; anything else is kept in the archive and reported. */
export async function readSubmissionFile(
  fileName: string,
  buffer: Buffer,
  normaliser: Normaliser,
): Promise<ReadResult | { format: null; findings: ReadResult['findings'] }> {
  if (buffer.length === 0) {
    return { format: null, findings: [finding('error', 'empty_file', 'Файл пуст (0 байт): пришлите его заново')] };
  }
  const ext = path.extname(fileName).toLowerCase();
  const tooLarge = (limit: number) => ({
    format: null,
    findings: [
      finding(
        'error',
        'file_too_large',
        `Файл слишком велик: ${megabytes(buffer.length)} при допустимых ${megabytes(limit)}; разделите его на части`,
      ),
    ],
  });
  if (ext === '.xlsx' || ext === '.xlsm')
    return buffer.length > LIMITS.xlsxMaxBytes ? tooLarge(LIMITS.xlsxMaxBytes) : readXlsx(buffer);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt')
    return buffer.length > LIMITS.csvMaxBytes ? tooLarge(LIMITS.csvMaxBytes) : readCsv(buffer, normaliser);
  if (ext === '.xls') {
    return {
      format: null,
      findings: [
        finding(
          'error',
          'unsupported_xls',
          'Формат .xls (Excel 97–2003) не принимается: сохраните файл как «Книга Excel (.xlsx)»',
        ),
      ],
    };
  }
  return {
    format: null,
    findings: [
      finding(
        'error',
        'unsupported_format',
        `Формат «${ext || 'без расширения'}» не принимается: нужны .xlsx или .csv`,
      ),
    ],
  };
}
