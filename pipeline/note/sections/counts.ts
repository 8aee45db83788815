import type { CountValue, RefMeasure } from '../../contract/snapshot.ts';
import { type NoteContext, unitName } from '../context.ts';
import { countRow, formCounts, type Unit } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { countOf, NOUN, num, signed } from '../typography.ts';

// «Что сообщили организации»: the counts of the monitoring form (seed 002: mentees among pupils, pupil mentors,
// young teachers with a mentor, enterprises providing mentors) summed over the organisations that reported them —
// what there is before any share can be computed (mart_counts, mart_forms).

/** The form's count measures (ref_measures, block «form»), in their order. */
export function formMeasures(ctx: NoteContext): RefMeasure[] {
  return ctx.data.ref_measures
    .filter((m) => m.block === 'form' && m.kind === 'count')
    .toSorted((a, b) => a.sort_order - b.sort_order);
}

/** «из 1 организации», «из 5 организаций». */
const OF_ORGANISATIONS = ['организации', 'организаций', 'организаций'] as const;

/** A value with its change to the compared year in brackets, when both years have it. */
function withChange(now: number | null | undefined, before: number | null | undefined): string {
  if (now == null) return '—';
  return before == null ? num(now) : `${num(now)} (${signed(now - before)})`;
}

/** Organisations of the unit that submitted a form for the year (the same for every measure of mart_counts). */
function submitted(ctx: NoteContext, measures: readonly RefMeasure[], year: number, unit: Unit): number {
  return Math.max(
    0,
    ...measures.map((m) => countRow(ctx.data, m.measure_id, year, unit)?.organisations_submitted ?? 0),
  );
}

function measureLine(ctx: NoteContext, measure: RefMeasure, unit: Unit): string {
  const { year, compare } = ctx;
  const now = countRow(ctx.data, measure.measure_id, year, unit);
  const before: CountValue | undefined =
    compare === null ? undefined : countRow(ctx.data, measure.measure_id, compare, unit);
  const of = `из ${countOf(now?.organisations_submitted ?? 0, OF_ORGANISATIONS)}, сдавших формы`;
  if (now?.value == null) return `${measure.short_name} — не сообщила ни одна ${of}`;
  let text = `${measure.short_name} — ${num(now.value)}`;
  if (compare !== null)
    text +=
      before?.value == null
        ? ` (за ${compare} год не сообщалось)`
        : ` (${signed(now.value - before.value)} к ${compare} году)`;
  return `${text}; сообщили ${num(now.organisations_reporting)} ${of}`;
}

export function countsSection(ctx: NoteContext): NoteSection {
  const { data, year, compare } = ctx;
  const unit = ctx.territoryId;
  const measures = formMeasures(ctx);
  const title = 'Что сообщили организации';
  const where = unit === null ? '' : ` (${unitName(ctx, unit)})`;
  const blocks: Block[] = [];
  if (measures.length === 0 || submitted(ctx, measures, year, unit) === 0) {
    blocks.push({
      kind: 'paragraph',
      text: `За ${year} год форм мониторинга с числами участников наставничества${where} не поступало.`,
    });
    return { id: 'counts', level: 1, title, blocks };
  }
  const changeNote = compare === null ? '' : ` (в скобках — изменение к ${compare} году)`;
  blocks.push(
    {
      kind: 'paragraph',
      text:
        `В форме мониторинга организации сообщают по каждой форме наставничества ${countOf(measures.length, ['число', 'числа', 'чисел'])}: ` +
        `${measures.map((m) => m.short_name.toLowerCase()).join('; ')}. Ниже — их суммы за ${year} год${where} по организациям, указавшим число` +
        `${compare === null ? '' : `, в сравнении с ${compare} годом`} (витрина mart_counts). Доли показателей (следующий раздел) — ` +
        'эти числа, делённые на общую численность обучающихся, педагогов и предприятий-партнёров: её дают сведения о контингенте.',
    },
    { kind: 'bullets', items: measures.map((m) => measureLine(ctx, m, unit)) },
  );

  if (unit === null) {
    const reporting = ctx.territories.filter((t) => submitted(ctx, measures, year, t.territory_id) > 0);
    const row = (label: string, u: Unit) => [
      label,
      num(submitted(ctx, measures, year, u)),
      ...measures.map((m) =>
        withChange(
          countRow(data, m.measure_id, year, u)?.value,
          compare === null ? null : countRow(data, m.measure_id, compare, u)?.value,
        ),
      ),
    ];
    blocks.push({
      kind: 'table',
      caption: `Сообщённые числа по муниципалитетам, ${year} год${changeNote}`,
      columns: [
        { title: 'Муниципалитет', width: 2.5 },
        { title: 'Сдали форму', align: 'right' },
        ...measures.map((m) => ({ title: m.short_name, align: 'right' as const })),
      ],
      rows: [row('Итого по краю', null), ...reporting.map((t) => row(t.short_name, t.territory_id))],
      strongRows: [0],
    });
    const silent = ctx.territories.length - reporting.length;
    if (silent > 0) {
      blocks.push({
        kind: 'paragraph',
        text: `Не представили форм с числами за ${year} год: ещё ${countOf(silent, NOUN.territory)} (включая краевые организации).`,
      });
    }
  }

  const ids = measures.map((m) => m.measure_id);
  const now = formCounts(data, year, unit, ids);
  const before = compare === null ? null : formCounts(data, compare, unit, ids);
  const forms = data.ref_forms.toSorted((a, b) => a.sort_order - b.sort_order).filter((f) => now.has(f.form_id));
  if (forms.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Сообщённые числа по формам наставничества${where}, ${year} год${changeNote}`,
      columns: [
        { title: 'Форма наставничества', width: 2.5 },
        ...measures.map((m) => ({ title: m.short_name, align: 'right' as const })),
      ],
      rows: forms.map((f) => [
        f.name,
        ...ids.map((id) => withChange(now.get(f.form_id)?.get(id), before?.get(f.form_id)?.get(id))),
      ]),
    });
    blocks.push({ kind: 'paragraph', emphasis: 'muted', text: '«—» — число по этой форме не сообщено.' });
  }
  return { id: 'counts', level: 1, title, blocks };
}
