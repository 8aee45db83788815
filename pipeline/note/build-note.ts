import { noteFileBase } from '../contract/note-file.ts';
import path from 'node:path';
import { chartChoice, isNoteSlide, type SlideFile } from './charts.ts';
import type { NoteContext } from './context.ts';
import { indicatorRow, snapshotYears } from './figures.ts';
import type { Block, NoteModel, NoteSection } from './model.ts';
import type { NoteData } from './note-data.ts';
import { fireRules, type RecommendationRule, ruleProblem, rulesWithoutFigure } from './rules.ts';
import { checklistSection } from './sections/checklist.ts';
import { countsSection } from './sections/counts.ts';
import { coverageSection } from './sections/coverage.ts';
import { indicatorsSection, territoriesSection } from './sections/indicators.ts';
import { laggingSection } from './sections/lagging.ts';
import { registrySection } from './sections/registry.ts';
import { countOf, dateRu, listRu, num, quote } from './typography.ts';

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
  if (years.length === 0) return 'нет ни одного года';
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
  if (years.length === 0) {
    throw new Error(
      `Снимок витрин пуст: в хранилище нет ни одной принятой формы мониторинга, справку за ${year} год составить не из чего. ` +
        'Положите формы во входящие (INBOX_DIR) и запустите npm run pipeline.',
    );
  }
  if (!years.includes(year)) throw new Error(`В снимке витрин нет данных за ${year} год: ${yearsText(years)}.`);
  const compare = options.compare === undefined ? (years.includes(year - 1) ? year - 1 : null) : options.compare;
  if (compare !== null && !years.includes(compare))
    throw new Error(`В снимке витрин нет данных за ${compare} год для сравнения: ${yearsText(years)}.`);
  if (compare !== null && compare >= year)
    throw new Error(`Год сравнения (${compare}) должен быть раньше отчётного (${year}).`);
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
    charts: options.charts == null ? null : options.charts.filter((s) => isNoteSlide(path.basename(s.file), choice)),
    absent: [],
  };
  if (compare === null && options.compare === undefined) {
    ctx.absent.push(
      `Года для сравнения нет: в снимке нет данных за ${year - 1} год, поэтому изменения к прошлому году не приводятся.`,
    );
  }

  // sections first: they note in ctx.absent what the snapshot lacks
  const body: NoteSection[] = [
    coverageSection(ctx),
    countsSection(ctx),
    indicatorsSection(ctx),
    ...(territoryId === null ? [territoriesSection(ctx)] : []),
    ...laggingSection(ctx),
    checklistSection(ctx),
    registrySection(ctx),
  ].filter((s) => s !== null);

  const ruleScope = { year, territoryId, regionName: data.meta.region.name };
  const recommendations = fireRules(data, options.rules, ruleScope);
  const contingent = contingentRecommendation(ctx);
  const items = [...(contingent === null ? [] : [contingent]), ...recommendations.map((r) => r.text)];
  const recommendationBlocks: Block[] =
    items.length === 0
      ? []
      : [
          { kind: 'paragraph', text: `По итогам мониторинга ${year} года рекомендуем:` },
          { kind: 'bullets', items },
        ];
  if (recommendations.length === 0) {
    const checkable = options.rules.filter((rule) => ruleProblem(data, rule) === null);
    const unchecked = rulesWithoutFigure(data, options.rules, ruleScope).length;
    recommendationBlocks.push({
      kind: 'paragraph',
      text:
        checkable.length === 0
          ? 'Правил рекомендаций для этого снимка нет. Дополните раздел по итогам анализа.'
          : unchecked === 0
            ? 'Ни одно из правил рекомендаций не сработало: значения не выходят за пороги. Дополните раздел по итогам анализа.'
            : unchecked === checkable.length
              ? `Ни одно из правил рекомендаций не сработало: значений, по которым они проверяются, за ${year} год нет (показатели не рассчитаны, нет чек-листа или реестра). Дополните раздел по итогам анализа.`
              : `Ни одно из правил рекомендаций не сработало: для ${num(unchecked)} из ${num(checkable.length)} правил значений за ${year} год нет, остальные значения не выходят за пороги. Дополните раздел по итогам анализа.`,
    });
  }
  recommendationBlocks.push({
    kind: 'paragraph',
    emphasis: 'muted',
    text: 'Рекомендации сформированы по правилам data/reference/recommendations.csv: каждая называет значение, по которому сработало правило. Аналитик проверяет и дополняет их.',
  });

  const sections: NoteSection[] = [
    ...body,
    { id: 'recommendations', level: 1, title: 'Рекомендации', blocks: recommendationBlocks },
  ];
  if (ctx.absent.length > 0) {
    sections.push({
      id: 'absent',
      level: 1,
      title: 'Чего нет в данных',
      blocks: [
        { kind: 'paragraph', text: `Чего в снимке витрин за ${year} год нет и что поэтому не вошло в справку:` },
        { kind: 'bullets', items: ctx.absent },
      ],
    });
  }
  if (ctx.charts === null) {
    sections
      .find((s) => s.id === 'indicators')!
      .blocks.push({
        kind: 'paragraph',
        emphasis: 'muted',
        text:
          'Диаграммы в справку не вложены. Их выгружает команда npm run slides (те же изображения, что на слайдах); ' +
          `справка с диаграммами: npm run note -- --year ${year} --with-charts (или --charts ПАПКА_СЛАЙДОВ).`,
      });
  }

  const territoryName = territoryId === null ? null : territories.find((t) => t.territory_id === territoryId)!.name;
  const region = data.meta.region;
  const title = [
    'Аналитическая справка',
    `по результатам мониторинга реализации региональной целевой модели наставничества ${region.name_prepositional} ` +
      `за ${year} год${compare === null ? '' : ` в сравнении с ${compare} годом`}`,
    ...(territoryName === null ? [] : [territoryName]),
  ];
  const subtitle = [
    `Данные мониторинга на ${dateRu(data.meta.generated_at, region.time_zone)}; справка сформирована автоматически из витрин хранилища; аналитик проверяет и дополняет текст.`,
    ...(data.meta.synthetic
      ? ['Данные синтетические (учебная выборка): ни одна цифра не относится к реальной организации.']
      : []),
  ];
  return {
    year,
    compare,
    territory_id: territoryId,
    file_base: noteFileBase(year, territoryId),
    title,
    subtitle,
    data_at: data.meta.generated_at,
    sections: numbered(sections),
    recommendations,
    warnings: options.rules.map((rule) => ruleProblem(data, rule)).filter((w) => w !== null),
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
      if (b.kind === 'table') return { ...b, caption: `Таблица ${++tables}. ${b.caption}` };
      if (b.kind === 'figure') return { ...b, caption: `Рисунок ${++figures}. ${b.caption}` };
      return b;
    });
    return { ...s, title: `${number} ${s.title}`, blocks };
  });
}

/**
 * The recommendation to load the contingent (not a rule of recommendations.csv: it follows from how a share is
 * made): when a share of the year is missing or partial because organisations that reported its numerator have no
 * total (ОО-1, СПО-1, 1-ДО or the region's contingent system). Null when every share has its totals (a total of
 * zero is an answer, not a gap).
 */
function contingentRecommendation(ctx: NoteContext): string | null {
  const { data, year } = ctx;
  const unit = ctx.territoryId;
  const measures = new Map(data.ref_measures.map((m) => [m.measure_id, m]));
  const affected = ctx.indicators.filter((i) => {
    const row = indicatorRow(data, i.indicator_id, year, unit);
    // a zero total is the organisation's answer (no young teachers, no partners): the contingent would not change it
    return (
      measures.get(i.denominator_measure)?.block === 'totals' &&
      row !== undefined &&
      row.organisations_denominator_missing > 0
    );
  });
  if (affected.length === 0) return null;
  const notComputed = affected.filter((i) => indicatorRow(data, i.indicator_id, year, unit)?.value_pct == null);
  const partial = affected.filter((i) => !notComputed.includes(i));
  const totals = [...new Set(affected.map((i) => measures.get(i.denominator_measure)!.name_genitive))];
  const without = Math.max(
    ...affected.map((i) => indicatorRow(data, i.indicator_id, year, unit)!.organisations_denominator_missing),
  );
  const parts = [
    ...(notComputed.length === 0 ? [] : [`не рассчитаны ${listRu(notComputed.map((i) => quote(i.short_name)))}`]),
    ...(partial.length === 0
      ? []
      : [`рассчитаны не по всем организациям ${listRu(partial.map((i) => quote(i.short_name)))}`]),
  ];
  return (
    `Загрузить контингент ${year} года по организациям — значения ${listRu(totals)} (статистические формы ОО-1, СПО-1, 1-ДО или выгрузка ` +
    `региональной системы учёта контингента): без него ${parts.join(', а ')}; его нет у ${countOf(without, ['организации', 'организаций', 'организаций'])}, ` +
    'сообщивших числа.'
  );
}
