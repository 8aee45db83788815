import { noteFileBase } from "../../src/components/note-file.ts";
import path from "node:path";
import { chartChoice, isNoteSlide, type SlideFile } from "./charts.ts";
import type { NoteContext } from "./context.ts";
import { snapshotYears } from "./figures.ts";
import type { Block, NoteModel, NoteSection } from "./model.ts";
import type { NoteData } from "./note-data.ts";
import { fireRules, type RecommendationRule, ruleProblem } from "./rules.ts";
import { checklistSection } from "./sections/checklist.ts";
import { coverageSection } from "./sections/coverage.ts";
import { indicatorsSection, territoriesSection } from "./sections/indicators.ts";
import { laggingSection } from "./sections/lagging.ts";
import { registrySection } from "./sections/registry.ts";
import { dateRu } from "./typography.ts";

// The analytical note (аналитическая справка) of a year as a model: a pure function of the marts snapshot, the
// recommendation rules and the options. Renderers turn the model into DOCX and Markdown.

export interface NoteOptions {
  year: number;
  /** The year to compare with; default the previous year when the snapshot has it. */
  compare?: number | null;
  /** A territory_id of the snapshot (see resolveTerritory): the note is then about it, the region given for comparison. */
  territory?: string | null;
  rules: readonly RecommendationRule[];
  /**
   * The slide PNG files of the year (`--charts`, `--with-charts`), of which the note embeds its few (isNoteSlide);
   * null or absent: no charts, the note says where to get them.
   */
  charts?: readonly SlideFile[] | null;
}

function yearsText(years: readonly number[]): string {
  if (years.length === 0) return "нет ни одного года";
  return years.length === 1 ? `есть только ${years[0]} год` : `есть ${years[0]}–${years.at(-1)} годы`;
}

/**
 * Builds the note of `year` from the snapshot; throws a Russian message when the year (or the compared year, or
 * the territory) is not in the snapshot.
 * @example const note = buildNote(readNoteData(), { year: 2021, rules: readRules(file) });
 */
export function buildNote(data: NoteData, options: NoteOptions): NoteModel {
  const years = snapshotYears(data);
  const { year } = options;
  if (!years.includes(year)) throw new Error(`В снимке витрин нет данных за ${year} год: ${yearsText(years)}.`);
  const compare = options.compare === undefined ? (years.includes(year - 1) ? year - 1 : null) : options.compare;
  if (compare !== null && !years.includes(compare)) throw new Error(`В снимке витрин нет данных за ${compare} год для сравнения: ${yearsText(years)}.`);
  if (compare !== null && compare >= year) throw new Error(`Год сравнения (${compare}) должен быть раньше отчётного (${year}).`);
  const territoryId = options.territory ?? null;
  if (territoryId !== null && !data.ref_territories.some((t) => t.territory_id === territoryId)) {
    throw new Error(`Муниципалитета с кодом «${territoryId}» нет в снимке витрин.`);
  }

  const territories = data.ref_territories.toSorted((a, b) => a.sort_order - b.sort_order);
  const choice = chartChoice(data, year, territoryId);
  const ctx: NoteContext = {
    data,
    year,
    compare,
    territoryId,
    regionName: data.meta.region.name,
    territories,
    scopeTerritories: territoryId === null ? territories : territories.filter((t) => t.territory_id === territoryId),
    indicators: data.ref_indicators.toSorted((a, b) => a.sort_order - b.sort_order),
    charts: options.charts == null ? null : options.charts.filter((s) => isNoteSlide(path.basename(s.file), choice))
  };

  const recommendations = fireRules(data, options.rules, { year, territoryId, regionName: data.meta.region.name });
  const recommendationBlocks: Block[] = recommendations.length === 0
    ? [{ kind: "paragraph", text: "Ни одно из правил рекомендаций не сработало: значения не выходят за пороги. Дополните раздел по итогам анализа." }]
    : [
        { kind: "paragraph", text: `По итогам мониторинга ${year} года рекомендуем:` },
        { kind: "bullets", items: recommendations.map((r) => r.text) }
      ];
  recommendationBlocks.push({
    kind: "paragraph",
    emphasis: "muted",
    text: "Рекомендации сформированы по правилам data/reference/recommendations.csv: каждая называет значение, по которому сработало правило. Аналитик проверяет и дополняет их."
  });

  const sections: NoteSection[] = [
    coverageSection(ctx),
    indicatorsSection(ctx),
    ...(territoryId === null ? [territoriesSection(ctx)] : []),
    ...laggingSection(ctx),
    checklistSection(ctx),
    registrySection(ctx),
    { id: "recommendations", level: 1, title: "Рекомендации", blocks: recommendationBlocks }
  ];
  if (ctx.charts === null) {
    sections[1]!.blocks.push({
      kind: "paragraph",
      emphasis: "muted",
      text: "Диаграммы в справку не вложены. Их выгружает команда npm run slides (те же изображения, что на слайдах); " +
        `справка с диаграммами: npm run note -- --year ${year} --with-charts (или --charts ПАПКА_СЛАЙДОВ).`
    });
  }

  const territoryName = territoryId === null ? null : territories.find((t) => t.territory_id === territoryId)!.name;
  const region = data.meta.region;
  const title = [
    "Аналитическая справка",
    `по результатам мониторинга реализации региональной целевой модели наставничества ${region.name_prepositional} ` +
      `за ${year} год${compare === null ? "" : ` в сравнении с ${compare} годом`}`,
    ...(territoryName === null ? [] : [territoryName])
  ];
  const subtitle = [
    `Данные мониторинга на ${dateRu(data.meta.generated_at, region.time_zone)}; справка сформирована автоматически из витрин хранилища; аналитик проверяет и дополняет текст.`,
    ...(data.meta.synthetic ? ["Данные синтетические (учебная выборка): ни одна цифра не относится к реальной организации."] : [])
  ];
  return {
    year,
    compare,
    territory_id: territoryId,
    file_base: noteFileBase(year, territoryId),
    title,
    subtitle,
    sections: numbered(sections),
    recommendations,
    warnings: options.rules.map((rule) => ruleProblem(data, rule)).filter((w) => w !== null)
  };
}

/** Numbers sections («1.», «3.2.»), tables («Таблица 4.») and figures («Рисунок 2.») in reading order. */
function numbered(sections: NoteSection[]): NoteSection[] {
  let top = 0;
  let sub = 0;
  let tables = 0;
  let figures = 0;
  return sections.map((s) => {
    if (s.level === 1) {
      top += 1;
      sub = 0;
    } else sub += 1;
    const number = s.level === 1 ? `${top}.` : `${top}.${sub}.`;
    const blocks = s.blocks.map((b): Block => {
      if (b.kind === "table") return { ...b, caption: `Таблица ${++tables}. ${b.caption}` };
      if (b.kind === "figure") return { ...b, caption: `Рисунок ${++figures}. ${b.caption}` };
      return b;
    });
    return { ...s, title: `${number} ${s.title}`, blocks };
  });
}
