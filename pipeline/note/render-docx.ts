import { readFileSync } from 'node:fs';
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Align, Block, NoteModel } from './model.ts';
import { repackZip } from '../contract/repack-zip.ts';

// The note as a Word document: A4 portrait with the margins of Russian office paperwork (ГОСТ Р 7.0.97: left 3 cm,
// right 1.5 cm, top and bottom 2 cm), Times New Roman, headings as Word heading styles (so the navigation pane and a
// table of contents work), tables with a repeated header row, page numbers in the footer.

const FONT = 'Times New Roman';
const A4 = { width: 11906, height: 16838 }; // twips
const MARGIN = { left: 1701, right: 850, top: 1134, bottom: 1134 };
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
/** The text width in pixels at 96 dpi, the unit of ImageRun. */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH / 1440) * 96);
const BODY_SIZE = 24; // half-points: 12 pt
const TABLE_SIZE = 18; // 9 pt: eight columns fit the portrait page

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
};

/** Width and height of a PNG from its header (IHDR), to keep a chart's proportions on the page. */
export function pngSize(data: Buffer): { width: number; height: number } {
  if (data.length < 24 || data.toString('latin1', 1, 4) !== 'PNG') throw new Error('файл не является изображением PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function table(block: Extract<Block, { kind: 'table' }>): Array<Paragraph | Table> {
  const weights = block.columns.map((c) => c.width ?? 1);
  const total = weights.reduce((s, w) => s + w, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  const strong = new Set(block.strongRows ?? []);
  const row = (cells: string[], header: boolean, bold: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            shading: header ? { fill: 'E7E6E6' } : undefined,
            children: [
              new Paragraph({
                alignment: header ? AlignmentType.CENTER : ALIGN[block.columns[i]?.align ?? 'left'],
                spacing: { before: 20, after: 20 },
                children: [new TextRun({ text, bold: header || bold, size: TABLE_SIZE })],
              }),
            ],
          }),
      ),
    });
  return [
    new Paragraph({
      style: 'Caption',
      keepNext: true,
      spacing: { before: 200, after: 80 },
      children: [new TextRun({ text: block.caption })],
    }),
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        row(
          block.columns.map((c) => c.title),
          true,
          false,
        ),
        ...block.rows.map((r, i) => row(r, false, strong.has(i))),
      ],
    }),
  ];
}

function figure(block: Extract<Block, { kind: 'figure' }>): Paragraph[] {
  const data = readFileSync(block.file);
  const size = pngSize(data);
  const width = Math.min(TEXT_WIDTH_PX, size.width);
  const height = Math.round((size.height * width) / size.width);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 200 },
      children: [
        new ImageRun({
          type: 'png',
          data,
          transformation: { width, height },
          altText: { name: block.caption, description: block.caption, title: block.caption },
        }),
      ],
    }),
    new Paragraph({
      style: 'Caption',
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: block.caption })],
    }),
  ];
}

function blockContent(block: Block): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: 709 },
          children: [
            new TextRun({
              text: block.text,
              bold: block.emphasis === 'strong',
              italics: block.emphasis === 'muted',
              color: block.emphasis === 'muted' ? '595959' : undefined,
            }),
          ],
        }),
      ];
    case 'bullets':
      return block.items.map(
        (item) =>
          new Paragraph({ bullet: { level: 0 }, alignment: AlignmentType.JUSTIFIED, children: [new TextRun(item)] }),
      );
    case 'table':
      return table(block);
    case 'figure':
      return figure(block);
  }
}

/**
 * Renders the note to DOCX bytes.
 * @example writeFileSync("справка.docx", await renderDocx(note));
 */
export async function renderDocx(note: NoteModel): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(note.title[0]!)],
    }),
    ...note.title.slice(1).map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [new TextRun({ text: line, bold: true, size: 28 })],
        }),
    ),
    ...note.subtitle.map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [new TextRun({ text: line, italics: true, size: 22 })],
        }),
    ),
  ];
  for (const section of note.sections) {
    children.push(
      new Paragraph({
        heading: section.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
        keepNext: true,
        children: [new TextRun(section.title)],
      }),
    );
    for (const block of section.blocks) children.push(...blockContent(block));
  }
  const heading = { font: FONT, color: '000000', bold: true };
  const doc = new Document({
    creator: 'Наставничество·Мониторинг',
    title: note.title.join(' '),
    description: note.subtitle.join(' '),
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE, language: { value: 'ru-RU' } },
          paragraph: { spacing: { after: 120, line: 276 } },
        },
        title: { run: { ...heading, size: 32 }, paragraph: { spacing: { after: 120 } } },
        heading1: {
          run: { ...heading, size: 28 },
          paragraph: { spacing: { before: 360, after: 160 }, keepNext: true },
        },
        heading2: {
          run: { ...heading, size: 26, italics: false },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
        },
        caption: { run: { font: FONT, size: 22, italics: true, color: '000000' } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
            margin: MARGIN,
            pageNumbers: { start: 1 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: 20 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return stampDates(await Packer.toBuffer(doc), new Date(note.data_at));
}

/**
 * The docx library stamps the document's properties and every zip entry with the time of writing; both get the
 * snapshot's time instead, so that one snapshot gives the same bytes (a note from a release is the note of its day).
 */
async function stampDates(docx: Buffer, date: Date): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(docx);
  const core = zip.file('docProps/core.xml');
  if (core) {
    const iso = `${date.toISOString().slice(0, 19)}Z`;
    const xml = (await core.async('string')).replace(
      /(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g,
      `$1${iso}$2`,
    );
    zip.file('docProps/core.xml', xml);
  }
  return Buffer.from(await repackZip(await zip.generateAsync({ type: 'uint8array' }), date));
}
