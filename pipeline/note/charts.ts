import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// Charts of the note are the slide export's PNG files (npm run slides: `<dir>/<year>/NN_<раздел>_<…>.png`, with the
// slides' titles in `<dir>/<year>/slides.json`), so a chart in the note is the very image shown at a seminar. This
// module only maps file names to the note's sections.

/** A PNG of the slide export and, when the export's manifest names it, the slide's title. */
export interface SlideFile {
  file: string;
  title?: string;
}

/** Sections of the note that can carry charts. */
export type ChartSection = "coverage" | "indicators" | "territories" | "lagging" | "checklist" | "registry";

/**
 * Which slide files belong to which section of the note: the first word of the slide's name after its number
 * (`01_обзор_oo_students_share.png` → «обзор»). The one place to change when the slide export renames its files.
 */
export const SLIDE_WORDS_BY_SECTION: Readonly<Record<ChartSection, readonly string[]>> = {
  coverage: ["охват", "качество"],
  indicators: ["обзор", "показатели", "динамика"],
  territories: ["муниципалитеты", "территории"],
  lagging: ["отстающие"],
  checklist: ["чек-лист", "чеклист"],
  registry: ["реестр"]
};

const SLIDE_NAME = /^(\d+)_([^_]+)(?:_(.+))?\.png$/i;

/**
 * The note's section a slide file belongs to, or null for slides the note does not use.
 * @example slideSection("01_обзор_oo_students_share.png") // "indicators"
 */
export function slideSection(fileName: string): ChartSection | null {
  const match = SLIDE_NAME.exec(fileName);
  if (!match) return null;
  const word = match[2]!.toLowerCase();
  for (const [section, words] of Object.entries(SLIDE_WORDS_BY_SECTION)) {
    if (words.includes(word)) return section as ChartSection;
  }
  return null;
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
  indicatorNames: ReadonlyMap<string, string>
): Array<{ file: string; caption: string }> {
  return slides
    .filter(({ file }) => slideSection(path.basename(file)) === section)
    .toSorted((a, b) => path.basename(a.file).localeCompare(path.basename(b.file), "ru"))
    .map(({ file, title }) => {
      const [, , word, tail] = SLIDE_NAME.exec(path.basename(file))!;
      const indicator = tail === undefined ? undefined : indicatorNames.get(tail);
      const words = tail?.replace(/^\d+_/u, "").replace(/[-_]+/gu, " ");
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
  const manifest = path.join(from, "slides.json");
  if (existsSync(manifest)) {
    const parsed = Manifest.safeParse(JSON.parse(readFileSync(manifest, "utf-8")));
    // the manifest's png paths are relative to the export folder (`2024/01_….png`): the file name is the key
    if (parsed.success) for (const s of parsed.data) titles.set(path.basename(s.png), s.title);
  }
  return readdirSync(from)
    .filter((name) => name.toLowerCase().endsWith(".png"))
    .map((name) => ({ file: path.join(from, name), ...(titles.has(name) ? { title: titles.get(name)! } : {}) }));
}
