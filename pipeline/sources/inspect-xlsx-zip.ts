import yauzl from 'yauzl';
import { LIMITS, megabytes } from './limits.ts';

/**
 * Walks an XLSX's zip before any spreadsheet library unpacks it: counts entries and inflates each one
 * with a running byte count, stopping at the limits. yauzl checks every entry's real size against the
 * size the archive declares and rejects unsafe names (`../`), so a forged header cannot slip through.
 * Returns a Russian description of the problem, or null when the archive is within bounds.
 */
export async function inspectXlsxZip(buffer: Buffer): Promise<string | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (e) {
    return `файл не является книгой Excel (.xlsx): ${(e as Error).message}`;
  }
  let entries = 0;
  let unpacked = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries++;
      if (entries > LIMITS.xlsxMaxEntries) return `в книге больше ${LIMITS.xlsxMaxEntries} внутренних частей`;
      if (unpacked + entry.uncompressedSize > LIMITS.xlsxMaxUnpackedBytes) {
        return `распакованная книга больше ${megabytes(LIMITS.xlsxMaxUnpackedBytes)} (часть «${entry.fileName}» — ${megabytes(entry.uncompressedSize)})`;
      }
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) {
        unpacked += (chunk as Buffer).length;
        if (unpacked > LIMITS.xlsxMaxUnpackedBytes) {
          stream.destroy();
          return `распакованная книга больше ${megabytes(LIMITS.xlsxMaxUnpackedBytes)}`;
        }
      }
    }
  } catch (e) {
    return `архив книги повреждён или содержит недопустимое имя части (${(e as Error).message})`;
  } finally {
    zip.close();
  }
  return null;
}
