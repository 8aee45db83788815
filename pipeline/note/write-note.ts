import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildNote, type NoteOptions } from "./build-note.ts";
import { listSlideFiles } from "./charts.ts";
import type { NoteModel } from "./model.ts";
import type { NoteData } from "./note-data.ts";
import { renderDocx } from "./render-docx.ts";
import { renderMarkdown } from "./render-markdown.ts";

// Builds one note and writes it twice, as DOCX and as Markdown, side by side.

export interface WriteNoteOptions extends Omit<NoteOptions, "charts"> {
  /** Folder the .docx and .md are written to (created). */
  outDir: string;
  /** Folder of the slide export (`npm run slides`); its PNG files of the year go into the note. */
  chartsDir?: string | null;
}

export interface WrittenNote {
  note: NoteModel;
  docx: string;
  markdown: string;
}

/**
 * @example const { docx } = await writeNote(readNoteData(), { year: 2021, rules, outDir: "data/notes/2021" });
 */
export async function writeNote(data: NoteData, options: WriteNoteOptions): Promise<WrittenNote> {
  const charts = options.chartsDir ? listSlideFiles(options.chartsDir, options.year) : null;
  const note = buildNote(data, { ...options, charts });
  mkdirSync(options.outDir, { recursive: true });
  const docx = path.join(options.outDir, `${note.file_base}.docx`);
  const markdown = path.join(options.outDir, `${note.file_base}.md`);
  writeFileSync(docx, await renderDocx(note));
  writeFileSync(markdown, renderMarkdown(note, { outDir: options.outDir }));
  return { note, docx, markdown };
}
