import JSZip from 'jszip';
import { noteFileBase } from '../contract/note-file.ts';
import { buildNote } from './build-note.ts';
import { snapshotYears } from './figures.ts';
import type { NoteData } from './note-data.ts';
import { renderDocx } from './render-docx.ts';
import type { RecommendationRule } from './rules.ts';

/**
 * The note of every year of the snapshot, as DOCX files in one zip (the site's «Скачать справку» takes the chosen
 * year's file out of it); no charts. The archive's dates follow the data, so the same snapshot gives the same bytes.
 * Returns the rules' warnings once (the same rules miss the same things in every year).
 */
export async function notesZip(
  data: NoteData,
  rules: RecommendationRule[],
): Promise<{ bytes: Buffer; notes: number; warnings: string[] }> {
  const zip = new JSZip();
  const date = new Date(data.meta.generated_at);
  const years = snapshotYears(data);
  let warnings: string[] = [];
  for (const [i, year] of years.entries()) {
    const note = buildNote(data, { year, rules });
    if (i === 0) warnings = note.warnings;
    zip.file(`${noteFileBase(year)}.docx`, await renderDocx(note), { date, binary: true });
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  return { bytes, notes: years.length, warnings };
}
