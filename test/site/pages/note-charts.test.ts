import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleSite } from './browser.ts';
import { chartChoice, isNoteSlide, slideSection } from '../../../pipeline/note/charts.ts';
import { type NoteData, readNoteData } from '../../../pipeline/note/note-data.ts';
import { resolveTerritory } from '../../../pipeline/note/territory.ts';
import { NOTE_CHARTS_SUFFIX, writeNote, type WrittenNote } from '../../../pipeline/note/write-note.ts';
import { planSlides } from '../../../pipeline/slides/render-slides.ts';
import { type DocxContent, readDocx } from '../../helpers/docx-text.ts';

// `npm run note -- --year 2024 --territory Комсомольский --with-charts`: the note renders its own slides with the
// slide export's renderer (one renderSlides call, on the site the page tests built) and embeds those very files.
const YEAR = 2024;
let outDir: string;
let data: NoteData;
let territoryId: string;
let written: WrittenNote;
let docx: DocxContent;
let manifest: Array<{ png: string; title: string }>;

beforeAll(async () => {
  const { snapshotDir, distDir } = await sampleSite();
  outDir = await mkdtemp(path.join(os.tmpdir(), 'note-charts-'));
  data = readNoteData(snapshotDir);
  territoryId = resolveTerritory(data, 'Комсомольский');
  written = await writeNote(data, {
    year: YEAR,
    territory: territoryId,
    rules: [],
    outDir,
    renderCharts: { snapshotDir, distDir },
  });
  docx = await readDocx(written.docx);
  manifest = JSON.parse(
    await readFile(path.join(written.chartsDir!, String(YEAR), 'slides.json'), 'utf-8'),
  ) as typeof manifest;
}, 300_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('npm run note -- --year 2024 --territory Комсомольский --with-charts', () => {
  it("renders only the note's slides, beside the note", async () => {
    expect(written.chartsDir).toBe(path.join(outDir, `${written.note.file_base}${NOTE_CHARTS_SUFFIX}`));
    const choice = chartChoice(data, YEAR, territoryId);
    // the sample's Комсомольский lags on something, so its indicators' charts are there
    expect(choice.indicators.length).toBeGreaterThan(0);
    const expected = planSlides((await sampleSite()).snapshotDir, YEAR, territoryId)
      .filter((s) => isNoteSlide(`${path.basename(s.name)}.png`, choice))
      .map((s) => `${s.name}.png`);
    expect(manifest.map((s) => s.png)).toEqual(expected);
    const kinds = expected.map((f) => path.basename(f).split('_')[1]);
    expect(new Set(kinds)).toEqual(new Set(['обзор', 'отстающие', 'формы', 'муниципалитет']));
    expect(kinds.filter((k) => k === 'муниципалитет')).toHaveLength(1);
    expect(expected.every((f) => slideSection(path.basename(f)) !== null)).toBe(true);
    const files = (await readdir(path.join(written.chartsDir!, String(YEAR)))).filter((f) => f.endsWith('.png')).sort();
    expect(files).toEqual(expected.map((f) => path.basename(f)).sort());
  });

  it("embeds exactly those PNG files, byte for byte, captioned with the slides' titles", async () => {
    const media = Object.keys(docx.zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(manifest.length);
    const embedded = await Promise.all(media.map((f) => docx.zip.file(f)!.async('nodebuffer')));
    const slides = await Promise.all(manifest.map((s) => readFile(path.join(written.chartsDir!, s.png))));
    const key = (b: Buffer) => b.toString('base64');
    expect(embedded.map(key).sort()).toEqual(slides.map(key).sort());

    // captions in the note's order: the slides.json titles, each under its section, numbered
    const figures = written.note.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'figure' ? [{ section: s.id, file: b.file, caption: b.caption }] : [])),
    );
    expect(figures).toHaveLength(manifest.length);
    const titleOf = new Map(manifest.map((s) => [path.join(written.chartsDir!, s.png), s.title]));
    figures.forEach((f, i) => {
      const title = titleOf.get(f.file)!;
      expect(f.caption).toBe(`Рисунок ${i + 1}. ${title.charAt(0).toUpperCase()}${title.slice(1)}`);
      expect(docx.paragraphs).toContain(f.caption);
    });
    expect(manifest.every((s) => s.title.length > 0)).toBe(true);
    const sectionOf = (word: string) =>
      figures.filter((f) => path.basename(f.file).split('_')[1] === word).map((f) => f.section);
    expect(new Set([...sectionOf('обзор'), ...sectionOf('формы'), ...sectionOf('муниципалитет')])).toEqual(
      new Set(['indicators']),
    );
    expect(new Set(sectionOf('отстающие'))).toEqual(new Set(['lagging-territories']));

    // the Markdown links the same files beside it
    const md = await readFile(written.markdown, 'utf-8');
    for (const s of manifest) expect(md).toContain(`(<${path.basename(written.chartsDir!)}/${s.png}>)`);
  });
});
