import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RefIndicator, RefTerritory } from '../contract/snapshot.ts';
import { slug } from '../slides/slide-names.ts';
import { indicatorRow } from './figures.ts';
import type { NoteData } from './note-data.ts';

// Charts of the note are the slide export's PNG files (npm run slides: `<dir>/<year>/NN_<раздел>_<…>.png`, with the
// slides' titles in `<dir>/<year>/slides.json`), so a chart in the note is the very image shown at a seminar. This
// module maps file names to the note's sections and picks the few slides a note carries, whether the slides come
// from a folder (--charts) or are rendered for the note (--with-charts).

/** A PNG of the slide export and, when the export's manifest names it, the slide's title. */
export interface SlideFile {
  file: string;
  title?: string;
}

/** Sections of the note that can carry charts. */
export type ChartSection = 'coverage' | 'indicators' | 'territories' | 'lagging' | 'checklist' | 'registry';

/**
 * Which of a kind's slides the note embeds: `all`; `overview` — the kind's `00` slide (`01_обзор_00_все-показатели`);
 * `indicators` — those of the note's chosen indicators (see chartChoice); `region-indicators` — the same in a region
 * note only; `overview+indicators` — the overview and the chosen indicators'; `territory` — the note's own
 * territory's (a region note: none).
 */
export type SlidePick = 'all' | 'overview' | 'indicators' | 'region-indicators' | 'overview+indicators' | 'territory';

/**
 * Slide kinds by the first word of the slide's name after its number (`01_обзор_00_все-показатели.png` → «обзор»):
 * the note's section the slide goes to and which of the kind's slides the note embeds. The one place to change when
 * the slide export renames its files or the note should carry other slides. A region note gets the overview of
 * every indicator, the chosen indicators' territories and lagging charts, the forms' shares and the chosen
 * indicators' contributions by form; a territory note the same without the territories charts (it has no such
 * section) and with its territory's page. The per-indicator trends stay slides only: the note's indicators table
 * gives their figures.
 */
export const SLIDE_KINDS: Readonly<Record<string, { section: ChartSection; pick: SlidePick }>> = {
  обзор: { section: 'indicators', pick: 'overview' },
  показатели: { section: 'indicators', pick: 'all' },
  динамика: { section: 'indicators', pick: 'all' },
  формы: { section: 'indicators', pick: 'overview+indicators' },
  муниципалитет: { section: 'indicators', pick: 'territory' },
  // a territory note has no «Показатели по муниципалитетам» section
  муниципалитеты: { section: 'territories', pick: 'region-indicators' },
  территории: { section: 'territories', pick: 'region-indicators' },
  отстающие: { section: 'lagging', pick: 'indicators' },
  охват: { section: 'coverage', pick: 'all' },
  качество: { section: 'coverage', pick: 'all' },
  'чек-лист': { section: 'checklist', pick: 'all' },
  чеклист: { section: 'checklist', pick: 'all' },
  реестр: { section: 'registry', pick: 'all' },
};

/** At most this many indicators get their charts in a note. */
export const MAX_CHART_INDICATORS = 3;

/** What a note's charts are about: the chosen indicators and, for a territory note, the territory. */
export interface ChartChoice {
  indicators: ReadonlyArray<Pick<RefIndicator, 'indicator_id' | 'short_name'>>;
  territory: Pick<RefTerritory, 'territory_id' | 'short_name'> | null;
}

/**
 * The note's chart choice: the indicators of the year below the trajectory for the note's unit (the region, or the
 * territory), furthest below first, at most MAX_CHART_INDICATORS — the ones the lagging section is about; none when
 * nothing lags.
 */
export function chartChoice(data: NoteData, year: number, territoryId: string | null): ChartChoice {
  const gap = (id: string) => {
    const row = indicatorRow(data, id, year, territoryId);
    return row?.value_pct == null || !row.is_lagging ? null : row.value_pct - row.trajectory_pct;
  };
  const indicators = data.ref_indicators
    .toSorted((a, b) => a.sort_order - b.sort_order)
    .map((indicator) => ({ indicator, gap: gap(indicator.indicator_id) }))
    .filter((i): i is { indicator: RefIndicator; gap: number } => i.gap !== null)
    .toSorted((a, b) => a.gap - b.gap)
    .slice(0, MAX_CHART_INDICATORS)
    .map((i) => i.indicator);
  return {
    indicators,
    territory: territoryId === null ? null : (data.ref_territories.find((t) => t.territory_id === territoryId) ?? null),
  };
}

const SLIDE_NAME = /^(\d+)_([^_]+)(?:_(.+))?\.png$/i;

/**
 * The note's section a slide file belongs to, or null for slides the note does not use.
 * @example slideSection("01_обзор_oo_students_share.png") // "indicators"
 */
export function slideSection(fileName: string): ChartSection | null {
  return slideKind(fileName)?.section ?? null;
}

function slideKind(fileName: string): { section: ChartSection; pick: SlidePick; tail: string } | null {
  const match = SLIDE_NAME.exec(fileName);
  const kind = match ? SLIDE_KINDS[match[2]!.toLowerCase()] : undefined;
  return kind ? { ...kind, tail: match![3] ?? '' } : null;
}

/**
 * Whether the note embeds a slide (see SLIDE_KINDS): the slide's subject is its name's tail without the number and
 * «вклад_» (`04_формы_02_вклад_Обучающиеся-ДО-в-наставничестве`), matched against the chosen indicators' and the
 * territory's short names as the export writes them, or their ids.
 * @example isNoteSlide("03_отстающие_01_Обучающиеся-ОО-в-наставничестве.png", choice) // true when that indicator is chosen
 */
export function isNoteSlide(fileName: string, choice: ChartChoice): boolean {
  const kind = slideKind(fileName);
  if (kind === null) return false;
  const subject = kind.tail.replace(/^\d+_/u, '').replace(/^вклад_/u, '');
  const overview = /^00(_|$)/u.test(kind.tail);
  const indicator = choice.indicators.some((i) => subject === i.indicator_id || subject === slug(i.short_name));
  const territory =
    choice.territory !== null && [choice.territory.territory_id, slug(choice.territory.short_name)].includes(subject);
  switch (kind.pick) {
    case 'all':
      return true;
    case 'overview':
      return overview;
    case 'indicators':
      return indicator;
    case 'region-indicators':
      return indicator && choice.territory === null;
    case 'overview+indicators':
      return overview || indicator;
    case 'territory':
      return territory;
  }
}

/**
 * The slide files of one section, in the export's order, with a caption: the slide's title from the export's
 * manifest, else the indicator's name when the slide's tail is an indicator_id, else the slide's own words.
 * @example mapSectionToSlides([{ file: "/s/2024/01_обзор_oo_students_share.png" }], "indicators", names)
 *   // [{ file: "/s/2024/01_обзор_oo_students_share.png", caption: "Обучающиеся ОО в наставничестве" }]
 */
export function mapSectionToSlides(
  slides: readonly SlideFile[],
  section: ChartSection,
  indicatorNames: ReadonlyMap<string, string>,
): Array<{ file: string; caption: string }> {
  return slides
    .filter(({ file }) => slideSection(path.basename(file)) === section)
    .toSorted((a, b) => path.basename(a.file).localeCompare(path.basename(b.file), 'ru'))
    .map(({ file, title }) => {
      const [, , word, tail] = SLIDE_NAME.exec(path.basename(file))!;
      const indicator = tail === undefined ? undefined : indicatorNames.get(tail);
      const words = tail?.replace(/^\d+_/u, '').replace(/[-_]+/gu, ' ');
      const caption = title ?? indicator ?? (words ? `${word}: ${words}` : word!);
      return { file, caption: caption.charAt(0).toUpperCase() + caption.slice(1) };
    });
}

const Manifest = z.array(z.object({ png: z.string(), title: z.string() }).loose());

/**
 * The PNG files of the slide export for a year: `<dir>/<year>/*.png` (or `<dir>/*.png` when the folder holds one
 * year's slides), titled from the export's `slides.json` when it is there. Throws a Russian message when the
 * folder does not exist.
 */
export function listSlideFiles(dir: string, year: number): SlideFile[] {
  if (!existsSync(dir)) throw new Error(`Папка диаграмм не найдена: ${dir}`);
  const yearDir = path.join(dir, String(year));
  const from = existsSync(yearDir) ? yearDir : dir;
  const titles = new Map<string, string>();
  const manifest = path.join(from, 'slides.json');
  if (existsSync(manifest)) {
    const parsed = Manifest.safeParse(JSON.parse(readFileSync(manifest, 'utf-8')));
    // the manifest's png paths are relative to the export folder (`2024/01_….png`): the file name is the key
    if (parsed.success) for (const s of parsed.data) titles.set(path.basename(s.png), s.title);
  }
  return readdirSync(from)
    .filter((name) => name.toLowerCase().endsWith('.png'))
    .map((name) => ({ file: path.join(from, name), ...(titles.has(name) ? { title: titles.get(name)! } : {}) }));
}
