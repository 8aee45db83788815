import { chartBlocks, type NoteContext, unitName } from '../context.ts';
import { type CoverageFigure, coverageFigure } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { countOf, dateRu, NOUN, num, pct, quote } from '../typography.ts';

// «Источники данных и охват»: where the figures come from, who reported and who did not (mart_coverage,
// mart_coverage_organisations).

export function coverageSection(ctx: NoteContext): NoteSection {
  const { data, year, compare } = ctx;
  const scope = ctx.territoryId;
  const blocks: Block[] = [];
  blocks.push({
    kind: 'paragraph',
    text:
      'Справка составлена по формам мониторинга, которые представили органы местного самоуправления, осуществляющие ' +
      'управление в сфере образования, и краевые организации, и по краевому реестру наставников. Все числа взяты из ' +
      `опубликованного снимка витрин хранилища на ${dateRu(data.meta.generated_at, data.meta.region.time_zone)} (запуск ${data.meta.run_id}): ` +
      'сообщённые числа — витрина mart_counts, показатели — mart_indicator_values, охват — mart_coverage и mart_coverage_organisations, чек-лист — mart_checklist, ' +
      'реестр — mart_registry.',
  });

  const now = coverageFigure(data, year, scope);
  const before = compare === null ? null : coverageFigure(data, compare, scope);
  const where = scope === null ? '' : ` (${unitName(ctx, scope)})`;
  const none = (f: CoverageFigure) => f.expected === 0 && f.reported === 0;
  let text = none(now)
    ? `Форм мониторинга за ${year} год${where} не поступало, и организаций, от которых они ожидались, нет`
    : `Формы мониторинга за ${year} год${where} сдали ${num(now.reported)} из ${num(now.expected)} ожидаемых организаций (${pct(now.share_reported_pct)} ожидаемых)`;
  if (before !== null) {
    text += none(before)
      ? `; за ${compare} год форм не поступало`
      : `; за ${compare} год — ${num(before.reported)} из ${num(before.expected)} (${pct(before.share_reported_pct)})`;
  }
  blocks.push({ kind: 'paragraph', text: `${text}.` });
  if (scope === null) {
    const rows = data.mart_coverage.filter((c) => c.year === year);
    const silent = ctx.territories.filter(
      (t) => rows.find((c) => c.territory_id === t.territory_id)?.organisations_reported === 0,
    );
    const withAny = ctx.territories.length - silent.length;
    blocks.push({
      kind: 'paragraph',
      text:
        `Сведения представлены из ${countOf(withAny, ['муниципалитета', 'муниципалитетов', 'муниципалитетов'])} (включая краевые организации) из ${num(ctx.territories.length)}` +
        (silent.length > 0 ? `; не представлено ни одной формы: ${silent.map((t) => t.short_name).join(', ')}.` : '.'),
    });
  }
  if (now.unlisted > 0)
    blocks.push({
      kind: 'paragraph',
      text: `Сдали формы, но отсутствуют в списке ожидаемых организаций: ${countOf(now.unlisted, NOUN.organisation)}.`,
    });
  if (now.files_rejected > 0)
    blocks.push({
      kind: 'paragraph',
      text: `Отклонено файлов с ошибками: ${num(now.files_rejected)} (подробности — на странице ${quote('Качество данных')} сайта).`,
    });

  const row = (label: string, unit: string | null) => {
    const c = coverageFigure(data, year, unit);
    const p = compare === null ? null : coverageFigure(data, compare, unit);
    return [
      label,
      num(c.expected),
      num(c.reported),
      num(c.missing),
      pct(c.share_reported_pct),
      ...(p === null ? [] : [pct(p.share_reported_pct)]),
    ];
  };
  blocks.push({
    kind: 'table',
    caption: `Охват мониторинга за ${year} год`,
    columns: [
      { title: 'Муниципалитет', width: 3 },
      { title: 'Ожидалось', align: 'right' },
      { title: 'Сдали', align: 'right' },
      { title: 'Не сдали', align: 'right' },
      { title: `Доля сдавших, ${year}`, align: 'right' },
      ...(compare === null ? [] : [{ title: `Доля сдавших, ${compare}`, align: 'right' as const }]),
    ],
    // a territory nobody was expected from and nobody reported from has a row of zeros: named above instead
    rows: [
      row('Итого по краю', null),
      ...ctx.scopeTerritories
        .filter((t) =>
          [year, ...(compare === null ? [] : [compare])].some((y) => !none(coverageFigure(data, y, t.territory_id))),
        )
        .map((t) => row(t.short_name, t.territory_id)),
    ],
    strongRows: [0],
  });

  const missing = data.mart_coverage_organisations.filter(
    (o) => o.year === year && o.status === 'missing' && (scope === null || o.territory_id === scope),
  );
  if (missing.length === 0) {
    blocks.push({ kind: 'paragraph', text: 'Формы представили все ожидаемые организации.' });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `Не представили формы за ${year} год — ${countOf(missing.length, NOUN.organisation)}:`,
    });
    blocks.push({
      kind: 'bullets',
      items: ctx.scopeTerritories.flatMap((t) => {
        const names = missing
          .filter((o) => o.territory_id === t.territory_id)
          .map((o) => o.organisation)
          .sort((a, b) => a.localeCompare(b, 'ru'));
        return names.length === 0
          ? []
          : [`${t.short_name} (${countOf(names.length, NOUN.organisation)}): ${names.join('; ')}`];
      }),
    });
  }
  blocks.push(...chartBlocks(ctx, 'coverage'));
  return { id: 'coverage', level: 1, title: 'Источники данных и охват мониторинга', blocks };
}
