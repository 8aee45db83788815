/**
 * ExcelJS's `writeBuffer` options for a workbook that repackZip rebuilds: the entries are stored, and compressed once,
 * by the repack (ExcelJS would deflate them only for the repack to inflate and deflate them again).
 */
export const STORED_ENTRIES = { zip: { compression: 'STORE' as const } };

/**
 * Rebuilds a zip with one fixed date on every entry: ExcelJS stamps entries with the current time (to two seconds),
 * which would make the same inputs give different bytes. jszip is loaded on first use: on the site, only when a file
 * is downloaded.
 */
export async function repackZip(buffer: Uint8Array, date: Date): Promise<Uint8Array<ArrayBuffer>> {
  const { default: JSZip } = await import('jszip');
  const source = await JSZip.loadAsync(buffer);
  const out = new JSZip();
  for (const [name, file] of Object.entries(source.files)) {
    if (file.dir) out.file(name, null, { dir: true, date });
    else out.file(name, await file.async('uint8array'), { date, createFolders: false });
  }
  // jszip allocates the result itself, on an ordinary ArrayBuffer (its typings only say ArrayBufferLike)
  return (await out.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  })) as Uint8Array<ArrayBuffer>;
}
