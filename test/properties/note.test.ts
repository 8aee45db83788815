import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { loadConfig } from '../../pipeline/config.ts';
import { buildNote } from '../../pipeline/note/build-note.ts';
import { readNoteData } from '../../pipeline/note/note-data.ts';
import { renderMarkdown } from '../../pipeline/note/render-markdown.ts';
import type { SlideFile } from '../../pipeline/note/charts.ts';
import { slug } from '../../pipeline/slides/slide-names.ts';
import { readRules, RULES_FILE } from '../../pipeline/note/rules.ts';
import {
  describeSnapshot,
  removeWrittenSnapshots,
  snapshotOf,
  worldArb,
  writeSnapshot,
} from '../fixtures/arbitrary-snapshot.ts';
import { brokenText, expectNoBrokenText, expectRussianMessage, runs } from './helpers.ts';

// The analytical note (pipeline/note/build-note.ts and its Markdown renderer) on generated snapshots, read through
// the same contract as `npm run note` (readNoteData of a snapshot folder), with the project's recommendation rules:
// for every year of the snapshot, the region's note and a territory's, no exception and no broken text in the model or
// the Markdown. A snapshot with no year gets a Russian refusal.

const NUM_RUNS = runs(120);
const rules = readRules(path.join(loadConfig().REFERENCE_DIR, RULES_FILE));

const choiceArb = fc.record({
  /** the territory of a territory note, by index */
  territory: fc.nat({ max: 5 }),
  /** compare: the default (previous year if any), none, or the snapshot's first year */
  compare: fc.constantFrom('default', 'none', 'first'),
  /** without charts (null), an empty folder of slides, or the export's slides of the year, with or without their titles */
  charts: fc.constantFrom('none', 'empty', 'titled', 'untitled'),
});

/** The slide export's files for a snapshot, named as `npm run slides` names them (pipeline/slides/slide-names.ts). */
function slideFiles(s: ReturnType<typeof snapshotOf>, year: number, titled: boolean): SlideFile[] {
  const n = (i: number) => String(i + 1).padStart(2, '0');
  const files: Array<[string, string]> = [
    ['01_обзор_00_все-показатели', `Показатели наставничества в ${year} году`],
    ...s.ref_indicators.map((d, i): [string, string] => [`01_обзор_${n(i)}_${slug(d.short_name)}`, d.name]),
    ...s.ref_indicators.map((d, i): [string, string] => [`02_муниципалитеты_${n(i)}_${slug(d.short_name)}`, d.name]),
    ...s.ref_indicators.map((d, i): [string, string] => [
      `03_отстающие_${n(i)}_${slug(d.short_name)}`,
      `Муниципалитеты ниже траектории в ${year} году`,
    ]),
    ['04_формы_00_доли-форм', `Доля каждой формы наставничества среди наставляемых в ${year} году`],
    ...s.ref_indicators.map((d, i): [string, string] => [`04_формы_${n(i)}_вклад_${slug(d.short_name)}`, d.name]),
    ...s.ref_territories.map((t, i): [string, string] => [
      `05_муниципалитет_${n(i)}_${slug(t.short_name)}`,
      `${t.name}: показатели наставничества по годам`,
    ]),
  ];
  return files.map(([name, title]) => ({
    file: path.join('/tmp/slides', String(year), `${name}.png`),
    ...(titled ? { title } : {}),
  }));
}

afterAll(() => removeWrittenSnapshots());

describe('analytical note on generated snapshots', () => {
  it('buildNote + renderMarkdown: no exception, no broken text, for the region and a territory, every year', () => {
    fc.assert(
      fc.property(worldArb, choiceArb, (world, choice) => {
        const s = snapshotOf(world);
        const data = readNoteData(writeSnapshot(s));
        const shape = describeSnapshot(s);
        const years = s.meta.years;
        if (years.length === 0) {
          try {
            buildNote(data, { year: 2024, rules });
          } catch (error) {
            expectRussianMessage(`buildNote(2024) on [${shape}]`, (error as Error).message);
            return;
          }
          throw new Error(`buildNote(2024) on a snapshot with no year did not refuse [${shape}]`);
        }
        const territory = s.ref_territories[choice.territory % s.ref_territories.length]!.territory_id;
        for (const year of years) {
          for (const territoryId of [null, territory]) {
            const compare =
              choice.compare === 'default'
                ? undefined
                : choice.compare === 'none' || years[0]! >= year
                  ? null
                  : years[0]!;
            const charts =
              choice.charts === 'none'
                ? null
                : choice.charts === 'empty'
                  ? []
                  : slideFiles(s, year, choice.charts === 'titled');
            const options = { year, compare, territory: territoryId, rules, charts };
            const where = `buildNote(${JSON.stringify({ year, compare, territory: territoryId, charts: choice.charts })}) on [${shape}]`;
            let markdown: string;
            let note: ReturnType<typeof buildNote>;
            try {
              note = buildNote(data, options);
              markdown = renderMarkdown(note);
            } catch (error) {
              throw new Error(
                `${where} threw ${(error as Error).name}: ${(error as Error).message}\n${(error as Error).stack}`,
              );
            }
            expectNoBrokenText(`${where}: model`, {
              title: note.title,
              subtitle: note.subtitle,
              sections: note.sections,
              recommendations: note.recommendations,
              warnings: note.warnings,
            });
            const broken = brokenText(markdown);
            if (broken) throw new Error(`${where}: Markdown: ${broken}`);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
