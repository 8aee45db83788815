import { type ChartExportSpec, chartSource, type SourceMeta } from './chart-export.js';
import { registryAbsence, type RegistryStatus, type RegistryTableRow, registryPercent } from './registry-table.js';
import { checklistAbsence, checklistDefaultYear, checklistHeatmap } from './checklist-heatmap.js';
import { NO_YEARS, yearsPhrase } from './empty-note.js';
import { type CoverageYear, coverageYears } from './coverage-years.js';
import { formatNumber, formatPct, formatYear } from '../contract/format.js';
import { PALETTE } from './legend.js';
import { territoryTypeBars } from './org-type-territories.js';
import { orgTypeStyles, orgTypeTrend, shareAbsence } from './org-type-trend.js';
import { coverageGrid, filesGrid } from './quality-grids.js';
import { UNKNOWN_TERRITORY, UNKNOWN_YEAR } from './quality-labels.js';
import { registryGap } from './registry-gap.js';
import { registryTrend } from './registry-trend.js';
import { IZHEVSK, type ShareRule, shareBars } from './share-bars.js';
import {
  embedPath,
  type Indicator,
  pick,
  pickYear,
  type SlideParams,
  SlideParamError,
  type Territory,
} from './slide-params.js';

// The charts of «Типы организаций», «Реестр наставников», «Чек-лист», «Качество данных» and a territory's coverage,
// as slide-charts.ts has those of the seminar set: one builder per chart, from the page's loader data and the
// parameters an embed page reads from its URL, used by the page's export buttons and by its embed page alike.

// ——— «Типы организаций» (org-types.json) ———

export interface OrgTypesData {
  years: number[];
  /** denominator_genitive: the denominator's name in the genitive, to say why a share is missing (absent in older data). */
  indicators: Array<Indicator & { org_type_id: string | null; denominator_genitive?: string | null }>;
  org_types: Array<{ org_type_id: string; name: string; short_name: string }>;
  territories: Territory[];
  region: Array<{
    indicator_id: string;
    year: number;
    value_pct: number | null;
    trajectory_pct: number;
    denominator?: number | null;
    organisations_reporting?: number | null;
  }>;
  by_type: Array<{
    indicator_id: string;
    org_type_id: string;
    year: number;
    value_pct: number | null;
    change_pp: number | null;
    trajectory_pct: number;
    is_lagging: boolean | null;
    denominator?: number | null;
    organisations_reporting?: number | null;
  }>;
  /** [indicator_id, territory_id, org_type_id, year, value_pct, is_lagging] */
  by_territory_type: Array<[string, string, string, number, number, boolean | null]>;
}

/** The indicator, year and types (all by default; `type=OO,SPO` for some) of «Типы организаций», as the page filters them. */
function orgTypesSlice(data: OrgTypesData, params: SlideParams) {
  if (data.years.length === 0) throw new SlideParamError(NO_YEARS);
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const year = pickYear(data.years, params.year);
  const chosen =
    params.type == null
      ? data.org_types
      : params.type.split(',').map((id) => pick(data.org_types, id.trim(), (d) => d.org_type_id, 'тип организаций'));
  const chosenIds = new Set(chosen.map((t) => t.org_type_id));
  const typeRows = data.by_type.filter((d) => d.indicator_id === indicator.indicator_id);
  // types that have this indicator at all: an indicator of one type (ОО students) has no СПО or ДО values
  const types = orgTypeStyles(data.org_types)
    .filter((t) => chosenIds.has(t.org_type_id))
    .filter((t) => typeRows.some((d) => d.org_type_id === t.org_type_id && d.value_pct != null));
  if (types.length === 0) {
    // why: nobody reported, or the denominator (численность обучающихся…) is missing
    const reasons = typeRows
      .filter((d) => chosenIds.has(d.org_type_id))
      .map((d) => shareAbsence(d, indicator.denominator_genitive))
      .filter((r) => r != null);
    const reason =
      reasons.find((r) => r.startsWith('доля')) ?? reasons[0] ?? shareAbsence(null, indicator.denominator_genitive);
    throw new SlideParamError(
      `«${indicator.short_name}» за ${yearsPhrase(data.years)} по типам организаций (${chosen.map((t) => t.short_name).join(', ')}): ${reason}.`,
    );
  }
  const region = data.region.filter((d) => d.indicator_id === indicator.indicator_id);
  // the link names the types only when the page has some of them unticked
  const type =
    chosen.length === data.org_types.length
      ? null
      : data.org_types
          .filter((t) => chosenIds.has(t.org_type_id))
          .map((t) => t.org_type_id)
          .join(',');
  return { indicator, year, chosenIds, typeRows, types, region, type };
}

/** An indicator by organisation type over the years, against the region and the trajectory; the year is shaded. */
export function orgTypesTrendSlide(
  data: OrgTypesData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const { indicator, year, typeRows, types, region, type } = orgTypesSlice(data, params);
  return {
    title: indicator.name,
    subtitle: 'По типам организаций и по годам, %',
    ...chartSource(meta),
    fileName: `Типы организаций — ${indicator.short_name} — по годам`,
    embed: embedPath('org-types', { indicator: indicator.indicator_id, year, type }, root),
    draw: (width) =>
      orgTypeTrend(typeRows, {
        width,
        years: data.years,
        types,
        region,
        target_year: indicator.target_year,
        target_pct: indicator.target_pct,
        highlight_year: year,
      }),
  };
}

/** Territory × organisation type in a year, one panel of bars per type. */
export function orgTypesTerritoriesSlide(
  data: OrgTypesData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const { indicator, year, chosenIds, types, region, type } = orgTypesSlice(data, params);
  const typeName = new Map(data.org_types.map((d) => [d.org_type_id, d.short_name]));
  const territoryName = new Map(data.territories.map((t) => [t.territory_id, t.short_name]));
  const cells = data.by_territory_type
    .filter(([i, , o, y]) => i === indicator.indicator_id && y === year && chosenIds.has(o))
    .map(([, territory_id, org_type_id, , value_pct, is_lagging]) => ({
      territory: territoryName.get(territory_id) ?? territory_id,
      type: typeName.get(org_type_id)!,
      value_pct,
      is_lagging,
    }));
  const regionYear = region.find((d) => d.year === year);
  const trajectory = regionYear?.trajectory_pct ?? null;
  if (cells.length === 0) {
    const reason =
      regionYear?.value_pct == null
        ? shareAbsence(regionYear, indicator.denominator_genitive)
        : 'доля не рассчитана ни для одного муниципалитета выбранных типов';
    throw new SlideParamError(`«${indicator.short_name}» за ${formatYear(year)} год по муниципалитетам: ${reason}.`);
  }
  return {
    title: indicator.name,
    subtitle: `Муниципалитеты × типы организаций в ${formatYear(year)} году, %`,
    ...chartSource(meta),
    fileName: `Типы организаций — ${indicator.short_name} — муниципалитеты — ${formatYear(year)}`,
    embed: embedPath('org-types-territories', { indicator: indicator.indicator_id, year, type }, root),
    draw: (width, height) =>
      territoryTypeBars(cells, {
        width,
        height,
        year,
        territories: data.territories.map((t) => t.short_name),
        types: types.map((t) => t.short_name),
        trajectory_pct: trajectory,
      }),
  };
}

// ——— «Реестр наставников» (registry.json) ———

type RegistryCounts = Omit<RegistryTableRow, 'name' | 'kind'>;

export interface RegistryData {
  years: number[];
  territories: Territory[];
  rows: Array<RegistryCounts & { territory_id: string | null; year: number }>;
  region: Array<RegistryCounts & { year: number }>;
  /** Whether the registry was ever synced, and how its step of the latest run ended (absent in older snapshots). */
  status?: RegistryStatus;
}

/** The registry's year: the snapshot must have years and the registry must have been loaded, else a Russian sentence why not. */
function registryYear(data: RegistryData, params: SlideParams): number {
  if (data.years.length === 0) throw new SlideParamError(NO_YEARS);
  const absence = data.status == null ? null : registryAbsence(data.status);
  if (absence) throw new SlideParamError(absence);
  return pickYear(data.years, params.year);
}

/** The region's registry by year against the programmes reported; the year is shaded and labelled. */
export function registryTrendSlide(
  data: RegistryData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const year = registryYear(data, params);
  return {
    title: 'Реестр наставников по годам',
    subtitle: 'Весь край; численность на конец года, человек',
    ...chartSource(meta),
    fileName: 'Реестр — по годам',
    embed: embedPath('registry', { year }, root),
    draw: (width) => registryTrend(data.region, { width, highlight_year: year }),
  };
}

/** Mentors with a programme in the registry per 100 programmes reported, by territory, with the page's threshold (50 %). */
export function registryGapSlide(
  data: RegistryData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const year = registryYear(data, params);
  const threshold = params.threshold ?? 50;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
    throw new SlideParamError(
      `Порог — число от 0 до 100, а не ${Number.isFinite(threshold) ? formatNumber(threshold) : 'то, что в адресе'}`,
    );
  }
  const rows = data.territories.map(({ territory_id, short_name }) => {
    const row = data.rows.find((d) => d.year === year && d.territory_id === territory_id);
    return {
      short_name,
      mentors_with_programme: row?.mentors_with_programme ?? 0,
      programmes_reported: row?.programmes_reported ?? null,
      registry_to_reported_pct: row?.registry_to_reported_pct ?? null,
    };
  });
  return {
    title: `Реестр и отчёты организаций в ${formatYear(year)} году`,
    subtitle: `Наставников с программой в реестре на 100 программ из форм, %; порог ${registryPercent(threshold)}`,
    ...chartSource(meta),
    fileName: `Реестр — к отчётам — ${formatYear(year)}`,
    embed: embedPath('registry-gap', { year, threshold }, root),
    draw: (width, height) => registryGap(rows, { width, height, threshold_pct: threshold }),
  };
}

// ——— «Чек-лист» (checklist.json) ———

export interface ChecklistData {
  /** Every year of the snapshot (any accepted form). */
  years: number[];
  /** The years some organisation sent a checklist for (absent in older snapshots: taken from the rows). */
  checklist_years?: number[];
  criteria: Array<{ criterion_id: string; name: string; short_name: string }>;
  territories: Territory[];
  org_types: Array<{ org_type_id: string; name: string; short_name: string }>;
  /** [territory, org type, year, criterion, answered, meeting] as indexes into the lists above (org type -1: none). */
  rows: Array<[number, number, number, number, number, number]>;
}

/** A year and a type (all by default) of the checklist: territory × criterion sums of who answered and who meets it. */
function checklistSlice(data: ChecklistData, params: SlideParams) {
  if (data.years.length === 0) throw new SlideParamError(NO_YEARS);
  const checklistYears = data.checklist_years ?? [...new Set(data.rows.map((r) => r[2]))].sort((a, b) => a - b);
  const year =
    params.year == null ? checklistDefaultYear(data.years, checklistYears)! : pickYear(data.years, params.year);
  const type = params.type == null ? null : pick(data.org_types, params.type, (d) => d.org_type_id, 'тип организаций');
  const typeIndex = type == null ? -1 : data.org_types.indexOf(type);
  const sums = new Map<string, { territory: number; criterion: number; answered: number; meeting: number }>();
  for (const [territory, rowType, rowYear, criterion, answered, meeting] of data.rows) {
    if (rowYear !== year || (type != null && rowType !== typeIndex)) continue;
    const key = `${territory}:${criterion}`;
    const sum = sums.get(key) ?? { territory, criterion, answered: 0, meeting: 0 };
    sum.answered += answered;
    sum.meeting += meeting;
    sums.set(key, sum);
  }
  // no checklist at all, none for the year or none of the type: the embed says so instead of an empty chart
  const absence = checklistAbsence(data.years, checklistYears, year, type, sums.size > 0);
  if (absence) throw new SlideParamError(absence);
  const byCriterion = data.criteria.map((c, i) => {
    const of = [...sums.values()].filter((d) => d.criterion === i);
    return {
      label: c.short_name,
      answered: of.reduce((s, d) => s + d.answered, 0),
      meeting: of.reduce((s, d) => s + d.meeting, 0),
    };
  });
  const typeLabel = type == null ? 'все типы организаций' : type.name;
  const query = { year, type: type?.org_type_id };
  return { year, type, sums, byCriterion, typeLabel, query };
}

/** The checklist's criteria for the whole region in a year: the share of organisations meeting each. */
export function checklistSlide(
  data: ChecklistData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const { year, byCriterion, typeLabel, query } = checklistSlice(data, params);
  return {
    title: `Чек-лист внедрения целевой модели в ${formatYear(year)} году`,
    subtitle: `Весь край, ${typeLabel}; доля организаций, выполняющих критерий, среди ответивших, %`,
    ...chartSource(meta),
    fileName: `Чек-лист — весь край — ${formatYear(year)}`,
    embed: embedPath('checklist', query, root),
    draw: (width, height) => shareBars(byCriterion, { width, height, keepOrder: true, unit: 'организаций' }),
  };
}

/** Territory × criterion in a year: the share meeting each criterion. */
export function checklistHeatmapSlide(
  data: ChecklistData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const { year, sums, typeLabel, query } = checklistSlice(data, params);
  const cells = [...sums.values()].map((d) => ({
    row: data.territories[d.territory]!.short_name,
    column: data.criteria[d.criterion]!.short_name,
    answered: d.answered,
    meeting: d.meeting,
  }));
  const columnTitles = new Map(data.criteria.map((c) => [c.short_name, c.name]));
  return {
    title: `Чек-лист: муниципалитеты × критерии в ${formatYear(year)} году`,
    subtitle: `${typeLabel}; доля выполняющих критерий среди ответивших, %`,
    ...chartSource(meta),
    fileName: `Чек-лист — муниципалитеты — ${formatYear(year)}`,
    embed: embedPath('checklist-heatmap', query, root),
    draw: (width) =>
      checklistHeatmap(cells, {
        width,
        rows: data.territories.map((t) => t.short_name),
        columns: data.criteria.map((c) => c.short_name),
        columnTitles,
      }),
  };
}

/** The mentor database (criterion «mentor_database») by territory in a year, against the region and, for ОО, Izhevsk. */
export function checklistDatabaseSlide(
  data: ChecklistData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const { year, type, sums, byCriterion, typeLabel, query } = checklistSlice(data, params);
  const dbIndex = data.criteria.findIndex((c) => c.criterion_id === 'mentor_database');
  if (dbIndex < 0)
    throw new SlideParamError('В справочнике чек-листа нет критерия «база наставников» (mentor_database)');
  const region = byCriterion[dbIndex]!;
  if (region.answered === 0) {
    throw new SlideParamError(
      `О базе наставников за ${formatYear(year)} год не ответила ни одна организация${type == null ? '' : ` типа «${type.name}»`}: чек-лист прислан без этого критерия.`,
    );
  }
  const regionPct = region.answered > 0 ? (region.meeting / region.answered) * 100 : null;
  const rows = data.territories.map((t, i) => {
    const sum = sums.get(`${i}:${dbIndex}`);
    return { label: t.short_name, answered: sum?.answered ?? 0, meeting: sum?.meeting ?? 0 };
  });
  const rules: ShareRule[] = [
    ...(regionPct == null ? [] : [{ value: regionPct, label: 'весь край', color: PALETTE.trajectory }]),
    ...(type?.org_type_id === 'OO' ? [IZHEVSK] : []),
  ];
  return {
    title: `База наставников по муниципалитетам в ${formatYear(year)} году`,
    subtitle: `${typeLabel}; доля организаций с информационной базой наставников, %; по краю — ${formatPct(regionPct)}`,
    ...chartSource(meta),
    fileName: `Чек-лист — база наставников — ${formatYear(year)}`,
    embed: embedPath('checklist-database', query, root),
    draw: (width, height) => shareBars(rows, { width, height, unit: '', rules }),
  };
}

// ——— «Качество данных» (quality.json) ———

export interface QualityData {
  years: number[];
  territories: Territory[];
  files_total: number;
  file_cells: Array<{
    year: number | null;
    territory_id: string | null;
    received: number;
    partial: number;
    rejected: number;
  }>;
  coverage: Array<{
    territory_id: string;
    year: number;
    organisations_expected: number;
    organisations_reported: number;
    organisations_missing: number;
    share_reported_pct: number | null;
  }>;
}

/** Files received by territory and year of the data, all years (as on the page) or one (`year`). */
export function qualityFilesSlide(
  data: QualityData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  if (data.files_total === 0)
    throw new SlideParamError('Файлов ещё не получено: в папке входящих не было ни одного файла.');
  const year = params.year == null ? null : pickYear(data.years, params.year);
  const territoryName = new Map(data.territories.map((t) => [t.territory_id, t.short_name]));
  const fileCells = data.file_cells.filter((c) => year == null || c.year === year);
  const rows = [
    ...data.territories.map((t) => t.short_name),
    ...(fileCells.some((c) => c.territory_id == null) ? [UNKNOWN_TERRITORY] : []),
  ];
  const columns =
    year == null
      ? [...data.years.map(formatYear), ...(fileCells.some((c) => c.year == null) ? [UNKNOWN_YEAR] : [])]
      : [formatYear(year)];
  const cells = fileCells.map((c) => ({
    row: c.territory_id == null ? UNKNOWN_TERRITORY : (territoryName.get(c.territory_id) ?? c.territory_id),
    column: c.year == null ? UNKNOWN_YEAR : formatYear(c.year),
    received: c.received,
    partial: c.partial,
    rejected: c.rejected,
  }));
  return {
    title:
      year == null
        ? `Полученные файлы по муниципалитетам и годам: всего ${formatNumber(data.files_total)}`
        : `Полученные файлы с данными за ${formatYear(year)} год по муниципалитетам`,
    subtitle: 'Число файлов; в скобках — отклонённые и принятые частично',
    ...chartSource(meta),
    fileName: year == null ? 'Качество данных — файлы' : `Качество данных — файлы — ${formatYear(year)}`,
    embed: embedPath('quality-files', { year }, root),
    draw: (width) => filesGrid(cells, { width, rows, columns, unrecognised: [UNKNOWN_TERRITORY, UNKNOWN_YEAR] }),
  };
}

/** The share of expected organisations that submitted, by territory and year: all years (as on the page) or one. */
export function qualityCoverageSlide(
  data: QualityData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const coverageYearList = [...new Set(data.coverage.map((c) => c.year))].sort((a, b) => a - b);
  if (coverageYearList.length === 0) throw new SlideParamError('Сведений об охвате нет: ни одна форма ещё не принята.');
  const year = params.year == null ? null : pickYear(coverageYearList, params.year);
  const territoryName = new Map(data.territories.map((t) => [t.territory_id, t.short_name]));
  const cells = data.coverage
    .filter((c) => year == null || c.year === year)
    .map((c) => ({ ...c, row: territoryName.get(c.territory_id) ?? c.territory_id, column: formatYear(c.year) }));
  return {
    title: year == null ? 'Кто не сдал форму' : `Кто не сдал форму в ${formatYear(year)} году`,
    subtitle:
      year == null
        ? 'Доля ожидаемых организаций, сдавших форму, по муниципалитетам и годам, %'
        : `Доля ожидаемых организаций, сдавших форму за ${formatYear(year)} год, по муниципалитетам, %`,
    ...chartSource(meta),
    fileName:
      year == null
        ? 'Качество данных — кто не сдал форму'
        : `Качество данных — кто не сдал форму — ${formatYear(year)}`,
    embed: embedPath('quality-coverage', { year }, root),
    draw: (width) =>
      coverageGrid(cells, {
        width,
        rows: data.territories.map((t) => t.short_name),
        columns: (year == null ? coverageYearList : [year]).map(formatYear),
      }),
  };
}

// ——— a territory's coverage (territories.json, or the territory page's own data) ———

export interface TerritoryCoverageData {
  territories: Array<Territory & { name: string }>;
  /** Coverage by territory and year (mart_coverage). */
  coverage: Array<CoverageYear & { territory_id: string }>;
}

/** How many organisations of a territory were expected and how many submitted, by year. */
export function territoryCoverageSlide(
  data: TerritoryCoverageData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  if (params.territory == null) throw new SlideParamError('Не указан муниципалитет: параметр territory');
  const territory = pick(data.territories, params.territory, (d) => d.territory_id, 'муниципалитет');
  const rows = data.coverage.filter((c) => c.territory_id === territory.territory_id);
  return {
    title: `${territory.name}: охват мониторинга по годам`,
    subtitle: 'Сколько организаций ждали и сколько сдали форму',
    ...chartSource(meta),
    fileName: `${territory.short_name ?? territory.name} — охват мониторинга`,
    embed: embedPath('territory-coverage', { territory: territory.territory_id }, root),
    draw: (width) => coverageYears(rows, { width }),
  };
}
