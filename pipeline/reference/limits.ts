const MB = 1024 * 1024;

/**
 * Bounds on what one received file may cost to read. Anything above them is reported and archived, not
 * parsed, so a hostile or broken file cannot exhaust memory or stall a run. Time is bounded by these
 * sizes (bench/README.md gives the measured worst case).
 */
export const LIMITS = {
  /** An XLSX form is tens of kilobytes; a workbook of a whole municipality a few megabytes. */
  xlsxMaxBytes: 20 * MB,
  /** Entries inside one XLSX (sheets, styles, shared strings…). */
  xlsxMaxEntries: 2_000,
  /** Everything inside one XLSX once unpacked: guards against zip bombs (huge shared strings, sheets). */
  xlsxMaxUnpackedBytes: 200 * MB,
  /** Rows and columns of one sheet; a form has about 60 rows and 15 columns. */
  sheetMaxRows: 20_000,
  sheetMaxColumns: 300,
  /**
   * Cells of one sheet as exceljs builds them (each row up to its last cell): a form has about a thousand, a
   * municipality's table of organisations tens of thousands; exceljs takes about 3.6 µs a cell (7.3 s for 2 million).
   */
  sheetMaxCells: 500_000,
  /** A long CSV of a whole country is about 1.5 million rows, 400 MB. */
  csvMaxBytes: 512 * MB,
  /** One CSV line; a real one is under a kilobyte. */
  csvMaxLineBytes: 64 * 1024,
  /**
   * Findings of one file: the same finding (severity, code, sheet, column) more than `findingsPerGroup` times is shown
   * by its first `findingExamples` and one finding with the count; a file with more than `findingsPerFile` findings
   * after that is no monitoring table and is rejected whole with one finding.
   */
  findingsPerGroup: 20,
  findingExamples: 5,
  findingsPerFile: 1_000,
  /** Findings of one file in the site's snapshot (ops_findings.json); the rest is counted. */
  snapshotFindingsPerFile: 200,
} as const;

export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1).replace('.', ',')} МБ`;
}
