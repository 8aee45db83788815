import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { NoteModel } from '../../pipeline/note/model.ts';
import { escapeMarkdown, renderMarkdown } from '../../pipeline/note/render-markdown.ts';

// Issue 22, item 12: organisation names (and any text) are inserted into the Markdown note as text, never as markup.
// Rendered back by markdown-it with raw HTML allowed and links recognised, as a viewer would.

const HOSTILE = [
  '<img src=x onerror="alert(1)">МБОУ СОШ № 1',
  '[Сайт школы](javascript:alert(1))',
  '**Итого по краю**',
  '# Заголовок',
  '- пункт',
  '1. пункт',
  'Ф&К <b>жирный</b> `код` _курсив_ ~~зачёркнуто~~ a|b',
  'строка\nвторая <script>alert(1)</script>',
];

function note(): NoteModel {
  return {
    year: 2024,
    compare: null,
    territory_id: null,
    file_base: 'x',
    title: ['Аналитическая справка', HOSTILE[0]!],
    subtitle: [HOSTILE[2]!],
    data_at: '2026-01-01T00:00:00.000Z',
    sections: [
      {
        id: 's',
        level: 1,
        title: HOSTILE[1]!,
        blocks: [
          ...HOSTILE.map((text) => ({ kind: 'paragraph' as const, text })),
          { kind: 'paragraph', text: HOSTILE[0]!, emphasis: 'strong' },
          { kind: 'bullets', items: HOSTILE },
          {
            kind: 'table',
            caption: HOSTILE[1]!,
            columns: [{ title: 'Организация' }, { title: HOSTILE[6]! }],
            rows: HOSTILE.map((h) => [h, '+5']),
          },
          { kind: 'figure', file: '/tmp/a>b.png', caption: HOSTILE[0]! },
        ],
      },
    ],
    recommendations: [],
    warnings: [],
  };
}

describe('the Markdown note escapes inserted text', () => {
  const markdown = renderMarkdown(note());
  const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);

  it('lets no raw HTML or javascript: link through', () => {
    expect(html).not.toMatch(/<img src=x|<script|<b>|onerror="/);
    expect(html).not.toMatch(/href="javascript:/i);
    // the one image is the figure's own PNG
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('src="/tmp/a%3Eb.png"');
  });

  it('opens no heading, list, emphasis, code or strikethrough from the text', () => {
    expect(html.match(/<h1>/g)).toHaveLength(1); // the note's title
    expect(html.match(/<h2>/g)).toHaveLength(1); // the section
    expect(html).not.toMatch(/<h[3-6]>|<ol|<code>|<s>|<del>/);
    // emphasis only where the note asks for it: the subtitle, the table's and the figure's captions
    expect(html.match(/<em>/g)).toHaveLength(3);
    expect(html.match(/<ul>/g)).toHaveLength(1); // the bullets block
    expect(html.match(/<li>/g)).toHaveLength(HOSTILE.length);
    // strong only where the note asks for it: the title's second line, a strong paragraph
    expect(html.match(/<strong>/g)).toHaveLength(2);
    // one table, its rows and cells as given (a | does not split a cell)
    expect(html.match(/<tr>/g)).toHaveLength(HOSTILE.length + 1);
    expect(html.match(/<td[ >]/g)).toHaveLength(HOSTILE.length * 2);
  });

  it('prints every text as typed', () => {
    const text = html
      .replace(/<[^>]+>/g, '')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&amp;', '&');
    for (const h of HOSTILE) expect(text).toContain(h.replaceAll('\n', ' '));
  });

  it("escapes a block's marker only where the text begins a line", () => {
    expect(escapeMarkdown('+5 (−2)')).toBe('+5 (−2)');
    expect(escapeMarkdown('+5 (−2)', true)).toBe('\\+5 (−2)');
    expect(escapeMarkdown('2021. Итоги', true)).toBe('2021\\. Итоги');
    expect(escapeMarkdown('Школа № 5 (Лазо)')).toBe('Школа № 5 (Лазо)');
  });
});
