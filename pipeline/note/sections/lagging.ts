import type { IndicatorValue } from '../../contract/snapshot.ts';
import { chartBlocks, type NoteContext } from '../context.ts';
import { indicatorRow } from '../figures.ts';
import type { Block, NoteSection } from '../model.ts';
import { countOf, listRu, NOUN, num, pct, pp, quote } from '../typography.ts';

// Who lags: territories below the trajectory per indicator, organisations below it on every indicator they have a
// value for, and the regional (краевые) organisations one by one, as letter 000 reports them apart.

/** At most this many organisations are listed by name; the rest are on the site's «Отстающие» page. */
export const MAX_ORGANISATIONS_LISTED = 50;
/** An organisation is listed by name when it lags on all of at least this many indicators. */
const MIN_INDICATORS_FOR_LIST = 3;
const REGIONAL = 'regional';

interface OrgLag {
  org_key: string;
  territory_id: string;
  org_type_id: string | null;
  withValue: number;
  lagging: number;
}

/** Per organisation of the year: how many indicators have a value, and how many of them are below the trajectory. */
function organisationLags(rows: readonly IndicatorValue[], year: number): OrgLag[] {
  const byOrg = new Map<string, OrgLag>();
  for (const v of rows) {
    if (v.level !== 'organisation' || v.year !== year || v.value_pct === null || v.org_key === null) continue;
    let lag = byOrg.get(v.org_key);
    if (!lag)
      byOrg.set(
        v.org_key,
        (lag = {
          org_key: v.org_key,
          territory_id: v.territory_id ?? '',
          org_type_id: v.org_type_id,
          withValue: 0,
          lagging: 0,
        }),
      );
    lag.withValue += 1;
    if (v.is_lagging) lag.lagging += 1;
  }
  return [...byOrg.values()];
}

/**
 * The lagging section and its subsections; none when no indicator of the year has a value in the note's scope
 * (nothing to compare with the trajectory: the note's closing list says so).
 */
export function laggingSection(ctx: NoteContext): NoteSection[] {
  const { data, year } = ctx;
  const scope = ctx.territoryId;
  const anyValue = data.mart_indicator_values.some(
    (v) => v.year === year && v.value_pct !== null && (scope === null || v.territory_id === scope),
  );
  if (!anyValue) {
    ctx.absent.push(`Отставание от траектории за ${year} год не оценивалось: не рассчитан ни один показатель.`);
    return [];
  }
  const blocks: Block[] = [];
  const lagged = new Set<string>();
  const withTerritoryValue = ctx.indicators.filter((i) =>
    ctx.scopeTerritories.some((t) => indicatorRow(data, i.indicator_id, year, t.territory_id)?.value_pct != null),
  );
  const notComputed = ctx.indicators.filter((i) => !withTerritoryValue.includes(i));
  const items = withTerritoryValue.map((indicator) => {
    const trajectory = indicatorRow(data, indicator.indicator_id, year, null)?.trajectory_pct;
    const below = ctx.scopeTerritories.flatMap((t) => {
      const row = indicatorRow(data, indicator.indicator_id, year, t.territory_id);
      if (row?.value_pct == null || !row.is_lagging) return [];
      lagged.add(t.territory_id);
      return [`${t.short_name} — ${pct(row.value_pct)} (${pp(row.value_pct - row.trajectory_pct)})`];
    });
    return `${indicator.short_name} (траектория ${pct(trajectory)}): ${below.length === 0 ? 'ниже траектории нет' : below.join('; ')}`;
  });
  blocks.push(
    {
      kind: 'paragraph',
      text:
        ctx.territoryId === null
          ? `Хотя бы по одному показателю ниже траектории ${year} года — ${countOf(lagged.size, NOUN.territory)} из ${num(ctx.territories.length)} (включая краевые организации).` +
            (items.length === 0 ? '' : ' По показателям (значение и отклонение от траектории):')
          : items.length === 0
            ? `Показатели ${year} года не рассчитаны.`
            : `Показатели ${year} года ниже траектории (значение и отклонение от траектории):`,
    },
    ...(items.length === 0 ? [] : [{ kind: 'bullets' as const, items }]),
    ...(notComputed.length === 0
      ? []
      : [
          {
            kind: 'paragraph' as const,
            text: `Не рассчитаны за ${year} год${scope === null ? ' ни для одного муниципалитета' : ''}: ${listRu(notComputed.map((i) => quote(i.short_name)))}.`,
          },
        ]),
    ...chartBlocks(ctx, 'lagging'),
  );
  const territoriesPart: NoteSection = {
    id: 'lagging-territories',
    level: 2,
    title: 'Муниципалитеты ниже траектории',
    blocks,
  };

  const organisations = new Map(data.ref_organisations.map((o) => [o.org_key, o]));
  const orgTypes = new Map(data.ref_org_types.map((t) => [t.org_type_id, t.short_name]));
  const nameOf = (key: string) => organisations.get(key)?.name ?? key;
  const territoryName = new Map(ctx.territories.map((t) => [t.territory_id, t.short_name]));
  const scopeIds = new Set(ctx.scopeTerritories.map((t) => t.territory_id));
  const lags = organisationLags(data.mart_indicator_values, year).filter((l) => scopeIds.has(l.territory_id));
  const orgBlocks: Block[] = [];
  const countRow = (label: string, list: OrgLag[]) => [
    label,
    num(list.length),
    num(list.filter((l) => l.lagging > 0).length),
    num(list.filter((l) => l.lagging === l.withValue).length),
  ];
  if (lags.length === 0)
    orgBlocks.push({ kind: 'paragraph', text: `Значений показателей отдельных организаций за ${year} год нет.` });
  else
    orgBlocks.push({
      kind: 'table',
      caption: `Организации ниже траектории ${year} года`,
      columns: [
        { title: 'Муниципалитет', width: 3 },
        { title: 'Организаций со значениями', align: 'right' },
        { title: 'Ниже хотя бы по одному показателю', align: 'right' },
        { title: 'Ниже по всем своим показателям', align: 'right' },
      ],
      rows: [
        ...(ctx.territoryId === null ? [countRow('Итого по краю', lags)] : []),
        ...ctx.scopeTerritories
          .map((t) => ({ t, list: lags.filter((l) => l.territory_id === t.territory_id) }))
          .filter(({ list }) => list.length > 0 || ctx.territoryId !== null)
          .map(({ t, list }) => countRow(t.short_name, list)),
      ],
      strongRows: ctx.territoryId === null ? [0] : [],
    });
  const order = new Map(ctx.territories.map((t, i) => [t.territory_id, i]));
  const worst = lags
    .filter((l) => l.lagging === l.withValue && l.withValue >= MIN_INDICATORS_FOR_LIST)
    .toSorted(
      (a, b) =>
        (order.get(a.territory_id) ?? 0) - (order.get(b.territory_id) ?? 0) ||
        nameOf(a.org_key).localeCompare(nameOf(b.org_key), 'ru'),
    );
  if (worst.length > 0) {
    orgBlocks.push({
      kind: 'table',
      caption: `Организации ниже траектории по всем своим показателям (не менее ${MIN_INDICATORS_FOR_LIST}), ${year} год`,
      columns: [
        { title: 'Организация', width: 4 },
        { title: 'Муниципалитет', width: 2 },
        { title: 'Тип' },
        { title: 'Показателей', align: 'right' },
      ],
      rows: worst
        .slice(0, MAX_ORGANISATIONS_LISTED)
        .map((l) => [
          nameOf(l.org_key),
          territoryName.get(l.territory_id) ?? l.territory_id,
          orgTypes.get(l.org_type_id ?? '') ?? '',
          num(l.withValue),
        ]),
    });
    if (worst.length > MAX_ORGANISATIONS_LISTED) {
      orgBlocks.push({
        kind: 'paragraph',
        emphasis: 'muted',
        text: `Показаны ${num(MAX_ORGANISATIONS_LISTED)} из ${countOf(worst.length, NOUN.organisation)}; полный список — на странице «Отстающие» сайта.`,
      });
    }
  }
  const sections: NoteSection[] = [
    territoriesPart,
    { id: 'lagging-organisations', level: 2, title: 'Организации ниже траектории', blocks: orgBlocks },
  ];

  if (scopeIds.has(REGIONAL)) {
    const regional = lags
      .filter((l) => l.territory_id === REGIONAL)
      .toSorted((a, b) => b.lagging - a.lagging || nameOf(a.org_key).localeCompare(nameOf(b.org_key), 'ru'));
    sections.push({
      id: 'lagging-regional',
      level: 2,
      title: 'Краевые организации',
      blocks:
        regional.length === 0
          ? [{ kind: 'paragraph', text: `За ${year} год значений показателей краевых организаций нет.` }]
          : [
              {
                kind: 'table',
                caption: `Краевые организации: показатели ниже траектории ${year} года`,
                columns: [
                  { title: 'Организация', width: 4 },
                  { title: 'Тип' },
                  { title: 'Ниже траектории', align: 'right' },
                  { title: 'Показателей со значением', align: 'right' },
                ],
                rows: regional.map((l) => [
                  nameOf(l.org_key),
                  orgTypes.get(l.org_type_id ?? '') ?? '',
                  num(l.lagging),
                  num(l.withValue),
                ]),
              },
            ],
    });
  }
  const intro: Block = {
    kind: 'paragraph',
    text: `Отставание — значение ${year} года ниже траектории: прямой от базового значения к цели показателя. Сравниваются только рассчитанные значения.`,
  };
  return [{ id: 'lagging', level: 1, title: 'Отстающие муниципалитеты и организации', blocks: [intro] }, ...sections];
}
