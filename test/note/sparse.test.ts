import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import type { NoteModel } from '../../pipeline/note/model.ts';
import { type NoteData, readNoteData } from '../../pipeline/note/note-data.ts';
import { readRules, RULES_FILE } from '../../pipeline/note/rules.ts';
import { resolveTerritory } from '../../pipeline/note/territory.ts';
import { writeNote } from '../../pipeline/note/write-note.ts';
import { runPipeline } from '../../pipeline/run-pipeline.ts';
import { writeSeedShapedInbox } from '../fixtures/seed-shaped.ts';
import { readDocx } from '../helpers/docx-text.ts';
import { pipelineConfigIn } from '../helpers/pipeline-config.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { brokenText, emptySections } from './sparse-checks.ts';

// The note on data as it really arrives (seed 002's form: four counts per form of mentoring, no totals; two years,
// six schools in two territories, a survey sent without respondents, no checklist, no registry), through the real
// pipeline: it says what was collected and why no share could be computed, with no empty section and no broken text.

const NBSP = '\u00a0';
const dir = tempDir('note-sparse-');
const config = pipelineConfigIn(dir);
let data: NoteData;
const notes: Record<'region' | 'lazo' | 'first', { note: NoteModel; markdown: string; docx: string }> = {} as never;

beforeAll(async () => {
  await writeSeedShapedInbox(config.INBOX_DIR);
  await runPipeline(config);
  data = readNoteData(config.SNAPSHOT_DIR);
  const rules = readRules(path.join(loadConfig().REFERENCE_DIR, RULES_FILE));
  const out = path.join(dir, 'notes');
  const write = async (year: number, territory: string | null) => {
    const written = await writeNote(data, { year, territory, rules, outDir: out });
    return {
      note: written.note,
      markdown: await readFile(written.markdown, 'utf-8'),
      docx: (await readDocx(written.docx)).text,
    };
  };
  notes.region = await write(2022, null);
  notes.lazo = await write(2022, resolveTerritory(data, 'Лазо', loadConfig().REFERENCE_DIR));
  notes.first = await write(2021, null);
}, 120_000);

describe('the analytical note on seed-shaped data', () => {
  it("says what the organisations reported: the region's counts with the change and who reported them", () => {
    const { markdown, docx, note } = notes.region;
    expect(note.sections.map((s) => s.id).slice(0, 3)).toEqual(['coverage', 'counts', 'indicators']);
    expect(markdown).toContain('## 2. Что сообщили организации');
    for (const text of [markdown, docx]) {
      expect(text).toContain(
        `Наставляемые обучающиеся — 152 (+62 к 2021 году); сообщили 5 из 5${NBSP}организаций, сдавших формы`,
      );
      expect(text).toContain(
        `Обучающиеся-наставники — 34 (+11 к 2021 году); сообщили 4 из 5${NBSP}организаций, сдавших формы`,
      );
      expect(text).toContain(`Молодые педагоги с наставником — 12 (+4 к 2021 году)`);
      expect(text).toContain(
        `Предприятия, предоставившие наставников — 5 (+2 к 2021 году); сообщили 2 из 5${NBSP}организаций`,
      );
    }
  });

  it('gives the counts by territory (only those that sent forms) and by form of mentoring', () => {
    const { markdown } = notes.region;
    expect(markdown).toContain(
      '| **Итого по краю** | **5** | **152 (+62)** | **34 (+11)** | **12 (+4)** | **5 (+2)** |',
    );
    expect(markdown).toContain('| Ванинский | 2 | 62 (+18) | 18 (+5) | 6 (0) | 2 (+1) |');
    expect(markdown).toContain('| имени Лазо | 3 | 90 (+44) | 16 (+6) | 6 (+4) | 3 (+1) |');
    expect(markdown).not.toContain('| Охотский |');
    expect(markdown).toContain(`Не представили форм с числами за 2022 год: ещё 18${NBSP}муниципалитетов`);
    expect(markdown).toContain('| ученик – ученик | 105 (+26) | 34 (+11) | — | — |');
    expect(markdown).toContain('| учитель – ученик | 25 | — | — | — |');
    expect(markdown).toContain('| работодатель – ученик | 12 (+6) | — | — | 5 (+2) |');
  });

  it('marks every share it could not compute «не рассчитан» and says why under the table', () => {
    const { markdown, docx } = notes.region;
    const pct = (v: string) => `${v}${NBSP}%`;
    expect(markdown).toContain(
      `| Обучающиеся ОО в наставничестве | ${pct('10,0')} | — | не рассчитан | — | ${pct('40,0')} | ${pct('70,0')} | нет оценки |`,
    );
    expect(markdown).toContain(
      `| Удовлетворённость наставляемых | ${pct('50,0')} | — | ${pct('85,0')} | — | ${pct('67,5')} | ${pct('85,0')} | не ниже траектории; невзвешенное среднее |`,
    );
    for (const text of [markdown, docx]) {
      expect(text).toContain(
        `Обучающиеся ОО в наставничестве, 2022 — доля не рассчитана: у 5 из 5${NBSP}организаций нет численности обучающихся — загрузите контингент (в числителе сообщено 152)`,
      );
      expect(text).toContain(
        `Молодые учителя с наставником, 2022 — доля не рассчитана: у 5 из 5${NBSP}организаций нет численности молодых учителей — загрузите контингент`,
      );
      expect(text).toContain(
        'Удовлетворённость наставляемых, 2022 — невзвешенное среднее: организации не указали числа опрошенных наставляемых',
      );
      expect(text).toContain('Удовлетворённость наставляемых, 2021 («—» в таблице) — нет данных за 2021 год');
      expect(text).toContain(
        'Обучающиеся ДО в наставничестве, 2022 — нет данных за 2022 год: ни одна организация не сообщила его',
      );
    }
  });

  it('leaves out what it has nothing to say about and lists it at the end; no rule fires on a missing figure', () => {
    const { note, markdown } = notes.region;
    const ids = note.sections.map((s) => s.id);
    expect(ids).not.toContain('checklist');
    expect(ids).not.toContain('registry');
    expect(ids.at(-1)).toBe('absent');
    expect(markdown).toContain('## 7. Чего нет в данных');
    expect(markdown).toContain(`- Не рассчитаны за 2022 год 7${NBSP}показателей из 8`);
    expect(markdown).toContain(
      '- Чек-лист внедрения целевой модели (письмо 004) и база наставников (письмо 003): ответов за 2022 год нет',
    );
    expect(markdown).toContain('- Реестр наставников: за 2022 год в нём нет ни одного наставника');
    // the coverage rule is the only one with a figure beyond its threshold (Ванинский: 2 of 3)
    expect(note.recommendations.map((r) => r.rule_id)).toEqual(['coverage']);
    expect(markdown).toContain('- Загрузить контингент 2022 года по организациям — значения численности обучающихся');
    expect(markdown).toContain(`его нет у 5${NBSP}организаций, сообщивших числа.`);
    // a territories table only for the indicator that has values, with the territory that has them
    expect(markdown).toContain(`| Ванинский | — | 85,0${NBSP}% | — | 1 |  |`);
    expect(markdown).toContain(
      'Не рассчитаны за 2021 и 2022 годы ни для одного муниципалитета: «Обучающиеся ОО в наставничестве»',
    );
  });

  it('writes a territory note about its own counts: Лазо, 90 mentees', () => {
    const { markdown, note } = notes.lazo;
    expect(markdown).toContain(
      `Наставляемые обучающиеся — 90 (+44 к 2021 году); сообщили 3 из 3${NBSP}организаций, сдавших формы`,
    );
    expect(markdown).toContain('| ученик – ученик | 57 (+17) | 16 (+6) | — | — |');
    expect(markdown).toContain(
      `Обучающиеся ОО в наставничестве, 2022 — доля не рассчитана: у 3 из 3${NBSP}организаций нет численности обучающихся — загрузите контингент (в числителе сообщено 90)`,
    );
    expect(note.sections.map((s) => s.id)).not.toContain('lagging');
    expect(markdown).toContain('Отставание от траектории за 2022 год не оценивалось: не рассчитан ни один показатель.');
    expect(markdown).toContain(
      'Ни одно из правил рекомендаций не сработало: для 9 из 11 правил значений за 2022 год нет',
    );
  });

  it('writes the first year with no compared year: no change columns, and says so', () => {
    const { markdown, note } = notes.first;
    expect(note.compare).toBeNull();
    expect(markdown).toContain(`Наставляемые обучающиеся — 90; сообщили 4 из 4${NBSP}организаций, сдавших формы`);
    expect(markdown).toContain('| Показатель | Базовое, 2020 | 2021 | Траектория 2021 | Цель 2024 | Оценка |');
    expect(markdown).toContain('**За 2021 год ни один показатель не рассчитан.**');
    expect(markdown).toContain('- Года для сравнения нет: в снимке нет данных за 2020 год');
    expect(note.sections.map((s) => s.id)).not.toContain('territories');
  });

  it('has no empty section or table and no broken or English text, in the Markdown and the DOCX', () => {
    for (const { note, markdown, docx } of Object.values(notes)) {
      expect(emptySections(note)).toEqual([]);
      expect(brokenText(markdown)).toEqual([]);
      expect(brokenText(docx)).toEqual([]);
    }
  });
});
