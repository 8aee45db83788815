/**
 * The file name of an analytical note without its extension: one rule for the command line (pipeline/note), the
 * notes archive of the site (src/data/notes.zip.ts) and the «Обзор» page's download button.
 * @example noteFileBase(2021) // "Аналитическая_справка_2021"; noteFileBase(2021, "lazo") // "Аналитическая_справка_2021_lazo"
 */
export function noteFileBase(year: number, territoryId: string | null = null): string {
  return `Аналитическая_справка_${year}${territoryId === null ? '' : `_${territoryId}`}`;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
