import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import type { NoteModel } from '../../pipeline/note/model.ts';
import { readNoteData } from '../../pipeline/note/note-data.ts';
import { readRules, RULES_FILE } from '../../pipeline/note/rules.ts';
import { writeNote } from '../../pipeline/note/write-note.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { readDocx } from '../helpers/docx-text.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { brokenText, emptySections } from './sparse-checks.ts';

// A region's first collection: the seed-shaped forms of 2021 only, so the snapshot has one year and nothing to
// compare with. The note still says what was reported and why nothing could be computed.

const NBSP = '\u00a0';
const dir = tempDir('note-one-year-');
const config = pipelineConfigIn(dir);
let note: NoteModel;
let markdown: string;
let docx: string;
let years: number[];

beforeAll(async () => {
  await writeSeedShapedInbox(config.INBOX_DIR);
  await rm(path.join(config.INBOX_DIR, '2022'), { recursive: true });
  await runPipeline(config);
  const data = readNoteData(config.SNAPSHOT_DIR);
  years = data.meta.years;
  const rules = readRules(path.join(loadConfig().REFERENCE_DIR, RULES_FILE));
  const written = await writeNote(data, { year: 2021, rules, outDir: path.join(dir, 'notes') });
  note = written.note;
  markdown = await readFile(written.markdown, 'utf-8');
  docx = (await readDocx(written.docx)).text;
}, 120_000);

describe('the analytical note of a snapshot with one year', () => {
  it('has no compared year and says so once', () => {
    expect(years).toEqual([2021]);
    expect(note.compare).toBeNull();
    expect(note.title.join(' ')).not.toContain('в сравнении');
    expect(markdown).toContain(
      '- Года для сравнения нет: в снимке нет данных за 2020 год, поэтому изменения к прошлому году не приводятся.',
    );
    expect(markdown).not.toContain('Изменение');
  });

  it('gives the counts of the year and the reason for every share', () => {
    expect(markdown).toContain(`Наставляемые обучающиеся — 90; сообщили 4 из 4${NBSP}организаций, сдавших формы`);
    expect(markdown).toContain('| **Итого по краю** | **4** | **90** | **23** | **8** | **3** |');
    expect(markdown).toContain('| имени Лазо | 1 | 46 | 10 | 2 | 2 |');
    expect(markdown).toContain(
      `Обучающиеся ОО в наставничестве, 2021 — доля не рассчитана: у 4 из 4${NBSP}организаций нет численности обучающихся — загрузите контингент (в числителе сообщено 90)`,
    );
    expect(markdown).toContain('- Загрузить контингент 2021 года по организациям');
    expect(note.recommendations).toEqual([]);
    expect(markdown).toContain(
      'Ни одно из правил рекомендаций не сработало: для 9 из 11 правил значений за 2021 год нет',
    );
  });

  it('has no empty section and no broken text', () => {
    expect(emptySections(note)).toEqual([]);
    expect(brokenText(markdown)).toEqual([]);
    expect(brokenText(docx)).toEqual([]);
  });
});
