import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';

// Reads a DOCX back the way Word would start to: unzip it, check that its main part is well-formed XML (every tag
// closed in order), and collect the text of its paragraphs and tables.

export interface DocxContent {
  zip: JSZip;
  /** Text of every paragraph of the body, tables' paragraphs included, in order. */
  paragraphs: string[];
  /** Every table as rows of cell texts (a cell's paragraphs joined by a space). */
  tables: string[][][];
  /** All the body's text, paragraphs joined by newlines. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? m),
  );

/** Checks that `xml` is well-formed (throws naming the first mismatched tag) and walks it. */
export function walkXml(xml: string, visit: (event: 'open' | 'close' | 'text', value: string) => void): void {
  const stack: string[] = [];
  for (const [token] of xml.matchAll(/<[^>]*>|[^<]+/g)) {
    if (token.startsWith('<?') || token.startsWith('<!')) continue;
    if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`malformed XML: </${name}> closes <${open ?? 'nothing'}>`);
      visit('close', name);
    } else if (token.startsWith('<')) {
      const name = /^<([^\s/>]+)/.exec(token)?.[1];
      if (!name) throw new Error(`malformed XML tag: ${token.slice(0, 40)}`);
      visit('open', name);
      if (token.endsWith('/>')) visit('close', name);
      else stack.push(name);
    } else {
      visit('text', decode(token));
    }
  }
  if (stack.length > 0) throw new Error(`malformed XML: <${stack.at(-1)}> never closed`);
}

/**
 * @example const { tables, text } = await readDocx("/tmp/справка.docx");
 */
export async function readDocx(file: string): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const main = zip.file('word/document.xml');
  if (!main) throw new Error('word/document.xml missing');
  const xml = await main.async('string');
  const paragraphs: string[] = [];
  const tables: string[][][] = [];
  const tableStack: string[][][] = [];
  let paragraph: string | null = null;
  let inText = false;
  walkXml(xml, (event, value) => {
    if (event === 'text') {
      if (inText && paragraph !== null) paragraph += value;
      return;
    }
    if (value === 'w:t') inText = event === 'open';
    else if (value === 'w:p') {
      if (event === 'open') paragraph = '';
      else {
        paragraphs.push(paragraph ?? '');
        const table = tableStack.at(-1);
        const row = table?.at(-1);
        if (row && row.length > 0) row[row.length - 1] = [row.at(-1), paragraph].filter((s) => s).join(' ');
        paragraph = null;
      }
    } else if (value === 'w:tbl') {
      if (event === 'open') tableStack.push([]);
      else tables.push(tableStack.pop()!);
    } else if (value === 'w:tr' && event === 'open') tableStack.at(-1)?.push([]);
    else if (value === 'w:tc' && event === 'open') tableStack.at(-1)?.at(-1)?.push('');
  });
  // every other XML part must be well-formed too (styles, numbering, footer, relationships)
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
    walkXml(await zip.file(name)!.async('string'), () => {});
  }
  return { zip, paragraphs, tables, text: paragraphs.join('\n') };
}
