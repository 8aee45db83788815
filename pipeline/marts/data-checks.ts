import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The checks every published mart must pass, as data: run after each rebuild and in the tests. A failed
 * check keeps the previous snapshot published (the site never shows numbers that broke a rule).
 */
type DataCheck =
  | { kind: 'unique'; table: string; columns: string[] }
  | { kind: 'not_null'; table: string; columns: string[] }
  | { kind: 'holds'; table: string; name: string; condition: string }
  | { kind: 'every_territory'; table: string; per: string[]; where?: string };

/** Whole numbers up to 2^53 are exact in a DOUBLE. */
const EXACT_DOUBLE = 2 ** 53;
/** DECIMAL(24, 6) holds 18 digits before the point; the check leaves a factor of 1 000 for the sums above a row. */
const DECIMAL_24_6_HEADROOM = '1e15';
const FORM_COUNTS = [
  'mentees',
  'mentees_students',
  'mentees_young_teachers',
  'mentors_students',
  'enterprises_mentors',
];

export const DATA_CHECKS: DataCheck[] = [
  {
    kind: 'unique',
    table: 'mart_indicator_values',
    columns: ['indicator_id', 'year', 'level', 'territory_id', 'org_type_id', 'form_id', 'org_key'],
  },
  {
    kind: 'not_null',
    table: 'mart_indicator_values',
    columns: [
      'indicator_id',
      'year',
      'level',
      'baseline_pct',
      'target_pct',
      'trajectory_pct',
      'organisations_reporting',
      'organisations_counted',
      'organisations_denominator_missing',
      'organisations_denominator_zero',
      'organisations_denominator_contingent',
    ],
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'value_pct within 0–100',
    condition: 'value_pct is null or value_pct between 0 and 100',
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'numerator ≤ denominator',
    condition: 'value_pct is null or numerator <= denominator',
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'a value only with a positive denominator, or a survey mean marked unweighted',
    condition:
      "case when value_basis = 'unweighted_mean' then value_pct is not null and coalesce(denominator, 0) = 0 else (value_pct is null) = (denominator is null or denominator = 0) end",
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'organisations counted ≤ reporting, and the reasons add up',
    condition:
      "organisations_counted <= organisations_reporting and (level = 'form' or organisations_counted + organisations_denominator_missing + organisations_denominator_zero = organisations_reporting) and organisations_denominator_contingent <= organisations_counted",
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'the numerator counted ≤ the numerator reported',
    condition: 'numerator_reported is null or numerator is null or numerator <= numerator_reported',
  },
  {
    kind: 'every_territory',
    table: 'mart_indicator_values',
    per: ['indicator_id', 'year'],
    where: "level = 'territory'",
  },
  {
    kind: 'unique',
    table: 'mart_counts',
    columns: ['measure_id', 'year', 'level', 'territory_id', 'org_type_id', 'form_id'],
  },
  {
    kind: 'not_null',
    table: 'mart_counts',
    columns: ['measure_id', 'year', 'level', 'organisations_reporting', 'organisations_submitted'],
  },
  { kind: 'holds', table: 'mart_counts', name: 'counts are not negative', condition: 'value is null or value >= 0' },
  {
    kind: 'holds',
    table: 'mart_counts',
    name: 'a count only where someone reported it',
    condition: '(value is null) = (organisations_reporting = 0)',
  },
  {
    kind: 'holds',
    table: 'mart_counts',
    name: 'reporting ≤ sent a form',
    condition: "level = 'form' or organisations_reporting <= organisations_submitted",
  },
  { kind: 'every_territory', table: 'mart_counts', per: ['measure_id', 'year'], where: "level = 'territory'" },
  {
    kind: 'holds',
    table: 'mart_counts',
    name: 'the region is the sum of its territories',
    condition: `level <> 'region' or value is not distinct from (select sum(t.value) from {table} as t
      where t.level = 'territory' and t.measure_id = u.measure_id and t.year = u.year)`,
  },
  { kind: 'unique', table: 'mart_value_findings', columns: ['indicator_id', 'year', 'org_key'] },
  { kind: 'unique', table: 'mart_contingent', columns: ['file_sha256', 'sheet', 'row_number', 'measure_id'] },
  {
    kind: 'holds',
    table: 'mart_contingent',
    name: 'contingent status in its domain',
    condition: "status in ('used', 'form_value_kept', 'no_submission', 'unmatched', 'below_count', 'superseded')",
  },
  { kind: 'unique', table: 'mart_coverage_organisations', columns: ['org_key', 'year'] },
  { kind: 'not_null', table: 'mart_coverage_organisations', columns: ['territory_id', 'organisation', 'status'] },
  { kind: 'unique', table: 'mart_coverage', columns: ['territory_id', 'year'] },
  { kind: 'not_null', table: 'mart_coverage', columns: ['territory_id', 'year', 'organisations_reported'] },
  {
    kind: 'holds',
    table: 'mart_coverage',
    name: 'expected = reported from the list + missing',
    condition: 'organisations_expected = organisations_reported - organisations_unlisted + organisations_missing',
  },
  {
    kind: 'holds',
    table: 'mart_coverage',
    name: 'share reported within 0–100',
    condition: 'share_reported_pct is null or share_reported_pct between 0 and 100',
  },
  { kind: 'every_territory', table: 'mart_coverage', per: ['year'] },
  { kind: 'unique', table: 'mart_forms', columns: ['territory_id', 'org_type_id', 'form_id', 'year'] },
  {
    kind: 'holds',
    table: 'mart_forms',
    name: 'form shares within 0–100',
    condition: 'share_of_mentees_pct is null or share_of_mentees_pct between 0 and 100',
  },
  // Validation caps every value (max_value of measures.csv, at most 1e9), so a sum of them stays far below where the
  // marts' types stop being exact: DOUBLE holds whole numbers exactly to 2^53, DECIMAL(24, 6) below 1e18. These prove
  // the headroom on the data itself: a count beyond them would mean a value got past validation.
  {
    kind: 'holds',
    table: 'mart_forms',
    name: 'counts are whole, not negative and exact in their type',
    condition: `${FORM_COUNTS.map((c) => `${c} between 0 and ${EXACT_DOUBLE} and ${c} = floor(${c})`).join(' and ')} and mentees = mentees_students + mentees_young_teachers`,
  },
  {
    kind: 'holds',
    table: 'mart_counts',
    name: 'counts are whole and exact in their type',
    condition: `value is null or (value <= ${EXACT_DOUBLE} and value = floor(value))`,
  },
  {
    kind: 'holds',
    table: 'mart_indicator_values',
    name: 'numerators and denominators fit DECIMAL(24, 6)',
    condition: `coalesce(greatest(abs(numerator), abs(denominator), abs(numerator_reported)), 0) < ${DECIMAL_24_6_HEADROOM}`,
  },
  {
    kind: 'holds',
    table: 'mart_registry',
    name: 'programmes reported are whole and exact in their type',
    condition: `programmes_reported is null or (programmes_reported between 0 and ${EXACT_DOUBLE} and programmes_reported = floor(programmes_reported))`,
  },
  { kind: 'unique', table: 'mart_checklist', columns: ['territory_id', 'org_type_id', 'year', 'criterion_id'] },
  {
    kind: 'holds',
    table: 'mart_checklist',
    name: 'meeting ≤ answered',
    condition: 'organisations_meeting <= organisations_answered',
  },
  { kind: 'unique', table: 'mart_registry', columns: ['territory_id', 'year'] },
  { kind: 'every_territory', table: 'mart_registry', per: ['year'] },
  {
    kind: 'holds',
    table: 'mart_registry',
    name: 'with programme and trained ≤ registered',
    condition: 'mentors_with_programme <= mentors_registered and mentors_trained <= mentors_registered',
  },
];

export interface CheckFailure {
  check: string;
  /** Rows that break it (for «every territory»: the territory rows missing). */
  rows: number;
}

function describe(c: DataCheck): string {
  switch (c.kind) {
    case 'unique':
      return `${c.table}: unique (${c.columns.join(', ')})`;
    case 'not_null':
      return `${c.table}: not null (${c.columns.join(', ')})`;
    case 'holds':
      return `${c.table}: ${c.name}`;
    case 'every_territory':
      return `${c.table}: every reference territory for each ${c.per.join(' × ')}`;
  }
}

function offendingRowsSql(c: DataCheck, table: string): string {
  switch (c.kind) {
    case 'unique':
      return `select count(*) from (select 1 from ${table} group by ${c.columns.join(', ')} having count(*) > 1)`;
    case 'not_null':
      return `select count(*) from ${table} where ${c.columns.map((col) => `${col} is null`).join(' or ')}`;
    case 'holds':
      // a condition may read its own table again as {table}, the row checked being `u`
      return `select count(*) from ${table} as u where not (${c.condition.replaceAll('{table}', table)})`;
    case 'every_territory': {
      const rows = `(select * from ${table} where ${c.where ?? 'true'})`;
      const same = c.per.map((col) => `m.${col} = g.${col}`).join(' and ');
      return `select count(*) from core_territories as t cross join (select distinct ${c.per.join(', ')} from ${rows}) as g
              where not exists (select 1 from ${rows} as m where m.territory_id = t.territory_id and ${same})`;
    }
  }
}

/**
 * A quick screen for a unique key: groups on one hash of the key's columns instead of the columns themselves (a
 * third of the time on 1.7 million rows). It can only over-report (two keys with one hash), so a key it flags is
 * then counted exactly.
 */
function keyHashCollisionsSql(c: Extract<DataCheck, { kind: 'unique' }>, table: string): string {
  return `select count(*) from (select 1 from ${table} group by hash(${c.columns.join(', ')}) having count(*) > 1)`;
}

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const result = await connection.runAndReadAll(`select (${sql})::integer as n`);
  return Number(result.getRowObjects()[0]!.n);
}

/**
 * Runs every check; returns the ones that fail. `tableOf` gives the name each mart is read under (the build
 * checks them before they are published); failures name the published table. An aborted `signal` ends it before
 * the next check.
 */
export async function runDataChecks(
  connection: DuckDBConnection,
  tableOf: (table: string) => string = (t) => t,
  signal?: AbortSignal,
): Promise<CheckFailure[]> {
  const failures: CheckFailure[] = [];
  for (const check of DATA_CHECKS) {
    signal?.throwIfAborted();
    const table = tableOf(check.table);
    if (check.kind === 'unique' && (await count(connection, keyHashCollisionsSql(check, table))) === 0) continue;
    const rows = await count(connection, offendingRowsSql(check, table));
    if (rows > 0) failures.push({ check: describe(check), rows });
  }
  return failures;
}
