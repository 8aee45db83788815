import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  chartChoice,
  isNoteSlide,
  mapSectionToSlides,
  MAX_CHART_INDICATORS,
  slideSection,
} from '../../pipeline/note/charts.ts';
import { readNoteData } from '../../pipeline/note/note-data.ts';
import { writeNote } from '../../pipeline/note/write-note.ts';
import { readDocx } from '../helpers/docx-text.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { writeFixtureSnapshot } from '../site/fixture-snapshot.ts';

// Charts of the note are the slide export's PNG files, embedded with captions; the note picks its few (the overview,
// the lagging indicators' charts, forms, its territory's page); without them the note says where to get them.

const dir = tempDir('note-charts-');

function png(file: string, width: number, height: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const image = new PNG({ width, height });
  image.data.fill(200);
  writeFileSync(file, PNG.sync.write(image));
}

describe('charts of the note', () => {
  it("maps slide file names to the note's sections", () => {
    expect(slideSection('01_обзор_oo_students_share.png')).toBe('indicators');
    expect(slideSection('07_реестр.png')).toBe('registry');
    expect(slideSection('03_Отстающие_lazo.png')).toBe('lagging');
    expect(slideSection('99_прочее.png')).toBeNull();
    expect(slideSection('обзор.png')).toBeNull();
    const names = new Map([['oo_students_share', 'Обучающиеся ОО в наставничестве']]);
    const files = [
      '/s/02_обзор_03_Молодые-учителя.png',
      '/s/01_обзор_oo_students_share.png',
      '/s/05_реестр.png',
      '/s/01_обзор_00_все-показатели.png',
    ];
    expect(
      mapSectionToSlides(
        files.map((file) => ({ file })),
        'indicators',
        names,
      ),
    ).toEqual([
      { file: '/s/01_обзор_00_все-показатели.png', caption: 'Обзор: все показатели' },
      { file: '/s/01_обзор_oo_students_share.png', caption: 'Обучающиеся ОО в наставничестве' },
      { file: '/s/02_обзор_03_Молодые-учителя.png', caption: 'Обзор: Молодые учителя' },
    ]);
    // the export's manifest (slides.json) titles a slide best
    expect(
      mapSectionToSlides(
        [{ file: '/s/01_обзор_00_все-показатели.png', title: 'Все показатели в 2024 году' }],
        'indicators',
        names,
      ),
    ).toEqual([{ file: '/s/01_обзор_00_все-показатели.png', caption: 'Все показатели в 2024 году' }]);
  });

  it('maps the forms and territory slides to the indicators section', () => {
    expect(slideSection('04_формы_00_доли-форм.png')).toBe('indicators');
    expect(slideSection('04_формы_02_вклад_Обучающиеся-ДО-в-наставничестве.png')).toBe('indicators');
    expect(slideSection('05_муниципалитет_10_имени-Лазо.png')).toBe('indicators');
    expect(slideSection('02_муниципалитеты_01_Обучающиеся-ОО-в-наставничестве.png')).toBe('territories');
  });

  it("picks the overview, the chosen indicators' charts, forms and the note's territory", async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, 'snapshot-choice')));
    // the indicators below the trajectory, furthest below first: the region lags on one, Лазо on two, Хабаровск on none
    expect(chartChoice(data, 2024, null).indicators.map((i) => i.indicator_id)).toEqual(['oo_students_share']);
    expect(
      chartChoice(data, 2024, 'lazo')
        .indicators.map((i) => i.indicator_id)
        .sort(),
    ).toEqual(['oo_students_share', 'youth_mentors_share']);
    expect(chartChoice(data, 2024, 'khabarovsk').indicators).toEqual([]);
    expect(MAX_CHART_INDICATORS).toBe(3);
    const region = chartChoice(data, 2024, null);
    const lazo = chartChoice(data, 2024, 'lazo');
    const picked = (choice: typeof region) =>
      [
        '01_обзор_00_все-показатели.png',
        '01_обзор_01_Обучающиеся-ОО-в-наставничестве.png',
        '02_муниципалитеты_01_Обучающиеся-ОО-в-наставничестве.png',
        '02_муниципалитеты_02_Подростки-15-19-лет-наставники.png',
        '03_отстающие_02_Подростки-15-19-лет-наставники.png',
        '04_формы_00_доли-форм.png',
        '04_формы_01_вклад_Обучающиеся-ОО-в-наставничестве.png',
        '05_муниципалитет_01_г-Хабаровск.png',
        '05_муниципалитет_10_имени-Лазо.png',
        '99_прочее.png',
      ].filter((f) => isNoteSlide(f, choice));
    expect(picked(region)).toEqual([
      '01_обзор_00_все-показатели.png',
      '02_муниципалитеты_01_Обучающиеся-ОО-в-наставничестве.png',
      '04_формы_00_доли-форм.png',
      '04_формы_01_вклад_Обучающиеся-ОО-в-наставничестве.png',
    ]);
    // a territory note has no territories section, so no territories charts
    expect(picked(lazo)).toEqual([
      '01_обзор_00_все-показатели.png',
      '03_отстающие_02_Подростки-15-19-лет-наставники.png',
      '04_формы_00_доли-форм.png',
      '04_формы_01_вклад_Обучающиеся-ОО-в-наставничестве.png',
      '05_муниципалитет_10_имени-Лазо.png',
    ]);
  });

  it("embeds the note's slide PNGs of the year with numbered captions in the DOCX and links them from the Markdown", async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, 'snapshot')));
    const slides = path.join(dir, 'slides');
    png(path.join(slides, '2024', '01_обзор_00_все-показатели.png'), 1920, 1080);
    png(path.join(slides, '2024', '01_обзор_01_Обучающиеся-ОО-в-наставничестве.png'), 10, 10);
    png(path.join(slides, '2024', '02_муниципалитеты_oo_students_share.png'), 800, 600);
    png(path.join(slides, '2024', '02_муниципалитеты_05_Подростки-15-19-лет-наставники.png'), 10, 10);
    png(path.join(slides, '2024', '99_прочее.png'), 10, 10);
    png(path.join(slides, '2023', '01_обзор_00_все-показатели.png'), 10, 10);
    png(path.join(slides, '2024', '03_отстающие_01_Обучающиеся-ОО-в-наставничестве.png'), 10, 10);
    png(path.join(slides, '2024', '04_формы_00_доли-форм.png'), 20, 10);
    png(path.join(slides, '2024', '05_муниципалитет_10_имени-Лазо.png'), 10, 10);
    writeFileSync(
      path.join(slides, '2024', 'slides.json'),
      JSON.stringify([
        {
          png: '2024/03_отстающие_01_Обучающиеся-ОО-в-наставничестве.png',
          svg: 'x.svg',
          title: 'Отстающие муниципалитеты: обучающиеся ОО',
          embed: 'embed/lagging',
        },
      ]),
    );
    const outDir = path.join(dir, 'notes');
    const { note, docx, markdown } = await writeNote(data, { year: 2024, rules: [], outDir, chartsDir: slides });
    const figures = note.sections.flatMap((s) =>
      s.blocks.filter((b) => b.kind === 'figure').map((b) => [s.id, b.caption]),
    );
    expect(figures).toEqual([
      ['indicators', 'Рисунок 1. Обзор: все показатели'],
      ['indicators', 'Рисунок 2. Формы: доли форм'],
      ['territories', 'Рисунок 3. Обучающиеся ОО в наставничестве'],
      ['lagging-territories', 'Рисунок 4. Отстающие муниципалитеты: обучающиеся ОО'],
    ]);
    const content = await readDocx(docx);
    expect(Object.keys(content.zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(4);
    expect(content.paragraphs).toContain('Рисунок 1. Обзор: все показатели');
    // a 16:9 slide fills the text width (623 px at 96 dpi) and keeps its proportions: 623 × 350 px in EMU (9525 per px)
    const xml = await content.zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(`cx="${623 * 9525}" cy="${350 * 9525}"`);
    const md = await readFile(markdown, 'utf-8');
    expect(md).toContain('![Рисунок 1. Обзор: все показатели](<../slides/2024/01_обзор_00_все-показатели.png>)');
    expect(md).not.toContain('npm run slides');

    // a territory note: its page, no territories section, the lagging chart of its indicators
    const lazo = await writeNote(data, { year: 2024, territory: 'lazo', rules: [], outDir, chartsDir: slides });
    expect(
      lazo.note.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'figure').map((b) => [s.id, b.caption])),
    ).toEqual([
      ['indicators', 'Рисунок 1. Обзор: все показатели'],
      ['indicators', 'Рисунок 2. Формы: доли форм'],
      ['indicators', 'Рисунок 3. Муниципалитет: имени Лазо'],
      ['lagging-territories', 'Рисунок 4. Отстающие муниципалитеты: обучающиеся ОО'],
    ]);
  });

  it('takes the charts from a folder or renders them, not both', async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, 'snapshot3')));
    await expect(
      writeNote(data, {
        year: 2024,
        rules: [],
        outDir: path.join(dir, 'both'),
        chartsDir: dir,
        renderCharts: { snapshotDir: dir },
      }),
    ).rejects.toThrow('Диаграммы берутся либо из папки слайдов (--charts), либо рисуются для справки (--with-charts)');
  });

  it('says where to get the charts when none are given', async () => {
    const data = readNoteData(await writeFixtureSnapshot(path.join(dir, 'snapshot2')));
    const { docx } = await writeNote(data, { year: 2024, rules: [], outDir: path.join(dir, 'plain') });
    const content = await readDocx(docx);
    expect(Object.keys(content.zip.files).some((f) => f.startsWith('word/media/'))).toBe(false);
    expect(content.text).toContain('Диаграммы в справку не вложены. Их выгружает команда npm run slides');
    expect(content.text).toContain('npm run note -- --year 2024 --with-charts (или --charts ПАПКА_СЛАЙДОВ).');
  });
});
