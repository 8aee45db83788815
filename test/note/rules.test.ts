import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNote } from '../../pipeline/note/build-note.ts';
import { type NoteData, readNoteData } from '../../pipeline/note/note-data.ts';
import { fireRules, readRules, type RecommendationRule } from '../../pipeline/note/rules.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { writeFixtureSnapshot } from '../site/fixture-snapshot.ts';

// Recommendation rules on a snapshot with figures worked out by hand (the site's fixture plus a checklist and a
// registry): each rule is tried exactly at its threshold and just beside it.

const NBSP = '\u00a0';
const dir = tempDir('note-rules-');
let data: NoteData;

/**
 * Mentor database, 2024: г. Хабаровск 3 of 6 (ОО) + 3 of 4 (ДО) = 6 of 10 = 60 %; Комсомольск 3 of 5 = 60 %;
 * имени Лазо 1 of 4 = 25 %; Краевые 1 of 1 = 100 %; the region 11 of 20 = 55 %.
 * Registry, 2024: г. Хабаровск 40 registered, 10 trained; unrecognised territory 10 and 5; the region 15 of 50 = 30 %.
 */
beforeAll(async () => {
  const snapshot = await writeFixtureSnapshot(path.join(dir, 'snapshot'));
  const check = (territory_id: string, org_type_id: string, answered: number, meeting: number) => ({
    territory_id,
    org_type_id,
    year: 2024,
    criterion_id: 'mentor_database',
    organisations_answered: answered,
    organisations_meeting: meeting,
    share_pct: (100 * meeting) / answered,
  });
  await writeFile(
    path.join(snapshot, 'mart_checklist.json'),
    JSON.stringify([
      check('khabarovsk', 'OO', 6, 3),
      check('khabarovsk', 'DO', 4, 3),
      check('komsomolsk', 'OO', 5, 3),
      check('lazo', 'OO', 4, 1),
      check('regional', 'OO', 1, 1),
    ]),
  );
  await writeFile(
    path.join(snapshot, 'ref_checklist_criteria.json'),
    JSON.stringify([
      {
        criterion_id: 'mentor_database',
        name: 'Информационная база наставников',
        short_name: 'База наставников',
        sort_order: 6,
      },
    ]),
  );
  const registry = (territory_id: string | null, registered: number, trained: number) => ({
    territory_id,
    year: 2024,
    mentors_registered: registered,
    mentors_with_programme: registered,
    mentors_trained: trained,
    programmes_reported: null,
    organisations_reporting_programmes: 0,
    registry_to_reported_pct: null,
  });
  await writeFile(
    path.join(snapshot, 'mart_registry.json'),
    JSON.stringify([registry('khabarovsk', 40, 10), registry(null, 10, 5)]),
  );
  data = readNoteData(snapshot);
});

let fileNo = 0;
/** Writes rules (CSV lines after the header) to a file and reads them back through the checked reader. */
function rules(...lines: string[]): RecommendationRule[] {
  const file = path.join(dir, `rules-${++fileNo}.csv`);
  writeFileSync(file, ['rule_id,mart,metric,level,comparison,threshold,text,basis,sort_order', ...lines].join('\n'));
  return readRules(file);
}
const fire = (r: RecommendationRule[]) =>
  fireRules(data, r, { year: 2024, territoryId: null, regionName: 'Хабаровский край' });

describe('recommendation rules', () => {
  it('fires a region rule exactly when the figure is beyond the threshold, citing the figure', () => {
    const text = '"Создать базы наставников: базу имеют {value} организаций (порог — {threshold})."';
    expect(fire(rules(`db,mart_checklist,mentor_database,region,<,55,${text},,1`))).toEqual([]);
    const [fired] = fire(rules(`db,mart_checklist,mentor_database,region,<=,55,${text},,1`));
    expect(fired?.text).toBe(`Создать базы наставников: базу имеют 55,0${NBSP}% организаций (порог — 55,0${NBSP}%).`);
    expect(fired?.figures).toEqual([
      {
        mart: 'mart_checklist',
        metric: 'mentor_database',
        year: 2024,
        territory_id: null,
        unit_name: 'Хабаровский край',
        value: 55,
        text: `55,0${NBSP}%`,
      },
    ]);
    expect(fire(rules(`db,mart_checklist,mentor_database,region,<,55.01,${text},,1`))).toHaveLength(1);
    expect(fire(rules(`db,mart_checklist,mentor_database,region,>,55,${text},,1`))).toEqual([]);
    expect(fire(rules(`db,mart_checklist,mentor_database,region,>=,55,${text},,1`))).toHaveLength(1);
  });

  it('checks a territory rule on every territory and names each one where it holds, with its figure', () => {
    const text = '"Помочь с базой наставников: {value}."';
    const strict = fire(rules(`db_t,mart_checklist,mentor_database,territory,<,60,${text},,1`));
    expect(strict.map((r) => r.text)).toEqual([`Помочь с базой наставников: имени Лазо — 25,0${NBSP}%.`]);
    const inclusive = fire(rules(`db_t,mart_checklist,mentor_database,territory,<=,60,${text},,1`));
    expect(inclusive[0]?.figures.map((f) => [f.territory_id, f.value])).toEqual([
      ['khabarovsk', 60],
      ['komsomolsk', 60],
      ['lazo', 25],
    ]);
    expect(fire(rules(`db_t,mart_checklist,mentor_database,territory,<,25,${text},,1`))).toEqual([]);
  });

  it('takes a figure from the indicator mart: territories below the trajectory by their distance', () => {
    const fired = fire(
      rules('gap,mart_indicator_values,oo_students_share:gap_pp,territory,<,0,"Отстают: {value}.",,1'),
    );
    expect(fired[0]?.text).toBe(
      `Отстают: г. Комсомольск-на-Амуре — \u221210,0${NBSP}п.${NBSP}п.; имени Лазо — \u221230,0${NBSP}п.${NBSP}п.`,
    );
    expect(
      fire(rules('gap,mart_indicator_values,oo_students_share:gap_pp,territory,<,-30,"Отстают: {value}.",,1')),
    ).toEqual([]);
  });

  it("counts the registry's unrecognised territory in the region (15 trained of 50 = 30 %)", () => {
    const text = '"Обучить наставников: обучены {value}."';
    expect(fire(rules(`tr,mart_registry,trained_share_pct,region,<,30,${text},,1`))).toEqual([]);
    expect(fire(rules(`tr,mart_registry,trained_share_pct,region,<=,30,${text},,1`))[0]?.text).toBe(
      `Обучить наставников: обучены 30,0${NBSP}%.`,
    );
  });

  it('checks a note for one territory on that territory only', () => {
    const r = rules('db,mart_checklist,mentor_database,region,<,50,"База: {value}.",,1');
    expect(fireRules(data, r, { year: 2024, territoryId: 'lazo', regionName: 'Хабаровский край' })[0]?.text).toBe(
      `База: имени Лазо — 25,0${NBSP}%.`,
    );
    expect(fireRules(data, r, { year: 2024, territoryId: 'khabarovsk', regionName: 'Хабаровский край' })).toEqual([]);
  });

  it("puts fired rules into the note's recommendations section and nothing else", () => {
    const note = buildNote(data, {
      year: 2024,
      rules: rules(
        'db,mart_checklist,mentor_database,region,<,56,"База: {value}.",,1',
        'never,mart_checklist,mentor_database,region,>,99,"Никогда: {value}.",,2',
      ),
    });
    const section = note.sections.find((s) => s.id === 'recommendations')!;
    const bullets = section.blocks.find((b) => b.kind === 'bullets');
    expect(bullets).toEqual({ kind: 'bullets', items: [`База: 55,0${NBSP}%.`] });
    expect(note.recommendations.map((r) => r.rule_id)).toEqual(['db']);
  });

  it('refuses a bad rules file with the row and column named, in Russian', () => {
    expect(() => rules('db,mart_checklist,mentor_database,region,≈,55,"Текст {value}",,1')).toThrow(
      /строка 2, столбец «comparison»/,
    );
    expect(() => rules('db,mart_checklist,mentor_database,region,<,55,"Текст без числа",,1')).toThrow(
      /строка 2, столбец «text»: в тексте нет \{value\}/,
    );
    expect(() => rules('db,mart_checklist,mentor_database,region,<,много,"Текст {value}",,1')).toThrow(
      /столбец «threshold»/,
    );
    expect(() =>
      rules(
        'db,mart_checklist,mentor_database,region,<,1,"{value}",,1',
        'db,mart_checklist,mentor_database,region,<,1,"{value}",,2',
      ),
    ).toThrow('правило «db» встречается дважды');
  });

  it('skips, and reports, a rule that names what the snapshot does not have', () => {
    const r = rules(
      'x,mart_checklist,no_such_criterion,region,<,101,"{value}",,1',
      'y,mart_indicator_values,enterprises_share,region,<,101,"{value}",,2',
      'z,mart_checklist,mentor_database,region,<,101,"{value}",,3',
    );
    expect(fire(r).map((f) => f.rule_id)).toEqual(['z']);
    expect(buildNote(data, { year: 2024, rules: r }).warnings).toEqual([
      'Правило рекомендации «x» пропущено: в витрине mart_checklist нет показателя «no_such_criterion»',
      'Правило рекомендации «y» пропущено: в витрине mart_indicator_values нет показателя «enterprises_share»',
    ]);
  });
});
