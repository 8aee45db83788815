import { chartBlocks, type NoteContext, unitName } from '../context.ts';
import { registryFigure } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { countOf, NOUN, num, pct } from '../typography.ts';

// The regional registry of mentors against the personalised programmes the organisations reported (mart_registry).

/**
 * The registry section; null (the note's closing list says why) when the year has no mentor in the registry and no
 * programme reported in the forms — the registry not connected, or nothing to compare.
 */
export function registrySection(ctx: NoteContext): NoteSection | null {
  const { data, year, compare } = ctx;
  const unit = ctx.territoryId;
  const now = registryFigure(data, year, unit);
  const before = compare === null ? null : registryFigure(data, compare, unit);
  const blocks: Block[] = [];
  const region = registryFigure(data, year, null);
  if (region.registered === 0 && region.programmes_reported === null) {
    ctx.absent.push(
      `Реестр наставников: за ${year} год в нём нет ни одного наставника, а число персонализированных программ в формах не указано — раздел не составлен.`,
    );
    return null;
  }
  const where = unit === null ? '' : ` (${unitName(ctx, unit)})`;
  let text = `На 31 декабря ${year} г. в краевом реестре наставников${where} — ${countOf(now.registered, NOUN.mentor)}`;
  if (before !== null) text += ` (на конец ${compare} года — ${num(before.registered)})`;
  text += `, из них с персонализированной программой — ${num(now.with_programme)}, обучены — ${num(now.trained)}${now.trained_share_pct === null ? '' : ` (${pct(now.trained_share_pct)} зарегистрированных)`}.`;
  if (now.programmes_reported !== null) {
    text += ` Организации указали в формах ${countOf(now.programmes_reported, NOUN.programme)}; наставников с программой в реестре — ${now.registry_to_reported_pct === null ? 'нет' : `${pct(now.registry_to_reported_pct)} от этого числа`}.`;
  } else {
    text += ' Число персонализированных программ в формах организаций не указано.';
  }
  blocks.push({ kind: 'paragraph', text });

  const line = (label: string, u: string | null) => {
    const f = registryFigure(data, year, u);
    return [
      label,
      num(f.registered),
      num(f.with_programme),
      num(f.trained),
      num(f.programmes_reported),
      pct(f.registry_to_reported_pct),
    ];
  };
  const unrecognised = unit === null && data.mart_registry.some((r) => r.year === year && r.territory_id === null);
  const unrecognisedRow = () => {
    const rows = data.mart_registry.filter((r) => r.year === year && r.territory_id === null);
    const sum = (k: 'mentors_registered' | 'mentors_with_programme' | 'mentors_trained') =>
      rows.reduce((s, r) => s + r[k], 0);
    return [
      'Муниципалитет не распознан',
      num(sum('mentors_registered')),
      num(sum('mentors_with_programme')),
      num(sum('mentors_trained')),
      '',
      '',
    ];
  };
  blocks.push({
    kind: 'table',
    caption: `Реестр наставников и отчёты организаций, ${year} год`,
    columns: [
      { title: 'Муниципалитет', width: 3 },
      { title: 'В реестре', align: 'right' },
      { title: 'С программой', align: 'right' },
      { title: 'Обучены', align: 'right' },
      { title: 'Программ в отчётах', align: 'right' },
      { title: 'Реестр к отчётам', align: 'right' },
    ],
    rows: [
      ...(unit === null ? [line('Итого по краю', null)] : []),
      ...ctx.scopeTerritories.map((t) => line(t.short_name, t.territory_id)),
      ...(unrecognised ? [unrecognisedRow()] : []),
    ],
    strongRows: unit === null ? [0] : [],
  });
  blocks.push(...chartBlocks(ctx, 'registry'));
  return { id: 'registry', level: 1, title: 'Реестр наставников и отчёты организаций', blocks };
}
