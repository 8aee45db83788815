import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { LIMITS, megabytes } from '../reference/limits.ts';

/** Deflate, the one compression an XLSX uses besides none. */
const DEFLATED = 8;

/**
 * Walks an XLSX's zip before any spreadsheet library unpacks it: counts entries, checks their declared sizes against
 * the limit and inflates each one no further than its declared size, so a forged size in a header cannot slip
 * through: an entry must unpack to exactly the size its header declares. yauzl reads the directory, rejects unsafe names (`../`) and
 * checks that each entry's data lies within the file. Each entry is inflated in one call rather than through
 * yauzl's streams: for the small parts of a form the streams' machinery cost 2.5–4 ms a form, a fifth of its load.
 * Returns a Russian description of the problem, or null when the archive is within bounds.
 */
export async function inspectXlsxZip(buffer: Buffer): Promise<string | null> {
  const { problem, oversized } = await inspectXlsx(buffer);
  return problem ?? (oversized[0] ? describeOversized(oversized[0]) : null);
}

/** «лист «Лист1» слишком велик для формы мониторинга: 20 000 строк, 16 384 столбца (до XFD)…» */
export function describeOversized(s: SheetExtent): string {
  if (s.rows <= LIMITS.sheetMaxRows && s.columns <= LIMITS.sheetMaxColumns) {
    return `лист «${s.sheet}» слишком велик для формы мониторинга: ${groups(s.cells)} ячеек (${s.rows} строк, ${s.columns} столбцов; допускается до ${groups(LIMITS.sheetMaxCells)} ячеек)`;
  }
  return `лист «${s.sheet}» слишком велик для формы мониторинга: ${s.rows} строк, ${s.columns} столбцов (допускается до ${LIMITS.sheetMaxRows} строк и ${LIMITS.sheetMaxColumns} столбцов)`;
}

const groups = (n: number) => n.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');

/** A worksheet's extent as its XML gives it: its last row and the last column of its cells. */
export interface SheetExtent {
  /** The sheet's name in the workbook (its part's name when the workbook does not say). */
  sheet: string;
  part: string;
  rows: number;
  columns: number;
  /** The cells exceljs builds: each row's up to its last. */
  cells: number;
}

/**
 * inspectXlsxZip, and the worksheets beyond LIMITS.sheetMaxRows × LIMITS.sheetMaxColumns or LIMITS.sheetMaxCells: each sheet's XML is read
 * as it is inflated (its `<row>` and `<c>` tags; see sheetExtent), so that a sheet with a value in column XFD on 20 000 rows is refused before exceljs walks its 300 million cells.
 */
export async function inspectXlsx(buffer: Buffer): Promise<{ problem: string | null; oversized: SheetExtent[] }> {
  const extents: { part: string; rows: number; columns: number; cells: number }[] = [];
  let workbookXml = '';
  let workbookRels = '';
  const problem = await walk(buffer, (name, data) => {
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) extents.push({ part: name, ...sheetExtent(data) });
    else if (name === 'xl/workbook.xml') workbookXml = data.toString('utf8');
    else if (name === 'xl/_rels/workbook.xml.rels') workbookRels = data.toString('utf8');
  });
  if (problem !== null) return { problem, oversized: [] };
  const over = extents.filter(
    (e) => e.rows > LIMITS.sheetMaxRows || e.columns > LIMITS.sheetMaxColumns || e.cells > LIMITS.sheetMaxCells,
  );
  if (over.length === 0) return { problem: null, oversized: [] };
  const names = sheetNames(workbookXml, workbookRels);
  return { problem: null, oversized: over.map((e) => ({ sheet: names.get(e.part) ?? e.part, ...e })) };
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined);

/** Worksheet part → sheet name, from the workbook's `<sheet name r:id>` and its relationships. */
function sheetNames(workbookXml: string, rels: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const tag of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const names = new Map<string, string>();
  for (const tag of workbookXml.match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const id = attribute(tag, 'r:id');
    const part = id ? targets.get(id) : undefined;
    if (name && part) names.set(part, unescapeXml(name));
  }
  return names;
}

const LT = 0x3c;
const GT = 0x3e;
const isTagEnd = (b: number | undefined) =>
  b === 0x20 || b === GT || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d;

const R_ATTRIBUTE = Buffer.from(' r="');

/** Where the value of the tag's ` r="…"` attribute starts, -1 when the tag (from `at` to its `>`) has none. */
function referenceIn(xml: Buffer, at: number): number {
  let end = xml.indexOf(GT, at);
  if (end < 0) end = xml.length;
  const i = xml.subarray(at, end).indexOf(R_ATTRIBUTE);
  return i < 0 ? -1 : at + i + R_ATTRIBUTE.length;
}

/**
 * Rows and columns of a worksheet's XML without parsing it: its `<row r>` and `<c r>` tags (counted on when they carry no
 * reference), the extent exceljs would walk, and the cells it would build (every cell of a row up to the row's last). The declared
 * `<dimension ref>` is not trusted either way: it may be missing, claim the whole grid for a small form (Excel and
 * other writers do), or understate a hostile sheet. One pass of indexOf over the bytes: about a millisecond per megabyte.
 */
export function sheetExtent(xml: Buffer): { rows: number; columns: number; cells: number } {
  let rows = 0;
  let columns = 0;
  let cells = 0;
  let row = 0;
  let col = 0;
  // the last column of the row being read: cells are added when the row ends (at the next row, or the end)
  let rowEnd = 0;
  for (let at = xml.indexOf(LT); at >= 0; at = xml.indexOf(LT, at + 1)) {
    const a = xml[at + 1];
    if (a === 0x72 && xml[at + 2] === 0x6f && xml[at + 3] === 0x77 && isTagEnd(xml[at + 4])) {
      const r = referenceIn(xml, at);
      let n = 0;
      for (let i = r; i >= 0 && xml[i]! >= 0x30 && xml[i]! <= 0x39; i++) n = n * 10 + (xml[i]! - 0x30);
      row = n > 0 ? n : row + 1;
      cells += rowEnd;
      rowEnd = 0;
      col = 0;
      if (row > rows) rows = row;
    } else if (a === 0x63 && isTagEnd(xml[at + 2])) {
      const r = referenceIn(xml, at);
      let c = 0;
      for (let i = r; i >= 0 && ((xml[i]! >= 0x41 && xml[i]! <= 0x5a) || (xml[i]! >= 0x61 && xml[i]! <= 0x7a)); i++)
        c = c * 26 + ((xml[i]! & 0xdf) - 64);
      col = c > 0 ? c : col + 1;
      if (col > columns) columns = col;
      if (col > rowEnd) rowEnd = col;
    }
  }
  return { rows, columns, cells: cells + rowEnd };
}

/** Walks the zip's entries within the limits, giving each inflated part to `onPart`; returns the problem, or null. */
async function walk(buffer: Buffer, onPart: (name: string, data: Buffer) => void): Promise<string | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
  } catch (e) {
    return `файл не открывается как ZIP-архив, каким должна быть книга Excel; подробности: ${(e as Error).message}`;
  }
  const tooLarge = `распакованная книга больше ${megabytes(LIMITS.xlsxMaxUnpackedBytes)}`;
  const damaged = (why: string) => `архив книги повреждён или содержит недопустимое имя части (${why})`;
  let entries = 0;
  let unpacked = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries++;
      if (entries > LIMITS.xlsxMaxEntries) return `в книге больше ${LIMITS.xlsxMaxEntries} внутренних частей`;
      if (unpacked + entry.uncompressedSize > LIMITS.xlsxMaxUnpackedBytes) {
        return `${tooLarge} (часть «${entry.fileName}» — ${megabytes(entry.uncompressedSize)})`;
      }
      if (entry.fileName.endsWith('/')) continue;
      if (entry.isEncrypted()) return damaged(`часть «${entry.fileName}» зашифрована`);
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const data = buffer.subarray(fileDataStart, fileDataStart + entry.compressedSize);
      let part = data;
      if (entry.compressionMethod === DEFLATED) {
        try {
          // no further than the declared size, which the limit was checked against above
          part = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            return damaged(
              `часть «${entry.fileName}» распаковывается больше объявленных ${entry.uncompressedSize} байт`,
            );
          }
          throw e;
        }
      } else if (entry.compressionMethod !== 0) {
        return damaged(`неизвестный способ сжатия ${entry.compressionMethod} у части «${entry.fileName}»`);
      }
      const size = part.length;
      if (size !== entry.uncompressedSize)
        return damaged(`часть «${entry.fileName}» распаковывается в ${size} байт вместо ${entry.uncompressedSize}`);
      unpacked += size;
      onPart(entry.fileName, part);
    }
  } catch (e) {
    return `архив книги повреждён или содержит недопустимое имя части; подробности: ${(e as Error).message}`;
  } finally {
    zip.close();
  }
  return null;
}
