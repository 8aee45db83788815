import path from 'node:path';
import type { Block, NoteModel } from './model.ts';

// The note as Markdown (GitHub tables): the same content as the DOCX, for review, diffs and pasting elsewhere.

/**
 * Text inserted into the Markdown as text, never as markup: an organisation's name like «<img onerror=…>»,
 * «[сайт](javascript:…)» or «**Итого**» prints as typed. HTML's `<`, `>` and `&` become entities; Markdown's inline
 * markers (\\ ` * _ ~ [ ]) are escaped with a backslash; line breaks become spaces, so no text opens a line of its own.
 * `atLineStart`: the text begins a line (a paragraph, a list item), so a block's marker there (# - + = or «1.») is
 * escaped too.
 */
export function escapeMarkdown(text: string, atLineStart = false): string {
  const inline = text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\\`*_~[\]]/g, '\\$&')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
  if (!atLineStart) return inline;
  return inline.replace(/^(\s*)([#+=-]|\d+(?=[.)]))/, (_m, space: string, marker: string) =>
    /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
  );
}

const md = (text: string) => escapeMarkdown(text);
const mdLine = (text: string) => escapeMarkdown(text, true);
const cell = (text: string) => md(text).replaceAll('|', '\\|');
/** A link target inside `<…>`: nothing in it can close the brackets or the line. */
const linkTarget = (target: string) => target.replace(/[<>\s]/g, (c) => (c === ' ' ? ' ' : encodeURIComponent(c)));

function table(block: Extract<Block, { kind: 'table' }>): string {
  const strong = new Set(block.strongRows ?? []);
  const rule = block.columns.map((c) => (c.align === 'right' ? '---:' : c.align === 'center' ? ':---:' : '---'));
  const lines = [
    `| ${block.columns.map((c) => cell(c.title)).join(' | ')} |`,
    `| ${rule.join(' | ')} |`,
    ...block.rows.map(
      (row, i) => `| ${row.map((v) => (strong.has(i) && v !== '' ? `**${cell(v)}**` : cell(v))).join(' | ')} |`,
    ),
  ];
  return `*${md(block.caption)}*\n\n${lines.join('\n')}`;
}

/**
 * Renders the note; figures link their PNG relative to `outDir` (where the .md file is written) when given.
 * @example writeFileSync(file, renderMarkdown(note, { outDir: path.dirname(file) }));
 */
export function renderMarkdown(note: NoteModel, { outDir }: { outDir?: string } = {}): string {
  const out: string[] = [
    `# ${md(note.title[0] ?? '')}`,
    '',
    `**${md(note.title.slice(1).join('. '))}**`,
    '',
    ...note.subtitle.map((s) => `_${md(s)}_`),
    '',
  ];
  for (const section of note.sections) {
    out.push(`${section.level === 1 ? '##' : '###'} ${md(section.title)}`, '');
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'paragraph':
          out.push(
            block.emphasis === 'strong'
              ? `**${md(block.text)}**`
              : block.emphasis === 'muted'
                ? `_${md(block.text)}_`
                : mdLine(block.text),
          );
          break;
        case 'bullets':
          out.push(block.items.map((item) => `- ${mdLine(item)}`).join('\n'));
          break;
        case 'table':
          out.push(table(block));
          break;
        case 'figure': {
          const link = outDir === undefined ? block.file : path.relative(outDir, block.file);
          out.push(
            `![${md(block.caption)}](<${linkTarget(link.split(path.sep).join('/'))}>)\n\n*${md(block.caption)}*`,
          );
          break;
        }
      }
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
