import type { NoteModel } from '../../pipeline/note/model.ts';

// Checks shared by the tests of the note on sparse data: nothing empty, nothing a program wrote by mistake.

/** Titles of sections with no block, tables with no row, and lists with no item. */
export function emptySections(note: NoteModel): string[] {
  return note.sections.flatMap((s) => [
    ...(s.blocks.length === 0 ? [s.title] : []),
    ...s.blocks.flatMap((b) =>
      (b.kind === 'table' && b.rows.length === 0) ||
      (b.kind === 'bullets' && b.items.length === 0) ||
      (b.kind === 'paragraph' && b.text.trim() === '')
        ? [`${s.title}: ${b.kind}`]
        : [],
    ),
  ]);
}

/** The note's own technical words: mart and file names, commands and options, settings, the run's id. */
const TECHNICAL = /\d{8}T\d{6}-[0-9a-f]+|mart_\w+|data\/reference\/[\w.]+|npm run \w+|--[\w-]+|\b[A-Z_]{3,}\b/g;

/**
 * Pieces of text that betray a program: null, undefined, NaN, Infinity, a bare −1, and any Latin word left after
 * the technical names are taken out (the note is Russian).
 */
export function brokenText(markdownOrText: string): string[] {
  // the Markdown escapes what it inserts (mart\_counts): read it as the reader sees it
  const text = markdownOrText.replace(/\\([\\`*_~[\]#+\-=.!<>&|()])/g, '$1');
  const found = [...text.matchAll(/\b(null|undefined|NaN|Infinity|true|false|object)\b/g)].map((m) => m[0]);
  // «ОО-1», «СПО-1» are the statistical forms' names; a hyphen-minus -1 after no letter is a program's «not found»
  // (the note writes negative figures with the typographic minus)
  found.push(...[...text.matchAll(/(?<![\p{L}\d])-1\b/gu)].map((m) => m[0]));
  found.push(...[...text.replace(TECHNICAL, '').matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]));
  return found;
}
