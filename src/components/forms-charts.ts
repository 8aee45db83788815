import * as Plot from '@observablehq/plot';
import { formatNumber, formatPct, formatYear } from '../contract/format.js';
import { chartLegend, OKABE_ITO, PALETTE } from './legend.js';
import { bandLabels } from './plot-layout.js';
import { CHART_STYLE, PANEL_STYLE, pctScale } from './plot-defaults.js';

/** A form's part of the region's value of an indicator in one year (level 'form': the parts add up to the region). */
export interface FormPart {
  form: string;
  year: number;
  value_pct: number | null;
}

export interface ContributionOptions {
  width: number;
  height?: number;
  years: readonly number[];
  /** Forms bottom to top, as the legend lists them. */
  forms: readonly string[];
  region: ReadonlyArray<{ year: number; value_pct: number | null; trajectory_pct: number }>;
  target_year: number;
  target_pct: number;
}

/**
 * A colour per form in the given order (Okabe–Ito; the black of the palette is the last resort).
 * @example formColors(["учитель – ученик", "ученик – ученик"]).get("ученик – ученик") // "#56B4E9"
 */
export function formColors(forms: readonly string[]): Map<string, string> {
  return new Map(forms.map((f, i) => [f, OKABE_ITO[i % OKABE_ITO.length]!]));
}

/**
 * Each form's part of the region's value as stacked columns by year (the stack's height is the region's value),
 * against the trajectory; the legend lists the forms in stacking order, bottom first.
 * @example formContribution(parts, { width, years, forms, region, target_year: 2024, target_pct: 70 })
 */
export function formContribution(
  data: readonly FormPart[],
  { width, height = 380, years, forms, region, target_year, target_pct }: ContributionOptions,
): HTMLElement {
  const colors = formColors(forms);
  const rows = data
    .filter((d) => d.value_pct != null && colors.has(d.form))
    .map((d) => ({ ...d, label: formatYear(d.year), order: forms.indexOf(d.form) }))
    .sort((a, b) => a.order - b.order);
  type Row = (typeof rows)[number];
  const regionRows = region.toSorted((a, b) => a.year - b.year).map((d) => ({ ...d, label: formatYear(d.year) }));
  type RegionRow = (typeof regionRows)[number];
  const labels = years.map(formatYear);
  const yMax = Math.max(target_pct, ...regionRows.map((d) => Math.max(d.value_pct ?? 0, d.trajectory_pct)));

  const chart = Plot.plot({
    width,
    height,
    marginTop: 24,
    marginLeft: 44,
    marginRight: 16,
    style: CHART_STYLE,
    x: { type: 'band', domain: labels, label: null, padding: 0.3 },
    y: pctScale(yMax, { label: '%' }),
    color: { domain: forms, range: forms.map((f) => colors.get(f)!) },
    marks: [
      Plot.barY(rows, {
        x: 'label',
        y: 'value_pct',
        fill: 'form',
        order: [...forms],
        stroke: PALETTE.halo,
        strokeWidth: 0.5,
        title: (d: Row) => `${d.label}, ${d.form}: ${formatPct(d.value_pct)}`,
        tip: true,
        className: 'forms-contribution-bars',
      }),
      Plot.ruleY([0]),
      Plot.line(regionRows, {
        x: 'label',
        y: 'trajectory_pct',
        stroke: PALETTE.trajectory,
        strokeWidth: 2,
        strokeDasharray: '7,5',
        className: 'forms-trajectory',
      }),
      Plot.dot(regionRows, { x: 'label', y: 'trajectory_pct', r: 3, fill: PALETTE.trajectory }),
      Plot.text(
        regionRows.filter((d) => d.value_pct != null),
        {
          x: 'label',
          y: 'value_pct',
          dy: -9,
          fontWeight: 600,
          fill: 'currentColor',
          stroke: PALETTE.halo,
          strokeWidth: 3,
          paintOrder: 'stroke',
          text: (d: RegionRow) => formatPct(d.value_pct),
        },
      ),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'forms-contribution';
  figure.append(
    chartLegend([
      ...forms.map((f) => [{ kind: 'swatch', color: colors.get(f)! }, f] as const),
      [
        { kind: 'dash', color: PALETTE.trajectory },
        `траектория (цель ${formatPct(target_pct)} к ${formatYear(target_year)})`,
      ] as const,
    ]),
    chart,
  );
  return figure;
}

/** One form's mentees in the chosen slice and year, and its share of all mentees of the slice. */
export interface FormShare {
  form: string;
  group: string;
  mentees: number;
  share_pct: number | null;
}

/** Pupils' and teachers' forms differ in colour and are named in the legend; the form's name is on the axis. */
export const GROUP_COLORS: Readonly<Record<string, string>> = {
  'наставляемые — обучающиеся': '#0072B2',
  'наставляемые — педагоги': '#E69F00',
};

/**
 * Forms of mentoring by their share of mentees in one year, largest first, each labelled with the share and the
 * number of mentees.
 * @example formShareBars(rows, { width })
 */
export function formShareBars(data: readonly FormShare[], { width }: { width: number }): HTMLElement {
  const rows = data
    .filter((d) => d.mentees > 0)
    .toSorted((a, b) => b.mentees - a.mentees || a.form.localeCompare(b.form, 'ru'));
  type Row = (typeof rows)[number];
  const groups = Object.keys(GROUP_COLORS).filter((g) => rows.some((d) => d.group === g));
  // the shares written after the bars need about 140 px; on a phone the form names go above the bars
  const marginRight = 140;
  const band = bandLabels(
    rows.map((d) => d.form),
    width,
    { perChar: 7.8, pad: 20, max: 440, marginRight, rowHeight: 30 },
  );
  const xMax = Math.max(1, ...rows.map((d) => d.share_pct ?? 0));
  const chart = Plot.plot({
    width,
    height: 40 + rows.length * band.rowHeight,
    marginTop: 16,
    marginLeft: band.marginLeft,
    marginRight,
    style: CHART_STYLE,
    x: { ...pctScale(xMax, { headroom: 1.05 }), axis: 'top' },
    y: { domain: rows.map((d) => d.form), label: null, tickSize: 0, ...band.axis },
    color: { domain: Object.keys(GROUP_COLORS), range: Object.values(GROUP_COLORS) },
    marks: [
      Plot.barX(rows, {
        y: 'form',
        x: 'share_pct',
        fill: 'group',
        insetTop: band.insetTop,
        insetBottom: 4,
        title: (d: Row) => `${d.form}: ${formatPct(d.share_pct)} наставляемых (${formatNumber(d.mentees)} чел.)`,
        tip: true,
        className: 'forms-share-marks',
      }),
      ...band.labels('forms-share-label'),
      Plot.text(rows, {
        y: 'form',
        x: 'share_pct',
        dx: 5,
        // beside the bar, which sits below its label when the labels are above the bars
        dy: band.above ? (band.insetTop - 4) / 2 : 0,
        textAnchor: 'start',
        fill: 'currentColor',
        text: (d: Row) => `${formatPct(d.share_pct)} · ${formatNumber(d.mentees)} чел.`,
      }),
      Plot.ruleX([0]),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'forms-share-bars';
  figure.append(chartLegend(groups.map((g) => [{ kind: 'swatch', color: GROUP_COLORS[g]! }, g] as const)), chart);
  return figure;
}

/** A form's value of the chosen measure in one year. */
export interface FormYearValue {
  form: string;
  year: number;
  value: number | null;
}

export interface FormMultiplesOptions {
  width: number;
  years: readonly number[];
  forms: readonly string[];
  format: (value: number) => string;
  highlight_year?: number;
}

/**
 * Small multiples, one panel per form: the chosen measure by year on a shared scale, every column labelled, so
 * forms are told apart by their panels' titles rather than by colour.
 * @example formMultiples(rows, { width, years, forms, format: formatPct, highlight_year: 2024 })
 */
export function formMultiples(
  data: readonly FormYearValue[],
  { width, years, forms, format, highlight_year }: FormMultiplesOptions,
): HTMLElement {
  const columns = width >= 1000 ? 4 : width >= 600 ? 3 : width >= 400 ? 2 : 1;
  const gap = 14;
  const panelWidth = Math.floor((width - gap * (columns - 1)) / columns);
  const labels = years.map(formatYear);
  const yMax = Math.max(1, ...data.map((d) => d.value ?? 0));
  const grid = document.createElement('div');
  grid.className = 'forms-multiples';
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  grid.style.gap = `${gap}px`;
  for (const form of forms) {
    const rows = data
      .filter((d) => d.form === form && d.value != null)
      .map((d) => ({ ...d, label: formatYear(d.year) }));
    type Row = (typeof rows)[number];
    const panel = document.createElement('figure');
    panel.className = 'forms-multiple';
    panel.dataset.form = form;
    const title = document.createElement('h3');
    title.textContent = form;
    const chart = Plot.plot({
      width: panelWidth,
      height: 150,
      marginTop: 18,
      marginLeft: 8,
      marginRight: 8,
      marginBottom: 22,
      style: PANEL_STYLE,
      x: { type: 'band', domain: labels, label: null, padding: 0.2 },
      y: { domain: [0, yMax * 1.18], axis: null },
      marks: [
        Plot.barY(rows, {
          x: 'label',
          y: 'value',
          fill: (d: Row) => (d.year === highlight_year ? PALETTE.fact : '#8FB8DA'),
          title: (d: Row) => `${form}, ${d.label}: ${format(d.value!)}`,
          tip: true,
          className: 'forms-multiple-bars',
        }),
        Plot.ruleY([0]),
        Plot.text(rows, { x: 'label', y: 'value', dy: -7, fontSize: 10, text: (d: Row) => format(d.value!) }),
      ],
    });
    panel.append(title, chart);
    grid.append(panel);
  }
  return grid;
}

/** What the forms beyond the largest are summed into on a slide. */
export const OTHER_FORMS = 'прочие';
const OTHER_COLOR = '#9E9E9E';

/**
 * The largest forms of `year` by value (at most `keep`, each at least `minShare` of the year's sum), the others
 * summed as «прочие» — by name when only one is left over. Forms in the order of the stack, largest at the bottom.
 * @example topForms(rows, 2024).forms // ["ученик – ученик", "учитель – учитель", …, "прочие"]
 */
export function topForms(
  data: readonly FormYearValue[],
  year: number | undefined,
  keep = 5,
  minShare = 0.03,
): { forms: string[]; rows: FormYearValue[] } {
  const names = [...new Set(data.map((d) => d.form))];
  const latest = year ?? Math.max(...data.filter((d) => d.value != null).map((d) => d.year));
  const valueIn = (form: string) => data.find((d) => d.form === form && d.year === latest)?.value ?? 0;
  const total = names.reduce((sum, f) => sum + valueIn(f), 0);
  const ranked = names.toSorted((a, b) => valueIn(b) - valueIn(a) || a.localeCompare(b, 'ru'));
  const kept = ranked.filter((f, i) => i < keep && valueIn(f) > 0 && valueIn(f) >= minShare * total);
  const rest = ranked.filter((f) => !kept.includes(f));
  // «прочие» of a single form would hide its name for nothing
  if (rest.length <= 1) return { forms: ranked, rows: [...data] };
  const years = [...new Set(data.map((d) => d.year))];
  const other = years.map((y) => {
    const values = data.filter((d) => d.year === y && rest.includes(d.form) && d.value != null).map((d) => d.value!);
    return { form: OTHER_FORMS, year: y, value: values.length ? values.reduce((a, b) => a + b, 0) : null };
  });
  return { forms: [...kept, OTHER_FORMS], rows: [...data.filter((d) => kept.includes(d.form)), ...other] };
}

export interface FormStackOptions {
  width: number;
  height: number;
  years: readonly number[];
  format: (value: number) => string;
  highlight_year?: number;
  /** Each column's sum above it (counts; not shares, whose sum is 100 %). */
  totals?: boolean;
}

/**
 * The forms by year in one chart for a slide: stacked columns of the largest forms and «прочие», each part
 * labelled where it is tall enough, the legend bottom first. Small multiples of ten forms would be too small to
 * read from the back of a hall.
 * @example formStack(rows, { width: 888, height: 360, years, format: formatPct, highlight_year: 2024 })
 */
export function formStack(
  data: readonly FormYearValue[],
  { width, height, years, format, highlight_year, totals = false }: FormStackOptions,
): HTMLElement {
  const { forms, rows: kept } = topForms(data, highlight_year);
  const colors = formColors(forms.filter((f) => f !== OTHER_FORMS));
  colors.set(OTHER_FORMS, OTHER_COLOR);
  const labels = years.map(formatYear);
  const rows = kept
    .filter((d) => d.value != null && d.value > 0)
    .map((d) => ({ ...d, value: d.value!, label: formatYear(d.year), order: forms.indexOf(d.form) }))
    .sort((a, b) => a.order - b.order);
  type Row = (typeof rows)[number];
  const sums = labels.map((label) => rows.filter((d) => d.label === label).reduce((s, d) => s + d.value, 0));
  const yMax = Math.max(1, ...sums);
  const plotHeight = Math.max(200, height);
  const marginTop = totals ? 26 : 8;
  const marginBottom = 30;
  // a part's label fits inside it when the part is taller than a line of text
  const tallEnough = (d: Row) => (d.value / yMax) * (plotHeight - marginTop - marginBottom) >= 20;
  const stack = { x: 'label', y: 'value', z: 'form', order: [...forms] };
  const chart = Plot.plot({
    width,
    height: plotHeight,
    marginTop,
    marginBottom,
    marginLeft: 8,
    marginRight: 8,
    style: CHART_STYLE,
    x: { type: 'band', domain: labels, label: null, padding: 0.25 },
    y: { domain: [0, yMax * 1.02], axis: null },
    color: { domain: forms, range: forms.map((f) => colors.get(f)!) },
    marks: [
      Plot.barY(
        rows,
        Plot.stackY({
          ...stack,
          fill: 'form',
          stroke: PALETTE.halo,
          strokeWidth: 1,
          fillOpacity: (d: Row) => (highlight_year == null || d.year === highlight_year ? 1 : 0.8),
          title: (d: Row) => `${d.label}, ${d.form}: ${format(d.value)}`,
          tip: true,
          className: 'forms-stack-bars',
        }),
      ),
      Plot.text(
        rows.filter(tallEnough),
        Plot.stackY({
          ...stack,
          text: (d: Row) => format(d.value),
          // dark on a light halo: legible on every colour of the palette
          fill: '#1A1A1A',
          stroke: PALETTE.halo,
          strokeWidth: 3,
          paintOrder: 'stroke',
          fontWeight: 600,
        }),
      ),
      totals
        ? Plot.text(
            labels.map((label, i) => ({ label, sum: sums[i]! })).filter((d) => d.sum > 0),
            { x: 'label', y: 'sum', dy: -10, fontWeight: 600, text: (d: { sum: number }) => format(d.sum) },
          )
        : null,
      Plot.ruleY([0]),
    ],
  });
  const figure = document.createElement('figure');
  figure.className = 'forms-stack';
  figure.append(chartLegend(forms.map((f) => [{ kind: 'swatch', color: colors.get(f)! }, f] as const)), chart);
  return figure;
}

/** Participants of a form in a year, summed over a slice. */
export interface FormCounts {
  mentees: number;
  mentors: number;
  enterprises: number;
}

/** What the forms' dynamics show by year (the radio «По годам» of «Формы наставничества»); the first is the default. */
export const FORM_MEASURES = [
  { id: 'share', label: 'доля среди наставляемых, %', format: formatPct },
  { id: 'mentees', label: 'наставляемые, чел.', format: formatNumber },
  { id: 'mentors', label: 'наставники из числа обучающихся, чел.', format: formatNumber },
  { id: 'enterprises', label: 'предприятия, предоставившие наставников', format: formatNumber },
] as const satisfies ReadonlyArray<{
  id: 'share' | keyof FormCounts;
  label: string;
  format: (value: number) => string;
}>;
