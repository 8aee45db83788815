import type { CountValue, IndicatorValue } from '../contract/snapshot.ts';
import type { NoteData } from './note-data.ts';

// Every figure of the note, read from one mart for the region or one territory and a year. Sections and
// recommendation rules both take their numbers from here, so a figure cited by a rule is the one printed above it.
// Sums follow the marts' rule: shares are Σ numerators / Σ denominators, never an average of percentages.

/** `null` is the region (every territory), else a territory_id. */
export type Unit = string | null;

const unitRowKey = (indicatorId: string, year: number, unit: Unit) => `${indicatorId}\u0000${year}\u0000${unit ?? ''}`;
// The region's and territories' rows by key, made once per data set: a note looks up thousands of them, and a scan
// of the mart for each made the notes of every year take seconds.
const unitRows = new WeakMap<NoteData, Map<string, IndicatorValue>>();

/** The region's or a territory's row of mart_indicator_values, or undefined when the mart has none. */
export function indicatorRow(
  data: NoteData,
  indicatorId: string,
  year: number,
  unit: Unit,
): IndicatorValue | undefined {
  let rows = unitRows.get(data);
  if (!rows) {
    rows = new Map();
    for (const v of data.mart_indicator_values) {
      if (v.level !== 'region' && !(v.level === 'territory' && v.territory_id !== null)) continue;
      const key = unitRowKey(v.indicator_id, v.year, v.level === 'region' ? null : v.territory_id);
      if (!rows.has(key)) rows.set(key, v);
    }
    unitRows.set(data, rows);
  }
  return rows.get(unitRowKey(indicatorId, year, unit));
}

const countRows = new WeakMap<NoteData, Map<string, CountValue>>();

/**
 * The region's or a territory's row of mart_counts (a count measure summed over the organisations that reported it),
 * or undefined when the mart has none.
 */
export function countRow(data: NoteData, measureId: string, year: number, unit: Unit): CountValue | undefined {
  let rows = countRows.get(data);
  if (!rows) {
    rows = new Map();
    for (const c of data.mart_counts) {
      if (c.level !== 'region' && !(c.level === 'territory' && c.territory_id !== null)) continue;
      const key = unitRowKey(c.measure_id, c.year, c.level === 'region' ? null : c.territory_id);
      if (!rows.has(key)) rows.set(key, c);
    }
    countRows.set(data, rows);
  }
  return rows.get(unitRowKey(measureId, year, unit));
}

/**
 * The counts of the forms of mentoring of a year: the region's from mart_counts (level form: only what was reported),
 * a territory's summed from mart_forms. Per form_id, per measure_id: the sum, or absent when nobody reported it.
 */
export function formCounts(
  data: NoteData,
  year: number,
  unit: Unit,
  measures: readonly string[],
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const add = (form: string, measure: string, value: number) => {
    let m = out.get(form);
    if (!m) out.set(form, (m = new Map()));
    m.set(measure, (m.get(measure) ?? 0) + value);
  };
  if (unit === null) {
    for (const c of data.mart_counts) {
      if (
        c.level === 'form' &&
        c.year === year &&
        c.form_id !== null &&
        c.value !== null &&
        measures.includes(c.measure_id)
      )
        add(c.form_id, c.measure_id, c.value);
    }
    return out;
  }
  for (const f of data.mart_forms) {
    if (f.year !== year || f.territory_id !== unit) continue;
    for (const measure of measures) {
      const value = (f as unknown as Record<string, unknown>)[measure];
      if (typeof value === 'number' && value !== 0) add(f.form_id, measure, value);
    }
  }
  return out;
}

/** Indicators of the year (with a value) below the trajectory, for the region or a territory. */
export function laggingIndicators(data: NoteData, year: number, unit: Unit): { lagging: number; withValue: number } {
  let lagging = 0;
  let withValue = 0;
  for (const indicator of data.ref_indicators) {
    const row = indicatorRow(data, indicator.indicator_id, year, unit);
    if (row?.value_pct == null) continue;
    withValue += 1;
    if (row.is_lagging) lagging += 1;
  }
  return { lagging, withValue };
}

export interface ChecklistFigure {
  answered: number;
  meeting: number;
  /** Σ meeting / Σ answered, %; null when nobody answered. */
  share_pct: number | null;
}

/** One checklist criterion (letter 004) over every organisation type of the region or a territory. */
export function checklistFigure(data: NoteData, criterionId: string, year: number, unit: Unit): ChecklistFigure {
  const rows = data.mart_checklist.filter(
    (r) => r.criterion_id === criterionId && r.year === year && (unit === null || r.territory_id === unit),
  );
  const answered = rows.reduce((s, r) => s + r.organisations_answered, 0);
  const meeting = rows.reduce((s, r) => s + r.organisations_meeting, 0);
  return { answered, meeting, share_pct: answered > 0 ? (100 * meeting) / answered : null };
}

export interface CoverageFigure {
  expected: number;
  reported: number;
  missing: number;
  unlisted: number;
  files_rejected: number;
  /** (expected − missing) / expected, %, as mart_coverage.share_reported_pct; null when nobody was expected. */
  share_reported_pct: number | null;
}

/** Who reported: mart_coverage summed over the region's territories, or one territory's row. */
export function coverageFigure(data: NoteData, year: number, unit: Unit): CoverageFigure {
  const rows = data.mart_coverage.filter((c) => c.year === year && (unit === null || c.territory_id === unit));
  const sum = (
    k:
      | 'organisations_expected'
      | 'organisations_reported'
      | 'organisations_missing'
      | 'organisations_unlisted'
      | 'files_rejected',
  ) => rows.reduce((s, c) => s + c[k], 0);
  const expected = sum('organisations_expected');
  const missing = sum('organisations_missing');
  return {
    expected,
    reported: sum('organisations_reported'),
    missing,
    unlisted: sum('organisations_unlisted'),
    files_rejected: sum('files_rejected'),
    share_reported_pct: expected > 0 ? (100 * (expected - missing)) / expected : null,
  };
}

export interface RegistryFigure {
  registered: number;
  with_programme: number;
  trained: number;
  /** null when no organisation reported its number of programmes. */
  programmes_reported: number | null;
  /** trained / registered, %; null without registered mentors. */
  trained_share_pct: number | null;
  /** mentors with a programme in the registry per 100 programmes reported, %, as mart_registry. */
  registry_to_reported_pct: number | null;
}

/**
 * The registry against the forms: one territory's rows, or the region's — every row of the year, the registry's
 * unrecognised territory included, since the mart's rows add up to the region.
 */
export function registryFigure(data: NoteData, year: number, unit: Unit): RegistryFigure {
  const rows = data.mart_registry.filter((r) => r.year === year && (unit === null || r.territory_id === unit));
  const sum = (pick: (r: (typeof rows)[number]) => number | null) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
  const registered = sum((r) => r.mentors_registered);
  const withProgramme = sum((r) => r.mentors_with_programme);
  const trained = sum((r) => r.mentors_trained);
  const programmes = rows.some((r) => r.programmes_reported != null) ? sum((r) => r.programmes_reported) : null;
  return {
    registered,
    with_programme: withProgramme,
    trained,
    programmes_reported: programmes,
    trained_share_pct: registered > 0 ? (100 * trained) / registered : null,
    registry_to_reported_pct: programmes ? (100 * withProgramme) / programmes : null,
  };
}

/** The years the snapshot has indicator values for, ascending. */
export function snapshotYears(data: NoteData): number[] {
  return [...new Set([...data.meta.years, ...data.mart_indicator_values.map((v) => v.year)])].sort((a, b) => a - b);
}
