import { type ChartExportSpec, chartSource, type SourceMeta } from './chart-export.js';
import { distanceBars } from './distance-bars.js';
import { formatPct, formatYear } from '../contract/format.js';
import {
  FORM_MEASURES,
  type FormCounts,
  formContribution,
  formMultiples,
  formShareBars,
  formStack,
} from './forms-charts.js';
import {
  embedPath,
  type Indicator,
  pick,
  pickYear,
  type SlideParams,
  SlideParamError,
  type Territory,
} from './slide-params.js';
import { territoryMultiples } from './territory-multiples.js';
import { tileMap } from './tile-map.js';

// The charts presenters take to seminar slides, built from the loaders' data for parameters that an embed page reads
// from its URL (indicator, year, territory, type, form). The embed pages, the export buttons of the same charts and
// `npm run slides` all go through here, so a slide says exactly what the page shows. The other pages' charts are in
// detail-slides.ts.

export { type SlideParams, SlideParamError, slideParams } from './slide-params.js';

// ——— «Обзор» (overview.json): in overview-slides.ts, which the page imports itself ———

export { type MeasureName, type OverviewData, progressSlide, territoriesSlide, trendSlide } from './overview-slides.js';

// ——— «Муниципалитеты» and a territory (territories.json) ———

export interface TerritoriesData {
  years: number[];
  indicators: Array<
    Pick<Indicator, 'indicator_id' | 'name' | 'short_name' | 'target_year' | 'target_pct'> & {
      trajectory_pct: Array<number | null>;
      region_pct: Array<number | null>;
    }
  >;
  territories: Array<Territory & { name: string; tile_col: number; tile_row: number }>;
  series: Array<{
    indicator_id: string;
    territory_id: string;
    value_pct: Array<number | null>;
    change_pp: Array<number | null>;
    is_lagging: Array<boolean | null>;
  }>;
}

/** The tile map of the krai for an indicator and a year, coloured by value or by lagging. */
export function mapSlide(data: TerritoriesData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const year = pickYear(data.years, params.year);
  const colorBy = params.color === 'lagging' ? 'lagging' : 'value';
  const i = data.years.indexOf(year);
  const series = data.series.filter((s) => s.indicator_id === indicator.indicator_id);
  const seriesOf = new Map(series.map((s) => [s.territory_id, s]));
  const tiles = data.territories.map((t) => {
    const s = seriesOf.get(t.territory_id);
    return {
      ...t,
      href: `${root}territory/${t.territory_id}`,
      value_pct: s?.value_pct[i] ?? null,
      change_pp: s?.change_pp[i] ?? null,
      is_lagging: s?.is_lagging[i] ?? null,
    };
  });
  // the page's colour range: every year of the indicator, so a colour compares year to year
  const all = series.flatMap((s) => s.value_pct).filter((v): v is number => v != null);
  return {
    title: indicator.name,
    subtitle: `Картограмма края, ${formatYear(year)} год, %; ▼ — ниже траектории ${formatPct(indicator.trajectory_pct[i])}`,
    ...chartSource(meta),
    fileName: `Муниципалитеты — картограмма — ${indicator.short_name} — ${formatYear(year)}`,
    embed: embedPath(
      'map',
      { indicator: indicator.indicator_id, year, color: colorBy === 'lagging' ? 'lagging' : null },
      root,
    ),
    draw: (width) =>
      tileMap(tiles, {
        width,
        year,
        trajectory_pct: indicator.trajectory_pct[i] ?? null,
        colorBy,
        domain: [0, Math.ceil(Math.max(1, ...all))],
      }),
  };
}

/** One territory's indicators by year against the region and the trajectory (its page's panels); one indicator if given. */
export function territorySlide(
  data: TerritoriesData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  if (params.territory == null) throw new SlideParamError('Не указан муниципалитет: параметр territory');
  const territory = pick(data.territories, params.territory, (d) => d.territory_id, 'муниципалитет');
  const indicators =
    params.indicator == null
      ? data.indicators
      : [pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель')];
  const series = indicators.flatMap((indicator) => {
    const s = data.series.find(
      (d) => d.indicator_id === indicator.indicator_id && d.territory_id === territory.territory_id,
    );
    return data.years.map((year, i) => ({
      indicator_id: indicator.indicator_id,
      year,
      value_pct: s?.value_pct[i] ?? null,
      region_pct: indicator.region_pct[i] ?? null,
      trajectory_pct: indicator.trajectory_pct[i] ?? 0,
      is_lagging: s?.is_lagging[i] ?? null,
    }));
  });
  return {
    title:
      params.indicator == null
        ? `${territory.name}: показатели наставничества по годам`
        : `${territory.name}: ${indicators[0]!.name}`,
    subtitle: 'Значения муниципалитета и края по годам против траектории, %',
    ...chartSource(meta),
    fileName: `${territory.short_name} — ${params.indicator == null ? 'показатели по годам' : indicators[0]!.short_name}`,
    embed: embedPath('territory', { territory: territory.territory_id, indicator: params.indicator }, root),
    draw: (width, height) => territoryMultiples(indicators, series, { width, height, years: data.years }),
  };
}

// ——— «Отстающие» (lagging.json) ———

export interface LaggingData {
  years: number[];
  indicators: Array<Pick<Indicator, 'indicator_id' | 'name' | 'short_name'> & { trajectory_pct: Array<number | null> }>;
  territories: Territory[];
  /** [territory index, value %, years in a row] per indicator and year index. */
  lagging: { territory: Record<string, Array<Array<[number, number, number]>>> };
}

/** Territories below the trajectory, furthest below first, by how far (п.п.). */
export function laggingSlide(data: LaggingData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const year = pickYear(data.years, params.year);
  const i = data.years.indexOf(year);
  const trajectory = indicator.trajectory_pct[i] ?? 0;
  const rows = (data.lagging.territory[indicator.indicator_id]?.[i] ?? [])
    .map(([unit, value]) => ({ label: data.territories[unit]!.short_name, distance_pp: value - trajectory }))
    .sort((a, b) => a.distance_pp - b.distance_pp || a.label.localeCompare(b.label, 'ru'));
  return {
    title: `Муниципалитеты ниже траектории в ${formatYear(year)} году: ${rows.length}`,
    subtitle: `${indicator.short_name}: отставание от траектории ${formatPct(trajectory)}, п.п.`,
    ...chartSource(meta),
    fileName: `Отстающие — ${indicator.short_name} — ${formatYear(year)}`,
    embed: embedPath('lagging', { indicator: indicator.indicator_id, year }, root),
    draw: (width, height) => {
      if (rows.length > 0)
        return distanceBars(rows, {
          width,
          height,
          zeroLabel: `траектория ${formatYear(year)}: ${formatPct(trajectory)}`,
        });
      const p = document.createElement('p');
      p.textContent = 'Ни один муниципалитет не ниже траектории.';
      return p;
    },
  };
}

// ——— «Формы наставничества» (forms.json) ———

export interface FormsData {
  years: number[];
  indicators: Array<Pick<Indicator, 'indicator_id' | 'name' | 'short_name' | 'target_year' | 'target_pct'>>;
  forms: Array<{ form_id: string; name: string; mentee_group: string }>;
  org_types: Array<{ org_type_id: string; short_name: string }>;
  territories: Territory[];
  region: Array<{
    indicator_id: string;
    year: number;
    value_pct: number | null;
    trajectory_pct: number;
    reason?: string | null;
  }>;
  form_values: Array<{ indicator_id: string; form_id: string; year: number; value_pct: number | null }>;
  /** [territory_id, org_type_id, form_id, year, mentees, mentors_students, enterprises_mentors] */
  participants: Array<[string, string, string, number, number, number, number]>;
}

const GROUP: Record<string, string> = { pupils: 'наставляемые — обучающиеся', teachers: 'наставляемые — педагоги' };

/** Counts of a slice (type and territory, either may be the whole) by form and year, as the page sums them. */
function formSlice(data: FormsData, params: SlideParams) {
  const type = params.type == null ? null : pick(data.org_types, params.type, (d) => d.org_type_id, 'тип организаций');
  const territory =
    params.territory == null ? null : pick(data.territories, params.territory, (d) => d.territory_id, 'муниципалитет');
  // mart_forms rows are additive counts: any slice is a sum, and a share is a sum over a sum, never an average of shares
  const sums = new Map<string, FormCounts>();
  const totals = new Map<number, number>();
  for (const [t, o, f, y, m, mentors, enterprises] of data.participants) {
    if ((type && o !== type.org_type_id) || (territory && t !== territory.territory_id)) continue;
    const s = sums.get(`${f}|${y}`) ?? { mentees: 0, mentors: 0, enterprises: 0 };
    s.mentees += m;
    s.mentors += mentors;
    s.enterprises += enterprises;
    sums.set(`${f}|${y}`, s);
    totals.set(y, (totals.get(y) ?? 0) + m);
  }
  const mentees = new Map([...sums].map(([key, s]) => [key, s.mentees]));
  const share = (formId: string, year: number) => {
    const total = totals.get(year) ?? 0;
    return total > 0 ? ((mentees.get(`${formId}|${year}`) ?? 0) / total) * 100 : null;
  };
  const name = `${type ? type.short_name : 'все типы организаций'}, ${territory ? territory.short_name : 'весь край'}`;
  return { type, territory, sums, mentees, share, name };
}

/** Each form's share among the mentees of a slice in a year. */
export function formSharesSlide(data: FormsData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const year = pickYear(data.years, params.year);
  const slice = formSlice(data, params);
  const rows = data.forms
    .filter((f) => data.years.some((y) => slice.mentees.has(`${f.form_id}|${y}`)))
    .map((f) => ({
      form: f.name,
      group: GROUP[f.mentee_group] ?? f.mentee_group,
      mentees: slice.mentees.get(`${f.form_id}|${year}`) ?? 0,
      share_pct: slice.share(f.form_id, year),
    }));
  return {
    title: `Доля каждой формы наставничества среди наставляемых в ${formatYear(year)} году`,
    subtitle: `${slice.name}; %`,
    ...chartSource(meta),
    fileName: `Формы — доли — ${slice.name} — ${formatYear(year)}`,
    embed: embedPath('forms', { year, territory: slice.territory?.territory_id, type: slice.type?.org_type_id }, root),
    draw: (width) => formShareBars(rows, { width }),
  };
}

/** One form's share among the mentees of a slice, year by year. */
export function formTrendSlide(data: FormsData, meta: SourceMeta, params: SlideParams, root = './'): ChartExportSpec {
  const form = pick(data.forms, params.form, (d) => d.form_id, 'форма наставничества');
  const year = pickYear(data.years, params.year);
  const slice = formSlice(data, params);
  const rows = data.years.map((y) => ({ form: form.name, year: y, value: slice.share(form.form_id, y) }));
  return {
    title: `Форма «${form.name}»: доля среди наставляемых по годам`,
    subtitle: `${slice.name}; %`,
    ...chartSource(meta),
    fileName: `Формы — ${form.name} — ${slice.name}`,
    embed: embedPath(
      'forms',
      { form: form.form_id, year, territory: slice.territory?.territory_id, type: slice.type?.org_type_id },
      root,
    ),
    draw: (width) =>
      formMultiples(rows, { width, years: data.years, forms: [form.name], format: formatPct, highlight_year: year }),
  };
}

/** Every form of a slice by year, one panel per form: its share among the mentees or its participants (`measure`). */
export function formDynamicsSlide(
  data: FormsData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const measure = pick(FORM_MEASURES, params.measure, (d) => d.id, 'величина по годам');
  const year = pickYear(data.years, params.year);
  const slice = formSlice(data, params);
  const forms = data.forms.filter((f) => data.years.some((y) => slice.sums.has(`${f.form_id}|${y}`)));
  if (forms.length === 0) throw new SlideParamError(`В срезе «${slice.name}» нет участников ни в одном году.`);
  const rows = forms.flatMap((f) =>
    data.years.map((y) => {
      const s = slice.sums.get(`${f.form_id}|${y}`);
      return {
        form: f.name,
        year: y,
        value: measure.id === 'share' ? slice.share(f.form_id, y) : s == null ? null : s[measure.id],
      };
    }),
  );
  return {
    title: `Формы наставничества по годам: ${measure.label}`,
    subtitle: slice.name,
    ...chartSource(meta),
    fileName: `Формы — по годам — ${measure.label} — ${slice.name}`,
    embed: embedPath(
      'forms-dynamics',
      {
        measure: measure.id === FORM_MEASURES[0].id ? null : measure.id,
        year,
        territory: slice.territory?.territory_id,
        type: slice.type?.org_type_id,
      },
      root,
    ),
    // on the page a panel per form; in a slide's frame one chart of the largest forms and «прочие»
    draw: (width, height) =>
      height == null
        ? formMultiples(rows, {
            width,
            years: data.years,
            forms: forms.map((f) => f.name),
            format: measure.format,
            highlight_year: year,
          })
        : formStack(rows, {
            width,
            height,
            years: data.years,
            format: measure.format,
            highlight_year: year,
            totals: measure.id !== 'share',
          }),
  };
}

/** Each form's part of an indicator's regional value, by year. */
export function formContributionSlide(
  data: FormsData,
  meta: SourceMeta,
  params: SlideParams,
  root = './',
): ChartExportSpec {
  const indicator = pick(data.indicators, params.indicator, (d) => d.indicator_id, 'показатель');
  const parts = data.form_values.filter((d) => d.indicator_id === indicator.indicator_id);
  const formName = new Map(data.forms.map((f) => [f.form_id, f.name]));
  const forms = data.forms
    .filter((f) => parts.some((p) => p.form_id === f.form_id && p.value_pct != null))
    .map((f) => f.name);
  const rows = parts.map((d) => ({ form: formName.get(d.form_id)!, year: d.year, value_pct: d.value_pct }));
  const region = data.region.filter((d) => d.indicator_id === indicator.indicator_id);
  if (forms.length === 0) {
    // forms without totals give no share: the embed says why rather than drawing an empty chart
    const reasons = [...new Set(region.map((d) => d.reason).filter((r): r is string => r != null))];
    throw new SlideParamError(
      `Вклад форм в показатель «${indicator.short_name}» не рассчитан ни за один год${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    );
  }
  return {
    title: indicator.name,
    subtitle: 'Значение по краю по годам и часть, которую дала каждая форма наставничества, %',
    ...chartSource(meta),
    fileName: `Формы — вклад в показатель — ${indicator.short_name}`,
    embed: embedPath('forms-contribution', { indicator: indicator.indicator_id }, root),
    draw: (width, height) =>
      formContribution(rows, {
        width,
        // in a slide's frame, as tall as the frame allows, never so short that the columns lose their scale
        ...(height == null ? {} : { height: Math.max(240, height) }),
        years: data.years,
        forms,
        region,
        target_year: indicator.target_year,
        target_pct: indicator.target_pct,
      }),
  };
}
