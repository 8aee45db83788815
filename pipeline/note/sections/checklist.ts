import { chartBlocks, type NoteContext } from '../context.ts';
import { checklistFigure, type Unit } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { num, pct, pp } from '../typography.ts';

// The checklist of letter 004 (share of organisations meeting each criterion) and, apart, the mentor database that
// letter 003 found lacking (mart_checklist).

const MENTOR_DATABASE = 'mentor_database';

function change(now: number | null, before: number | null): number | null {
  return now === null || before === null ? null : now - before;
}

/** The checklist section; null (the note's closing list says why) when nobody in scope answered the checklist. */
export function checklistSection(ctx: NoteContext): NoteSection | null {
  const { data, year, compare } = ctx;
  const unit = ctx.territoryId;
  const blocks: Block[] = [];
  const criteria = data.ref_checklist_criteria.toSorted((a, b) => a.sort_order - b.sort_order);
  const answeredYear = data.mart_checklist.some((r) => r.year === year && (unit === null || r.territory_id === unit));
  if (!answeredYear) {
    ctx.absent.push(
      `Чек-лист внедрения целевой модели (письмо 004) и база наставников (письмо 003): ответов за ${year} год нет, раздел не составлен.`,
    );
    return null;
  }
  const line = (label: string, criterionId: string, u: Unit) => {
    const now = checklistFigure(data, criterionId, year, u);
    const before = compare === null ? null : checklistFigure(data, criterionId, compare, u);
    return [
      label,
      ...(before === null ? [] : [pct(before.share_pct)]),
      pct(now.share_pct),
      ...(before === null ? [] : [pp(change(now.share_pct, before.share_pct))]),
      `${num(now.meeting)} из ${num(now.answered)}`,
    ];
  };
  const columns = (first: string) => [
    { title: first, width: 3 },
    ...(compare === null ? [] : [{ title: String(compare), align: 'right' as const }]),
    { title: String(year), align: 'right' as const },
    ...(compare === null ? [] : [{ title: 'Изменение', align: 'right' as const }]),
    { title: `Выполняют из ответивших, ${year}`, align: 'right' as const },
  ];
  blocks.push({
    kind: 'paragraph',
    text: 'Доля организаций, выполняющих критерий чек-листа внедрения целевой модели наставничества (письмо 004), среди ответивших на него, %.',
  });
  blocks.push({
    kind: 'table',
    caption: `Чек-лист внедрения целевой модели наставничества, ${year} год`,
    columns: columns('Критерий'),
    rows: criteria.map((c) => line(c.short_name, c.criterion_id, unit)),
  });

  const db = checklistFigure(data, MENTOR_DATABASE, year, unit);
  const dbBefore = compare === null ? null : checklistFigure(data, MENTOR_DATABASE, compare, unit);
  blocks.push({
    kind: 'paragraph',
    emphasis: 'strong',
    text:
      `Информационную базу наставников в ${year} году имели ${pct(db.share_pct)} организаций (${num(db.meeting)} из ${num(db.answered)} ответивших)` +
      (dbBefore === null
        ? ''
        : `; в ${compare} году — ${pct(dbBefore.share_pct)} (${pp(change(db.share_pct, dbBefore.share_pct))})`) +
      '. Работа с базой наставников и наставляемых входит в обязанности куратора; дефицит по этому показателю отмечен в письме 003.',
  });
  if (criteria.some((c) => c.criterion_id === MENTOR_DATABASE)) {
    blocks.push({
      kind: 'table',
      caption: `Доля организаций с информационной базой наставников по муниципалитетам, ${year} год`,
      columns: columns('Муниципалитет'),
      rows: [
        ...(unit === null ? [line('Итого по краю', MENTOR_DATABASE, null)] : []),
        ...ctx.scopeTerritories.map((t) => line(t.short_name, MENTOR_DATABASE, t.territory_id)),
      ],
      strongRows: unit === null ? [0] : [],
    });
  }
  blocks.push(...chartBlocks(ctx, 'checklist'));
  return { id: 'checklist', level: 1, title: 'Чек-лист внедрения целевой модели', blocks };
}
