import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { noteFileBase } from '../contract/note-file.ts';
import { buildNote, type NoteOptions } from './build-note.ts';
import { chartChoice, isNoteSlide, listSlideFiles } from './charts.ts';
import type { NoteModel } from './model.ts';
import type { NoteData } from './note-data.ts';
import { renderDocx } from './render-docx.ts';
import { renderMarkdown } from './render-markdown.ts';

// Builds one note and writes it twice, as DOCX and as Markdown, side by side; with `renderCharts`, first renders
// the note's slides beside them.

export interface WriteNoteOptions extends Omit<NoteOptions, 'charts'> {
  /** Folder the .docx and .md are written to (created). */
  outDir: string;
  /** Folder of the slide export (`npm run slides`); the note's few PNG files of the year go into the note. */
  chartsDir?: string | null;
  /**
   * Render the note's slides (`--with-charts`) with the slide export's renderer into `<outDir>/<file base>_диаграммы/`
   * and embed them: the snapshot `data` was read from, and a site built from it (else one is built, 1–2 minutes).
   */
  renderCharts?: { snapshotDir: string; distDir?: string } | null;
}

export interface WrittenNote {
  note: NoteModel;
  docx: string;
  markdown: string;
  /** The folder of the slides rendered for the note (`renderCharts`). */
  chartsDir?: string;
}

/** Suffix of the folder of a note's own slides, beside its .docx and .md (the Markdown links them there). */
export const NOTE_CHARTS_SUFFIX = '_диаграммы';

/**
 * Renders the slides the note embeds (isNoteSlide) with renderSlides — the same images as `npm run slides` — into
 * the note's own folder, emptied first so it holds this note's slides only; returns the folder.
 */
async function renderNoteCharts(
  data: NoteData,
  options: WriteNoteOptions,
  render: { snapshotDir: string; distDir?: string },
): Promise<string> {
  // loaded only here: the renderer brings the site build and Chromium, which a note without charts does not need
  const { renderSlides } = await import('../slides/render-slides.ts');
  const territoryId = options.territory ?? null;
  const choice = chartChoice(data, options.year, territoryId);
  const dir = path.join(options.outDir, `${noteFileBase(options.year, territoryId)}${NOTE_CHARTS_SUFFIX}`);
  rmSync(dir, { recursive: true, force: true });
  await renderSlides({
    snapshotDir: render.snapshotDir,
    distDir: render.distDir,
    year: options.year,
    territory: territoryId ?? undefined,
    outDir: dir,
    only: (slide) => isNoteSlide(`${path.basename(slide.name)}.png`, choice),
  });
  return dir;
}

/**
 * @example const { docx } = await writeNote(readNoteData(), { year: 2021, rules, outDir: "data/notes/2021" });
 */
export async function writeNote(data: NoteData, options: WriteNoteOptions): Promise<WrittenNote> {
  if (options.renderCharts && options.chartsDir)
    throw new Error(
      'Диаграммы берутся либо из папки слайдов (--charts), либо рисуются для справки (--with-charts), не из обоих мест.',
    );
  // a year or territory the snapshot lacks stops here, before a site is built for the charts
  if (options.renderCharts) buildNote(data, { ...options, charts: null });
  const chartsDir = options.renderCharts
    ? await renderNoteCharts(data, options, options.renderCharts)
    : options.chartsDir;
  const charts = chartsDir ? listSlideFiles(chartsDir, options.year) : null;
  const note = buildNote(data, { ...options, charts });
  mkdirSync(options.outDir, { recursive: true });
  const docx = path.join(options.outDir, `${note.file_base}.docx`);
  const markdown = path.join(options.outDir, `${note.file_base}.md`);
  writeFileSync(docx, await renderDocx(note));
  writeFileSync(markdown, renderMarkdown(note, { outDir: options.outDir }));
  return { note, docx, markdown, ...(options.renderCharts && chartsDir ? { chartsDir } : {}) };
}
