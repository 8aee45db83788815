import type { IndicatorValue, RefIndicator } from '../../contract/snapshot.ts';
import { chartBlocks, indicatorTitle, type NoteContext, unitName, valueReason } from '../context.ts';
import { indicatorRow, laggingIndicators, type Unit } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { countOf, listRu, NOUN, num, pct, pp, ppDistance, quote, sentence } from '../typography.ts';

// The indicators of letter 001 for the region (or the note's territory) against the previous year, the baseline,
// the trajectory and the target; then every territory (mart_indicator_values, levels region and territory).

/**
 * The change against the compared year, p.p.: the mart's own change_pp when comparing with the previous calendar
 * year, else the difference of the two mart values.
 */
export function changeAgainst(
  ctx: NoteContext,
  now: IndicatorValue | undefined,
  before: IndicatorValue | undefined,
): number | null {
  if (now?.value_pct == null) return null;
  if (ctx.compare === ctx.year - 1) return now.change_pp;
  return before?.value_pct == null ? null : now.value_pct - before.value_pct;
}

/** Where a value stands against the trajectory of its year, in words; a survey's plain mean is marked. */
function standing(row: IndicatorValue | undefined): string {
  if (row?.value_pct == null) return 'нет оценки';
  const where = row.is_lagging ? 'ниже траектории' : 'не ниже траектории';
  return row.value_basis === 'unweighted_mean' ? `${where}; ${UNWEIGHTED}` : where;
}

const UNWEIGHTED = 'невзвешенное среднее';
/** What a table cell of the note's year says where the mart has no value. */
export const NOT_COMPUTED = 'не рассчитан';

/** The value of the note's year in a table: «не рассчитан» where the mart has none (the reason is under the table). */
function yearCell(row: IndicatorValue | undefined): string {
  return row?.value_pct == null ? NOT_COMPUTED : pct(row.value_pct);
}

/** Whether any row of the indicator (region or territory) has a value in the year or the compared year. */
function anyValue(ctx: NoteContext, indicator: RefIndicator, units: readonly Unit[]): boolean {
  return units.some((u) =>
    [ctx.year, ...(ctx.compare === null ? [] : [ctx.compare])].some(
      (y) => indicatorRow(ctx.data, indicator.indicator_id, y, u)?.value_pct != null,
    ),
  );
}

function indicatorParagraph(ctx: NoteContext, indicator: RefIndicator, unit: Unit): string {
  const { year, compare } = ctx;
  const now = indicatorRow(ctx.data, indicator.indicator_id, year, unit);
  const before = compare === null ? undefined : indicatorRow(ctx.data, indicator.indicator_id, compare, unit);
  const goal = `базовое значение ${indicator.baseline_year} года — ${pct(indicator.baseline_pct)}, цель ${indicator.target_year} года — ${pct(indicator.target_pct)}`;
  if (now?.value_pct == null) return `${quote(indicatorTitle(indicator))}: за ${year} год значения нет (${goal}).`;
  let text = `${quote(indicatorTitle(indicator))}: ${pct(now.value_pct)} в ${year} году`;
  if (compare !== null) {
    text +=
      before?.value_pct == null
        ? `; за ${compare} год значения нет`
        : ` против ${pct(before.value_pct)} в ${compare} году (${pp(changeAgainst(ctx, now, before))})`;
  }
  if (now.value_basis === 'unweighted_mean')
    text += `; это ${UNWEIGHTED} по ${countOf(now.organisations_reporting, ['организации', 'организациям', 'организациям'])}: число опрошенных не указано`;
  text += `; траектория ${year} года — ${pct(now.trajectory_pct)}, ${goal}. Пройдено ${pct(now.progress_pct)} пути от базового значения к цели; значение ${now.is_lagging ? 'ниже траектории' : 'не ниже траектории'}`;
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
      yearCell(now),
      ...(compare === null ? [] : [pp(changeAgainst(ctx, now, before))]),
      pct(now?.trajectory_pct),
      pct(indicator.target_pct),
      standing(now),
    ];
  });
  const first = ctx.indicators[0];
  blocks.push({
    kind: 'table',
    caption: `Показатели целевой модели наставничества${unit === null ? '' : `: ${unitName(ctx, unit)}`}, %`,
    columns: [
      { title: 'Показатель', width: 3 },
      { title: `Базовое, ${first?.baseline_year ?? ''}`, align: 'right' },
      ...(compare === null ? [] : [{ title: String(compare), align: 'right' as const }]),
      { title: String(year), align: 'right' },
      ...(compare === null ? [] : [{ title: 'Изменение', align: 'right' as const }]),
      { title: `Траектория ${year}`, align: 'right' },
      { title: `Цель ${first?.target_year ?? ''}`, align: 'right' },
      { title: 'Оценка', width: 1.5 },
    ],
    rows,
  });
  // under the table: why a value is missing, partial or a plain mean, and why the compared year has none
  const reasons = ctx.indicators.flatMap((indicator) => {
    const now = indicatorRow(data, indicator.indicator_id, year, unit);
    const lines: string[] = [];
    const reason = valueReason(ctx, indicator, now, year);
    if (reason !== null) lines.push(`${indicator.short_name}, ${year} — ${reason}`);
    if (compare !== null && now?.value_pct != null) {
      const before = indicatorRow(data, indicator.indicator_id, compare, unit);
      const reasonBefore = before?.value_pct == null ? valueReason(ctx, indicator, before, compare) : null;
      if (reasonBefore !== null) lines.push(`${indicator.short_name}, ${compare} («—» в таблице) — ${reasonBefore}`);
    }
    return lines;
  });
  if (reasons.length > 0)
    blocks.push({ kind: 'paragraph', text: 'Пояснения к таблице:' }, { kind: 'bullets', items: reasons });
  const bothMissing =
    compare !== null &&
    ctx.indicators.some(
      (i) =>
        indicatorRow(data, i.indicator_id, year, unit)?.value_pct == null &&
        indicatorRow(data, i.indicator_id, compare, unit)?.value_pct == null,
    );
  if (bothMissing) {
    blocks.push({
      kind: 'paragraph',
      emphasis: 'muted',
      text: `«—» в столбце ${compare} года: значения за ${compare} год тоже нет; причины — в справке за ${compare} год.`,
    });
  }
  const computed = ctx.indicators.filter((i) => indicatorRow(data, i.indicator_id, year, unit)?.value_pct != null);
  for (const indicator of computed) blocks.push({ kind: 'paragraph', text: indicatorParagraph(ctx, indicator, unit) });
  const missing = ctx.indicators.length - computed.length;
  if (missing > 0) {
    ctx.absent.push(
      `Не рассчитаны за ${year} год ${countOf(missing, NOUN.indicator)} из ${num(ctx.indicators.length)}` +
        `${unit === null ? '' : ` (${unitName(ctx, unit)})`}: причины — под таблицей показателей.`,
    );
  }

  const { lagging, withValue } = laggingIndicators(data, year, unit);
  const names = ctx.indicators
    .filter((i) => indicatorRow(data, i.indicator_id, year, unit)?.is_lagging)
    .map((i) => i.short_name);
  blocks.push({
    kind: 'paragraph',
    emphasis: 'strong',
    text:
      withValue === 0
        ? `За ${year} год ни один показатель не рассчитан.`
        : lagging === 0
          ? `Все показатели ${year} года со значением (${num(withValue)}) не ниже траектории.`
          : `Ниже траектории ${year} года — ${countOf(lagging, NOUN.indicator)} из ${num(withValue)}: ${names.join('; ')}.`,
  });
  if (
    unit !== null &&
    ctx.indicators.some(
      (i) =>
        indicatorRow(data, i.indicator_id, year, null)?.value_pct != null ||
        indicatorRow(data, i.indicator_id, year, unit)?.value_pct != null,
    )
  ) {
    const regionLines = ctx.indicators
      .filter(
        (i) =>
          indicatorRow(data, i.indicator_id, year, null)?.value_pct != null ||
          indicatorRow(data, i.indicator_id, year, unit)?.value_pct != null,
      )
      .map((i) => {
        const region = indicatorRow(data, i.indicator_id, year, null);
        return `${i.short_name}: ${unitName(ctx, unit)} — ${yearCell(indicatorRow(data, i.indicator_id, year, unit))}, край — ${yearCell(region)}`;
      });
    blocks.push(
      { kind: 'paragraph', text: `Для сравнения — значения края за ${year} год:` },
      { kind: 'bullets', items: regionLines },
    );
  }
  blocks.push(...chartBlocks(ctx, 'indicators'));
  return {
    id: 'indicators',
    level: 1,
    title: unit === null ? 'Показатели целевой модели по краю' : `Показатели целевой модели: ${unitName(ctx, unit)}`,
    blocks,
  };
}

/**
 * Every indicator by territory, for a region note. An indicator with no value anywhere gets no table; a territory
 * with no value in either year gets no row (both are named in one sentence). Null when no indicator has any value:
 * the section is left out and the note's closing list says so.
 */
export function territoriesSection(ctx: NoteContext): NoteSection | null {
  const { data, year, compare } = ctx;
  const units: Unit[] = [null, ...ctx.scopeTerritories.map((t) => t.territory_id)];
  const shown = ctx.indicators.filter((i) => anyValue(ctx, i, units));
  const years = compare === null ? `${year} год` : `${compare} и ${year} годы`;
  if (shown.length === 0) {
    ctx.absent.push(
      `Показатели по муниципалитетам: за ${years} не рассчитан ни один показатель ни для одного муниципалитета, раздел не составлен.`,
    );
    return null;
  }
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text:
        `Значения муниципалитетов и краевых организаций${compare === null ? '' : ` за ${compare} и ${year} годы`}, изменение в процентных ` +
        `пунктах и место среди муниципалитетов (1 — наибольшее значение); «▼» — ниже траектории ${year} года.`,
    },
  ];
  for (const indicator of shown) {
    const line = (label: string, unit: Unit) => {
      const now = indicatorRow(data, indicator.indicator_id, year, unit);
      const before = compare === null ? undefined : indicatorRow(data, indicator.indicator_id, compare, unit);
      return [
        label,
        ...(compare === null ? [] : [pct(before?.value_pct)]),
        yearCell(now),
        ...(compare === null ? [] : [pp(changeAgainst(ctx, now, before))]),
        now?.rank_among_territories == null ? '' : num(now.rank_among_territories),
        now?.is_lagging ? '▼' : '',
      ];
    };
    const trajectory = indicatorRow(data, indicator.indicator_id, year, null)?.trajectory_pct;
    const withValue = ctx.scopeTerritories.filter((t) => anyValue(ctx, indicator, [t.territory_id]));
    blocks.push({
      kind: 'table',
      caption: `${indicator.short_name}, % (траектория ${year} года — ${pct(trajectory)})`,
      columns: [
        { title: 'Муниципалитет', width: 3 },
        ...(compare === null ? [] : [{ title: String(compare), align: 'right' as const }]),
        { title: String(year), align: 'right' },
        ...(compare === null ? [] : [{ title: 'Изменение', align: 'right' as const }]),
        { title: 'Место', align: 'right' },
        { title: 'Ниже траектории', align: 'center' },
      ],
      rows: [line('Итого по краю', null), ...withValue.map((t) => line(t.short_name, t.territory_id))],
      strongRows: [0],
    });
    const without = ctx.scopeTerritories.length - withValue.length;
    if (without > 0) {
      blocks.push({
        kind: 'paragraph',
        emphasis: 'muted',
        text: `Значения за ${years} нет ещё у ${countOf(without, ['муниципалитета', 'муниципалитетов', 'муниципалитетов'])} (включая краевые организации).`,
      });
    }
    if (indicatorRow(data, indicator.indicator_id, year, null)?.value_basis === 'unweighted_mean') {
      blocks.push({
        kind: 'paragraph',
        emphasis: 'muted',
        text: `Значения — ${UNWEIGHTED} по организациям: число опрошенных не указано.`,
      });
    }
  }
  const hidden = ctx.indicators.filter((i) => !shown.includes(i));
  if (hidden.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `Не рассчитаны за ${years} ни для одного муниципалитета: ${listRu(hidden.map((i) => quote(i.short_name)))}.`,
    });
  }
  blocks.push(...chartBlocks(ctx, 'territories'));
  return { id: 'territories', level: 1, title: 'Показатели по муниципалитетам', blocks };
}
