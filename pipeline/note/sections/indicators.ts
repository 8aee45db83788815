import type { IndicatorValue, RefIndicator } from "../../../src/data/snapshot.ts";
import { chartBlocks, indicatorTitle, type NoteContext, unitName } from "../context.ts";
import { indicatorRow, laggingIndicators, type Unit } from "../figures.ts";
import type { Block, NoteSection } from "../model.ts";
import { countOf, NOUN, num, pct, pp, ppDistance, quote, sentence } from "../typography.ts";

// The indicators of letter 001 for the region (or the note's territory) against the previous year, the baseline,
// the trajectory and the target; then every territory (mart_indicator_values, levels region and territory).

/**
 * The change against the compared year, p.p.: the mart's own change_pp when comparing with the previous calendar
 * year, else the difference of the two mart values.
 */
export function changeAgainst(ctx: NoteContext, now: IndicatorValue | undefined, before: IndicatorValue | undefined): number | null {
  if (now?.value_pct == null) return null;
  if (ctx.compare === ctx.year - 1) return now.change_pp;
  return before?.value_pct == null ? null : now.value_pct - before.value_pct;
}

/** Where a value stands against the trajectory of its year, in words. */
function standing(row: IndicatorValue | undefined): string {
  if (row?.value_pct == null) return "нет данных";
  return row.is_lagging ? "ниже траектории" : "не ниже траектории";
}

function indicatorParagraph(ctx: NoteContext, indicator: RefIndicator, unit: Unit): string {
  const { year, compare } = ctx;
  const now = indicatorRow(ctx.data, indicator.indicator_id, year, unit);
  const before = compare === null ? undefined : indicatorRow(ctx.data, indicator.indicator_id, compare, unit);
  const goal = `базовое значение ${indicator.baseline_year} года — ${pct(indicator.baseline_pct)}, цель ${indicator.target_year} года — ${pct(indicator.target_pct)}`;
  if (now?.value_pct == null) return `${quote(indicatorTitle(indicator))}: за ${year} год значения нет (${goal}).`;
  let text = `${quote(indicatorTitle(indicator))}: ${pct(now.value_pct)} в ${year} году`;
  if (compare !== null) {
    text += before?.value_pct == null
      ? ` (за ${compare} год значения нет)`
      : ` против ${pct(before.value_pct)} в ${compare} году (${pp(changeAgainst(ctx, now, before))})`;
  }
  text += `; траектория ${year} года — ${pct(now.trajectory_pct)}, ${goal}. Пройдено ${pct(now.progress_pct)} пути от базового значения к цели; значение ${standing(now)}`;
  if (now.is_lagging) text += ` на ${ppDistance(now.value_pct - now.trajectory_pct)}`;
  return sentence(text);
}

export function indicatorsSection(ctx: NoteContext): NoteSection {
  const { data, year, compare } = ctx;
  const unit = ctx.territoryId;
  const blocks: Block[] = [];
  const rows = ctx.indicators.map((indicator) => {
    const now = indicatorRow(data, indicator.indicator_id, year, unit);
    const before = compare === null ? undefined : indicatorRow(data, indicator.indicator_id, compare, unit);
    return [
      indicator.short_name,
      pct(indicator.baseline_pct),
      ...(compare === null ? [] : [pct(before?.value_pct)]),
      pct(now?.value_pct),
      ...(compare === null ? [] : [pp(changeAgainst(ctx, now, before))]),
      pct(now?.trajectory_pct),
      pct(indicator.target_pct),
      standing(now)
    ];
  });
  const first = ctx.indicators[0];
  blocks.push({
    kind: "table",
    caption: `Показатели целевой модели наставничества${unit === null ? "" : `: ${unitName(ctx, unit)}`}, %`,
    columns: [
      { title: "Показатель", width: 3 },
      { title: `Базовое, ${first?.baseline_year ?? ""}`, align: "right" },
      ...(compare === null ? [] : [{ title: String(compare), align: "right" as const }]),
      { title: String(year), align: "right" },
      ...(compare === null ? [] : [{ title: "Изменение", align: "right" as const }]),
      { title: `Траектория ${year}`, align: "right" },
      { title: `Цель ${first?.target_year ?? ""}`, align: "right" },
      { title: "Оценка", width: 1.5 }
    ],
    rows
  });
  for (const indicator of ctx.indicators) blocks.push({ kind: "paragraph", text: indicatorParagraph(ctx, indicator, unit) });

  const { lagging, withValue } = laggingIndicators(data, year, unit);
  const names = ctx.indicators.filter((i) => indicatorRow(data, i.indicator_id, year, unit)?.is_lagging).map((i) => i.short_name);
  blocks.push({
    kind: "paragraph",
    emphasis: "strong",
    text: withValue === 0
      ? `За ${year} год значений показателей нет.`
      : lagging === 0
      ? `Все показатели ${year} года со значением (${num(withValue)}) не ниже траектории.`
      : `Ниже траектории ${year} года — ${countOf(lagging, NOUN.indicator)} из ${num(withValue)}: ${names.join("; ")}.`
  });
  if (unit !== null) {
    const regionLines = ctx.indicators.map((i) => {
      const region = indicatorRow(data, i.indicator_id, year, null);
      return `${i.short_name}: ${unitName(ctx, unit)} — ${pct(indicatorRow(data, i.indicator_id, year, unit)?.value_pct)}, край — ${pct(region?.value_pct)}`;
    });
    blocks.push({ kind: "paragraph", text: `Для сравнения — значения края за ${year} год:` }, { kind: "bullets", items: regionLines });
  }
  blocks.push(...chartBlocks(ctx, "indicators"));
  return { id: "indicators", level: 1, title: unit === null ? "Показатели целевой модели по краю" : `Показатели целевой модели: ${unitName(ctx, unit)}`, blocks };
}

export function territoriesSection(ctx: NoteContext): NoteSection {
  const { data, year, compare } = ctx;
  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `Значения муниципалитетов и краевых организаций${compare === null ? "" : ` за ${compare} и ${year} годы`}, изменение в процентных ` +
        `пунктах и место среди муниципалитетов (1 — наибольшее значение); «▼» — ниже траектории ${year} года.`
    }
  ];
  for (const indicator of ctx.indicators) {
    const line = (label: string, unit: Unit) => {
      const now = indicatorRow(data, indicator.indicator_id, year, unit);
      const before = compare === null ? undefined : indicatorRow(data, indicator.indicator_id, compare, unit);
      return [
        label,
        ...(compare === null ? [] : [pct(before?.value_pct)]),
        pct(now?.value_pct),
        ...(compare === null ? [] : [pp(changeAgainst(ctx, now, before))]),
        now?.rank_among_territories == null ? "" : num(now.rank_among_territories),
        now?.is_lagging ? "▼" : ""
      ];
    };
    const trajectory = indicatorRow(data, indicator.indicator_id, year, null)?.trajectory_pct;
    blocks.push({
      kind: "table",
      caption: `${indicator.short_name}, % (траектория ${year} года — ${pct(trajectory)})`,
      columns: [
        { title: "Муниципалитет", width: 3 },
        ...(compare === null ? [] : [{ title: String(compare), align: "right" as const }]),
        { title: String(year), align: "right" },
        ...(compare === null ? [] : [{ title: "Изменение", align: "right" as const }]),
        { title: "Место", align: "right" },
        { title: "Ниже траектории", align: "center" }
      ],
      rows: [line("Итого по краю", null), ...ctx.scopeTerritories.map((t) => line(t.short_name, t.territory_id))],
      strongRows: [0]
    });
  }
  blocks.push(...chartBlocks(ctx, "territories"));
  return { id: "territories", level: 1, title: "Показатели по муниципалитетам", blocks };
}
